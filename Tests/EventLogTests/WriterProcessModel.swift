// What the process tests know about `eventlog-writer`: the payloads it attempts, its output lines,
// and a model of a log that checks every record against what the writers attempted.

import DeskTestSupport
import EventLog
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// The writer's payload for (writer, index): a copy of `payload(writer:index:size:)` in
/// `Sources/eventlog-writer/main.swift`. Any change there must be made here too.
func writerPayload(writer: Int, index: Int, size: Int) -> [UInt8] {
    let prefix = Array("w=\(writer) i=\(index) n=\(size);".utf8)
    guard size > prefix.count else { return prefix }
    return [UInt8](unsafeUninitializedCapacity: size) { out, count in
        for (position, byte) in prefix.enumerated() { out[position] = byte }
        var state = UInt64(writer &* 1_000_003 &+ index) &* 0x9E37_79B9_7F4A_7C15
        var position = prefix.count
        while position < size {
            state ^= state >> 33
            state = state &* 0xFF51_AFD7_ED55_8CCD
            out[position] = UInt8(truncatingIfNeeded: 97 &+ (state >> 40) % 26)
            position &+= 1
        }
        count = size
    }
}

/// How one `eventlog-writer append` run was started: enough to know every payload it may write.
struct WriterSpec {
    var writer: Int
    var count: Int
    var seed: Int = 1
    var largeEvery: Int = 0
    var largeSize: Int = 4 << 20
    var batch: Int = 1
    var announce = false
    private var sizes: [Int] = []

    init(
        writer: Int, count: Int, seed: Int = 1, largeEvery: Int = 0, largeSize: Int = 4 << 20, batch: Int = 1,
        announce: Bool = false
    ) {
        self.writer = writer
        self.count = count
        self.seed = seed
        self.largeEvery = largeEvery
        self.largeSize = largeSize
        self.batch = batch
        self.announce = announce
    }

    func arguments(log: String) -> [String] {
        var out = ["append", log, "--writer", "\(writer)", "--count", "\(count)", "--seed", "\(seed)"]
        if largeEvery > 0 { out += ["--large-every", "\(largeEvery)", "--large-size", "\(largeSize)"] }
        if batch > 1 { out += ["--batch", "\(batch)"] }
        if announce { out.append("--announce") }
        return out
    }

    /// The payload size the writer uses for event `index` (the same generator as the writer's).
    mutating func size(at index: Int) -> Int {
        if sizes.count <= index {
            var state = UInt64(seed)
            sizes.removeAll()
            sizes.reserveCapacity(index + 1)
            for _ in 0...index {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let large = largeEvery > 0 && Int(state >> 33) % largeEvery == 0
                sizes.append(large ? largeSize : 40 + Int(state >> 40) % 400)
            }
        }
        return sizes[index]
    }

    /// How many events the batch starting after `acked` events holds.
    func batchSize(after acked: Int) -> Int { max(0, min(batch, count - acked)) }
}

struct EventKey: Hashable, CustomStringConvertible {
    var writer: Int
    var index: Int
    var description: String { "(writer \(writer), index \(index))" }
}

/// One line of writer output.
enum WriterLine {
    case ack(EventKey, sequence: UInt64)
    case writing(bytes: Int)
    case followed(events: Int, lastSequence: UInt64, head: String, digest: UInt64)
    case other(String)

    init(_ line: String) {
        let fields = line.split(separator: " ")
        if fields.count == 4, fields[0] == "ack", let w = Int(fields[1]), let i = Int(fields[2]),
            let s = UInt64(fields[3])
        {
            self = .ack(EventKey(writer: w, index: i), sequence: s)
        } else if fields.count == 2, fields[0] == "writing", let n = Int(fields[1]) {
            self = .writing(bytes: n)
        } else if fields.count == 5, fields[0] == "followed", let n = Int(fields[1]),
            let s = UInt64(fields[2]),
            let d = UInt64(fields[4])
        {
            self = .followed(events: n, lastSequence: s, head: String(fields[3]), digest: d)
        } else {
            self = .other(line)
        }
    }
}

/// FNV-1a 64, as the follower computes it over event payloads.
struct FNV1a {
    var value: UInt64 = 0xCBF2_9CE4_8422_2325
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var v = value
        for byte in bytes { v = (v ^ UInt64(byte)) &* 0x100_0000_01B3 }
        value = v
    }
}

/// A note the log wrote about a repair, decoded.
struct RepairNoteSeen {
    var sequence: UInt64
    var offset: Int64
    var bytes: Int64
    var quarantine: String
}

/// Follows a log in the test process and checks each record as it arrives: every event is a payload
/// some writer attempted, byte for byte, and appears once; sequence numbers run 1, 2, 3, …
final class LogModel {
    let path: String
    let reader: EventLog
    var writers: [Int: WriterSpec] = [:]
    /// Where each event was found.
    private(set) var sequences: [EventKey: UInt64] = [:]
    private(set) var indicesByWriter: [Int: [Int]] = [:]
    private(set) var notes: [RepairNoteSeen] = []
    private(set) var records = 0
    private(set) var events = 0
    private(set) var digest = FNV1a()
    private(set) var problems: [String] = []
    private var lastSequence: UInt64 = 0

    init(path: String) throws {
        self.path = path
        reader = try EventLog.open(path: path, access: .readOnly)
    }

    func problem(_ text: String) {
        if problems.count < 50 { problems.append(text) }
    }

