import Desk
import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

final class SessionTests: XCTestCase {
    private func intake(_ name: String, at now: Timestamp) -> Command {
        .receive(
            ComplaintIntake(
                channel: .counter, category: "payments", summary: "Payment late",
                customer: Customer(name: name), receivedAt: now))
    }

    func testAComplaintsHistoryIsReadBackFromTheLogInEitherProcess() throws {
        let data = try TemporaryDirectory(prefix: "desk-session")
        let directory = DataDirectory(path: data.path)
        let maria = try DeskSession.open(
            directory, access: .readWrite, identity: Identity(user: "maria", groups: []))
        let omar = try DeskSession.open(
            directory, access: .readWrite, identity: Identity(user: "omar", groups: []))
        try maria.execute(intake("Ana Sousa", at: maria.clock.now))
        let id = ComplaintID(1)
        // Omar decides on state he has not read yet: deciding catches up first, under the lock.
        try omar.execute(.claim(id, revision: 1))
        XCTAssertThrowsError(try maria.execute(.claim(id, revision: 1))) { error in
            guard case DeskFailure.refused(let refusal) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(refusal.kind, .conflict)
            XCTAssertTrue(refusal.message.contains("claimed by omar"), refusal.message)
            XCTAssertEqual((error as? DeskFailure)?.exitCode, 75)
        }
        try maria.catchUp()
        for session in [maria, omar] {
            let history = try session.events(at: session.state.timeline(of: id)).map { try $0.event.get() }
            XCTAssertEqual(history.map(\.actor), ["maria", "omar"])
            guard case .complaintReceived(_, let received) = history.first?.event else {
                return XCTFail("\(history)")
            }
            XCTAssertEqual(received.customer.name, "Ana Sousa")
        }
    }

    func testAViewerMayNotChangeAnythingAndAReadOnlyDeskNeedsALog() throws {
        let data = try TemporaryDirectory(prefix: "desk-session")
        let directory = DataDirectory(path: data.path + "/missing")
        XCTAssertThrowsError(try DeskSession.open(directory, access: .readOnly)) { error in
            XCTAssertTrue("\(error)".contains("desk demo"), "\(error)")
        }
        let maria = try DeskSession.open(
            directory, access: .readWrite, identity: Identity(user: "maria", groups: []))
        var text = try String(contentsOfFile: directory.configurationPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "clerks = []", with: "clerks = [\"omar\"]")
        try text.write(toFile: directory.configurationPath, atomically: true, encoding: .utf8)
        try maria.publishConfiguration()  // Roles take effect once a supervisor publishes them.
        let visitor = try DeskSession.open(
            directory, access: .readWrite, identity: Identity(user: "guest", groups: []))
        XCTAssertEqual(visitor.role, .viewer)
        XCTAssertThrowsError(try visitor.execute(intake("X", at: visitor.clock.now))) { error in
            XCTAssertEqual((error as? DeskFailure)?.exitCode, 77)
        }
    }

