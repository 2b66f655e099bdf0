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

/// Median and spread of seconds: "1.23 s [1.10–1.40]".
func seconds(_ values: [Double]) -> String {
    guard let low = values.min(), let high = values.max() else { return "-" }
    return "\(format(median(values))) s [\(format(low))–\(format(high))]"
}

/// The verdict on a ratio against its goal: `atMost` for a goal like "≤ 2×", else "≥".
func verdict(_ ratio: Double, goal: Double, atMost: Bool) -> String {
    let bound = "\(atMost ? "≤" : "≥") \(format(goal))×"
    let met = atMost ? ratio <= goal : ratio >= goal
    if met { return "\(format(ratio))× — goal met (\(bound))" }
    let by = atMost ? ratio / goal : goal / max(ratio, 1e-9)
    return "\(format(ratio))× — goal missed by \(format(by))× (\(bound))"
}

/// The 1-minute load average, to say how busy the machine was.
func loadAverage() -> String {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
    return String(text.split(separator: " ").first ?? "?")
}

/// Runs a child process with standard output to `output` (default /dev/null) and standard input
/// from `input` (default /dev/null); returns its exit status, wall time, peak memory (KiB) and
/// processor time (user + system, seconds: on a shared machine, the part that is its own).
///
/// Linux carries a process's peak memory across `exec` from the image it replaced, and
/// `posix_spawn` starts the child in this (large) process's image: so the child is started
/// through GNU `time`, a small process that forks it and writes its own child's peak, when
/// `/usr/bin/time` is there; without it the peak may be this process's.
func spawn(
    _ executable: String, _ arguments: [String], output: String = "/dev/null", input: String = "/dev/null"
) -> (status: Int32, seconds: Double, kib: Int, cpu: Double) {
    let start = now()
    var pid: pid_t = 0
    let peakFile = "\(directory)/.peak-\(getpid())"
    let timed = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
    let command = timed ? ["/usr/bin/time", "-f", "%M", "-o", peakFile, executable] : [executable]
    let argv = (command + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    defer { posix_spawn_file_actions_destroy(&actions) }
    guard posix_spawn(&pid, command[0], &actions, nil, argv, environ) == 0 else {
        fail("cannot start \(executable)")
    }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let cpu =
        Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    var kib = Int(usage.ru_maxrss)
    if timed, let text = try? String(contentsOfFile: peakFile, encoding: .utf8),
        let peak = text.split(separator: "\n").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
    {
        kib = peak
    }
    unlink(peakFile)
    return (exit, now() - start, kib, cpu)
}

/// The first executable of that name on the PATH, or nil.
func onPath(_ name: String) -> String? {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

func fileSize(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
}
