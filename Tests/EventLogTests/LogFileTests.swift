import DeskTestSupport
import EventLog
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// The files beside the log: a symbolic link is refused, creations are whole or absent, and what
/// an interrupted creation or a failed repair would leave is not left.
final class LogFileTests: XCTestCase {
    func testASymbolicLinkIsRefusedAndItsTargetLeftAlone() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-files")
        let elsewhere = try TemporaryDirectory(prefix: "desk-target")
        _ = try LogFixture.write(records: 4, to: elsewhere.logPath, seed: 7)
        let before = try LogFixture.bytes(elsewhere.logPath)
        XCTAssertEqual(symlink(elsewhere.logPath, scratch.logPath), 0)
        for access in [EventLog.Access.readOnly, .readWrite] {
            XCTAssertThrowsError(try EventLog.open(path: scratch.logPath, access: access, create: true)) {
                error in
                guard case LogError.symbolicLink(let path) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(path, scratch.logPath)
                XCTAssertTrue("\(error)".contains("is a symbolic link"), "\(error)")
            }
        }
        XCTAssertEqual(try LogFixture.bytes(elsewhere.logPath), before)

        // A link to nothing: the log is not created at its target either.
        unlink(scratch.logPath)
        let missing = elsewhere.file("not-yet")
        XCTAssertEqual(symlink(missing, scratch.logPath), 0)
        XCTAssertThrowsError(try EventLog.open(path: scratch.logPath, access: .readWrite, create: true))
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
        XCTAssertEqual(scratch.entries(), ["events.log"], "no lock file, no temporary file")
    }

    func testTemporaryFilesOfADeadCreatorAreRemovedOnTheNextOpen() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-files")
        _ = try LogFixture.write(records: 1, to: scratch.logPath, seed: 8)
        let dead = try ChildProcess(executable: "/bin/true", arguments: [], stderrDirectory: scratch.path)
        XCTAssertEqual(try dead.wait(timeout: 10), .exited(0))
        let leftovers = [
            ".events.log.creating-\(dead.pid)-12345", ".desk.toml.creating-\(dead.pid)-1",
            ".receipt-C-000001.txt.creating-\(dead.pid)-77",
        ]
        let living = ".desk.toml.creating-\(getpid())-2"
        for name in leftovers + [living] {
            XCTAssertTrue(
                FileManager.default.createFile(atPath: scratch.file(name), contents: Data("half".utf8)))
        }
        _ = try EventLog.open(path: scratch.logPath, access: .readOnly)
        XCTAssertEqual(
            scratch.entries().filter { $0.contains(".creating-") }.count, 4, "a reader removes nothing")
        _ = try EventLog.open(path: scratch.logPath, access: .readWrite)
        XCTAssertEqual(
            scratch.entries().filter { $0.contains(".creating-") }, [living],
            "a living creator's file is its own business")
    }

    func testWholeFilesAreCreatedOnceWithTheirModeAndARacingCreatorLoses() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-files")
        let path = scratch.file("receipt-C-000001.txt")
        let previous = umask(0o077)
        defer { umask(previous) }
        XCTAssertTrue(try WholeFile.create(at: path, bytes: Array("first\n".utf8)))
        XCTAssertFalse(try WholeFile.create(at: path, bytes: Array("second\n".utf8)))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "first\n")
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o660, "whatever the umask")
        XCTAssertEqual(scratch.entries(), ["receipt-C-000001.txt"])
    }

    /// A repair whose copy cannot be written (the disk is full) fails without leaving an empty
    /// or partial quarantine file; a later writer repairs the tail with one whole copy.
    func testAFailedRepairLeavesNoQuarantineFile() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-files")
        _ = try LogFixture.write(records: 5, to: scratch.logPath, seed: 9)
        let bytes = try LogFixture.bytes(scratch.logPath)
        try LogFixture.write(bytes + [1, 2, 3, 4, 5, 6, 7], to: scratch.logPath)
        for call in [FaultyFileIO.Call.write, .fsync] {
            let io = FaultyFileIO()
            let log = try EventLog.open(path: scratch.logPath, access: .readWrite, io: io)
            io.arm(call, number: 1, .fail(ENOSPC))
            XCTAssertThrowsError(try log.append([Array("x".utf8)]))
            XCTAssertEqual(
                scratch.entries().filter { $0.contains("quarantine") }, [], "after a failed \(call)")
        }
        try EventLog.open(path: scratch.logPath, access: .readWrite).append([Array("y".utf8)])
        let quarantined = scratch.entries().filter { $0.contains("quarantine") }
        XCTAssertEqual(quarantined.count, 1, "\(quarantined)")
        XCTAssertEqual(try LogFixture.bytes(scratch.file(quarantined[0])), [1, 2, 3, 4, 5, 6, 7])
        XCTAssertTrue(try EventLog.verify(path: scratch.logPath).isIntact)
    }
}
