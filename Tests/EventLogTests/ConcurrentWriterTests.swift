// T5 and T6 (RELIABILITY.md): several writer processes and two followers on one log; in T6 one
// writer is killed during a large write while the others go on.

import DeskTestSupport
import EventLog
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

final class ConcurrentWriterTests: XCTestCase {
    let childDeadline = 120.0
    static let marker = "END-OF-TEST"

    /// T5: 8 writers × 2,000 single-event appends, 2 followers started first.
    func testEightWritersTwoFollowersT5() throws {
        let perWriter = deskLongTests ? 20_000 : 2_000
        try runConcurrent(name: "T5", writers: 8, perWriter: perWriter, victim: nil)
    }

    /// T6: as T5 with 8 × 500, and writer 0 writes 16 MiB events and is killed during one.
    func testKillOneWriterMidEventT6() throws {
        let seed = testSeed()
        var random = SplitMix64(state: seed)
        let rounds = deskLongTests ? 10 : 1
        for round in 0..<rounds {
            let nth = Int.random(in: 1...3, using: &random)
            let delay = UInt32.random(in: 0...1_500, using: &random)
            print(
                "T6 round \(round): seed \(seed), kill writer 0 during its large write \(nth), \(delay) µs in"
            )
            try runConcurrent(name: "T6", writers: 8, perWriter: 500, victim: (nth, delay))
        }
    }

