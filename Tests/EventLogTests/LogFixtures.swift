import DeskTestSupport
import EventLog
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

extension TemporaryDirectory {
    /// Where a log in this directory lives, as in a data directory.
    var logPath: String { file("events.log") }
}

/// A small deterministic generator (SplitMix64), so every trial can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What a test knows about a record it wrote: where it starts and ends, and its payload.
struct WrittenRecord: Equatable, Sendable {
    var sequence: UInt64
    var start: Int64
    var end: Int64
    var payload: [UInt8]
    /// Whether this record ends its batch (a cut before a batch's last record loses the batch).
    var endsBatch: Bool
}

enum LogFixture {
    /// Writes `count` records of mixed sizes (mostly small, some several KiB, a few batches) and
    /// returns what was written, in order.
    static func write(
        records count: Int, to path: String, seed: UInt64, smallSize: Int = 120, largeSize: Int = 4096
    ) throws -> [WrittenRecord] {
        let log = try EventLog.open(path: path, access: .readWrite, create: true)
        var generator = SeededGenerator(seed: seed)
        var written: [WrittenRecord] = []
        while written.count < count {
            let batchSize =
                Int.random(in: 0..<10, using: &generator) == 0 ? Int.random(in: 2...4, using: &generator) : 1
            let payloads = (0..<min(batchSize, count - written.count)).map { _ in
                let size =
                    Int.random(in: 0..<12, using: &generator) == 0
                    ? Int.random(in: largeSize / 4...largeSize, using: &generator)
                    : Int.random(in: 0...smallSize, using: &generator)
                return (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            }
            var offset = log.position.offset
            let sequences = try log.append(payloads)
            for (index, (sequence, payload)) in zip(sequences, payloads).enumerated() {
                let end = offset + Int64(RecordFormat.framingSize + payload.count)
                written.append(
                    WrittenRecord(
                        sequence: sequence, start: offset, end: end, payload: payload,
                        endsBatch: index == payloads.count - 1))
                offset = end
            }
        }
        return written
    }

    /// Every event payload in the log at `path`, with its sequence number, through a fresh reader.
    static func read(_ path: String) throws -> (records: [(UInt64, [UInt8])], verification: LogVerification) {
        var records: [(UInt64, [UInt8])] = []
        let verification = try EventLog.verify(path: path) { record in
            if record.kind == .event { records.append((record.sequence, Array(record.payload))) }
        }
        return (records, verification)
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
