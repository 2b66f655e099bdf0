import DeskTestSupport
import EventLog
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 8, item 2: the commit mark in the writers' lock file tells the loss of acknowledged
/// records apart from a torn write that was never acknowledged.
final class CommitMarkTests: XCTestCase {
    /// Counts syncs, to show the mark needs none of its own.
    final class CountingIO: LogFileIO, @unchecked Sendable {
        private let lock = NSLock()
        private var syncs = 0
        var dataSyncs: Int { lock.withLock { syncs } }
        func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
            SystemFileIO().write(descriptor, bytes)
        }
        func fdatasync(_ descriptor: Int32) -> Int32 {
            lock.withLock { syncs += 1 }
            return SystemFileIO().fdatasync(descriptor)
        }
        func fsync(_ descriptor: Int32) -> Int32 { SystemFileIO().fsync(descriptor) }
        func ftruncate(_ descriptor: Int32, _ length: Int64) -> Int32 {
            SystemFileIO().ftruncate(descriptor, length)
        }
        func pwrite(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64) -> Int {
            SystemFileIO().pwrite(descriptor, bytes, at: offset)
        }
    }

    /// A log of one record, then a 50-record batch committed with a watermark: the end of the first
    /// batch, the offsets of the second's records, and the end.
    private func logWithABatch(in scratch: TemporaryDirectory) throws -> (
        before: Int64, offsets: [Int64], end: Int64
    ) {
        let log = try EventLog.open(path: scratch.logPath, access: .readWrite, create: true)
        try log.append([Array("first".utf8)])
        let before = log.position.offset
        let payloads = (0..<50).map { Array("record \($0) of the batch".utf8) }
        let appended = try log.append(
            catchUp: { _ in },
            decide: {
                EventLog.Decision(payloads: payloads, outcome: (), mark: [7, 0, 0, 0, 51, 0, 0, 0])
            })
        return (before, appended.offsets, appended.position.offset)
    }

    /// Writes a lock file as a writer leaves it: 0660, which a writer insists on.
    private func writeLock(_ bytes: [UInt8], to path: String) throws {
        try LogFixture.write(bytes, to: path)
        XCTAssertEqual(chmod(path, 0o660), 0)
    }

    private func notes(_ path: String) throws -> [String] {
        var found: [String] = []
        _ = try EventLog.verify(path: path) { record in
            if record.kind == .logNote { found.append(String(decoding: record.payload, as: UTF8.self)) }
        }
        return found
    }

    func testTheMarkHoldsTheLastCommitAndCostsNoSync() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-mark")
        let io = CountingIO()
        let log = try EventLog.open(path: scratch.logPath, access: .readWrite, create: true, io: io)
        XCTAssertNil(log.commitMark(), "no writer has committed yet")
        let before = io.dataSyncs
        for round in 1...10 {
            _ = try log.append(
                catchUp: { _ in },
                decide: {
                    EventLog.Decision(payloads: [[UInt8(round)]], outcome: (), mark: [UInt8(round)])
                })
        }
        XCTAssertEqual(io.dataSyncs - before, 10, "one fdatasync per commit, none for the mark")
        let mark = try XCTUnwrap(log.commitMark())
        XCTAssertEqual(mark.committedLength, log.position.offset)
        XCTAssertEqual(mark.lastSequence, 10)
        XCTAssertEqual(mark.watermark, [10])
        // A decision without a mark keeps the watermark the last writer left.
        try log.append([[0]])
        XCTAssertEqual(log.commitMark()?.watermark, [10])
        XCTAssertEqual(log.commitMark()?.lastSequence, 11)
        // Another process's reader sees the same mark.
        let reader = try EventLog.open(path: scratch.logPath, access: .readOnly)
        XCTAssertEqual(reader.commitMark(), log.commitMark())
        XCTAssertNil(reader.lostRecords(), "nothing read yet, but nothing is lost either")
    }

    /// Every cut inside the committed batch loses acknowledged records, and only such cuts do: a
    /// reader says so at each, and a writer's repair (or, at a batch boundary, its note) records it.
    func testEveryCutInsideTheLastCommittedBatchIsLossAndOnlyThose() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-mark")
        let (before, offsets, end) = try logWithABatch(in: scratch)
        let original = try LogFixture.bytes(scratch.logPath)
        let lock = try LogFixture.bytes(scratch.logPath + ".lock")
        let cutPath = scratch.path + "/cut.log"
        try writeLock(lock, to: cutPath + ".lock")
        try LogFixture.write(original, to: cutPath)
        let fd = open(cutPath, O_RDWR)
        defer { close(fd) }
        var checked = 0
        for cut in stride(from: end, through: before, by: -1) {
            XCTAssertEqual(ftruncate(fd, off_t(cut)), 0)
            let reader = try EventLog.open(path: cutPath, access: .readOnly)
            try reader.readNew { _ in }
            let lost = reader.lostRecords()
            if cut == end {
                XCTAssertNil(lost, "nothing cut")
            } else {
                XCTAssertEqual(lost?.fromSequence, 2, "cut \(cut)")
                XCTAssertEqual(lost?.throughSequence, 51, "cut \(cut)")
                XCTAssertEqual(lost?.bytes, end - before, "cut \(cut)")
                XCTAssertEqual(lost?.watermark, [7, 0, 0, 0, 51, 0, 0, 0], "cut \(cut)")
            }
            checked += 1
        }
        XCTAssertEqual(checked, Int(end - before) + 1)

        // Writers repair a sample of the cuts: every record boundary, and inside every record.
        let cuts = offsets + offsets.map { $0 + 1 } + offsets.dropFirst().map { $0 - 5 } + [end - 1]
        for cut in cuts {
            let path = scratch.path + "/repair-\(cut).log"
            try LogFixture.write(Array(original[0..<Int(cut)]), to: path)
            try writeLock(lock, to: path + ".lock")
            let writer = try EventLog.open(path: path, access: .readWrite)
            try writer.append([Array("after".utf8)])
            let note = try XCTUnwrap(try notes(path).last, "cut \(cut)")
            XCTAssertTrue(note.contains("\"lost_from_sequence\":2,"), "cut \(cut): \(note)")
            XCTAssertTrue(note.contains("\"lost_through_sequence\":51,"), "cut \(cut): \(note)")
            XCTAssertTrue(note.contains("\"lost_bytes\":\(end - before),"), "cut \(cut): \(note)")
            XCTAssertTrue(note.contains("\"lost_mark\":\"0700000033000000\""), "cut \(cut): \(note)")
            let kind = cut == before ? "acknowledged records lost" : "torn tail repaired"
            XCTAssertTrue(note.contains("\"note\":\"\(kind)\""), "cut \(cut): \(note)")
            // Noted once: the mark now holds the repaired log, so the next writer finds no loss.
            XCTAssertEqual(writer.commitMark()?.watermark, [7, 0, 0, 0, 51, 0, 0, 0])
            try writer.append([Array("again".utf8)])
            XCTAssertEqual(try notes(path).count, 1, "cut \(cut)")
        }
    }

    /// A write torn before it was acknowledged lies past the mark: it is repaired without a word
    /// of loss.
    func testATornWriteAfterTheLastCommitIsNotLoss() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-mark")
        let (_, _, end) = try logWithABatch(in: scratch)
        let lockPath = scratch.logPath + ".lock"
        let lock = try LogFixture.bytes(lockPath)
        let log = try EventLog.open(path: scratch.logPath, access: .readWrite)
        try log.readNew { _ in }
        try log.append((0..<4).map { Array("unacknowledged \($0)".utf8) })
        // That batch, torn in its write by a writer killed before its sync: the mark never moved.
        let torn = try LogFixture.bytes(scratch.logPath)
        try LogFixture.write(Array(torn[0..<Int(end + (log.position.offset - end) / 2)]), to: scratch.logPath)
        try writeLock(lock, to: lockPath)
        let reader = try EventLog.open(path: scratch.logPath, access: .readOnly)
        try reader.readNew { _ in }
        XCTAssertNil(reader.lostRecords())
        let writer = try EventLog.open(path: scratch.logPath, access: .readWrite)
        try writer.append([Array("after".utf8)])
        let note = try XCTUnwrap(try notes(scratch.logPath).first)
        XCTAssertTrue(note.contains("torn tail repaired"), note)
        XCTAssertFalse(note.contains("lost"), note)
        XCTAssertEqual(writer.commitMark()?.committedLength, writer.position.offset)
        XCTAssertEqual(writer.position.lastSequence, 53, "51, the repair note and the new record")
    }

    /// A mark whose checksum fails, or cut short, says nothing: the log cannot tell, as before.
    func testADamagedMarkCannotTell() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-mark")
        let (_, offsets, _) = try logWithABatch(in: scratch)
        let lockPath = scratch.logPath + ".lock"
        let lock = try LogFixture.bytes(lockPath)
        XCTAssertEqual(truncate(scratch.logPath, off_t(offsets[25])), 0)
        for (what, damaged) in [
            ("a flipped bit", lock.enumerated().map { $0.offset == 30 ? $0.element ^ 1 : $0.element }),
            ("cut short", Array(lock.prefix(40))), ("empty (an older desk)", []),
        ] {
            try writeLock(damaged, to: lockPath)
            let reader = try EventLog.open(path: scratch.logPath, access: .readOnly)
            try reader.readNew { _ in }
            XCTAssertNil(reader.commitMark(), what)
            XCTAssertNil(reader.lostRecords(), what)
        }
        let writer = try EventLog.open(path: scratch.logPath, access: .readWrite)
        try writer.append([Array("after".utf8)])
        let note = try XCTUnwrap(try notes(scratch.logPath).first)
        XCTAssertFalse(note.contains("lost"), note)
        XCTAssertNotNil(writer.commitMark(), "the writer marks its own commit")
    }

    /// The mark is written without a sync and its failure is ignored: a failed or half-written mark
    /// never fails a commit, and never makes the log report loss it did not suffer.
    func testAFailedOrTornMarkWriteNeverFailsACommitNorInventsLoss() throws {
        for fault in [FaultyFileIO.Fault.fail(EIO), .shortThenFail(ENOSPC)] {
            for number in 1...6 {
                let context = "\(fault) at mark write \(number)"
                let scratch = try TemporaryDirectory(prefix: "mark-fault")
                let io = FaultyFileIO()
                let log = try EventLog.open(path: scratch.logPath, access: .readWrite, create: true, io: io)
                io.arm(.pwrite, number: number, fault)
                for index in 0..<6 {
                    XCTAssertNoThrow(try log.append([Array("event \(index)".utf8)]), context)
                }
                XCTAssertEqual(io.injected, 1, "\(context): the fault was reached")
                let (records, verification) = try LogFixture.read(scratch.logPath)
                XCTAssertNil(verification.damage, context)
                XCTAssertEqual(records.count, 6, context)

                let reopened = try EventLog.open(path: scratch.logPath, access: .readWrite)
                XCTAssertNil(reopened.lostRecords(), "\(context): no loss invented")
                if let mark = reopened.commitMark() {
                    // An older mark says less, never more, than the log holds.
                    let size = try XCTUnwrap(
                        FileManager.default.attributesOfItem(atPath: scratch.logPath)[.size] as? Int64)
                    XCTAssertLessThanOrEqual(mark.committedLength, size, context)
                    XCTAssertLessThanOrEqual(mark.lastSequence, 6, context)
                } else {
                    XCTAssertEqual(number, 6, "\(context): only a torn last mark leaves none to trust")
                }
                // The next commit writes a whole mark again.
                try reopened.append([Array("after".utf8)])
                XCTAssertEqual(reopened.commitMark()?.lastSequence, 7, context)
            }
        }
    }
}
