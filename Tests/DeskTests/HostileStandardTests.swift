import Desk
import DeskCore
import DeskTestSupport
import Foundation
import XCTest

/// The crash: a standard with a huge target in the log took down `desk status`,
/// `desk export` and every screen for good. Now it is an alarm naming the standard.
final class HostileStandardTests: XCTestCase {
    func testAHugeTargetInTheLogIsAnAlarmNotACrash() throws {
        let data = try TemporaryDirectory(prefix: "desk-hostile")
        let session = try DeskSession.open(
            DataDirectory(path: data.path), access: .readWrite, identity: Identity(user: "alice", groups: []))
        let now = session.clock.now
        var hostile = session.state.currentStandards.first { $0.id == "respond" }!
        hostile.version += 1
        hostile.targetWorkingDays = nil
        hostile.targetMinutes = 10_000_000_000_000 * 480
        var days = session.state.currentStandards.first { $0.id == "acknowledge" }!
        days.version += 1
        days.targetWorkingDays = .max
        // Written as an older or hostile version would: no decision checks it.
        _ = try session.appendGenerated([
            RecordedEvent(actor: "mallory", at: now, event: .standardPublished(hostile)),
            RecordedEvent(actor: "mallory", at: now, event: .standardPublished(days)),
        ])
        try session.execute(
            .receive(
                ComplaintIntake(
                    channel: .counter, category: "payments", summary: "Payment late",
                    customer: Customer(name: "Ana Sousa"), receivedAt: session.clock.now)))

        let status = try ProductRun.run("desk", ["status", "--json", "--data", data.path])
        XCTAssertEqual(status.status, 0, status.standardError)
        XCTAssertTrue(
            status.standardError.contains(
                "STANDARD OUT OF BOUNDS: respond version 2: target of 4800000000000000"),
            status.standardError)
        XCTAssertTrue(
            status.standardError.contains(
                "STANDARD OUT OF BOUNDS: acknowledge version 2: target of 9223372036854775807 working days is outside 1–260 working days; its clocks count 260 working days"
            ), status.standardError)
        let object =
            try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any]
        XCTAssertEqual((object?["warnings"] as? [String])?.count, 2)
        for format in ["csv", "jsonl"] {
            let export = try ProductRun.run("desk", ["export", "--format", format, "--data", data.path])
            XCTAssertEqual(export.status, 0, export.standardError)
            XCTAssertTrue(export.standardOutput.contains("C-000001"), export.standardOutput)
        }
    }
}
