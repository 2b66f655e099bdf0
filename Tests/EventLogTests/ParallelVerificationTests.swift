import DeskTestSupport
import Foundation
import XCTest

@testable import EventLog

/// The chain verified on several threads (``RecordScanner/scanInParallel``) finds what the
/// sequential scan finds: the same first damage (kind, offset, record, message) and the same
/// records visited, wherever the damage falls against the workers' shares.
final class ParallelVerificationTests: XCTestCase {
    let anchor = ChainHash(bytes: Array(repeating: UInt8(7), count: 32))

    /// `count` records in batches of one to three, each chained to the one before, except that
    /// record `forgedLink` (an index) carries a wrong previous-hash under valid checksums.
    func records(_ count: Int, forgedLink: Int? = nil) -> (bytes: [UInt8], starts: [Int]) {
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var previous = anchor
        var index = 0
        while index < count {
            let size = min(1 + index % 3, count - index)
            var encoder = BatchEncoder(nextSequence: UInt64(index + 1), previous: previous, capacity: 0)
            for member in 0..<size {
                if index + member == forgedLink {
                    // A new encoder from the same sequence, chained to a hash that is not the last one.
                    let bytesSoFar = encoder.bytes
                    encoder = BatchEncoder(
                        nextSequence: UInt64(index + member + 1),
                        previous: ChainHash(bytes: [UInt8](repeating: 1, count: 32)),
                        capacity: 0)
                    starts.append(bytes.count + bytesSoFar.count)
                    let payload = Array("record \(index + member) forged".utf8)
                    payload.withUnsafeBytes {
                        encoder.add(kind: .event, payload: $0, last: member == size - 1)
                    }
                    bytes += bytesSoFar
                    bytes += encoder.bytes
                    previous = encoder.previous
                    encoder = BatchEncoder(
                        nextSequence: UInt64(index + member + 2), previous: previous, capacity: 0)
                    continue
                }
                starts.append(bytes.count + encoder.bytes.count)
                let payload = Array(
                    "record \(index + member): \(String(repeating: "x", count: index % 40))".utf8)
                payload.withUnsafeBytes { encoder.add(kind: .event, payload: $0, last: member == size - 1) }
            }
            bytes += encoder.bytes
            previous = encoder.previous
            index += size
        }
        return (bytes, starts)
    }

    /// Scans `bytes` sequentially and in parallel with `workers` threads; returns both outcomes.
    func bothScans(_ bytes: [UInt8], workers: Int) -> (sequential: Outcome, parallel: Outcome) {
        func scan(parallel: Bool) -> Outcome {
            var scanner = RecordScanner(nextSequence: 1, previous: anchor)
            scanner.parallelFrom = parallel ? 0 : Int.max
            scanner.workers = workers
            var visited: [UInt64] = []
            var hashes: [ChainHash] = []
            let (taken, stop) = bytes.withUnsafeBytes { raw in
                scanner.scan(raw, base: 64) { record in
                    visited.append(record.sequence)
                    hashes.append(record.hash!)
                }
            }
            return Outcome(
                taken: taken, stop: stop, visited: visited, hashes: hashes, next: scanner.nextSequence,
                head: scanner.previous)
        }
        return (scan(parallel: false), scan(parallel: true))
    }

    struct Outcome: Equatable {
        var taken: Int
        var stop: RecordScanner.Stop
        var visited: [UInt64]
        var hashes: [ChainHash]
        var next: UInt64
        var head: ChainHash
    }

    func testAnIntactBufferVerifiesAlikeOnEveryNumberOfThreads() {
        let (bytes, _) = records(2000)
        for workers in [1, 2, 3, 7] {
            let (sequential, parallel) = bothScans(bytes, workers: workers)
            XCTAssertEqual(parallel, sequential, "\(workers) workers")
            XCTAssertEqual(parallel.visited.count, 2000)
            XCTAssertEqual(parallel.stop, .needMore(needed: nil))
        }
    }

    /// The record where one worker's share ends and the next one's begins, and its neighbours:
    /// its link is checked against a hash another thread computed.
    func testABrokenLinkBetweenTwoWorkersSharesIsFoundAtThatRecord() {
        let count = 2000
        for workers in [2, 3, 4] {
            let boundaries = (1..<workers).map { count * $0 / workers }
            for forged in boundaries.flatMap({ [$0 - 1, $0, $0 + 1] }) + [1, count / 2, count - 1] {
                let (bytes, starts) = records(count, forgedLink: forged)
                let (sequential, parallel) = bothScans(bytes, workers: workers)
                XCTAssertEqual(parallel, sequential, "record \(forged + 1), \(workers) workers")
                guard case .damage(let damage) = parallel.stop else {
                    XCTFail("record \(forged + 1), \(workers) workers: no damage found")
                    continue
                }
                XCTAssertEqual(damage.kind, .chain)
                XCTAssertEqual(damage.sequence, UInt64(forged + 1))
                XCTAssertEqual(damage.offset, 64 + Int64(starts[forged]))
                XCTAssertEqual(damage.detail, "the previous-record hash does not match the record before it")
                XCTAssertTrue(parallel.visited.allSatisfy { $0 <= UInt64(forged) })
            }
        }
    }

