import Desk
import DeskCore
import DeskTestSupport
import Foundation
import XCTest

/// Working days, unmeasured complaints, the backdating window and a clock behind the log, through
/// the real `desk` on a real log (issue 9, items 1, 4 and 5).
final class RecordTimeCommandTests: XCTestCase {
    func desk(_ arguments: [String], as user: String = "alice", input: String = "") throws -> ProductRun {
        try ProductRun.run("desk", arguments, input: Array(input.utf8), environment: ["DESK_AS_USER": user])
    }

    func statusJSON(_ data: TemporaryDirectory) throws -> (object: [String: Any], run: ProductRun) {
        let run = try desk(["status", "--json", "--data", data.path])
        XCTAssertEqual(run.status, 0, run.standardError)
        let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
        return (object ?? [:], run)
    }

    /// A log written by a host whose clock ran three days fast, read with the real clock.
    func testAClockBehindTheLogWarnsRefusesAndIsAcceptedByASupervisorOnly() throws {
        let data = try TemporaryDirectory(prefix: "desk-clock")
        let directory = DataDirectory(path: data.path)
        let fast = ManualClock(Timestamp(Date()).adding(minutes: 3 * 1440))
        let alice = Identity(user: "alice", groups: [])
        let writer = try DeskSession.open(directory, access: .readWrite, clock: fast, identity: alice)
        try writer.execute(
            .receive(
                ComplaintIntake(
                    channel: .counter, category: "payments", summary: "Payment late",
                    customer: Customer(name: "Ana Sousa"), receivedAt: fast.now)))

        var (status, run) = try statusJSON(data)
        XCTAssertTrue(run.standardError.contains("CLOCK BEHIND THE LOG: this host says"), run.standardError)
        XCTAssertTrue(run.standardError.contains(fast.now.iso8601), run.standardError)
        let warnings = status["warnings"] as? [String] ?? []
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings.first?.contains("desk log accept-clock") == true, "\(warnings)")

        // The real clock: a command on the complaint is refused, naming both times.
        let corrected = try DeskSession.open(directory, access: .readWrite, identity: alice)
        XCTAssertThrowsError(try corrected.execute(.acknowledge(ComplaintID(1), revision: 0))) { error in
            guard case DeskFailure.refused(let refusal) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(refusal.message.contains("recorded at \(fast.now.iso8601)"), refusal.message)
            XCTAssertTrue(refusal.message.contains("later than this host's clock ("), refusal.message)
            XCTAssertEqual((error as? DeskFailure)?.exitCode, 65)
        }

        // A clerk may not accept the clock; the supervisor may, once.
        run = try desk(["log", "accept-clock", "--data", data.path], as: "omar")
        XCTAssertEqual(run.status, 77, run.standardError)
        XCTAssertTrue(run.standardError.contains("may not accept the host clock"), run.standardError)
        run = try desk(["log", "accept-clock", "--data", data.path])
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertTrue(run.standardOutput.contains("records up to \(fast.now.iso8601)"), run.standardOutput)
        run = try desk(["log", "accept-clock", "--data", data.path])
        XCTAssertEqual(run.status, 65, run.standardError)
        XCTAssertTrue(run.standardError.contains("nothing to accept"), run.standardError)

