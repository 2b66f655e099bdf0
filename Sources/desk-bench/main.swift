// desk-bench: each performance goal's workload beside its baseline, in one run (PERFORMANCE.md).
//
//   swift run -c release desk-bench [p1] [--rounds N] [--dir DIR]
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
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
let goals = arguments.filter { $0.hasPrefix("p") }
let wanted = goals.isEmpty ? ["p1"] : goals

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
}
