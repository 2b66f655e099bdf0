// T1 (RELIABILITY.md): kill -9 a writer process at random moments, some during large writes, and
// check after every kill that acknowledged events survived, nothing never attempted appeared, and
// readers see only whole records; each log's run ends with a repairing append and a clean verify.

import DeskTestSupport
import EventLog
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

final class CrashTests: XCTestCase {
    /// Seconds any single wait on a child may take before the test fails.
    let childDeadline = 60.0

    func testKillNineLoopT1() throws {
        let trials =
            ProcessInfo.processInfo.environment["DESK_T1_TRIALS"].flatMap { Int($0) }
            ?? (deskLongTests ? 2000 : 200)
        let trialsPerLog = 10
        let seed = testSeed()
        print(
            "T1: \(trials) kill -9 trials, \(trialsPerLog) per log, seed \(seed) (DESK_TEST_SEED to repeat)")
        var random = SplitMix64(state: seed)
        let writerBinary = try ProductsDirectory.executable("eventlog-writer")
        let root = try TemporaryDirectory(prefix: "desk-t1")
        defer { root.remove() }

        var totals = (trials: 0, kills: 0, finished: 0, tornTails: 0, quarantines: 0, notes: 0, acks: 0)
        var aimedKills = 0
        var tornByAimed = 0
        let started = monotonicSeconds()

        for run in 0..<(trials + trialsPerLog - 1) / trialsPerLog {
            let directory = root.file("run-\(run)")
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            let log = "\(directory)/events.log"
            try createEmptyLog(log)
            let model = try LogModel(path: log)
            var acks: [EventKey: UInt64] = [:]
            var lastTrialTore = false

            for trial in 0..<min(trialsPerLog, trials - run * trialsPerLog) {
                let writer = run * trialsPerLog + trial
                let plan = KillPlan.random(writer: writer, using: &random)
                model.writers[writer] = plan.spec
                let tStart = monotonicSeconds()
                let child = try ChildProcess(
                    executable: writerBinary, arguments: plan.spec.arguments(log: log),
                    stderrDirectory: directory,
                    name: "writer-\(writer)")
                var lines: [String] = []
                var killed = false
                var bigWrites = 0
                kill: while true {
                    if case .afterStart(let microseconds) = plan.moment {
                        usleep(microseconds)  // aims the kill; nothing is awaited here
                        child.kill()
                        killed = true
                        break kill
                    }
                    guard let line = try child.readLine(timeout: childDeadline) else { break kill }
                    lines.append(line)
                    switch (plan.moment, WriterLine(line)) {
                    case (.afterFirstAck(let microseconds), .ack):
                        usleep(microseconds)
                        child.kill()
                        killed = true
                        break kill
                    case (.duringWrite(let minimumBytes, let nth, let microseconds), .writing(let bytes))
                    where bytes >= minimumBytes:
                        bigWrites += 1
                        if bigWrites == nth {
                            if microseconds > 0 { usleep(microseconds) }
                            child.kill()
                            killed = true
                            aimedKills += 1
                            break kill
                        }
                    default:
                        continue
                    }
                }
                lines += try child.remainingLines(timeout: childDeadline)
                let exit = try child.wait(timeout: childDeadline)
                switch exit {
                case .signalled(SIGKILL): totals.kills += 1
                case .exited(0): totals.finished += 1
                default:
                    XCTFail("trial \(writer): the writer ended with \(exit): \(child.stderr)")
                }
                _ = killed
                for line in lines {
                    if case .ack(let key, let sequence) = WriterLine(line) {
                        XCTAssertEqual(
                            key.writer, writer, "trial \(writer): an ack for another writer: \(line)")
                        XCTAssertNil(acks[key], "trial \(writer): \(key) acknowledged twice")
                        acks[key] = sequence
                        totals.acks += 1
                    }
                }

                let tChild = monotonicSeconds()
                // A reader that followed the log through every earlier trial sees whole records only.
                let summary = try model.catchUp()
                let tRead = monotonicSeconds()
                model.checkAcks(acks, writer: writer)
                // Anything after the last whole record is a torn tail: the start of one batch.
                let size = try FileManager.default.attributesOfItem(atPath: log)[.size] as? NSNumber
                XCTAssertEqual(
                    size?.int64Value, model.reader.position.offset + summary.pendingBytes, "trial \(writer)")
                if summary.pendingBytes > 0 {
                    totals.tornTails += 1
                    if case .duringWrite = plan.moment { tornByAimed += 1 }
                }
                lastTrialTore = summary.pendingBytes > 0
                if ProcessInfo.processInfo.environment["DESK_T1_VERBOSE"] == "1" {
                    print(
                        "trial \(writer) \(plan.moment) child \(tChild - tStart) read \(tRead - tChild) torn \(lastTrialTore)"
                    )
                }
                XCTAssert(
                    model.problems.isEmpty, "trial \(writer): \(model.problems.joined(separator: "\n"))")
                if !model.problems.isEmpty { return }
                totals.trials += 1
            }

            // One more clean append repairs whatever the last kill left; then the log verifies intact.
            let notesBefore = model.notes.count
            let closing = try EventLog.open(path: log, access: .readWrite)
            let closingWriter = 1_000_000 + run
            model.writers[closingWriter] = WriterSpec(writer: closingWriter, count: 1)
            var closingSpec = WriterSpec(writer: closingWriter, count: 1)
            let sequences = try closing.append([
                writerPayload(writer: closingWriter, index: 0, size: closingSpec.size(at: 0))
            ])
            acks[EventKey(writer: closingWriter, index: 0)] = sequences[0]
            try model.catchUp()
            model.checkAcks(acks, writer: closingWriter)
            if lastTrialTore {
                XCTAssertEqual(
                    model.notes.count, notesBefore + 1, "run \(run): the closing append did not note a repair"
                )
            }
            let verification = try EventLog.verify(path: log)
            XCTAssertTrue(verification.isIntact, "run \(run): \(verification.damage.map { "\($0)" } ?? "")")
            XCTAssertEqual(
                verification.records, model.records, "run \(run): fresh and following readers differ")
            XCTAssertEqual(verification.position, model.reader.position, "run \(run)")
            XCTAssertEqual(verification.fileSize, verification.position.offset, "run \(run)")
            XCTAssertEqual(verification.notes, model.notes.count, "run \(run)")
            let quarantine = model.checkQuarantine()
            totals.quarantines += quarantine.files.count
            totals.notes += quarantine.noted
            XCTAssert(model.problems.isEmpty, "run \(run): \(model.problems.joined(separator: "\n"))")
            if !model.problems.isEmpty { return }
            try? FileManager.default.removeItem(atPath: directory)  // keep disk use modest
        }

        let seconds = monotonicSeconds() - started
        print(
            "T1: \(totals.trials) trials in \(String(format: "%.1f", seconds)) s: \(totals.kills) kills, "
                + "\(totals.finished) writers finished first, \(totals.acks) acks checked; "
                + "\(totals.tornTails) kills left a torn tail (\(tornByAimed) of \(aimedKills) aimed at a large write), "
                + "\(totals.quarantines) quarantine files, \(totals.notes) repair notes")
        XCTAssertEqual(totals.trials, trials)
        XCTAssertGreaterThan(totals.acks, 0)
        XCTAssertGreaterThan(
            totals.tornTails, 0, "no kill tore a write: the large-write trials are not aimed well")
    }
}

