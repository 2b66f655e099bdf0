import Desk
import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import TerminalUI
import XCTest

@testable import DeskTerminal

/// The desk keeps up with the log on its timer alone: no inotify wake-up is needed for another
/// process's change, and the background chain check's verdict reaches the screen with no write.
final class FollowingTests: XCTestCase {
    let size = ScreenSize(rows: 24, columns: 80)

    override func setUp() { XCTAssertTrue(localeReady) }

    func open(_ directory: TemporaryDirectory, as user: String) throws -> DeskSession {
        try DeskSession.open(
            DataDirectory(path: directory.path), access: .readWrite,
            identity: Identity(user: user, groups: []))
    }

    func testAnotherProcessesChangeShowsWithinOneTickWithoutAWakeUp() throws {
        let directory = try TemporaryDirectory(prefix: "desk-follow")
        let session = try open(directory, as: "alice")
        let router = try DeskRouter(desk: SessionDesk(session: session))
        XCTAssertTrue(router.render(size: size).lines().joined().contains("No complaints yet"))

        // Another process (the real `desk import`) appends a complaint. Nobody calls wakeUp().
        let row =
            #"{"customer":"Ολυμπία Κωνσταντίνου","channel":"mail","category":"other","summary":"Letter unanswered"}"#
        let run = try ProductRun.run(
            "desk", ["import", "--data", directory.path, "-"], input: Array((row + "\n").utf8),
            environment: ["DESK_AS_USER": "bob"])
        XCTAssertEqual(run.status, 0, run.standardError)

        // The loop's schedule, on a manual clock: the tick is due one interval after the last.
        let start = ContinuousClock.now
        var schedule = LoopSchedule(tickInterval: .seconds(1), now: start)
        XCTAssertFalse(schedule.tickDue(now: start + .milliseconds(999)))
        XCTAssertFalse(router.render(size: size).lines().joined().contains("C-000001"))
        XCTAssertTrue(schedule.tickDue(now: start + .seconds(1)))
        _ = router.tick()
        schedule.ticked(now: start + .seconds(1))
        let lines = router.render(size: size).lines()
        XCTAssertTrue(lines.joined(separator: "\n").contains("C-000001"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines[1].contains("Queue · 1 · open"), lines[1])
    }

    func testAForgedRecordRaisesTheAlarmWithoutAnyWrite() throws {
        let directory = try TemporaryDirectory(prefix: "desk-forged")
        let writer = try open(directory, as: "alice")
        var starts: [Int64] = []
        for name in ["Ann Lee", "Bo Chan", "Cy Diaz"] {
            starts.append(writer.position.offset)
            _ = try writer.execute(
                .receive(
                    ComplaintIntake(
                        channel: .counter, category: "other", summary: "About \(name)",
                        customer: Customer(name: name, email: "", phone: ""), receivedAt: writer.clock.now)))
        }
        let path = directory.file("events.log")
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        // A forger rewrites the middle record ("Bo Chan" becomes "Bo Chen") with valid checksums
        // and a valid link to the record before it, and keeps every record after it as it was.
        let start = Int(starts[1])
        let length = Int(original[start]) | Int(original[start + 1]) << 8 | Int(original[start + 2]) << 16
        var payload = Array(
            original[
                (start + RecordFormat.recordHeaderSize)..<(start + RecordFormat.recordHeaderSize + length)])
        let name = Array("Bo Chan".utf8)
        let at = try XCTUnwrap(
            (0...(payload.count - name.count)).first { Array(payload[$0..<$0 + name.count]) == name })
        payload[at + 5] = UInt8(ascii: "e")
        let end = start + RecordFormat.framingSize + length
        try Data(original[0..<start]).write(to: URL(fileURLWithPath: path))
        let forger = try EventLog.open(path: path, access: .readWrite)
        try forger.append([payload])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(original[end...]))
        try handle.close()
        let forgedSize = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int

        // The desk starts: replay checks lengths, checksums and sequence numbers (all fine), and
        // the chain is walked in the background. Only ticks follow; nothing is written.
        let session = try open(directory, as: "carol")
        let router = try DeskRouter(desk: SessionDesk(session: session))
        let deadline = ContinuousClock.now + .seconds(20)
        var alarm = ""
        while ContinuousClock.now < deadline {
            _ = router.tick()
            alarm = router.render(size: size).lines()[1]
            if alarm.contains("LOG ALARM") { break }
            Thread.sleep(forTimeInterval: 0.05)  // A tick's interval, shortened; the loop waits in poll.
        }
        XCTAssertTrue(alarm.contains("⚠ LOG ALARM"), alarm)
        XCTAssertTrue(router.render(size: size).roles(row: 1).contains(.statusError))
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, forgedSize)
    }
}