    /// A newcomer runs `desk demo`, then `desk status`, and sees believable figures.
    func testDemoThenStatusShowsBelievableFigures() throws {
        let data = try TemporaryDirectory(prefix: "desk-demo")
        let demo = try ProductRun.run(
            "desk", ["demo", "--data", data.path, "--complaints", "1500", "--seed", "7"])
        XCTAssertEqual(demo.status, 0, demo.standardError)
        let status = try ProductRun.run("desk", ["status", "--json", "--data", data.path])
        XCTAssertEqual(status.status, 0, status.standardError)
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        let total = try XCTUnwrap(json["complaints"] as? Int)
        let open = try XCTUnwrap(json["open"] as? Int)
        XCTAssertGreaterThan(total, 1000)
        XCTAssertTrue(
            open > 0 && open < total / 2, "some work is still open, most is done: \(open) of \(total)")
        let standards = try XCTUnwrap(json["standards"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(standards.count, 3)
        let shares = standards.compactMap { $0["share_met"] as? Double }
        XCTAssertFalse(shares.isEmpty)
        XCTAssertTrue(shares.allSatisfy { $0 > 0.5 && $0 <= 1 }, "\(shares)")
        XCTAssertTrue(standards.contains { ($0["missed"] as? Int ?? 0) > 0 }, "some breaches, as in life")
        XCTAssertEqual(try ProductRun.run("desk", ["config", "check", "--data", data.path]).status, 0)
        // DemoHistory is deterministic for a seed and a start (DeskCoreTests); the command ends it
        // near now, so two runs agree on the complaints, not on every timestamp.
        let again = try TemporaryDirectory(prefix: "desk-demo")
        XCTAssertEqual(
            try ProductRun.run("desk", ["demo", "--data", again.path, "--complaints", "1500", "--seed", "7"])
                .status, 0)
        let received = { (path: String) throws -> Int in
            var count = 0
            _ = try EventLog.verify(path: path + "/events.log") { record in
                if case .complaintReceived = try EventCodec.decode(record.payload).event { count += 1 }
            }
            return count
        }
        // The history ends at now: the last few arrivals may fall after it and are left out.
        let first = try received(data.path)
        XCTAssertTrue((1455...1500).contains(first), "\(first) of 1500")
        XCTAssertLessThanOrEqual(
            abs(try received(again.path) - first), 1,
            "the same seed, the same history (to within the arrival at the very end)")
        XCTAssertLessThanOrEqual(try lastEventTime(data.path), Timestamp(Date()), "no event from the future")
    }
}

private func lastEventTime(_ path: String) throws -> Timestamp {
    var last = Timestamp(milliseconds: 0)
    _ = try EventLog.verify(path: path + "/events.log") { record in
        last = try EventCodec.decode(record.payload).at
    }
    return last
}

final class ChainAtStartUpTests: XCTestCase {
    /// Start-up replays without hashing every record; the chain is verified on another thread,
    /// and a forged record (checksums made good) still raises the alarm.
    func testAForgedRecordIsCaughtByTheVerificationAfterStartUp() throws {
        let data = try TemporaryDirectory(prefix: "desk-forged")
        let directory = DataDirectory(path: data.path)
        let maria = Identity(user: "maria", groups: [])
        let session = try DeskSession.open(directory, access: .readWrite, identity: maria)
        var offsets: [Int64] = []
        for index in 0..<6 {
            offsets.append(try EventLog.verify(path: directory.logPath).position.offset)
            try session.execute(
                .receive(
                    ComplaintIntake(
                        channel: .phone, category: "payments", summary: "Complaint \(index)",
                        customer: Customer(name: "C \(index)"),
                        receivedAt: session.clock.now)))
        }
        XCTAssertEqual(try DeskSession.open(directory, access: .readOnly).waitForChainVerification(), true)

        // Rewrite the third complaint with a forger's summary, checksums and all, and splice the rest back.
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: directory.logPath)))
        try Data(original[0..<Int(offsets[2])]).write(to: URL(fileURLWithPath: directory.logPath))
        // A forger who may write the log may write the lock file too, and wipes the commit mark:
        // left in place, it would have the cut above recorded as acknowledged records lost.
        XCTAssertEqual(truncate(directory.logPath + ".lock", 0), 0)
        let forger = try EventLog.open(path: directory.logPath, access: .readWrite)
        let forged = RecordedEvent(
            actor: "maria", at: session.clock.now,
            event: .complaintReceived(
                ComplaintID(3),
                ComplaintIntake(
                    channel: .phone, category: "payments", summary: "Nothing to see",
                    customer: Customer(name: "C 2"), receivedAt: session.clock.now)))
        try forger.append([EventCodec.encode(forged)])
        let spliced =
            Array(try Data(contentsOf: URL(fileURLWithPath: directory.logPath)))
            + Array(original[Int(offsets[3])...])
        try Data(spliced).write(to: URL(fileURLWithPath: directory.logPath))

        let reopened = try DeskSession.open(directory, access: .readOnly)
        XCTAssertEqual(
            reopened.state.complaint(ComplaintID(3))?.summary, "Nothing to see",
            "the first screen does not wait")
        XCTAssertEqual(reopened.waitForChainVerification(), false)
        try reopened.catchUp()
        guard case .damaged(let damage)? = reopened.alarm else {
            return XCTFail("no alarm: \(String(describing: reopened.alarm))")
        }
        XCTAssertEqual(damage.kind, .chain)
        // The record after the forged one points at the record that was there before.
        let forgedEnd = Int64(spliced.count) - (Int64(original.count) - offsets[3])
        XCTAssertEqual(damage.offset, forgedEnd)
    }
}