/// How one trial starts its writer and when it kills it.
struct KillPlan {
    enum Moment {
        /// Right after starting, after this many microseconds (maybe before the log is even open).
        case afterStart(UInt32)
        /// After the first acknowledgement, after this many microseconds.
        case afterFirstAck(UInt32)
        /// During the `nth` write(2) of at least `minimumBytes`, this many microseconds after it began.
        case duringWrite(minimumBytes: Int, nth: Int, UInt32)
    }

    var spec: WriterSpec
    var moment: Moment

    static func random(writer: Int, using random: inout SplitMix64) -> KillPlan {
        let seed = Int.random(in: 1...1_000_000, using: &random)
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<15:
            return KillPlan(
                spec: WriterSpec(writer: writer, count: 100_000, seed: seed),
                moment: .afterStart(UInt32.random(in: 0...60_000, using: &random)))
        case 15..<45:
            return KillPlan(
                spec: WriterSpec(writer: writer, count: 100_000, seed: seed),
                moment: .afterFirstAck(UInt32.random(in: 0...40_000, using: &random)))
        case 45..<80:
            // 16 MiB events: the kernel stops such a write when SIGKILL arrives and keeps what it wrote.
            return KillPlan(
                spec: WriterSpec(
                    writer: writer, count: 6, seed: seed, largeEvery: 2, largeSize: 16 << 20, announce: true),
                moment: .duringWrite(
                    minimumBytes: 4 << 20, nth: Int.random(in: 0..<4, using: &random) == 0 ? 2 : 1,
                    UInt32.random(in: 0...1_500, using: &random)))
        case 80..<92:
            // Batches of 4 or 9 MiB (records of 1 or 3 MiB): a batch is taken whole or not at all,
            // even when a kill leaves some of its records complete.
            let record = Bool.random(using: &random) ? 1 << 20 : 3 << 20
            return KillPlan(
                spec: WriterSpec(
                    writer: writer, count: 12, seed: seed, largeEvery: 1, largeSize: record,
                    batch: record == 1 << 20 ? 4 : 3, announce: true),
                moment: .duringWrite(
                    minimumBytes: 2 << 20, nth: Int.random(in: 1...2, using: &random),
                    UInt32.random(in: 0...1_500, using: &random)))
        default:
            // Any write at all, including a repair's copy into a quarantine file.
            return KillPlan(
                spec: WriterSpec(
                    writer: writer, count: 4, seed: seed, largeEvery: 2, largeSize: 8 << 20, announce: true),
                moment: .duringWrite(
                    minimumBytes: 0, nth: Int.random(in: 1...3, using: &random),
                    UInt32.random(in: 0...3_000, using: &random)))
        }
    }
}
