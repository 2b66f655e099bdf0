// desk-bench: each performance goal's workload beside its baseline, in one run (PERFORMANCE.md).
//
//   swift build -c release --product desk && swift run -c release desk-bench [p1] [p3] [p4] [--rounds N] [--dir DIR]
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: desk-bench p1|p3|p4 ... [--rounds N] [--events N] [--complaints N] [--dir DIR]
      p1  durable single-event commits beside raw write+fdatasync and SQLite WAL/FULL
      p3  start-up and verification beside SQLite reading every row and openssl dgst
      p4  peak memory of `desk status` (with p3's log)
    Build first: swift build -c release --product desk && swift build -c release --product desk-bench
    Nothing runs without a goal named; results are medians over interleaved rounds.
    """
let goals = arguments.filter { ["p1", "p3", "p4"].contains($0) }
let asksForHelp = arguments.contains("--help") || arguments.contains("-h")
if goals.isEmpty || asksForHelp {
    print(usage)
    // A bare run or --help is not an error; arguments that name no goal are.
    exit(asksForHelp || arguments.isEmpty ? 0 : 64)
}
func option(_ name: String, default fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
        let value = Int(arguments[index + 1])
    else { return fallback }
    return value
}
let directory: String = {
    if let index = arguments.firstIndex(of: "--dir"), index + 1 < arguments.count {
        return arguments[index + 1]
    }
    return FileManager.default.currentDirectoryPath + "/.build/bench"
}()
let wanted = goals

try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
print(
    "desk-bench on \(ProcessInfo.processInfo.hostName), \(ProcessInfo.processInfo.activeProcessorCount) cores, in \(directory)"
)

if wanted.contains("p1") {
    let rounds = option("--rounds", default: 7)
    let perRound = option("--events", default: 2000)
    let series = try CommitBenchmark(directory: directory, rounds: rounds, perRound: perRound).run()
    let raw = series[0]
    print("\nP1 durable single-event commits, 300-byte events, \(rounds) interleaved rounds × \(perRound)")
    for s in series {
        print(
            "  \(s.name.padding(toLength: 22, withPad: " ", startingAt: 0)) median \(format(s.medianRate))/s \(s.spread)  p99 \(microseconds(s.p99))"
        )
    }
    let log = series[1]
    let sqlite = series[2]
    print("  log / raw:    \(format(log.medianRate / raw.medianRate))× (goal ≥ 0.9×)")
    print("  log / SQLite: \(format(log.medianRate / sqlite.medianRate))× (goal ≥ 1.0×)")
    print("  p99 log / raw: \(format(log.p99 / raw.p99))× (goal ≤ 2×)")
    print(
        "  log / raw writing record-sized (360-byte) writes: \(format(log.medianRate / series[3].medianRate))×"
    )
}

if wanted.contains("p3") || wanted.contains("p4") {
    let complaints = option("--complaints", default: 200_000)
    let rounds = option("--rounds", default: 3)
    let bench = StartupBenchmark(directory: directory, complaints: complaints, rounds: rounds)
    let desk = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("desk").path
    guard FileManager.default.isExecutableFile(atPath: desk) else {
        fail("build the desk product too: swift build -c release --product desk")
    }
    try bench.prepare(desk: desk)
    let size = (try? FileManager.default.attributesOfItem(atPath: bench.logPath)[.size] as? Int) ?? 0
    var startup: [Double] = []
    var verifiedAt: [Double] = []
    var sqlite: [Double] = []
    var verify: [Double] = []
    var openssl: [Double] = []
    var queued = 0
    var rows = 0
    for _ in 0..<rounds {
        let (seconds, count, verified) = try bench.deskStartup()
        startup.append(seconds)
        verifiedAt.append(verified)
        queued = count
        let baseline = bench.sqliteRead()
        sqlite.append(baseline.seconds)
        rows = baseline.rows
        verify.append(try bench.verify())
        openssl.append(try bench.opensslDigest())
    }
    print(
        "\nP3 start-up with \(complaints) complaints (\(rows) events, \(size / 1_048_576) MiB), \(rounds) interleaved rounds"
    )
    print(
        "  desk: replay + first queue (\(queued) open)  median \(format(median(startup))) s [\(format(startup.min()!))–\(format(startup.max()!))]"
    )
    print(
        "  SQLite: read every row                       median \(format(median(sqlite))) s [\(format(sqlite.min()!))–\(format(sqlite.max()!))]"
    )
    print("  start-up / SQLite: \(format(median(startup) / median(sqlite)))× (goal ≤ 1.0×)")
    print("  desk: chain verified on its own thread, from start  median \(format(median(verifiedAt))) s")
    print("  desk log verify (CRC + SHA-256 chain)       median \(format(median(verify))) s")
    print("  openssl dgst -sha256                         median \(format(median(openssl))) s")
    print("  verify / openssl: \(format(median(verify) / median(openssl)))× (goal ≤ 3×)")
    if wanted.contains("p4") {
        let memory = try bench.peakMemory(desk, ["status", "--data", bench.dataPath])
        print(
            "\nP4 peak memory of `desk status` on that log: \(memory.kib / 1024) MiB in \(format(memory.seconds)) s (goal ≤ 150 MiB)"
        )
    }
}