    /// Every kind of damage to one record, at records across the buffer: the first damage and
    /// everything visited before it match the sequential scan exactly.
    func testEachKindOfDamageIsReportedAsTheSequentialScanReportsIt() {
        let (clean, starts) = records(1500)
        // Offsets within a record: length, kind, flags, sequence, length CRC, link, payload,
        // record CRC, trailing length.
        let fieldOffsets = [0, 4, 5, 9, 17, 30, 53, -6, -2]
        for record in [0, 1, 499, 500, 750, 751, 1499] {
            let end = record + 1 < starts.count ? starts[record + 1] : clean.count
            for field in fieldOffsets {
                var bytes = clean
                let at = field >= 0 ? starts[record] + field : end + field
                bytes[at] ^= 0x10
                let (sequential, parallel) = bothScans(bytes, workers: 2)
                XCTAssertEqual(parallel, sequential, "record \(record + 1), byte \(field)")
                if case .damage(let damage) = parallel.stop {
                    XCTAssertEqual(damage.sequence, UInt64(record + 1), "record \(record + 1), byte \(field)")
                } else {
                    XCTFail("record \(record + 1), byte \(field): not found")
                }
            }
        }
        // A buffer cut inside a batch, and cut just after one.
        for cut in [starts[1000] + 10, starts[1000], clean.count - 3] {
            let (sequential, parallel) = bothScans(Array(clean[0..<cut]), workers: 2)
            XCTAssertEqual(parallel, sequential, "cut at \(cut)")
        }
    }

    /// Through `EventLog.verify` on a file of several megabytes (read in large blocks, each
    /// hashed in parallel): a payload byte changed in the middle is found at exactly its record,
    /// with the message the sequential scan gives, and nothing after it is counted.
    func testADamagedRecordInTheMiddleOfALargeLogIsFoundAtItsRecord() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-parallel")
        // Batches of 1–100 records of 0–400 bytes: few syncs, many records.
        let log = try EventLog.open(path: scratch.logPath, access: .readWrite, create: true)
        var generator = SeededGenerator(seed: 13)
        var written: [WrittenRecord] = []
        while written.count < 20_000 {
            let payloads = (0..<Int.random(in: 1...100, using: &generator)).map { _ in
                (0..<Int.random(in: 0...400, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
            }
            var offset = log.position.offset
            for (index, (sequence, payload)) in zip(try log.append(payloads), payloads).enumerated() {
                let end = offset + Int64(RecordFormat.framingSize + payload.count)
                written.append(
                    WrittenRecord(
                        sequence: sequence, start: offset, end: end, payload: payload,
                        endsBatch: index == payloads.count - 1))
                offset = end
            }
        }
        let intact = try EventLog.verify(path: scratch.logPath)
        XCTAssertTrue(intact.isIntact)
        XCTAssertEqual(intact.records, written.count)
        XCTAssertGreaterThan(intact.fileSize, 3 << 20)
        let victim = written[12_345]
        var bytes = try LogFixture.bytes(scratch.logPath)
        bytes[Int(victim.start) + RecordFormat.recordHeaderSize] ^= 0x01
        if victim.payload.isEmpty { bytes[Int(victim.start) + 30] ^= 0x01 }
        try LogFixture.write(bytes, to: scratch.logPath)
        var visited = 0
        let report = try EventLog.verify(path: scratch.logPath) { _ in visited += 1 }
        let damage = try XCTUnwrap(report.damage)
        XCTAssertEqual(damage.kind, .checksum)
        XCTAssertEqual(damage.sequence, victim.sequence)
        XCTAssertEqual(damage.detail, "the record's CRC-32C does not match its bytes")
        // The batch holding the victim is not taken: records before that batch are.
        let batchStart = written[..<12_345].lastIndex { $0.endsBatch }.map { $0 + 1 } ?? 0
        XCTAssertEqual(damage.offset, victim.start)
        XCTAssertEqual(report.records, batchStart)
        XCTAssertEqual(visited, batchStart)
        XCTAssertEqual(report.position.offset, written[batchStart].start)
    }
}
