import DeskTestSupport
import EventLog
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// A file layer that fails one chosen call, to prove that no failed write is ever acknowledged.
final class FaultyFileIO: LogFileIO, @unchecked Sendable {
    enum Call: String, CaseIterable { case write, fdatasync, fsync, ftruncate, pwrite }

    enum Fault {
        /// The call fails outright with `code`.
        case fail(Int32)
        /// A write writes only half of what it was given; the next write fails with `code`.
        case shortThenFail(Int32)
    }

    private let lock = NSLock()
    private let real = SystemFileIO()
    private var counts: [Call: Int] = [:]
    private var armed: (call: Call, number: Int, fault: Fault)?
    private var failNextWrite: Int32?
    /// Calls that fail after the armed one, too (a disk that stays broken).
    var keepFailing: Set<Call> = []
    private(set) var injected = 0

    func arm(_ call: Call, number: Int, _ fault: Fault) {
        lock.withLock {
            counts = [:]
            armed = (call, number, fault)
        }
    }

    private func decide(_ call: Call) -> Fault? {
        lock.withLock {
            counts[call, default: 0] += 1
            if call == .write, let code = failNextWrite {
                failNextWrite = nil
                injected += 1
                return .fail(code)
            }
            if let armed, armed.call == call, counts[call] == armed.number {
                injected += 1
                // A mark written short is its own fault; only the log's writes fail after one.
                if call == .write, case .shortThenFail(let code) = armed.fault { failNextWrite = code }
                return armed.fault
            }
            if let armed, keepFailing.contains(call), counts[armed.call, default: 0] >= armed.number,
                injected > 0
            {
                return .fail(EIO)
            }
            return nil
        }
    }

    func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        switch decide(.write) {
        case .fail(let code)?:
            errno = code
            return -1
        case .shortThenFail?:
            return real.write(
                descriptor, UnsafeRawBufferPointer(rebasing: bytes[0..<max(1, bytes.count / 2)]))
        case nil:
            return real.write(descriptor, bytes)
        }
    }

    func pwrite(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64) -> Int {
        switch decide(.pwrite) {
        case .fail(let code)?:
            errno = code
            return -1
        case .shortThenFail?:
            return real.pwrite(
                descriptor, UnsafeRawBufferPointer(rebasing: bytes[0..<max(1, bytes.count / 2)]), at: offset)
        case nil:
            return real.pwrite(descriptor, bytes, at: offset)
        }
    }

    func fdatasync(_ descriptor: Int32) -> Int32 { run(.fdatasync) { real.fdatasync(descriptor) } }
    func fsync(_ descriptor: Int32) -> Int32 { run(.fsync) { real.fsync(descriptor) } }
    func ftruncate(_ descriptor: Int32, _ length: Int64) -> Int32 {
        run(.ftruncate) { real.ftruncate(descriptor, length) }
    }

    private func run(_ call: Call, _ body: () -> Int32) -> Int32 {
        if case .fail(let code)? = decide(call) {
            errno = code
            return -1
        }
        return body()
    }
}

/// T8: I/O errors at each write and sync, and a real full disk.
final class FaultInjectionTests: XCTestCase {
    private func payload(_ index: Int) -> [UInt8] {
        Array("event \(index) ".utf8) + [UInt8](repeating: UInt8(index % 251), count: 100 + index * 13 % 900)
    }

    /// Appends single events and batches until the injected fault hits; returns what was acknowledged.
    private func appendUntilFailure(_ log: EventLog, events: Int) -> (
        acknowledged: [[UInt8]], failed: [[UInt8]]?, error: Error?
    ) {
        var acknowledged: [[UInt8]] = []
        for index in 0..<events {
            let batch = index % 3 == 2 ? [payload(index), payload(index + 1000)] : [payload(index)]
            do {
                try log.append(batch)
                acknowledged += batch
            } catch {
                return (acknowledged, batch, error)
            }
        }
        return (acknowledged, nil, nil)
    }

    private func checkAfterRestart(
        _ path: String, acknowledged: [[UInt8]], failed: [[UInt8]]?, context: String
    ) throws {
        // A restarted desk appends once (repairing any torn tail), then the log must verify whole.
        let restarted = try EventLog.open(path: path, access: .readWrite)
        try restarted.append([Array("after restart".utf8)])
        let (records, verification) = try LogFixture.read(path)
        XCTAssertNil(verification.damage, "\(context): \(String(describing: verification.damage))")
        let payloads = records.map(\.1)
        XCTAssertEqual(
            Array(payloads.prefix(acknowledged.count)), acknowledged,
            "\(context): every acknowledged event, in order")
        if let failed {
            for event in failed {
                XCTAssertFalse(payloads.contains(event), "\(context): a failed append was taken back")
            }
        }
        XCTAssertEqual(payloads.last, Array("after restart".utf8))
    }

