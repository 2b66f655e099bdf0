import EventLog
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// P5: another process's append, from the moment it starts (its write and fdatasync included),
/// to this process having read it — what a desk's follow does (a `LogWatcher` wake-up, then
/// `readNew`) before it paints. The writer is this executable run as `desk-bench p5-writer LOG N`:
/// it appends one record at a time at random intervals and prints the monotonic clock (which both
/// processes share) before and after each append. Painting is not included: P6 measures it.
struct FollowBenchmark {
    var directory: String
    var appends: Int

    func report() throws {
        let place = "\(directory)/p5"
        try? FileManager.default.removeItem(atPath: place)
        try FileManager.default.createDirectory(atPath: place, withIntermediateDirectories: true)
        let path = place + "/events.log"
        _ = try EventLog.open(path: path, access: .readWrite, create: true)
        let reader = try EventLog.open(path: path, access: .readOnly)
        let watcher = LogWatcher(path: path)
        let output = place + "/writer.out"
        var pid: pid_t = 0
        let words: [String] = [CommandLine.arguments[0], "p5-writer", path, "\(appends)"]
        let argv = words.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { posix_spawn_file_actions_destroy(&actions) }
        guard posix_spawn(&pid, CommandLine.arguments[0], &actions, nil, argv, environ) == 0 else {
            fail("cannot start the p5 writer")
        }
        var seen: [UInt64: Double] = [:]
        while seen.count < appends {
            watcher.wait()
            try reader.readNew { record in seen[record.sequence] = now() }
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        var latencies: [Double] = []
        var early = 0
        let lines = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        for line in lines.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let sequence = UInt64(parts[0]), let started = Double(parts[1]),
                let durable = Double(parts[2]), let read = seen[sequence]
            else { continue }
            // From the start of the writer's append: a reader may see the bytes after the write,
            // before the fdatasync returns, so "from durable" can be negative.
            latencies.append(read - started)
            if read < durable { early += 1 }
        }
        guard !latencies.isEmpty else { fail("the p5 writer reported nothing") }
        latencies.sort()
        let p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
        print(
            "\nP5 another process's append (from its start: write + fdatasync) to this process's read, \(latencies.count) appends; \(early) read before the writer's fdatasync returned"
        )
        print(
            "  p50 \(format(latencies[latencies.count / 2] * 1000)) ms, p99 \(format(p99 * 1000)) ms, max \(format(latencies.last! * 1000)) ms"
        )
        print("  p99 / 100 ms: \(verdict(p99 / 0.1, goal: 1, atMost: true)) (painting not included: see P6)")
    }
}

/// `desk-bench p5-writer LOG N`: N appends 0–20 ms apart, each followed by "SEQ START DURABLE"
/// (the monotonic clock before the append and after it returned).
func runFollowWriter(_ arguments: [String]) {
    guard arguments.count == 2, let count = Int(arguments[1]) else { fail("usage: p5-writer LOG N") }
    do {
        let log = try EventLog.open(path: arguments[0], access: .readWrite)
        let payload = [UInt8](repeating: 0x61, count: 200)
        var out = ""
        for _ in 0..<count {
            usleep(UInt32.random(in: 0...20_000))
            let start = now()
            let sequence = try log.append([payload])[0]
            out += "\(sequence) \(start) \(now())\n"
        }
        print(out, terminator: "")
    } catch {
        fail("p5 writer: \(error)")
    }
}
