// desk-bench: each performance goal's workload beside its baseline, in one run (PERFORMANCE.md).
//
//   swift build -c release --product desk && swift build -c release --product desk-bench
//   .build/release/desk-bench all [--quick]
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
let allGoals = ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"]
let usage = """
    usage: desk-bench all|p1|p2|p3|p4|p5|p6|p7|p8 ... [--quick] [--rounds N] [--complaints N] [--rows N] [--dir DIR]
      p1  durable single-event commits beside raw write+fdatasync and SQLite WAL/FULL
      p2  desk import of N rows (CSV and JSON lines) beside sqlite3 .import of the same CSV; peak memory
      p3  start-up and chain verification beside SQLite reading every row and openssl dgst
      p4  peak memory of `desk status` (with p3's log)
      p5  another process's append (write + fdatasync) to this process's read (LogWatcher + readNew), p99
      p6  queue keys (move, page, filter, search) with N complaints in the process, p99 vs 16 ms
      p7  over SSH: not measurable here; prints the README's figure and the test that measures it
      p8  desk export (CSV and JSON lines) beside sqlite3 -csv writing the same rows
      all every goal; --quick: smaller sizes and fewer rounds (all of them in under three minutes)
    Options: --rounds N (rounds per goal), --complaints N (p3 p4 p6 p8), --rows N (p2), --events N (p1),
    --dir DIR (where logs are written; default .build/bench). Results are medians over interleaved rounds;
    each goal ends with "goal met" or "goal missed by X×".
    Nothing runs without a goal named.
    """
let asksForHelp = arguments.contains("--help") || arguments.contains("-h")
let goals = arguments.contains("all") ? allGoals : arguments.filter { allGoals.contains($0) }
if arguments.first == "p5-writer" {
    runFollowWriter(Array(arguments.dropFirst()))
    exit(0)
}
if goals.isEmpty || asksForHelp {
    print(usage)
    // A bare run or --help is not an error; arguments that name no goal are.
    exit(asksForHelp || arguments.isEmpty ? 0 : 64)
}
let quick = arguments.contains("--quick")
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
let deskExecutable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("desk").path
func requireDesk() {
    guard FileManager.default.isExecutableFile(atPath: deskExecutable) else {
        fail("build the desk product too: swift build -c release --product desk")
    }
}

try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
print(
    "desk-bench on \(ProcessInfo.processInfo.hostName), \(ProcessInfo.processInfo.activeProcessorCount) cores, load \(loadAverage()), in \(directory)"
)
if quick {
    print("--quick: smaller sizes and fewer rounds than the goals name; the ratios are indicative only")
}
let started = now()
// Each goal's lines as soon as it is done, also when the output goes to a file.
fflush(nil)
let complaints = option("--complaints", default: quick ? 20_000 : 200_000)

if goals.contains("p1") {
    try runCommitGoal(
        rounds: option("--rounds", default: quick ? 3 : 7),
        perRound: option("--events", default: quick ? 500 : 2000))
    fflush(nil)
}
if goals.contains("p2") {
    requireDesk()
    try ImportBenchmark(
        directory: directory, rows: option("--rows", default: quick ? 20_000 : 100_000),
        rounds: option("--rounds", default: quick ? 2 : 3), desk: deskExecutable
    ).report()
    fflush(nil)
}
if goals.contains("p3") || goals.contains("p4") {
    requireDesk()
    try runStartupGoals(
        complaints: complaints, rounds: option("--rounds", default: quick ? 2 : 3),
        memory: goals.contains("p4"))
    fflush(nil)
}
if goals.contains("p5") {
    try FollowBenchmark(directory: directory, appends: quick ? 100 : 400).report()
    fflush(nil)
}
if goals.contains("p6") {
    QueueKeyBenchmark(complaints: complaints, rounds: option("--rounds", default: quick ? 10 : 40)).report()
    fflush(nil)
}
if goals.contains("p7") {
    reportSSHGoal()
    fflush(nil)
}
if goals.contains("p8") {
    requireDesk()
    try ExportBenchmark(
        startup: StartupBenchmark(directory: directory, complaints: complaints, rounds: 1),
        rounds: option("--rounds", default: quick ? 2 : 3), desk: deskExecutable
    ).report()
    fflush(nil)
}
print("\ndesk-bench took \(format(now() - started)) s")
