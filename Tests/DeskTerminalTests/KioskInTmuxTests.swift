import Desk
import DeskCore
import DeskTestSupport
import Foundation
import XCTest

/// The real `desk` in tmux: a kiosk at counter c1 in one pane and a clerk's desk at c1 in
/// another; the clerk hands a complaint over with `v`, the customer answers on the kiosk, and no
/// key but the survey's own leaves or stops it. A clerk's own terminal handed over comes back
/// only with the clerk's PIN or login password (PAM).
final class KioskInTmuxTests: DeskInTmuxTestCase {
    /// Complaint C-000001, responded to.
    func respondedComplaint() throws {
        let writer = try openSession(as: "alice")
        try writer.execute(
            .receive(
                ComplaintIntake(
                    channel: .counter, category: "other", summary: "Bin not collected",
                    customer: Customer(name: "Ann Lee", email: "", phone: ""), receivedAt: writer.clock.now)))
        let id = ComplaintID(1)
        try writer.execute(
            .respond(
                id, revision: writer.state.complaint(id)!.revision, decision: .upheld, reasons: "Collected",
                remedyOffered: ""))
    }

    /// The process in the pane: its state letter in /proc (R, S running or sleeping; T stopped).
    func state(of pane: TmuxSession) throws -> String {
        let pid = try pane.query("#{pane_pid}")
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        // pid (comm) STATE …: the state follows the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return "gone" }
        return String(stat[stat.index(close, offsetBy: 2)])
    }

    /// Esc, q, F1–F10, Ctrl-C, Ctrl-Z, Ctrl-\, Ctrl-D: none may leave or stop the survey.
    func barrage(_ pane: TmuxSession) throws {
        try pane.sendKeys("Escape")
        try pane.type("q")
        for n in 1...10 { try pane.sendKeys("F\(n)") }
        try pane.sendKeys("C-c")
        try pane.sendKeys("C-z")
        try pane.sendKeys("C-\\")
        try pane.sendKeys("C-d")
        try pane.sendKeys("C-s")
    }

    func assertStillRunning(_ pane: TmuxSession, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertFalse(try pane.hasExited(), "the kiosk exited", file: file, line: line)
        let letter = try state(of: pane)
        XCTAssertTrue(["R", "S"].contains(letter), "process state \(letter)", file: file, line: line)
    }

    func testACustomerAnswersOnTheKioskAndNoOtherKeyLeavesIt() throws {
        try respondedComplaint()
        let kiosk = try startDesk(user: "kiosk", arguments: ["kiosk", "--counter", "c1"])
        try kiosk.waitFor("Our service standards")
        try barrage(kiosk)
        try kiosk.waitFor("Our service standards")
        try assertStillRunning(kiosk)

        let clerk = try startDesk(user: "bob", arguments: ["--counter", "c1"])
        try clerk.waitFor("C-000001")
        try clerk.sendKeys("Enter")
        try clerk.waitFor("C-000001 — Ann Lee")
        try clerk.type("v")
        try clerk.waitFor("k   the kiosk at counter c1")
        try clerk.type("k")
        try clerk.waitFor("Handed C-000001's survey to the kiosk at counter c1")

        try kiosk.waitFor("Statement 1 of 7")
        try barrage(kiosk)
        try kiosk.type("4")
        try kiosk.sendKeys("Enter")
        // Still on the survey, and the barrage chose nothing: statement 2 now.
        try kiosk.waitFor("Statement 2 of 7")
        try assertStillRunning(kiosk)
        for statement in 2...7 {
            try kiosk.type("\(statement <= 5 ? statement : 5)")
            try kiosk.sendKeys("Enter")
            if statement < 7 { try kiosk.waitFor("Statement \(statement + 1) of 7") }
        }
        try kiosk.waitFor("anything else you would like to tell us")
        try kiosk.type("Kind staff")
        try kiosk.sendKeys("Enter")
        try kiosk.waitFor("Thank you.")
        try barrage(kiosk)
        try kiosk.waitFor("Our service standards", timeout: .seconds(30))
        try assertStillRunning(kiosk)

        // In the log: the customer's answers, channel kiosk, under the kiosk's account.
        let dump = try ProductRun.run("desk", ["log", "dump", "--data", data])
        XCTAssertEqual(dump.status, 0, dump.standardError)
        let line =
            dump.standardOutput.split(separator: "\n").first { $0.contains("\"surveyRecorded\"") } ?? ""
        XCTAssertTrue(line.contains("\"actor\":\"kiosk\""), String(line))
        XCTAssertTrue(line.contains("\"channel\":\"kiosk\""), String(line))
        XCTAssertTrue(line.contains("\"satisfaction\":4"), String(line))
        XCTAssertTrue(line.contains("\"employee helpfulness\":5"), String(line))
        XCTAssertTrue(line.contains("\"free_text\":[\"Kind staff\"]"), String(line))
        XCTAssertTrue(line.contains("\"answered_at\":"), String(line))
        let offer =
            dump.standardOutput.split(separator: "\n").first { $0.contains("\"surveyOffered\"") } ?? ""
        XCTAssertTrue(offer.contains("\"actor\":\"bob\""), String(offer))
        XCTAssertTrue(offer.contains("\"counter\":\"c1\""), String(offer))
        // The clerk's desk shows it.
        try clerk.waitFor("survey answered by kiosk")
    }