    /// Reads what is new; returns the summary (an alarm is recorded as a problem too).
    @discardableResult
    func catchUp() throws -> EventLog.ReadSummary {
        let summary = try reader.readNew { record in self.check(record) }
        if let alarm = summary.alarm { problem("reader alarm: \(alarm)") }
        return summary
    }

    private func check(_ record: LogRecordView) {
        records += 1
        if record.sequence != lastSequence + 1 {
            problem("record \(record.sequence) follows \(lastSequence)")
        }
        lastSequence = record.sequence
        switch record.kind {
        case .logNote:
            guard
                let object = try? JSONSerialization.jsonObject(with: Data(record.payload)) as? [String: Any],
                let name = object["quarantine"] as? String, let offset = object["offset"] as? Int,
                let bytes = object["bytes"] as? Int
            else {
                problem("record \(record.sequence): a log note that is not a repair note")
                return
            }
            notes.append(
                RepairNoteSeen(
                    sequence: record.sequence, offset: Int64(offset), bytes: Int64(bytes), quarantine: name))
        case .event:
            events += 1
            digest.add(record.payload)
            guard let (key, size) = Self.parsePrefix(record.payload) else {
                problem("record \(record.sequence): payload never attempted (no writer prefix)")
                return
            }
            guard var spec = writers[key.writer], key.index >= 0, key.index < spec.count else {
                problem("record \(record.sequence): \(key) was never started")
                return
            }
            let expectedSize = spec.size(at: key.index)
            writers[key.writer] = spec
            guard size == expectedSize, record.payload.count == expectedSize else {
                problem(
                    "record \(record.sequence): \(key) has \(record.payload.count) bytes (prefix says \(size)), "
                        + "the writer attempted \(expectedSize)")
                return
            }
            let expected = writerPayload(writer: key.writer, index: key.index, size: expectedSize)
            let same = expected.withUnsafeBytes {
                memcmp($0.baseAddress!, record.payload.baseAddress!, $0.count) == 0
            }
            if !same {
                problem("record \(record.sequence): \(key)'s payload differs from what was attempted")
            }
            if let earlier = sequences[key] {
                problem("record \(record.sequence): \(key) already appeared as record \(earlier)")
            } else {
                sequences[key] = record.sequence
                indicesByWriter[key.writer, default: []].append(key.index)
            }
        }
    }

    /// Parses "w=W i=I n=LEN;" at the start of a payload.
    static func parsePrefix(_ payload: UnsafeRawBufferPointer) -> (EventKey, Int)? {
        guard let end = payload.prefix(64).firstIndex(of: UInt8(ascii: ";")) else { return nil }
        let text = String(decoding: payload[0..<end], as: UTF8.self)
        let fields = text.split(separator: " ")
        guard fields.count == 3, fields[0].hasPrefix("w="), fields[1].hasPrefix("i="),
            fields[2].hasPrefix("n="),
            let w = Int(fields[0].dropFirst(2)), let i = Int(fields[1].dropFirst(2)),
            let n = Int(fields[2].dropFirst(2))
        else { return nil }
        return (EventKey(writer: w, index: i), n)
    }

    /// Checks that every acknowledged event is in the log with its acknowledged sequence number,
    /// and that each writer's events form a prefix of its indices with at most one unacknowledged
    /// batch after the acknowledged ones (written, then killed before the sync returned).
    func checkAcks(_ acks: [EventKey: UInt64], writer: Int) {
        for (key, sequence) in acks where key.writer == writer {
            guard let found = sequences[key] else {
                problem("acknowledged \(key) (record \(sequence)) is not in the log")
                continue
            }
            if found != sequence {
                problem("acknowledged \(key) as record \(sequence) but it is record \(found)")
            }
        }
        let acked = acks.keys.filter { $0.writer == writer }.count
        let logged = (indicesByWriter[writer] ?? []).sorted()
        if logged != Array(0..<logged.count) {
            problem(
                "writer \(writer)'s events in the log are not indices 0..<\(logged.count): \(logged.prefix(20))…"
            )
        }
        guard let spec = writers[writer] else { return }
        let extra = logged.count - acked
        if extra != 0 && extra != spec.batchSize(after: acked) {
            problem(
                "writer \(writer): \(acked) acknowledged, \(logged.count) in the log; at most one whole batch "
                    + "(\(spec.batchSize(after: acked))) may be written but unacknowledged")
        }
    }

    /// Checks every repair note against its quarantine file beside the log.
    func checkQuarantine() -> (files: [String], noted: Int) {
        let directory = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix("\(base).quarantine-") }
        for note in notes {
            let file = "\(directory)/\(note.quarantine)"
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
                let size = attributes[.size] as? NSNumber
            else {
                problem("repair note \(note.sequence) names \(note.quarantine), which does not exist")
                continue
            }
            if size.int64Value != note.bytes {
                problem("quarantine \(note.quarantine) holds \(size) bytes; its note says \(note.bytes)")
            }
        }
        if files.count < notes.count {
            problem("\(notes.count) repair notes but only \(files.count) quarantine files")
        }
        return (files, notes.count)
    }
}

/// A small deterministic generator, so a failing run can be repeated with `DESK_TEST_SEED`.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func testSeed() -> UInt64 {
    if let text = ProcessInfo.processInfo.environment["DESK_TEST_SEED"], let seed = UInt64(text) {
        return seed
    }
    return UInt64(UInt32.random(in: 0...UInt32.max))
}

/// Creates an empty log in the test process (so followers can open it before any writer runs).
func createEmptyLog(_ path: String) throws {
    _ = try EventLog.open(path: path, access: .readWrite, create: true)
}
