import Desk
import DeskCore
import DeskTestSupport
import Foundation
import XCTest

/// The real `desk` in tmux (issue 12): the supervisor who created the desk presses `R` on the
/// dashboard and the period's reports are written to `--reports-dir`, the path on the message line.
final class ReportKeysInTmuxTests: DeskInTmuxTestCase {
    func testASupervisorWritesTheReportsFromTheDashboard() throws {
        let reports = data + "-reports"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: reports) }
        let desk = try startDesk(user: "alice", columns: 120, arguments: ["--reports-dir", reports])
        try desk.waitFor("No complaints yet")
        let session = try openSession(as: "bob")
        let month = ReportingPeriod.containing(
            session.clock.now, length: .month, calendar: session.state.reportingCalendar)
        try desk.type("d")
        try desk.waitFor("Dashboard: \(month.label)")
        try desk.type("R")
        try desk.waitFor("6 reports for \(month.name) written to \(reports)/")
        let files = try FileManager.default.contentsOfDirectory(atPath: reports).sorted()
        XCTAssertEqual(files.count, 6, "\(files)")
        XCTAssertTrue(files.contains("standards-\(month.name).html"), "\(files)")
        let html = try String(contentsOfFile: reports + "/standards-\(month.name).html", encoding: .utf8)
        XCTAssertTrue(html.contains("Generated at ") && html.contains(" by alice</p>"), html)
    }
}