    private func runConcurrent(name: String, writers: Int, perWriter: Int, victim: (nth: Int, delay: UInt32)?)
        throws
    {
        let binary = try ProductsDirectory.executable("eventlog-writer")
        let directory = try TemporaryDirectory(prefix: "desk-\(name)")
        defer { directory.remove() }
        let log = directory.file("events.log")
        try createEmptyLog(log)
        let started = monotonicSeconds()

        // Followers first, so they follow the log as it grows.
        let followers = try (0..<2).map { index in
            try ChildProcess(
                executable: binary,
                arguments: ["follow", log]
                    + (victim == nil
                        ? ["--until", "\(writers * perWriter)"] : ["--until-marker", Self.marker]),
                stderrDirectory: directory.path, name: "follower-\(index)")
        }
        var specs: [Int: WriterSpec] = [:]
        var children: [ChildProcess] = []
        for writer in 0..<writers {
            let spec =
                victim != nil && writer == 0
                ? WriterSpec(
                    writer: writer, count: perWriter, seed: 77, largeEvery: 2, largeSize: 16 << 20,
                    announce: true)
                : WriterSpec(writer: writer, count: perWriter, seed: writer + 1)
            specs[writer] = spec
            children.append(
                try ChildProcess(
                    executable: binary, arguments: spec.arguments(log: log), stderrDirectory: directory.path,
                    name: "writer-\(writer)"))
        }

        var acks: [EventKey: UInt64] = [:]
        var duplicateAcks = 0
        var bigWrites = 0
        var victimKilled = false
        try ChildProcess.readLines(from: children, timeout: childDeadline) { index, line in
            switch WriterLine(line) {
            case .ack(let key, let sequence):
                if acks.updateValue(sequence, forKey: key) != nil { duplicateAcks += 1 }
            case .writing(let bytes) where index == 0 && bytes >= 4 << 20:
                bigWrites += 1
                if let victim, !victimKilled, bigWrites == victim.nth {
                    if victim.delay > 0 { usleep(victim.delay) }  // aims the kill into the write
                    children[0].kill()
                    victimKilled = true
                }
            case .writing:
                break
            default:
                XCTFail("\(name): unexpected line from writer \(index): \(line)")
            }
            return true
        }
        for (index, child) in children.enumerated() {
            let exit = try child.wait(timeout: childDeadline)
            if victim != nil && index == 0 {
                XCTAssertEqual(
                    exit, .signalled(SIGKILL), "\(name): the victim was not killed (\(child.stderr))")
            } else {
                XCTAssertEqual(exit, .exited(0), "\(name): writer \(index) failed: \(child.stderr)")
            }
        }
        let writersDone = monotonicSeconds()

        if victim != nil {
            // The followers stop at a marker event, as the victim's last event may or may not be in.
            let closing = try EventLog.open(path: log, access: .readWrite)
            try closing.append([Array(Self.marker.utf8)])
        }
        var followed: [WriterLine] = []
        try ChildProcess.readLines(from: followers, timeout: childDeadline) { index, line in
            followed.append(WriterLine(line))
            if case .followed = WriterLine(line) {
            } else {
                XCTFail("\(name): follower \(index) said \(line)")
            }
            return true
        }
        for follower in followers {
            XCTAssertEqual(
                try follower.wait(timeout: childDeadline), .exited(0), "\(name): \(follower.stderr)")
        }

        // A fresh replay in the test process.
        let model = try LogModel(path: log)
        model.writers = specs
        var markers = 0
        let replay = try model.reader.readNew { record in
            if record.kind == .event, record.payload.elementsEqual(Self.marker.utf8) { markers += 1 }
        }
        XCTAssertNil(replay.alarm, "\(name)")
        // The same log through the checking model (the marker counts as a record never attempted).
        let checking = try LogModel(path: log)
        checking.writers = specs
        try checking.catchUp()
        let expectedProblems = victim == nil ? 0 : 1
        let unexpected = checking.problems.filter { !$0.contains("payload never attempted") }
        XCTAssert(unexpected.isEmpty, "\(name): \(unexpected.joined(separator: "\n"))")
        XCTAssertEqual(
            checking.problems.count - unexpected.count, expectedProblems, "\(name): \(checking.problems)")
        for writer in 0..<writers { checking.checkAcks(acks, writer: writer) }
        XCTAssert(
            checking.problems.count == expectedProblems,
            "\(name): \(checking.problems.joined(separator: "\n"))")

        XCTAssertEqual(duplicateAcks, 0, "\(name)")
        let verification = try EventLog.verify(path: log)
        XCTAssertTrue(verification.isIntact, "\(name): \(verification.damage.map { "\($0)" } ?? "")")
        XCTAssertEqual(verification.fileSize, verification.position.offset, "\(name)")
        XCTAssertEqual(verification.records, checking.records, "\(name)")
        XCTAssertEqual(
            UInt64(checking.records), verification.position.lastSequence, "\(name): a gap in sequence")
        let quarantine = checking.checkQuarantine()
        XCTAssert(
            checking.problems.count == expectedProblems,
            "\(name): \(checking.problems.joined(separator: "\n"))")

        if victim != nil {
            XCTAssertEqual(markers, 1, "\(name)")
            // Survivors wrote everything; the victim's acknowledged events are all there.
            let survivors = (1..<writers).flatMap { w in
                (0..<perWriter).map { EventKey(writer: w, index: $0) }
            }
            for key in survivors where checking.sequences[key] == nil { XCTFail("\(name): \(key) missing") }
            XCTAssertLessThanOrEqual(acks.count, checking.sequences.count, "\(name)")
            // A repair happened exactly when the kill tore the victim's write, and was noted.
            XCTAssertEqual(quarantine.files.count, checking.notes.count, "\(name): \(quarantine.files)")
            print(
                "\(name): writer 0 killed after \(acks.keys.filter { $0.writer == 0 }.count) acknowledged events; "
                    + "\(checking.indicesByWriter[0]?.count ?? 0) of its events in the log; "
                    + "torn tail repaired: \(checking.notes.count) note(s), quarantine \(quarantine.files)")
        } else {
            XCTAssertEqual(checking.events, writers * perWriter, "\(name)")
            XCTAssertEqual(acks.count, writers * perWriter, "\(name)")
            XCTAssertEqual(checking.notes.count, 0, "\(name)")
            XCTAssertEqual(verification.position.lastSequence, UInt64(writers * perWriter), "\(name)")
        }

        // Every follower saw exactly the fresh replay.
        let head = verification.position.head.hex
        XCTAssertEqual(followed.count, followers.count, "\(name)")
        for line in followed {
            guard case .followed(let events, let lastSequence, let followedHead, let digest) = line else {
                continue
            }
            XCTAssertEqual(events, checking.events, "\(name): follower event count")
            XCTAssertEqual(
                lastSequence, verification.position.lastSequence, "\(name): follower last sequence")
            XCTAssertEqual(followedHead, head, "\(name): follower chain head")
            XCTAssertEqual(digest, checking.digest.value, "\(name): follower digest")
        }

        let seconds = writersDone - started
        print(
            "\(name): \(writers) writers × \(perWriter), \(checking.events) events, \(checking.records) records, "
                + "\(acks.count) acks in \(String(format: "%.2f", seconds)) s "
                + "(\(Int(Double(acks.count) / seconds)) acknowledged events/s); "
                + "2 followers equal to a fresh replay (head \(head.prefix(16))…); total \(String(format: "%.2f", monotonicSeconds() - started)) s"
        )
    }
}
