import Desk
import DeskCore
import DeskTestSupport
import Foundation
import TerminalUI
import XCTest

@testable import DeskTerminal

/// Issue 12: from the desk, a supervisor writes every report of the dashboard's period with one
/// key (`R`, supervisors only, listed in `?`), and a clerk reprints a receipt from the detail view
/// (`P`): the files are written to the reports directory and their path shown, or, where the office
/// names a printer, sent with `lpr -P NAME FILE` (a fake lpr first on PATH records its arguments).
final class ReportKeysTests: XCTestCase {
    var reports: TemporaryDirectory!

    override func setUpWithError() throws {
        reports = try TemporaryDirectory(prefix: "desk-reports-dir")
    }

    func router(_ desk: MemoryDesk) throws -> DeskRouter {
        let router = try DeskRouter(desk: desk)
        router.environment.reportFiles.directory = reports.file("out")
        return router
    }

    /// A printer named in the office's configuration, published as a supervisor would.
    func namePrinter(_ desk: MemoryDesk, _ name: String) {
        var office = DemoHistory.office
        office.version = 2
        office.printer = name
        desk.apply([RecordedEvent(actor: "boss", at: desk.now, event: .officeConfigured(office))])
    }

    /// A fake `lpr` first on PATH that writes its arguments, one a line, to `lpr.args`.
    func fakeLpr() throws -> String {
        let bin = reports.file("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let record = reports.file("lpr.args")
        try "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '\(record)'; done\n".write(
            toFile: bin + "/lpr", atomically: true, encoding: .utf8)
        chmod(bin + "/lpr", 0o755)
        let old = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        setenv("PATH", bin + ":" + old, 1)
        addTeardownBlock { setenv("PATH", old, 1) }
        return record
    }

    func testASupervisorWritesEveryReportWithOneKeyAndSeesWhere() throws {
        let desk = makeDesk(user: "sam", role: .supervisor)
        try receive(desk, name: "Ann Lee", summary: "Letter unanswered")
        let router = try router(desk)
        press(router, .character("d"))
        press(router, .character("?"))
        XCTAssertTrue(
            screen(router).contains("Write the standards notice, plan and survey report"), screen(router))
        press(router, .escape, .character("R"))
        let out = reports.file("out")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertEqual(
            files,
            [
                "plan-2025-05.html", "plan-2025-05.txt", "standards-2025-05.html", "standards-2025-05.txt",
                "surveys-2025-05.html", "surveys-2025-05.txt",
            ])
        let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o700, "the reports directory is the account's own")
        let text = try String(contentsOfFile: out + "/standards-2025-05.txt", encoding: .utf8)
        XCTAssertTrue(text.contains("Generated at 2025-05-12T09:00:00Z by sam"), text)
        XCTAssertTrue(text.contains("Complaints received: 1;"), text)
        // Said on the message line (a long one in full with F9).
        let said = router.environment.message?.text ?? ""
        XCTAssertTrue(said.hasPrefix("6 reports for 2025-05 written to \(out)/"), said)
        XCTAssertTrue(screen(router).contains("6 reports for 2025-05 written to"), screen(router))
    }

    func testTheReportKeyIsNotAClerks() throws {
        let desk = makeDesk(user: "alice", role: .clerk)
        let router = try router(desk)
        press(router, .character("d"), .character("?"))
        XCTAssertFalse(screen(router).contains("Write the standards notice"), screen(router))
        press(router, .escape, .character("R"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: reports.file("out")))
    }

    func testAClerkReprintsAReceiptFromTheDetailView() throws {
        let desk = makeDesk(user: "alice", role: .clerk)
        let id = try receive(desk, name: "Ann Lee", summary: "Letter unanswered")
        let router = try router(desk)
        press(router, .enter)
        XCTAssertTrue(router.top is DetailView, screen(router))
        press(router, .character("P"))
        let path = reports.file("out") + "/receipt-\(id).txt"
        XCTAssertTrue(screen(router).contains("Reference: \(id)"), "the slip is shown: \(screen(router))")
        XCTAssertEqual(router.environment.message?.text, "Receipt written to \(path) — print it from there.")
        XCTAssertTrue(screen(router).contains("Receipt written to"), screen(router))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("Name:      Ann Lee"), text)
        XCTAssertTrue(text.contains("Taken by:  alice"), text)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600, "a receipt names the customer")
    }

    func testWhereTheOfficeNamesAPrinterTheFilesGoThroughLpr() throws {
        let record = try fakeLpr()
        let desk = makeDesk(user: "sam", role: .supervisor)
        let id = try receive(desk, name: "Ann Lee", summary: "Letter unanswered")
        namePrinter(desk, "counter-1")
        let router = try router(desk)
        press(router, .enter, .character("P"))
        let receipt = reports.file("out") + "/receipt-\(id).txt"
        XCTAssertTrue(screen(router).contains("sent to printer counter-1"), screen(router))
        XCTAssertEqual(try String(contentsOfFile: record, encoding: .utf8), "-P\ncounter-1\n\(receipt)\n")
        press(router, .escape, .escape, .character("d"), .character("R"))
        let lines = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 3 + 3 * 3, "the receipt, then the three text reports")
        XCTAssertEqual(lines.filter { $0 == "counter-1" }.count, 4)
        XCTAssertTrue(lines.contains { $0.hasSuffix("/standards-2025-05.txt") })
        XCTAssertTrue(router.environment.message?.text.hasSuffix("sent to printer counter-1") ?? false)
    }

    func testAReportIsNeverWrittenIntoTheDataDirectory() throws {
        let desk = MemoryDesk(
            user: "sam", role: .supervisor, now: makeDesk().now, dataDirectoryPath: reports.path)
        desk.apply([RecordedEvent(actor: "boss", at: desk.now, event: .officeConfigured(DemoHistory.office))])
        let router = try DeskRouter(desk: desk)
        router.environment.reportFiles.directory = reports.file("inside")
        press(router, .character("d"), .character("R"))
        XCTAssertTrue(screen(router).contains("Reports not written"), screen(router))
        XCTAssertFalse(FileManager.default.fileExists(atPath: reports.file("inside")))
    }
}
