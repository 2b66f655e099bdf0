import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Monotonic time in seconds.
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// One workload's rounds: rates (operations per second) and per-operation latencies.
struct Series {
    var name: String
    var rates: [Double] = []
    var latencies: [Double] = []

    var medianRate: Double { median(rates) }
    var p99: Double {
        let sorted = latencies.sorted()
        return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
    }
    var spread: String {
        guard let low = rates.min(), let high = rates.max() else { return "" }
        return "[\(format(low))–\(format(high))]"
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func format(_ value: Double) -> String {
    if value >= 100 { return String(Int(value.rounded())) }
    return String(format: "%.2f", value)
}

func microseconds(_ seconds: Double) -> String { String(format: "%.0f µs", seconds * 1e6) }

/// Runs `body` `count` times, recording each call's latency; returns operations per second.
func timed(_ count: Int, into series: inout Series, _ body: (Int) throws -> Void) rethrows {
    let start = now()
    for index in 0..<count {
        let t0 = now()
        try body(index)
        series.latencies.append(now() - t0)
    }
    series.rates.append(Double(count) / (now() - start))
}

func fail(_ message: String) -> Never {
    let bytes = Array(("desk-bench: " + message + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}