        (status, run) = try statusJSON(data)
        XCTAssertEqual(status["warnings"] as? [String], [])
        XCTAssertFalse(run.standardError.contains("CLOCK BEHIND"), run.standardError)
        run = try desk(["log", "dump", "--data", data.path])
        XCTAssertTrue(run.standardOutput.contains(#""type":"clockAccepted""#), run.standardOutput)
        try corrected.catchUp()
        XCTAssertNoThrow(try corrected.execute(.acknowledge(ComplaintID(1), revision: 1)))
    }

    func testBackdatedRowsAreRefusedAndUnmeasuredOnesAreCounted() throws {
        let data = try TemporaryDirectory(prefix: "desk-unmeasured")
        // First use publishes the sample standards, in force from now.
        var run = try desk(["config", "publish", "--data", data.path])
        XCTAssertEqual(run.status, 0, run.standardError)
        let yesterday = Timestamp(Date()).adding(minutes: -1440).iso8601
        let rows = [
            #"{"customer":"Ann Lee","channel":"mail","category":"other","summary":"Letter from yesterday","received_at":"\#(yesterday)"}"#,
            #"{"customer":"Bo Chan","channel":"mail","category":"other","summary":"Today's letter"}"#,
        ]
        run = try desk(["import", "--data", data.path, "-"], input: rows.joined(separator: "\n") + "\n")
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertEqual(run.standardOutput, "C-000001\nC-000002\n")
        XCTAssertTrue(
            run.standardError.contains(
                "1 of 2 complaints were received before any standard was in force: they are recorded but not measured"
            ),
            run.standardError)
        let old =
            #"{"customer":"Cy Dee","channel":"mail","category":"other","summary":"Ancient","received_at":"0001-01-01T00:00:00Z"}"#
        run = try desk(["import", "--data", data.path, "-"], input: old + "\n")
        XCTAssertEqual(run.status, 65, run.standardError)
        XCTAssertTrue(run.standardError.contains("is more than 365 days before now"), run.standardError)
        XCTAssertTrue(run.standardError.contains("backdating window"), run.standardError)
        // Unmeasured counts the complaints received in the period that no standard covered:
        // yesterday's period (this month, unless today is the first).
        let calendar = try DeskSession.open(DataDirectory(path: data.path), access: .readOnly).state
            .reportingCalendar
        let period = ReportingPeriod.containing(
            try XCTUnwrap(Timestamp(iso8601: yesterday)), length: .month, calendar: calendar)
        run = try desk(["status", "--json", "--data", data.path, "--period", period.name])
        XCTAssertEqual(run.status, 0, run.standardError)
        let status = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(status["unmeasured"] as? Int, 1)
        XCTAssertEqual(status["complaints"] as? Int, 2)
        run = try desk(["status", "--data", data.path, "--period", period.name])
        XCTAssertTrue(
            run.standardOutput.contains(
                "Not measured (received in \(period.label), no standard in force covered them): 1"),
            run.standardOutput)
    }

    /// The issue's example in an export: the sample calendar, a Sunday receipt, 10 working days.
    func testTheExportShowsTheWorkingDayDueTime() throws {
        let data = try TemporaryDirectory(prefix: "desk-days")
        let directory = DataDirectory(path: data.path)
        let sunday = Timestamp(utcYear: 2026, month: 11, day: 29, hour: 11)
        let session = try DeskSession.open(
            directory, access: .readWrite, clock: ManualClock(sunday),
            identity: Identity(user: "alice", groups: []))
        var office = session.state.office!
        let friday = OpeningHours(9, 0, 16, 30)
        office.calendar = try BusinessCalendar(
            timeZone: "Europe/London",
            hours: [
                .monday: OpeningHours(9, 0, 17, 0), .tuesday: OpeningHours(9, 0, 17, 0),
                .wednesday: OpeningHours(9, 0, 17, 0), .thursday: OpeningHours(9, 0, 17, 0), .friday: friday,
            ], holidays: [CalendarDate(year: 2026, month: 12, day: 25)])
        office.version += 1
        try session.execute(.configureOffice(office))
        var standard = session.state.currentStandards.first { $0.id == "respond" }!
        standard.targetWorkingDays = 10
        standard.version += 1
        standard.effective = Timestamp(utcYear: 2026, month: 1, day: 1)
        try session.execute(.publishStandard(standard))
        try session.execute(
            .receive(
                ComplaintIntake(
                    channel: .counter, category: "payments", summary: "Payment late",
                    customer: Customer(name: "Ana Sousa"), receivedAt: sunday)))
        let run = try desk(["export", "--format", "csv", "--data", data.path])
        XCTAssertEqual(run.status, 0, run.standardError)
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, run.standardOutput)
        guard lines.count == 2 else { return }
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let column = try XCTUnwrap(header.firstIndex(of: "respond_due_at"))
        XCTAssertEqual(cells[column], "2026-12-11T16:30:00Z")
    }
}
