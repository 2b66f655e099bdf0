import DeskTestSupport
import EventLog
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// The writers' lock lives in `events.log.lock` (0660), which an account that may only read the
/// log cannot open (T13), and a writer that cannot get it says so and gives up in time.
final class WriterLockTests: XCTestCase {
    private func start(_ arguments: [String], in scratch: TemporaryDirectory, asNobody: Bool = false) throws
        -> ChildProcess
    {
        let writer = try ProductsDirectory.executable("eventlog-writer")
        return try ChildProcess(
            executable: asNobody ? "/usr/sbin/runuser" : writer,
            arguments: (asNobody ? ["-u", "nobody", "--", writer] : []) + arguments,
            stderrDirectory: scratch.path, name: "holder")
    }

    /// Stops a holder started through runuser: runuser passes no SIGKILL on, so its child (the
    /// holder itself, running as nobody) is killed first, by its process id.
    private func stop(_ holder: ChildProcess) throws {
        let children =
            (try? String(contentsOfFile: "/proc/\(holder.pid)/task/\(holder.pid)/children", encoding: .utf8))
            ?? ""
        for child in children.split(separator: " ").compactMap({ pid_t($0) }) { kill(child, SIGKILL) }
        holder.kill()
        _ = try holder.wait(timeout: 10)
    }

    /// Reads the holder's lines up to "holding …".
    private func linesUntilHolding(_ holder: ChildProcess) throws -> [String] {
        var lines: [String] = []
        let deadline = monotonicSeconds() + 20
        while let line = try holder.readLine(deadline: deadline) {
            if line.hasPrefix("holding") { return lines }
            lines.append(line)
        }
        XCTFail("the holder never held its locks: \(lines) \(holder.stderr)")
        return lines
    }

    func testAnAccountThatMayOnlyReadTheLogCannotHoldWritersUp() throws {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else {
            throw XCTSkip("needs root and runuser to act as an account that may only read")
        }
        for mode in ["--exclusive", "--shared"] {
            let scratch = try TemporaryDirectory(prefix: "desk-lock")
            _ = try LogFixture.write(records: 3, to: scratch.logPath, seed: 3)
            chmod(scratch.path, 0o701)
            chmod(scratch.logPath, 0o664)
            let lockPath = scratch.logPath + ".lock"
            var info = stat()
            XCTAssertEqual(stat(lockPath, &info), 0, "the first writer created the lock file")
            XCTAssertEqual(info.st_mode & 0o777, 0o660)

            let holder = try start(
                ["hold-read-locks", scratch.logPath, lockPath, mode], in: scratch, asNobody: true)
            defer { try? stop(holder) }
            let lines = try linesUntilHolding(holder)
            XCTAssertEqual(
                lines.first, "locked \(scratch.logPath) flock,fcntl,ofd", "\(mode): \(lines) \(holder.stderr)"
            )
            XCTAssertEqual(lines.last, "cannot open \(lockPath): Permission denied", "\(lines)")

            // A writer in this process, and one in a process of its own, still commit at once.
            let log = try EventLog.open(path: scratch.logPath, access: .readWrite)
            log.lockTimeout = 5
            let started = monotonicSeconds()
            try log.append([Array("written while a reader holds every lock it can".utf8)])
            let took = monotonicSeconds() - started
            XCTAssertLessThan(took, 1, "\(mode): the append waited \(took) s")

            let other = try start(["append", scratch.logPath, "--writer", "7", "--count", "3"], in: scratch)
            XCTAssertEqual(try other.wait(timeout: 10), .exited(0), other.stderr)
            print("T13 \(mode): a reader holding \(lines.first ?? "") — an append took \(Int(took * 1e6)) µs")
            XCTAssertEqual(try LogFixture.read(scratch.logPath).records.count, 7)
        }
    }

    func testAWriterKeptWaitingSaysForWhatAndGivesUpInTime() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-lock")
        _ = try LogFixture.write(records: 2, to: scratch.logPath, seed: 4)
        let holder = try start(["hold-lock", scratch.logPath], in: scratch)
        XCTAssertEqual(try holder.readLine(timeout: 20), "holding", holder.stderr)

        let log = try EventLog.open(path: scratch.logPath, access: .readWrite)
        var told: [String] = []
        log.lockWaiting = { told.append($0) }
        log.lockTimeout = 1.6
        let started = monotonicSeconds()
        XCTAssertThrowsError(try log.append([[1]])) { error in
            guard case LogError.lockTimedOut(let lock, let seconds) = error else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(lock, scratch.logPath + ".lock")
            XCTAssertEqual(seconds, 1.6)
            XCTAssertEqual((error as? LogError)?.isTemporary, true)
            XCTAssertTrue("\(error)".contains("\(scratch.logPath).lock"), "\(error)")
        }
        let waited = monotonicSeconds() - started
        XCTAssertGreaterThanOrEqual(waited, 1.6)
        XCTAssertLessThan(waited, 5)
        XCTAssertEqual(told.count, 1, "told once, after a second: \(told)")
        XCTAssertTrue(
            told.first?.hasPrefix("waiting for the lock on \(scratch.logPath).lock") == true, "\(told)")

        holder.kill()
        _ = try holder.wait(timeout: 10)
        try log.append([[2]])
        XCTAssertEqual(try LogFixture.read(scratch.logPath).records.count, 3)
    }

    func testALockFileOthersMayOpenIsRefused() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-lock")
        _ = try LogFixture.write(records: 1, to: scratch.logPath, seed: 5)
        chmod(scratch.logPath + ".lock", 0o664)
        XCTAssertThrowsError(try EventLog.open(path: scratch.logPath, access: .readWrite)) { error in
            guard case LogError.lockFileExposed = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("chmod 0660"), "\(error)")
        }
    }

    /// A reader that meets damage looks again before raising the alarm — under a shared lock on
    /// the lock file when it may open it, at once when no writer ever made one, else (an account
    /// that may only read) after a pause — and real damage is raised each way.
    func testDamageIsRaisedWhetherOrNotTheReaderMayOpenTheLockFile() throws {
        for lockFile in ["usable", "missing", "not for this account"] {
            let scratch = try TemporaryDirectory(prefix: "desk-lock")
            let written = try LogFixture.write(records: 6, to: scratch.logPath, seed: 6)
            let log = try EventLog.open(path: scratch.logPath, access: .readOnly)
            var bytes = try LogFixture.bytes(scratch.logPath)
            bytes[Int(written[2].end) - 9] ^= 0x40
            let fd = open(scratch.logPath, O_WRONLY | O_CLOEXEC)
            XCTAssertEqual(bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }, bytes.count)
            close(fd)
            switch lockFile {
            case "missing":
                unlink(scratch.logPath + ".lock")
            case "not for this account":
                guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else {
                    throw XCTSkip("needs root and runuser to act as an account that may only read")
                }
                chmod(scratch.path, 0o701)
                chmod(scratch.logPath, 0o664)
                let verify = try ProductRun.run(
                    "desk", ["log", "verify", "--data", scratch.path], asUser: "nobody")
                XCTAssertEqual(verify.status, 65, verify.standardError)
                XCTAssertTrue(verify.standardError.contains("checksum"), verify.standardError)
                continue
            default:
                break
            }
            var seen = 0
            let summary = try log.readNew { _ in seen += 1 }
            guard case .damaged(let damage) = summary.alarm else {
                return XCTFail("lock file \(lockFile): \(String(describing: summary.alarm))")
            }
            XCTAssertEqual(damage.sequence, written[2].sequence)
            XCTAssertLessThanOrEqual(seen, 2, "nothing from the damaged batch on")
        }
    }
}
