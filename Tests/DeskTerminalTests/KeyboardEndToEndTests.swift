import Desk
import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

/// The real `desk` in tmux: nothing typed is lost, everything a complaint holds can be read, and
/// text in any script reaches the terminal whole.
final class KeyboardEndToEndTests: DeskInTmuxTestCase {
    private func receive(_ session: DeskSession, name: String, details: String = "") throws {
        _ = try session.execute(
            .receive(
                ComplaintIntake(
                    channel: .counter, category: "other", summary: "Letter unanswered", details: details,
                    customer: Customer(name: name, email: "", phone: ""), receivedAt: session.clock.now)))
    }

    func testAFilledFormSurvivesEscAnUnknownSequenceAndAPuTTYHome() throws {
        let desk = try startDesk()
        try desk.waitFor("No complaints yet")
        try desk.sendKeys("F2")
        try desk.waitFor("New complaint")
        try desk.type("Ολυμπία")
        try desk.waitFor("Customer name    Ολυμπία")
        try desk.sendKeys("Escape")
        try desk.waitFor("Leave this form and lose what was typed?")
        try desk.sendKeys("n")
        try desk.waitUntil("the form again") {
            !$0.contains("Leave this form") && $0.contains("Customer name    Ολυμπία")
        }
        // A sequence no terminal description lists (ESC [ 9 9 ~): read whole, ignored, not Esc.
        try desk.sendKeys("-H", "1b", "5b", "39", "39", "7e")
        try desk.type("X")
        try desk.waitFor("Customer name    ΟλυμπίαX")
        // PuTTY's and tmux's Home (ESC [ 1 ~) moves to the start of the field.
        try desk.sendKeys("-H", "1b", "5b", "31", "7e")
        try desk.type("Y")
        let screen = try desk.waitFor("Customer name    YΟλυμπίαX")
        XCTAssertFalse(screen.contains("Leave this form"), screen)
        XCTAssertFalse(screen.contains("Queue ·"), screen)
    }

    func testThirtyLinesOfDetailsCanBeReadToTheLastAtEightyByTwentyFour() throws {
        let writer = try openSession(as: "bob")
        let details = (1...30).map { "Line \($0): what happened at the counter." }
        try receive(writer, name: "Ann Lee", details: details.joined(separator: "\n"))
        let desk = try startDesk()
        try desk.waitFor("C-000001")
        try desk.sendKeys("Enter")
        try desk.waitFor("Line 1: what happened")
        try desk.sendKeys("End")
        let screen = try desk.waitFor("Line 30: what happened at the counter.")
        XCTAssertTrue(screen.contains("Timeline"), screen)
        try desk.sendKeys("Home")
        try desk.waitFor("Line 1: what happened")
        try desk.sendKeys("PageDown")
        try desk.waitFor("Line 25: what happened")
    }

    func testADevanagariNameReachesTheTerminalWhole() throws {
        let writer = try openSession(as: "bob")
        let name = "अनुच्छेद क्षत्रिय"
        try receive(writer, name: name)
        let desk = try startDesk(columns: 120, rows: 30)
        var screen = try desk.waitFor("C-000001")
        let row = screen.components(separatedBy: "\n").first { $0.contains("C-000001") } ?? ""
        XCTAssertTrue(row.contains(name + " "), "the queue row: \(row)")
        XCTAssertTrue(row.contains("Letter unans"), "the column after it is in place: \(row)")
        try desk.sendKeys("Enter")
        screen = try desk.waitFor("C-000001 — \(name)")
        XCTAssertTrue(screen.contains("Customer       \(name)"), screen)
    }

    func testFewerCategoriesPublishedWhileTheIntakeFormIsOpen() throws {
        let desk = try startDesk()
        try desk.waitFor("No complaints yet")
        try desk.sendKeys("F2")
        try desk.waitFor("New complaint")
        try desk.type("Ann Lee")
        for _ in 0..<5 { try desk.sendKeys("Tab") }
        try desk.type("r")
        try desk.waitFor("‹ Records and personal data ›")
        try desk.sendKeys("Tab")
        try desk.type("My file was shared")

        // A supervisor removes the category and publishes, from another terminal.
        let toml = data + "/desk.toml"
        let text = try String(contentsOfFile: toml, encoding: .utf8)
        let block = "[[categories]]\nid = \"records\"\ntitle = \"Records and personal data\"\n"
        XCTAssertTrue(text.contains(block))
        try text.replacingOccurrences(of: block, with: "").write(
            toFile: toml, atomically: true, encoding: .utf8)
        let publish = try ProductRun.run(
            "desk", ["config", "publish", "--data", data], environment: ["DESK_AS_USER": "alice"])
        XCTAssertEqual(publish.status, 0, publish.standardError + publish.standardOutput)

        try desk.waitFor("records (no longer offered)")
        try desk.sendKeys("F2")
        var screen = try desk.waitFor("“records” is no longer offered")
        XCTAssertTrue(screen.contains("My file was shared"), screen)
        XCTAssertEqual(try openSession(as: "auditor").state.complaintCount, 0, "nothing misfiled")
        try desk.sendKeys("Right")
        try desk.waitFor("‹ Payments and benefits ›")
        try desk.sendKeys("F2")
        screen = try desk.waitFor("Saved C-000001")
        XCTAssertEqual(try openSession(as: "auditor").state.complaint(ComplaintID(1))?.category, "payments")
        XCTAssertTrue(try desk.hasExited() == false, screen)
    }
}

/// A save that waits for another process's write says so on the screen while it waits.
final class LockWaitOnScreenTests: DeskInTmuxTestCase {
    func testAClaimWaitingForTheLockSaysSoThenGivesUpKeepingTheScreen() throws {
        let writer = try openSession(as: "bob")
        _ = try writer.execute(
            .receive(
                ComplaintIntake(
                    channel: .counter, category: "other", summary: "Letter unanswered",
                    customer: Customer(name: "Ann Lee", email: "", phone: ""), receivedAt: writer.clock.now)))
        let desk = try startDesk(environment: ["DESK_LOCK_TIMEOUT": "3"])
        try desk.waitFor("C-000001")
        try desk.sendKeys("Enter")
        try desk.waitFor("C-000001 — Ann Lee")
        let holder = try ChildProcess(
            executable: try ProductsDirectory.executable("eventlog-writer"),
            arguments: ["hold-lock", data + "/events.log"], stderrDirectory: data, name: "holder")
        addTeardownBlock { holder.kill() }
        XCTAssertEqual(try holder.readLine(timeout: 20), "holding", holder.stderr)
        try desk.sendKeys("c")
        // The line is cut at 80 columns (F9 shows it whole), so the start of it is what is looked for.
        try desk.waitFor("waiting for the lock on /")
        var screen = try desk.waitFor("Not done: gave up after waiting 3 s")
        XCTAssertTrue(screen.contains("C-000001 — Ann Lee"), screen)
        try desk.sendKeys("F9")
        screen = try desk.waitFor("Messages")
        XCTAssertTrue(screen.contains("events.log.lock"), screen)
        try desk.sendKeys("Escape")
        try desk.waitUntil("the complaint again") {
            !$0.contains("Messages —") && $0.contains("C-000001 — Ann Lee")
        }
        holder.kill()
        _ = try holder.wait(timeout: 10)
        try desk.sendKeys("c")
        try desk.waitFor("Claimed C-000001.")
    }
}