    func testAClerksOwnTerminalComesBackOnlyWithThePIN() throws {
        try respondedComplaint()
        let pin = try ProductRun.run(
            "desk", ["pin", "--data", data], input: Array("2468\n".utf8), environment: ["DESK_AS_USER": "bob"]
        )
        XCTAssertEqual(pin.status, 0, pin.standardError)
        var info = stat()
        XCTAssertEqual(stat(data + "/kiosk-pins", &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o660)
        let pins = try String(contentsOfFile: data + "/kiosk-pins", encoding: .utf8)
        XCTAssertTrue(pins.hasPrefix("bob pbkdf2-sha256 "), pins)
        XCTAssertFalse(pins.contains("2468"))

        let clerk = try startDesk(user: "bob")
        try clerk.waitFor("C-000001")
        try clerk.sendKeys("Enter")
        try clerk.waitFor("C-000001 — Ann Lee")
        try clerk.type("v")
        try clerk.waitFor("Statement 1 of 7")
        try barrage(clerk)
        for statement in 1...7 {
            try clerk.type("3")
            try clerk.sendKeys("Enter")
            if statement < 7 { try clerk.waitFor("Statement \(statement + 1) of 7") }
        }
        try clerk.waitFor("anything else you would like to tell us")
        try clerk.sendKeys("Enter")
        try clerk.waitFor("Thank you.")
        try clerk.waitFor("Staff: type your desk PIN", timeout: .seconds(30))
        try barrage(clerk)
        try clerk.type("1357")
        try clerk.sendKeys("Enter")
        try clerk.waitFor("That is not your PIN or password.")
        try assertStillRunning(clerk)
        try clerk.type("2468")
        try clerk.sendKeys("Enter")
        try clerk.waitFor("Your terminal is back; the customer answered the survey of C-000001.")
        // Back at the desk, Ctrl-C is the desk's again (the terminal left raw mode).
        try clerk.sendKeys("C-c")
        try clerk.waitUntil("the desk has exited") { _ in (try? clerk.hasExited()) == true }
    }

    /// A real, unprivileged clerk account (not root acting as one): its own login password,
    /// checked through PAM, takes its terminal back; a wrong one does not.
    func testAClerksLoginPasswordTakesTheTerminalBackThroughPAM() throws {
        try respondedComplaint()
        let account = try ThrowawayAccount(name: throwawayName("kc"), home: data)
        addTeardownBlock { account.remove() }
        let password = "Counter-7 secret"
        let set = try ProductRun.runExecutable(
            "/usr/sbin/chpasswd", [], input: Array("\(account.name):\(password)\n".utf8))
        XCTAssertEqual(set.status, 0, set.standardError)
        // Handing over needs a PIN; this test takes the terminal back with the password instead.
        try KioskPins(directory: DataDirectory(path: data)).set("86420", for: account.name)
        let chown = try ProductRun.runExecutable("/bin/chown", ["-R", "\(account.uid)", data])
        XCTAssertEqual(chown.status, 0, chown.standardError)

        let session = try TmuxSession(
            command: [
                "/usr/sbin/runuser", "-u", account.name, "--", try ProductsDirectory.executable("desk"),
            ],
            environment: ["DESK_DATA": data], timeZone: "Europe/London")
        addTeardownBlock { session.kill() }
        try session.waitFor("C-000001")
        try session.sendKeys("Enter")
        try session.waitFor("C-000001 — Ann Lee")
        try session.type("v")
        try session.waitFor("Statement 1 of 7")
        try session.type("5")
        try session.sendKeys("Enter")
        try session.waitFor("Statement 2 of 7")
        // The customer leaves the other statements unanswered (Space) and writes no comment.
        for statement in 2...7 {
            try session.type(" ")
            if statement < 7 { try session.waitFor("Statement \(statement + 1) of 7") }
        }
        try session.waitFor("anything else you would like to tell us")
        try session.sendKeys("Enter")
        try session.waitFor("Staff: type your desk PIN or your login password", timeout: .seconds(30))
        try session.type("not the password")
        try session.sendKeys("Enter")
        try session.waitFor("That is not your PIN or password.", timeout: .seconds(15))
        try assertStillRunning(session)
        try session.type(password)
        try session.sendKeys("Enter")
        try session.waitFor(
            "Your terminal is back; the customer answered the survey of C-000001.", timeout: .seconds(15))
    }
}
