import Desk
import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// What a first use writes appears whole or not at all, and the desk says what is wrong with the
/// files it finds: a symbolic link for a log, an empty desk.toml.
final class FileSafetyTests: XCTestCase {
    private let row = Array(
        #"{"customer":"Ana","channel":"phone","category":"payments","summary":"Payment has not arrived"}"#
            .utf8)

    private func importRow(_ data: String) throws -> ProductRun {
        try ProductRun.run("desk", ["import", "--data", data, "-"], input: row)
    }

    /// A first use on a full disk (a 256 KiB tmpfs, filled) exits 74 and leaves nothing behind —
    /// before, it left a 0-byte desk.toml that blocked the directory for good; once there is room
    /// the same command works.
    func testAFirstUseOnAFullDiskLeavesNothingAndASecondTryWorks() throws {
        guard geteuid() == 0 else { throw XCTSkip("mounting a tmpfs needs root; skipped on this machine") }
        let mountPoint = try TemporaryDirectory(prefix: "desk-full-first-use")
        let mounted = try ProductRun.runExecutable(
            "/bin/mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint.path])
        guard mounted.status == 0 else {
            throw XCTSkip("cannot mount a tmpfs here: \(mounted.standardError)")
        }
        defer { _ = try? ProductRun.runExecutable("/bin/umount", [mountPoint.path]) }
        let filler = mountPoint.file("filler")
        let fd = open(filler, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        let block = [UInt8](repeating: 0x2E, count: 4096)
        while block.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        XCTAssertEqual(errno, ENOSPC)
        close(fd)

        let data = mountPoint.file("desk")
        let full = try importRow(data)
        XCTAssertEqual(full.status, 74, full.standardError)
        XCTAssertTrue(full.standardError.contains("No space left on device"), full.standardError)
        XCTAssertEqual(mountPoint.entries("desk"), [], "no desk.toml, no log, no temporary file")

        unlink(filler)
        let roomy = try importRow(data)
        XCTAssertEqual(roomy.status, 0, roomy.standardError)
        XCTAssertEqual(roomy.standardOutput, "C-000001\n")
        XCTAssertEqual(mountPoint.entries("desk"), ["desk.toml", "events.log", "events.log.lock"])
        var info = stat()
        XCTAssertEqual(stat(data + "/desk.toml", &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o660)
    }

    func testAnEmptyDeskTomlIsCalledEmpty() throws {
        let data = try TemporaryDirectory(prefix: "desk-empty-toml")
        XCTAssertTrue(FileManager.default.createFile(atPath: data.file("desk.toml"), contents: Data()))
        let result = try importRow(data.path)
        XCTAssertEqual(result.status, 65, result.standardError)
        XCTAssertTrue(
            result.standardError.contains("\(data.file("desk.toml")): the file is empty (0 bytes)"),
            result.standardError)
        XCTAssertEqual(data.entries(), ["desk.toml"], "nothing else written")
    }

    func testASymbolicallyLinkedLogIsRefusedWithItsTargetUntouched() throws {
        let data = try TemporaryDirectory(prefix: "desk-linked")
        XCTAssertEqual(try importRow(data.path).status, 0)
        let elsewhere = try TemporaryDirectory(prefix: "desk-link-target")
        XCTAssertEqual(rename(data.file("events.log"), elsewhere.file("events.log")), 0)
        XCTAssertEqual(symlink(elsewhere.file("events.log"), data.file("events.log")), 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: elsewhere.file("events.log")))
        for arguments in [["import", "--data", data.path, "-"], ["status", "--data", data.path]] {
            let result = try ProductRun.run("desk", arguments, input: row)
            XCTAssertEqual(result.status, 74, "\(arguments): \(result.standardError)")
            XCTAssertTrue(
                result.standardError.contains("\(data.file("events.log")) is a symbolic link"),
                result.standardError)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: elsewhere.file("events.log"))), before)
        XCTAssertEqual(elsewhere.entries(), ["events.log"])
    }
}