    func testAFailureAtAnyWriteOrSyncIsNeverAcknowledgedAndStopsWriting() throws {
        var trials = 0
        for call in [FaultyFileIO.Call.write, .fdatasync] {
            for number in 1...12 {
                for code in [EIO, ENOSPC] {
                    let scratch = try TemporaryDirectory(prefix: "desk-log")
                    let io = FaultyFileIO()
                    let log = try EventLog.open(
                        path: scratch.logPath, access: .readWrite, create: true, io: io)
                    io.arm(call, number: number, .fail(code))
                    let (acknowledged, failed, error) = appendUntilFailure(log, events: 20)
                    let context = "\(call) #\(number) errno \(code)"
                    XCTAssertNotNil(error, "\(context): the fault was reached")
                    XCTAssertTrue(
                        "\(error!)".contains(call.rawValue),
                        "\(context): the message names the call: \(error!)")
                    XCTAssertThrowsError(try log.append([Array("later".utf8)]), context) { later in
                        guard case LogError.writingStopped = later else {
                            return XCTFail("\(context): \(later)")
                        }
                    }
                    try checkAfterRestart(
                        scratch.logPath, acknowledged: acknowledged, failed: failed, context: context)
                    trials += 1
                }
            }
        }
        print("T8: \(trials) injected write/fdatasync failures, none acknowledged")
    }

    func testAShortWriteThenFailureWithAFailedTruncateLeavesATailTheNextWriterRepairs() throws {
        for number in 1...8 {
            let scratch = try TemporaryDirectory(prefix: "desk-log")
            let io = FaultyFileIO()
            let log = try EventLog.open(path: scratch.logPath, access: .readWrite, create: true, io: io)
            io.keepFailing = [.ftruncate]
            io.arm(.write, number: number, .shortThenFail(EIO))
            let (acknowledged, failed, error) = appendUntilFailure(log, events: 12)
            XCTAssertNotNil(error)
            let torn = try LogFixture.read(scratch.logPath).verification
            XCTAssertEqual(
                torn.damage?.kind, .incompleteTail, "write #\(number): the half-written batch is a torn tail")
            try checkAfterRestart(
                scratch.logPath, acknowledged: acknowledged, failed: failed, context: "short write #\(number)"
            )
            let quarantined = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter {
                $0.contains(".quarantine-")
            }
            XCTAssertEqual(quarantined.count, 1, "the torn bytes were kept, not dropped")
        }
    }

    func testAFailedSyncDuringRepairStopsWriting() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-log")
        _ = try LogFixture.write(records: 5, to: scratch.logPath, seed: 2)
        let bytes = try LogFixture.bytes(scratch.logPath)
        try LogFixture.write(bytes + [1, 2, 3, 4, 5, 6, 7], to: scratch.logPath)
        let io = FaultyFileIO()
        let log = try EventLog.open(path: scratch.logPath, access: .readWrite, io: io)
        io.arm(.fdatasync, number: 1, .fail(EIO))
        XCTAssertThrowsError(try log.append([Array("x".utf8)]))
        XCTAssertThrowsError(try log.append([Array("y".utf8)])) { error in
            guard case LogError.writingStopped = error else { return XCTFail("\(error)") }
        }
        try checkAfterRestart(
            scratch.logPath, acknowledged: [], failed: [Array("x".utf8)], context: "repair sync")
    }

    /// A real full disk: a tiny tmpfs, filled until the kernel says ENOSPC.
    func testARealFullDiskIsNeverAcknowledged() throws {
        guard geteuid() == 0 else { throw XCTSkip("mounting a tmpfs needs root; skipped on this machine") }
        let mountPoint = try TemporaryDirectory(prefix: "desk-full-disk")
        let mounted = try ProductRun.runExecutable(
            "/bin/mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint.path])
        guard mounted.status == 0 else {
            throw XCTSkip("cannot mount a tmpfs here: \(mounted.standardError)")
        }
        defer { _ = try? ProductRun.runExecutable("/bin/umount", [mountPoint.path]) }

        let path = mountPoint.logPath
        let log = try EventLog.open(path: path, access: .readWrite, create: true)
        var acknowledged: [[UInt8]] = []
        var failure: Error?
        for index in 0..<10_000 {
            let event = payload(index) + [UInt8](repeating: 7, count: 2000)
            do {
                try log.append([event])
                acknowledged.append(event)
            } catch {
                failure = error
                break
            }
        }
        let error = try XCTUnwrap(failure, "the disk never filled")
        XCTAssertTrue("\(error)".contains("No space left on device"), "\(error)")
        XCTAssertThrowsError(try log.append([[1]])) { later in
            guard case LogError.writingStopped = later else { return XCTFail("\(later)") }
        }
        let (records, verification) = try LogFixture.read(path)
        XCTAssertNil(verification.damage, "the failed write was taken back")
        XCTAssertEqual(records.map(\.1), acknowledged)
        print("T8 full disk: \(acknowledged.count) events acknowledged before ENOSPC, none after")
    }
}
