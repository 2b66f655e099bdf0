import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

@testable import Desk

/// Issue 13 item 2: start-up from `events.snapshot`, a cache that is used only for the log and the
/// record it was taken at, by the build that wrote it, and that the background verification checks
/// against a replay.
final class StateSnapshotFileTests: XCTestCase {
    let start = Timestamp(utcYear: 2026, month: 3, day: 2, hour: 9)

    /// A desk laid down from the demo history, as `desk demo` does.
    func demoDesk(seed: UInt64 = 5, complaints: Int = 150) throws -> (TemporaryDirectory, DataDirectory) {
        let data = try TemporaryDirectory(prefix: "desk-snapshot")
        let directory = DataDirectory(path: data.path)
        let session = try DeskSession.open(
            directory, access: .readWrite, clock: ManualClock(start),
            firstUse: .generatedHistory(DemoHistory.office, DemoHistory.standards(effective: start)),
            verifyChainInBackground: false)
        _ = try session.appendGenerated(DemoHistory(seed: seed, complaints: complaints, start: start))
        PendingSnapshots.shared.wait()
        return (data, directory)
    }

    func open(_ directory: DataDirectory, background: Bool = false) throws -> DeskSession {
        try DeskSession.open(
            directory, access: .readWrite, clock: ManualClock(start.adding(minutes: 60 * 24 * 90)),
            verifyChainInBackground: background)
    }

    /// Everything a screen or a report asks of a state, plus its snapshot bytes.
    func portrait(_ session: DeskSession) throws -> [String] {
        let now = session.clock.now
        let state = session.state
        var lines = [
            "events \(state.eventCount)", "queue \(state.queue(now: now))", "ideas \(state.staffIdeas)",
            "set aside \(session.setAside)", "offsets \(session.recordOffsets.count)",
        ]
        for n in 1...UInt32(state.complaintCount) {
            let id = ComplaintID(n)
            let story = session.events(at: state.timeline(of: id)).map {
                "\($0.0) \((try? $0.1.get()).map { "\($0)" } ?? "unreadable")"
            }
            lines.append("\(String(describing: state.complaint(id))) \(story)")
        }
        lines.append(
            "digest \(try StateSnapshot.digest(state: state, session: session.snapshotSessionPart))")
        return lines
    }

    func replayedWhole(_ directory: DataDirectory) throws -> [String] {
        let saved = try? Data(contentsOf: URL(fileURLWithPath: StateSnapshot.path(in: directory)))
        unlink(StateSnapshot.path(in: directory))
        defer {
            if let saved {
                _ = FileManager.default.createFile(atPath: StateSnapshot.path(in: directory), contents: saved)
            }
        }
        let session = try open(directory)
        XCTAssertNil(session.startedFromSnapshot)
        return try portrait(session)
    }

    func testTheDeskStartsFromItsSnapshotAndReplaysOnlyTheTail() throws {
        let (data, directory) = try demoDesk()
        let first = try open(directory)
        try first.writeSnapshot()
        let taken = first.position.lastSequence
        var mode = stat()
        XCTAssertEqual(stat(StateSnapshot.path(in: directory), &mode), 0)
        XCTAssertEqual(mode.st_mode & 0o777, 0o660, "protected as the log is")

        let restored = try open(directory)
        XCTAssertEqual(restored.startedFromSnapshot, taken)
        XCTAssertEqual(try portrait(restored), try replayedWhole(directory))

        // The log grows; a desk starting later takes the snapshot and replays only what follows.
        let category = try XCTUnwrap(first.state.office?.categories.first?.id)
        for name in ["Ana Lima", "Bo Chen", "Cy Diallo"] {
            try first.execute(
                .receive(
                    ComplaintIntake(
                        channel: .phone, category: category, summary: "Late reply",
                        customer: Customer(name: name, email: "", phone: "0100 000 000"),
                        receivedAt: first.clock.now)))
        }
        let later = try open(directory)
        XCTAssertEqual(later.startedFromSnapshot, taken)
        XCTAssertEqual(later.position.lastSequence, taken + 3)
        XCTAssertEqual(try portrait(later), try replayedWhole(directory))
        // The background verification replays up to the snapshot and agrees.
        let checked = try open(directory, background: true)
        XCTAssertEqual(checked.waitForChainVerification(timeout: 60), true)
        withExtendedLifetime(data) {}
    }

