import DeskTestSupport
import EventLog
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// T3: a log cut at every byte offset gives back exactly the whole batches before the cut,
/// reported as an incomplete tail, and never crashes or hangs.
final class TruncationTests: XCTestCase {
    final class LockedCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }

    func testCutAtEveryByteOffsetRecoversExactlyTheWholeBatchesBeforeIt() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-log")
        let long = ProcessInfo.processInfo.environment["DESK_LONG_TESTS"] == "1"
        let written = try LogFixture.write(
            records: long ? 1000 : 200, to: scratch.logPath, seed: 3, smallSize: long ? 120 : 40,
            largeSize: long ? 4096 : 800)
        let original = try LogFixture.bytes(scratch.logPath)
        // Two files, one per core: each walks its share of the cuts downwards, so each cut only shortens it.
        let lanes = 2
        let checked = LockedCounter()
        let directory = scratch.path
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            do {
                try Self.checkCuts(
                    lane: lane, of: lanes, original: original, written: written, directory: directory,
                    checked: checked)
            } catch {
                XCTFail("lane \(lane): \(error)")
            }
        }
        print("T3: \(written.count) records, \(original.count) bytes, \(checked.value) cuts verified")
        XCTAssertEqual(checked.value, original.count + 1 - RecordFormat.headerSize)
    }

    private static func checkCuts(
        lane: Int, of lanes: Int, original: [UInt8], written: [WrittenRecord], directory: String,
        checked: LockedCounter
    ) throws {
        let cutPath = directory + "/cut-\(lane).log"
        let fd = open(cutPath, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        _ = original.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        for cut in stride(from: original.count - lane, through: 0, by: -lanes) {
            XCTAssertEqual(ftruncate(fd, off_t(cut)), 0)
            if cut < RecordFormat.headerSize {
                XCTAssertThrowsError(try EventLog.verify(path: cutPath), "cut \(cut) inside the header") {
                    error in
                    guard case LogError.notADeskLog = error else { return XCTFail("cut \(cut): \(error)") }
                }
                continue
            }
            // Whole batches: a record counts only if every record of its batch ends before the cut.
            var expected: [WrittenRecord] = []
            var batch: [WrittenRecord] = []
            for record in written where record.end <= Int64(cut) {
                batch.append(record)
                if record.endsBatch {
                    expected += batch
                    batch.removeAll()
                }
            }
            let (records, verification) = try LogFixture.read(cutPath)
            XCTAssertEqual(records.map(\.0), expected.map(\.sequence), "cut \(cut)")
            XCTAssertEqual(records.map(\.1), expected.map(\.payload), "cut \(cut)")
            let wholeEnd = expected.last?.end ?? Int64(RecordFormat.headerSize)
            if wholeEnd == Int64(cut) {
                XCTAssertNil(verification.damage, "cut \(cut) on a batch boundary")
            } else {
                XCTAssertEqual(verification.damage?.kind, .incompleteTail, "cut \(cut)")
                XCTAssertEqual(verification.damage?.offset, wholeEnd, "cut \(cut)")
            }
            checked.add()
        }
    }

    func testWriterRepairsATornTailIntoQuarantineAndRecordsTheRepair() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-log")
        let written = try LogFixture.write(records: 20, to: scratch.logPath, seed: 5)
        let original = try LogFixture.bytes(scratch.logPath)
        // Tear the last record in half, as a writer killed mid-write would.
        let last = written[written.count - 1]
        let cut = Int(last.start) + Int(last.end - last.start) / 2
        try LogFixture.write(Array(original[0..<cut]), to: scratch.logPath)

        let log = try EventLog.open(path: scratch.logPath, access: .readWrite)
        var notes: [String] = []
        try log.append([Array("after repair".utf8)]) { record in
            if record.kind == .logNote { notes.append(String(decoding: record.payload, as: UTF8.self)) }
        }
        let (records, verification) = try LogFixture.read(scratch.logPath)
        XCTAssertNil(verification.damage)
        XCTAssertEqual(verification.notes, 1)
        XCTAssertEqual(records.last?.1, Array("after repair".utf8))
        XCTAssertEqual(
            records.count,
            written.count - (written.count - written.lastIndex(where: { $0.endsBatch && $0.end <= cut })! - 1)
                + 1)

        let quarantined = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter {
            $0.contains("quarantine")
        }
        XCTAssertEqual(quarantined.count, 1)
        let fragment = try LogFixture.bytes(scratch.path + "/" + quarantined[0])
        let wholeEnd = Int(written.last(where: { $0.endsBatch && $0.end <= cut })!.end)
        XCTAssertEqual(
            fragment, Array(original[wholeEnd..<cut]), "the quarantine holds exactly the torn bytes")
        var mode = stat()
        stat(scratch.path + "/" + quarantined[0], &mode)
        XCTAssertEqual(mode.st_mode & 0o777, 0o660)
    }

    /// A repair killed after copying the torn bytes aside but before truncating them leaves a
    /// quarantine file; the next repair of the same bytes keeps that one copy and names it.
    func testARepairInterruptedAfterItsCopyIsFinishedWithThatCopy() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-log")
        let written = try LogFixture.write(records: 10, to: scratch.logPath, seed: 8)
        let original = try LogFixture.bytes(scratch.logPath)
        let last = written[written.count - 1]
        let cut = Int(last.start) + 30
        try LogFixture.write(Array(original[0..<cut]), to: scratch.logPath)
        let wholeEnd = Int(written.last(where: { $0.endsBatch && $0.end <= cut })!.end)
        let earlier = "events.log.quarantine-\(wholeEnd)-1700000000000-1"
        try LogFixture.write(Array(original[wholeEnd..<cut]), to: scratch.path + "/" + earlier)
        // A copy of other bytes at the same offset is not the same repair.
        try LogFixture.write(
            [1, 2, 3], to: scratch.path + "/events.log.quarantine-\(wholeEnd)-1600000000000-1")

        let log = try EventLog.open(path: scratch.logPath, access: .readWrite)
        var notes: [String] = []
        try log.append([Array("after".utf8)]) { record in
            if record.kind == .logNote { notes.append(String(decoding: record.payload, as: UTF8.self)) }
        }
        let quarantined = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter {
            $0.contains(".quarantine-")
        }
        XCTAssertEqual(quarantined.count, 2, "no third copy: \(quarantined)")
        let (_, verification) = try LogFixture.read(scratch.logPath)
        XCTAssertNil(verification.damage)
        XCTAssertEqual(verification.notes, 1)
        var noteText = ""
        _ = try EventLog.verify(path: scratch.logPath) { record in
            if record.kind == .logNote { noteText = String(decoding: record.payload, as: UTF8.self) }
        }
        XCTAssertTrue(noteText.contains(earlier), noteText)
    }
}
