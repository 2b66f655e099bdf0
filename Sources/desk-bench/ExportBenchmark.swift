import Foundation

/// P8: `desk export` of N complaints (CSV and JSON lines, the whole command: replay and writing)
/// against the `sqlite3` CLI writing the same rows as CSV (`sqlite3 -csv -header db 'select …'`),
/// each a fresh process to a file, interleaved round by round. The SQLite table is the desk's
/// own CSV export imported once, so both sides write the same rows and columns.
struct ExportBenchmark {
    var startup: StartupBenchmark
    var rounds: Int
    var desk: String

    func report() throws {
        try startup.prepare(desk: desk)
        let data = startup.dataPath
        let csvOut = data + "-export.csv"
        let jsonOut = data + "-export.jsonl"
        let sqliteOut = data + "-sqlite.csv"
        let db = data + "-export.sqlite"
        guard let sqlite = onPath("sqlite3") else {
            print("\nP8 export: skipped, the sqlite3 CLI is not on the PATH (apt-get install sqlite3)")
            return
        }
        if !FileManager.default.fileExists(atPath: db) {
            guard spawn(desk, ["export", "--data", data, "--format", "csv"], output: csvOut).status == 0,
                spawn(sqlite, [db, ".import --csv \(csvOut) complaints"]).status == 0
            else { fail("could not build the P8 baseline table") }
        }
        var deskCSV: [Double] = []
        var deskJSON: [Double] = []
        var baseline: [Double] = []
        var cpu: [Int: [Double]] = [:]
        for round in 0..<rounds {
            for workload in [0, 1, 2].map({ ($0 + round) % 3 }) {
                switch workload {
                case 0:
                    let run = spawn(desk, ["export", "--data", data, "--format", "csv"], output: csvOut)
                    guard run.status == 0 else { fail("desk export (CSV) exited \(run.status)") }
                    deskCSV.append(run.seconds)
                    cpu[0, default: []].append(run.cpu)
                case 1:
                    let run = spawn(desk, ["export", "--data", data, "--format", "jsonl"], output: jsonOut)
                    guard run.status == 0 else { fail("desk export (JSON lines) exited \(run.status)") }
                    deskJSON.append(run.seconds)
                    cpu[1, default: []].append(run.cpu)
                default:
                    let run = spawn(
                        sqlite, ["-csv", "-header", db, "select * from complaints"], output: sqliteOut)
                    guard run.status == 0 else { fail("sqlite3 -csv exited \(run.status)") }
                    baseline.append(run.seconds)
                    cpu[2, default: []].append(run.cpu)
                }
            }
        }
        print(
            "\nP8 export of \(startup.complaints) complaints (CSV \(fileSize(csvOut) / 1024) KiB, JSON lines \(fileSize(jsonOut) / 1024) KiB), \(rounds) interleaved rounds"
        )
        print("  desk export, CSV (replay included)         \(seconds(deskCSV))")
        print("  desk export, JSON lines (replay included)  \(seconds(deskJSON))")
        print("  sqlite3 -csv select * (same rows)          \(seconds(baseline))")
        print(
            "  processor time, median: desk CSV \(format(median(cpu[0] ?? []))) s, JSON lines \(format(median(cpu[1] ?? []))) s, sqlite3 \(format(median(cpu[2] ?? []))) s"
        )
        print("  CSV / SQLite:        \(verdict(median(deskCSV) / median(baseline), goal: 2, atMost: true))")
        print("  JSON lines / SQLite: \(verdict(median(deskJSON) / median(baseline), goal: 2, atMost: true))")
    }
}