    func testASnapshotOfAnotherLogIsNeverUsed() throws {
        let (a, one) = try demoDesk(seed: 5)
        let (b, other) = try demoDesk(seed: 6)
        try open(one).writeSnapshot()
        unlink(StateSnapshot.path(in: other))
        try FileManager.default.copyItem(
            atPath: StateSnapshot.path(in: one), toPath: StateSnapshot.path(in: other))
        let session = try open(other)
        XCTAssertNil(session.startedFromSnapshot)
        XCTAssertEqual(
            "\(session.startFromSnapshot().map { "\($0)" } ?? "used")",
            "taken of another log (its file id differs)")
        XCTAssertEqual(try portrait(session), try replayedWhole(other))
        withExtendedLifetime((a, b)) {}
    }

    func testAnotherFormatOrBuildOrADamagedBodyIsNeverUsed() throws {
        let (data, directory) = try demoDesk()
        try open(directory).writeSnapshot()
        let path = StateSnapshot.path(in: directory)
        let good = try XCTUnwrap(FileManager.default.contents(atPath: path))
        let whole = try replayedWhole(directory)
        func damaged(_ change: (inout [UInt8]) -> Void) throws -> String {
            var bytes = [UInt8](good)
            change(&bytes)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let session = try open(directory)
            XCTAssertNil(session.startedFromSnapshot)
            XCTAssertEqual(try portrait(session), whole)
            return StateSnapshot.load(from: path, logFileID: [UInt8](repeating: 0, count: 16)).failureText
        }
        XCTAssertEqual(try damaged { $0[8] = 9 }, "snapshot file version 9, this desk writes 1")
        XCTAssertTrue(try damaged { $0[20] ^= 1 }.hasPrefix("written by another build of the desk"))
        XCTAssertEqual(try damaged { $0.removeLast(100) }.prefix(20), "taken of another log")
        // A body changed after it was written: the digest refuses it.
        let session = try open(directory)
        _ = session
        var bytes = [UInt8](good)
        bytes[bytes.count - 5] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reopened = try open(directory)
        XCTAssertNil(reopened.startedFromSnapshot)
        XCTAssertEqual(try portrait(reopened), whole)
        withExtendedLifetime(data) {}
    }

    func receive(_ session: DeskSession, _ count: Int, summary: String) throws {
        let category = try XCTUnwrap(session.state.office?.categories.first?.id)
        for n in 0..<count {
            try session.execute(
                .receive(
                    ComplaintIntake(
                        channel: .web, category: category, summary: "\(summary) \(n)",
                        customer: Customer(name: "Re Write", email: "re@example.org", phone: ""),
                        receivedAt: session.clock.now)))
        }
    }

    func testALogRewrittenBelowItsRecordIsNeverUsed() throws {
        let (data, directory) = try demoDesk()
        let session = try open(directory)
        let earlier = session.position
        try receive(session, 10, summary: "First")
        try session.writeSnapshot()
        let taken = session.position.lastSequence
        // The log is cut back to an earlier batch's end and written again, differently, past the
        // snapshot's record: the same file id, the same record numbers, other records.
        XCTAssertEqual(truncate(directory.logPath, off_t(earlier.offset)), 0)
        let writer = try open(directory)
        XCTAssertNil(writer.startedFromSnapshot)
        XCTAssertEqual(writer.position.lastSequence, earlier.lastSequence)
        try receive(writer, 15, summary: "Second")
        XCTAssertGreaterThan(writer.position.lastSequence, taken)
        let reopened = try open(directory)
        XCTAssertNil(reopened.startedFromSnapshot)
        XCTAssertEqual(
            reopened.startFromSnapshot().map { "\($0)" },
            "the log's record \(taken) is not the one it was taken at")
        XCTAssertEqual(try portrait(reopened), try replayedWhole(directory))
        withExtendedLifetime(data) {}
    }

