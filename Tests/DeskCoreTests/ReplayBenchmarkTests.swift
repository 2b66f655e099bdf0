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
        // Payloads back to back in one buffer, as a log read into memory would be.
        var log: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(wanted)
        for e in DemoHistory(
            seed: 1, complaints: complaints, start: Timestamp(utcYear: 2025, month: 1, day: 6))
        {
            log.append(contentsOf: EventCodec.encode(e))
            ends.append(log.count)
            if ends.count == wanted { break }
        }
        let generated = Date().timeIntervalSince(t0)
        let bytes = log.count
        let count = ends.count
        let rssBefore = residentMiB()
        func each(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
            try log.withUnsafeBytes { raw in
                var start = 0
                for end in ends {
                    try body(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                    start = end
                }
            }
        }

        t0 = Date()
        var state = DeskState()
        state.reserve(complaints: complaints, events: count)
        try each { state.apply(try EventCodec.decode($0)) }
        let replay = Date().timeIntervalSince(t0)

        t0 = Date()
        var decodedOnly = 0
        try each { if case .acknowledged = try EventCodec.decode($0).event { decodedOnly += 1 } }
        let decodeTime = Date().timeIntervalSince(t0)

        // Baseline in the same run: JSONSerialization of the same events as JSON lines.
        var lines: [Data] = []
        try each {
            if lines.count < 100_000 {
                lines.append(Data(try EventCodec.jsonLine(RecordedEvent(decoding: $0)).utf8))
            }
        }
        t0 = Date()
        for l in lines { _ = try JSONSerialization.jsonObject(with: l) }
        let jsonRate = Double(lines.count) / Date().timeIntervalSince(t0)

        let now = Timestamp(utcYear: 2027, month: 1, day: 1)
        t0 = Date()
        let queue = state.queue(now: now)
        let queueTime = Date().timeIntervalSince(t0)
        t0 = Date()
        let results = state.standardResults(now: now)
        let resultsTime = Date().timeIntervalSince(t0)

        XCTAssertEqual(state.eventCount, count)
        XCTAssertGreaterThan(decodedOnly, 0)
        XCTAssertGreaterThan(state.complaintCount, 0)
        XCTAssertFalse(results.isEmpty)
        let n = Double(count)
        print(
            """
            replay benchmark: \(count) events, \(state.complaintCount) complaints, \(bytes / count) bytes/event avg
              generate+encode \(String(format: "%.2f", generated)) s
              decode only     \(String(format: "%.0f", n / decodeTime)) events/s
              decode+apply    \(String(format: "%.0f", n / replay)) events/s (\(String(format: "%.2f", replay)) s)
              baseline: JSONSerialization alone \(String(format: "%.0f", jsonRate)) events/s; decode+apply is \(String(format: "%.1f", n / replay / jsonRate))× that
              queue of \(queue.count) open: \(String(format: "%.1f", queueTime * 1000)) ms; results: \(String(format: "%.1f", resultsTime * 1000)) ms
              resident memory: \(rssBefore) MiB before replay (log buffer held), \(residentMiB()) MiB after
            """)
    }

    private func residentMiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
            return -1
        }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb / 1024
        }
        return -1
    }
}

extension RecordedEvent {
    fileprivate init(decoding bytes: UnsafeRawBufferPointer) throws {
        self = try EventCodec.decode(bytes)
    }
}
