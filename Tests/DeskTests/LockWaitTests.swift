import Desk
import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// A desk command that cannot get the writers' lock says what it waits for and gives up with 75
/// in time; and an event's time is read under the lock, so waiting never stamps it earlier than
/// one already in the log.
final class LockWaitTests: XCTestCase {
    private func row(_ name: String) -> String {
        #"{"customer":"\#(name)","channel":"phone","category":"payments","summary":"Payment has not arrived"}"#
            + "\n"
    }

    /// A data directory made by a first `desk import`, and a process holding its writers' lock.
    private func directoryWithLockHeld() throws -> (TemporaryDirectory, ChildProcess) {
        let data = try TemporaryDirectory(prefix: "desk-lock-wait")
        let first = try ProductRun.run(
            "desk", ["import", "--data", data.path, "-"], input: Array(row("First").utf8))
        XCTAssertEqual(first.status, 0, first.standardError)
        let holder = try ChildProcess(
            executable: try ProductsDirectory.executable("eventlog-writer"),
            arguments: ["hold-lock", data.file("events.log")], stderrDirectory: data.path, name: "holder")
        XCTAssertEqual(try holder.readLine(timeout: 20), "holding", holder.stderr)
        return (data, holder)
    }

    func testAnImportKeptFromTheLockSaysSoAndGivesUpWith75() throws {
        let (data, holder) = try directoryWithLockHeld()
        let started = monotonicSeconds()
        let blocked = try ProductRun.run(
            "desk", ["import", "--data", data.path, "-"], input: Array(row("Blocked").utf8),
            environment: ["DESK_LOCK_TIMEOUT": "1.5"])
        let took = monotonicSeconds() - started
        XCTAssertEqual(blocked.status, 75, blocked.standardError)
        XCTAssertEqual(blocked.standardOutput, "", "no id printed for what was not recorded")
        let lock = data.file("events.log.lock")
        XCTAssertTrue(
            blocked.standardError.contains("desk import: waiting for the lock on \(lock)"),
            blocked.standardError)
        XCTAssertTrue(
            blocked.standardError.contains("gave up after waiting 1.5 s for the lock on \(lock)"),
            blocked.standardError)
        XCTAssertGreaterThanOrEqual(took, 1.5)
        XCTAssertLessThan(took, 10)

        holder.kill()
        _ = try holder.wait(timeout: 10)
        let after = try ProductRun.run(
            "desk", ["import", "--data", data.path, "-"], input: Array(row("After").utf8),
            environment: ["DESK_LOCK_TIMEOUT": "1.5"])
        XCTAssertEqual(after.status, 0, after.standardError)
        XCTAssertEqual(after.standardOutput, "C-000002\n")
    }

    /// Imports start one after another while the lock is held, each waiting (it says so) before
    /// the next starts; once the lock is free, they commit in whatever order they get it. Their
    /// events' times must still never go backwards in the log.
    func testEventsAreStampedUnderTheLockInTimeOrder() throws {
        let (data, holder) = try directoryWithLockHeld()
        var importers: [ChildProcess] = []
        for index in 0..<4 {
            let file = data.file("row-\(index).jsonl")
            try row("Waiting \(index)").write(toFile: file, atomically: false, encoding: .utf8)
            let importer = try ChildProcess(
                executable: try ProductsDirectory.executable("desk"),
                arguments: ["import", "--data", data.path, file], environment: ["DESK_LOCK_TIMEOUT": "60"],
                stderrDirectory: data.path, name: "import-\(index)")
            let deadline = monotonicSeconds() + 20
            while !importer.stderr.contains("waiting for the lock") {
                XCTAssertLessThan(
                    monotonicSeconds(), deadline, "import \(index) never waited: \(importer.stderr)")
                if monotonicSeconds() > deadline { return }
                usleep(20_000)
            }
            importers.append(importer)
        }
        holder.kill()
        _ = try holder.wait(timeout: 10)
        for importer in importers {
            XCTAssertEqual(try importer.wait(timeout: 60), .exited(0), importer.stderr)
        }

        let log = try EventLog.open(path: data.file("events.log"), access: .readOnly)
        var times: [(UInt64, Int64, String)] = []
        try log.readNew { record in
            guard record.kind == .event else { return }
            let event = try EventCodec.decode(record.payload)
            if case .complaintReceived(_, let intake) = event.event {
                times.append((record.sequence, event.at.milliseconds, intake.customer.name))
            }
        }
        XCTAssertEqual(times.count, 5)
        for (earlier, later) in zip(times, times.dropFirst()) {
            XCTAssertLessThanOrEqual(
                earlier.1, later.1, "\(later.2) is stamped before \(earlier.2): \(times)")
        }
    }
}