    /// The real `desk`: `desk demo` leaves a snapshot (the log grew past `DESK_SNAPSHOT_EVERY`),
    /// `desk log verify` checks it against a replay, and `desk status` gives the same figures from
    /// it as from a whole replay.
    func testTheDeskWritesItsSnapshotAndVerifyChecksIt() throws {
        let data = try TemporaryDirectory(prefix: "desk-snapshot-cli")
        let environment = ["TZ": "UTC", "DESK_SNAPSHOT_EVERY": "100"]
        func run(_ arguments: [String]) throws -> ProductRun {
            try ProductRun.run("desk", arguments + ["--data", data.path], environment: environment)
        }
        var result = try run(["demo", "--complaints", "120", "--seed", "4"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let path = data.path + "/" + StateSnapshot.fileName
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0, "desk demo left no snapshot")
        XCTAssertEqual(info.st_mode & 0o777, 0o660)
        result = try run(["log", "verify"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(
            result.standardOutput.contains("agrees with a replay of the log up to it"), result.standardOutput)

        let status = ["status", "--json", "--at", "2026-11-29T12:00:00Z", "--period", "2026-Q3"]
        let fromSnapshot = try run(status)
        XCTAssertEqual(fromSnapshot.status, 0, fromSnapshot.standardError)
        XCTAssertEqual(unlink(path), 0)
        let replayed = try run(status)
        XCTAssertEqual(replayed.standardOutput, fromSnapshot.standardOutput)
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: path), "a whole replay writes the snapshot again")
        result = try run(["log", "verify"])
        XCTAssertTrue(result.standardOutput.contains("agrees with a replay"), result.standardOutput)

        // A damaged snapshot is not used, and verify says why.
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        bytes[bytes.count - 3] ^= 0xff
        try bytes.write(to: URL(fileURLWithPath: path))
        result = try run(["log", "verify"])
        XCTAssertTrue(
            result.standardOutput.contains("snapshot: events.snapshot is not used — "), result.standardOutput)
        XCTAssertEqual(try run(status).standardOutput, fromSnapshot.standardOutput)
    }

    /// A snapshot that the log does not bear out (forged, or written by a faulty desk) is found by
    /// the background verification: the alarm, and the snapshot is deleted.
    func testASnapshotThatDisagreesWithTheLogRaisesTheAlarm() throws {
        let (data, directory) = try demoDesk()
        let session = try open(directory)
        var forged = session.state
        forged.apply(
            RecordedEvent(
                actor: "mallory", at: session.clock.now,
                event: .staffIdeaSubmitted(forged.nextStaffIdeaID, kind: .idea, text: "Never in the log")))
        try StateSnapshot.write(
            to: StateSnapshot.path(in: directory), state: forged, session: session.snapshotSessionPart,
            position: session.position, logFileID: session.logFileID)
        let fooled = try open(directory, background: true)
        XCTAssertNotNil(fooled.startedFromSnapshot)
        XCTAssertEqual(fooled.waitForChainVerification(timeout: 60), false)
        try fooled.catchUp()
        let alarm = "\(String(describing: fooled.alarm))"
        XCTAssertTrue(alarm.contains("differs from a replay of the log"), alarm)
        XCTAssertFalse(FileManager.default.fileExists(atPath: StateSnapshot.path(in: directory)))
        XCTAssertNil(try open(directory).startedFromSnapshot)
        withExtendedLifetime(data) {}
    }
}

extension Result where Failure == StateSnapshot.Refusal {
    var failureText: String {
        if case .failure(let refusal) = self { return "\(refusal)" }
        return "used"
    }
}
