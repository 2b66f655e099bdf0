import DeskCore
import Foundation
import XCTest

/// Prints replay speed; asserts only correctness (timings on shared machines are noisy).
/// `DESK_BENCH_EVENTS` sets the number of events (default 200,000); run with `-c release`
/// for figures that mean anything.
final class ReplayBenchmarkTests: XCTestCase {
    func testEncodeDecodeApplySpeed() throws {
        let wanted = Int(ProcessInfo.processInfo.environment["DESK_BENCH_EVENTS"] ?? "") ?? 200_000
        let complaints = max(100, wanted / 6)
        var t0 = Date()
        var payloads: [[UInt8]] = []
        payloads.reserveCapacity(wanted)
        for e in DemoHistory(seed: 1, complaints: complaints, start: Timestamp(utcYear: 2025, month: 1, day: 6)) {
            payloads.append(EventCodec.encode(e))
            if payloads.count == wanted { break }
        }
        let generated = Date().timeIntervalSince(t0)
        let bytes = payloads.reduce(0) { $0 + $1.count }
        let rssBefore = residentMiB()

        t0 = Date()
        var state = DeskState()
        state.reserve(complaints: complaints, events: payloads.count)
        for p in payloads { state.apply(try EventCodec.decode(p)) }
        let replay = Date().timeIntervalSince(t0)

        t0 = Date()
        var decodedOnly = 0
        for p in payloads { if case .acknowledged = try EventCodec.decode(p).event { decodedOnly += 1 } }
        let decodeTime = Date().timeIntervalSince(t0)

        let now = Timestamp(utcYear: 2027, month: 1, day: 1)
        t0 = Date()
        let queue = state.queue(now: now)
        let queueTime = Date().timeIntervalSince(t0)
        t0 = Date()
        let results = state.standardResults(now: now)
        let resultsTime = Date().timeIntervalSince(t0)

        XCTAssertEqual(state.eventCount, payloads.count)
        XCTAssertGreaterThan(state.complaintCount, 0)
        XCTAssertFalse(results.isEmpty)
        let n = Double(payloads.count)
        print(
            """
            replay benchmark: \(payloads.count) events, \(state.complaintCount) complaints, \(bytes / payloads.count) bytes/event avg
              generate+encode \(String(format: "%.2f", generated)) s
              decode only     \(String(format: "%.0f", n / decodeTime)) events/s
              decode+apply    \(String(format: "%.0f", n / replay)) events/s (\(String(format: "%.2f", replay)) s)
              queue of \(queue.count) open: \(String(format: "%.1f", queueTime * 1000)) ms; results: \(String(format: "%.1f", resultsTime * 1000)) ms
              resident memory: \(rssBefore) MiB before replay (payloads held), \(residentMiB()) MiB after
            """)
    }

    private func residentMiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb / 1024
        }
        return -1
    }
}
