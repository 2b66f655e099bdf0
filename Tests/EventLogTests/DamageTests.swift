import DeskTestSupport
import EventLog
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// T4 and `desk log verify`: damage anywhere is found, named, and placed at the right record.
final class DamageTests: XCTestCase {
    /// Index of the first record whose batch is damaged, given damage in record `index`.
    private func firstOfBatch(_ written: [WrittenRecord], containing index: Int) -> Int {
        var first = index
        while first > 0 && !written[first - 1].endsBatch { first -= 1 }
        return first
    }

    func testEveryBitOfEveryRecordsFramingIsCaughtAtThatRecord() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-log")
        let written = try LogFixture.write(
            records: 24, to: scratch.logPath, seed: 11, smallSize: 30, largeSize: 200)
        let original = try LogFixture.bytes(scratch.logPath)
        let damaged = scratch.path + "/damaged.log"
        var trials = 0
        for (index, record) in written.enumerated() {
            let start = Int(record.start)
            let end = Int(record.end)
            let framing =
                Array(start..<start + RecordFormat.recordHeaderSize)
                + Array(end - RecordFormat.recordTrailerSize..<end)
            for byte in framing {
                for bit in 0..<8 {
                    var bytes = original
                    bytes[byte] ^= UInt8(1 << bit)
                    try LogFixture.write(bytes, to: damaged)
                    let (records, verification) = try LogFixture.read(damaged)
                    let damage = try XCTUnwrap(
                        verification.damage,
                        "bit \(bit) of byte \(byte) (record \(record.sequence)) went unnoticed")
                    XCTAssertNotEqual(damage.kind, .incompleteTail, "byte \(byte)")
                    XCTAssertEqual(damage.offset, record.start, "byte \(byte) bit \(bit): \(damage)")
                    XCTAssertEqual(damage.sequence, record.sequence)
                    XCTAssertEqual(
                        records.count, firstOfBatch(written, containing: index),
                        "only whole batches before the damage")
                    trials += 1
                }
            }
        }
        print("T4: \(trials) framing bit flips, all detected at their record")
    }

    func testPayloadBitFlipsAndOverwrittenRangesAreCaughtAsCorruption() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-log")
        let written = try LogFixture.write(
            records: 200, to: scratch.logPath, seed: 12, smallSize: 60, largeSize: 1200)
        let original = try LogFixture.bytes(scratch.logPath)
        let damaged = scratch.path + "/damaged.log"
        var generator = SeededGenerator(seed: 99)
        let withPayload = written.indices.filter { !written[$0].payload.isEmpty && $0 < written.count - 1 }
        var flips = 0
        var ranges = 0
        for trial in 0..<600 {
            var bytes = original
            let index: Int
            let firstChanged: Int
            if trial % 2 == 0 {
                index = withPayload.randomElement(using: &generator)!
                let record = written[index]
                firstChanged =
                    Int(record.start) + RecordFormat.recordHeaderSize
                    + Int.random(in: 0..<record.payload.count, using: &generator)
                bytes[firstChanged] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
                flips += 1
            } else {
                // A range in the middle of the log, overwritten with other bytes.
                firstChanged = Int.random(
                    in: RecordFormat.headerSize..<(original.count * 3 / 4), using: &generator)
                let length = Int.random(in: 1...64, using: &generator)
                for position in firstChanged..<min(firstChanged + length, bytes.count) {
                    bytes[position] = UInt8.random(in: 0...255, using: &generator)
                }
                bytes[firstChanged] = original[firstChanged] ^ 0x5A  // the first byte surely differs
                index = written.firstIndex { $0.end > Int64(firstChanged) }!
                ranges += 1
            }
            try LogFixture.write(bytes, to: damaged)
            let (records, verification) = try LogFixture.read(damaged)
            let damage = try XCTUnwrap(
                verification.damage, "trial \(trial): damage at byte \(firstChanged) went unnoticed")
            XCTAssertNotEqual(damage.kind, .incompleteTail, "trial \(trial): mid-log damage is corruption")
            XCTAssertEqual(damage.offset, written[index].start, "trial \(trial): \(damage)")
            XCTAssertEqual(records.count, firstOfBatch(written, containing: index))
        }
        print("T4: \(flips) payload bit flips and \(ranges) overwritten ranges, all detected at their record")
    }

    /// T10 smoke: random mutations of a log never crash the reader, and what it accepts is always
    /// a prefix of what was written.
    func testMutatedLogsAlwaysReadAsAValidPrefix() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-log")
        let written = try LogFixture.write(
            records: 40, to: scratch.logPath, seed: 13, smallSize: 80, largeSize: 600)
        let original = try LogFixture.bytes(scratch.logPath)
        let mutated = scratch.path + "/mutated.log"
        var generator = SeededGenerator(seed: 1234)
        let iterations = ProcessInfo.processInfo.environment["DESK_LONG_TESTS"] == "1" ? 50_000 : 3_000
        var outcomes: [String: Int] = [:]
        for iteration in 0..<iterations {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let at = Int.random(
                    in: RecordFormat.headerSize..<max(RecordFormat.headerSize + 1, bytes.count),
                    using: &generator)
                switch Int.random(in: 0..<5, using: &generator) {
                case 0: if at < bytes.count { bytes[at] = UInt8.random(in: 0...255, using: &generator) }
                case 1:
                    bytes.insert(
                        contentsOf: (0..<Int.random(in: 1...70, using: &generator)).map { _ in
                            UInt8.random(in: 0...255, using: &generator)
                        }, at: min(at, bytes.count))
                case 2:
                    bytes.removeSubrange(
                        min(
                            at, bytes.count)..<min(
                                at + Int.random(in: 1...200, using: &generator), bytes.count))
                case 3: bytes.removeSubrange(min(at, bytes.count)...)
                default:
                    let from = Int.random(in: RecordFormat.headerSize..<original.count, using: &generator)
                    bytes.insert(
                        contentsOf: original[
                            from..<min(from + Int.random(in: 1...300, using: &generator), original.count)],
                        at: min(at, bytes.count))
                }
            }
            try LogFixture.write(bytes, to: mutated)
            let (records, verification) = try LogFixture.read(mutated)
            XCTAssertLessThanOrEqual(records.count, written.count)
            for (got, want) in zip(records, written) {
                XCTAssertEqual(got.0, want.sequence, "iteration \(iteration)")
                XCTAssertEqual(got.1, want.payload, "iteration \(iteration)")
            }
            outcomes[verification.damage?.kind.rawValue ?? "intact", default: 0] += 1
        }
        print("T10 smoke: \(iterations) mutated logs: \(outcomes.sorted { $0.key < $1.key })")
    }

    // MARK: desk log verify, on each kind of damage

    private func verifyWithDesk(_ directory: String) throws -> (status: Int32, output: String) {
        let result = try ProductRun.run("desk", ["log", "verify", "--data", directory])
        return (result.status, result.standardOutput + result.standardError)
    }

    private func assertDamage(
        _ output: String, kind: String, offset: Int64, sequence: UInt64, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertTrue(
            output.contains("\(kind) at byte offset \(offset), record \(sequence)"),
            "expected \(kind) at \(offset) (record \(sequence)) in:\n\(output)", file: file, line: line)
    }

    func testDeskLogVerifyNamesEachKindOfDamage() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-log")
        // Single-record batches, so every record can be moved about on its own.
        let log = try EventLog.open(path: scratch.logPath, access: .readWrite, create: true)
        var written: [WrittenRecord] = []
        for index in 0..<12 {
            let payload =
                Array("complaint \(index) ".utf8) + [UInt8](repeating: UInt8(index), count: index * 7)
            let start = log.position.offset
            let sequence = try log.append([payload])[0]
            written.append(
                WrittenRecord(
                    sequence: sequence, start: start, end: log.position.offset, payload: payload,
                    endsBatch: true))
        }
        let original = try LogFixture.bytes(scratch.logPath)
        func slice(_ record: WrittenRecord) -> [UInt8] {
            Array(original[Int(record.start)..<Int(record.end)])
        }
        func prefix(before index: Int) -> [UInt8] { Array(original[0..<Int(written[index].start)]) }
        func suffix(from index: Int) -> [UInt8] { Array(original[Int(written[index].start)...]) }

        let intact = try verifyWithDesk(scratch.path)
        XCTAssertEqual(intact.status, 0, intact.output)
        XCTAssertTrue(intact.output.contains("intact — 12 records"), intact.output)
        XCTAssertTrue(intact.output.contains("chain head: \(log.position.head.hex)"), intact.output)

        let cases: [(name: String, bytes: [UInt8], kind: String, offset: Int64, sequence: UInt64)] = [
            (
                "truncate", Array(original[0..<Int(written[9].start) + 30]), "incomplete tail",
                written[9].start, 10
            ),
            (
                "flip a bit",
                {
                    var b = original
                    b[Int(written[5].start) + 60] ^= 0x10
                    return b
                }(), "checksum", written[5].start, 6
            ),
            ("delete", prefix(before: 4) + suffix(from: 5), "sequence", written[4].start, 5),
            (
                "insert", prefix(before: 4) + slice(written[8]) + suffix(from: 4), "sequence",
                written[4].start, 5
            ),
            (
                "swap", prefix(before: 3) + slice(written[4]) + slice(written[3]) + suffix(from: 5),
                "sequence", written[3].start, 4
            ),
            (
                "duplicate", prefix(before: 7) + slice(written[6]) + suffix(from: 7), "sequence",
                written[7].start, 8
            ),
        ]
        for damage in cases {
            let directory = try TemporaryDirectory(
                prefix: "desk-\(damage.name.replacingOccurrences(of: " ", with: "-"))")
            try LogFixture.write(damage.bytes, to: directory.logPath)
            let result = try verifyWithDesk(directory.path)
            XCTAssertEqual(result.status, 65, "\(damage.name): \(result.output)")
            assertDamage(result.output, kind: damage.kind, offset: damage.offset, sequence: damage.sequence)
        }
    }

    /// A record rewritten with its own checksums made good again still breaks the chain.
    func testARewrittenRecordWithValidChecksumsBreaksTheChain() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-log")
        let log = try EventLog.open(path: scratch.logPath, access: .readWrite, create: true)
        var starts: [Int64] = []
        for index in 0..<8 {
            starts.append(log.position.offset)
            try log.append([Array("record \(index)".utf8)])
        }
        let original = try LogFixture.bytes(scratch.logPath)
        // A forger keeps records 1–4, writes a different record 5 with a valid checksum, then
        // splices back the original records 6–8: record 6 now points at a record that is gone.
        let forgery = try TemporaryDirectory(prefix: "desk-forgery")
        try LogFixture.write(Array(original[0..<Int(starts[4])]), to: forgery.logPath)
        let forger = try EventLog.open(path: forgery.logPath, access: .readWrite)
        try forger.append([Array("record 4, altered".utf8)])
        let forgedFive = try LogFixture.bytes(forgery.logPath)
        try LogFixture.write(forgedFive + Array(original[Int(starts[5])...]), to: forgery.logPath)

        let result = try verifyWithDesk(forgery.path)
        XCTAssertEqual(result.status, 65, result.output)
        assertDamage(result.output, kind: "chain", offset: Int64(forgedFive.count), sequence: 6)
    }

    func testLogFileIsKeptFromOtherUsers() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-log")
        _ = try LogFixture.write(records: 3, to: scratch.logPath, seed: 1)
        var info = stat()
        XCTAssertEqual(stat(scratch.logPath, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o660, "complaint data is for the desk's group only")
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else {
            throw XCTSkip("needs root and runuser to act as another user")
        }
        chmod(scratch.path, 0o755)
        let result = try ProductRun.run(
            "desk", ["log", "verify", "--data", scratch.path], asUser: "nobody")
        XCTAssertEqual(result.status, 74, result.standardError)
        XCTAssertTrue(result.standardError.contains("Permission denied"), result.standardError)
    }

    /// A forger who rewrites a record and re-chains everything after it leaves a log that verifies;
    /// the chain head an auditor kept for an earlier record is what gives the forgery away.
    func testTheHeadKeptForARecordExposesAFullyRechainedForgery() throws {
        let scratch = try TemporaryDirectory(prefix: "desk-log")
        let log = try EventLog.open(path: scratch.logPath, access: .readWrite, create: true)
        var starts: [Int64] = []
        for index in 0..<8 {
            starts.append(log.position.offset)
            try log.append([Array("record \(index)".utf8)])
        }
        func head(at record: Int, _ directory: String) throws -> String {
            let result = try ProductRun.run(
                "desk", ["log", "verify", "--data", directory, "--at", "\(record)"])
            XCTAssertEqual(result.status, 0, result.standardError)
            let line = result.standardOutput.split(separator: "\n").first {
                $0.hasPrefix("chain head at record \(record): ")
            }
            return String(try XCTUnwrap(line, result.standardOutput).split(separator: " ").last!)
        }
        let kept = try head(at: 6, scratch.path)
        try log.append([Array("later".utf8)])
        XCTAssertEqual(try head(at: 6, scratch.path), kept, "a log that only grew keeps its earlier heads")

        let forgery = try TemporaryDirectory(prefix: "desk-rechained")
        try LogFixture.write(
            Array(try LogFixture.bytes(scratch.logPath)[0..<Int(starts[3])]), to: forgery.logPath)
        let forger = try EventLog.open(path: forgery.logPath, access: .readWrite)
        try forger.append([Array("record 3, altered".utf8)])
        for index in 4..<8 { try forger.append([Array("record \(index)".utf8)]) }
        XCTAssertTrue(try EventLog.verify(path: forgery.logPath).isIntact, "re-chained: every link holds")
        XCTAssertNotEqual(try head(at: 6, forgery.path), kept)

        let missing = try ProductRun.run("desk", ["log", "verify", "--data", forgery.path, "--at", "99"])
        XCTAssertEqual(missing.status, 65)
        XCTAssertTrue(missing.standardError.contains("has no record 99"), missing.standardError)
    }
}
