import Desk
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// P2: `desk import` of N rows, CSV and JSON lines, against the `sqlite3` CLI's `.import` of the
/// same CSV into a WAL database with synchronous=FULL; each a fresh process, interleaved round by
/// round; also the peak memory of the desk's import.
struct ImportBenchmark {
    var directory: String
    var rows: Int
    var rounds: Int
    var desk: String

    var csvPath: String { "\(directory)/p2-\(rows).csv" }
    var jsonPath: String { "\(directory)/p2-\(rows).jsonl" }

    static let channels = ["phone", "mail", "email", "web"]
    static let categories = ["payments", "appointments", "staff", "access", "records", "other"]
    static let names = [
        "Ana Müller", "Jonas O'Brien", "Ngozi Adeyemi", "Søren Ødegaard", "Li Wei", "Fatma Yılmaz",
    ]

    /// The same rows as CSV (a header row, quoted cells with commas) and as JSON lines.
    func prepare() throws {
        guard !FileManager.default.fileExists(atPath: jsonPath) else { return }
        var csv = "customer,email,phone,channel,category,summary\n"
        var json = ""
        csv.reserveCapacity(rows * 120)
        json.reserveCapacity(rows * 160)
        for row in 0..<rows {
            let name = Self.names[row % Self.names.count] + " \(row)"
            let email = "person\(row)@example.org"
            let phone = "+44 20 7946 \(String(format: "%04d", row % 10_000))"
            let channel = Self.channels[row % Self.channels.count]
            let category = Self.categories[(row / 4) % Self.categories.count]
            let summary = "Row \(row): the letter about my claim, dated last month, never arrived"
            csv += "\(name),\(email),\(phone),\(channel),\(category),\"\(summary)\"\n"
            json +=
                "{\"customer\":\"\(name)\",\"email\":\"\(email)\",\"phone\":\"\(phone)\",\"channel\":\"\(channel)\",\"category\":\"\(category)\",\"summary\":\"\(summary)\"}\n"
        }
        try csv.write(toFile: csvPath, atomically: true, encoding: .utf8)
        try json.write(toFile: jsonPath, atomically: true, encoding: .utf8)
    }

    /// A fresh data directory with the sample office published, made outside the timing.
    func freshDesk(_ name: String) throws -> String {
        let path = "\(directory)/\(name)"
        try? FileManager.default.removeItem(atPath: path)
        _ = try DeskSession.open(
            DataDirectory(path: path), access: .readWrite, verifyChainInBackground: false)
        return path
    }

    func report() throws {
        try prepare()
        let sqlite = onPath("sqlite3")
        var deskCSV: [Double] = []
        var deskJSON: [Double] = []
        var baseline: [Double] = []
        var peak = 0
        var cpu: [String: [Double]] = [:]
        for round in 0..<rounds {
            for workload in [0, 1, 2].map({ ($0 + round) % 3 }) {
                switch workload {
                case 0:
                    let data = try freshDesk("p2-desk-csv")
                    let run = spawn(desk, ["import", "--data", data, "--format", "csv", csvPath])
                    guard run.status == 0 else { fail("desk import (CSV) exited \(run.status)") }
                    deskCSV.append(run.seconds)
                    cpu["csv", default: []].append(run.cpu)
                    peak = max(peak, run.kib)
                case 1:
                    let data = try freshDesk("p2-desk-json")
                    let run = spawn(desk, ["import", "--data", data, "--format", "jsonl", jsonPath])
                    guard run.status == 0 else { fail("desk import (JSON lines) exited \(run.status)") }
                    deskJSON.append(run.seconds)
                    cpu["json", default: []].append(run.cpu)
                    peak = max(peak, run.kib)
                default:
                    guard let sqlite else { continue }
                    let db = "\(directory)/p2-baseline.sqlite"
                    for suffix in ["", "-wal", "-shm"] {
                        try? FileManager.default.removeItem(atPath: db + suffix)
                    }
                    let run = spawn(
                        sqlite,
                        [
                            db, "PRAGMA journal_mode=WAL;", "PRAGMA synchronous=FULL;",
                            ".import --csv \(csvPath) complaints",
                        ])
                    guard run.status == 0 else { fail("sqlite3 .import exited \(run.status)") }
                    baseline.append(run.seconds)
                    cpu["sqlite", default: []].append(run.cpu)
                }
            }
        }
        print(
            "\nP2 import of \(rows) rows (\(fileSize(csvPath) / 1024) KiB of CSV), \(rounds) interleaved rounds"
        )
        print(
            "  desk import, CSV            \(seconds(deskCSV))  \(format(Double(rows) / median(deskCSV))) rows/s"
        )
        print(
            "  desk import, JSON lines     \(seconds(deskJSON))  \(format(Double(rows) / median(deskJSON))) rows/s"
        )
        print(
            "  processor time, median: desk CSV \(format(median(cpu["csv"] ?? []))) s, JSON lines \(format(median(cpu["json"] ?? []))) s, sqlite3 \(format(median(cpu["sqlite"] ?? []))) s"
        )
        print("  peak memory of desk import  \(peak / 1024) MiB (goal: bounded; measure with --rows 400000)")
        guard sqlite != nil else {
            print("  sqlite3 .import: skipped, the sqlite3 CLI is not on the PATH (apt-get install sqlite3)")
            return
        }
        print(
            "  sqlite3 .import (WAL, FULL) \(seconds(baseline))  \(format(Double(rows) / median(baseline))) rows/s"
        )
        // The goal is a rate ≥ 1.0× SQLite's: the rate ratio is the inverse of the time ratio.
        print(
            "  desk CSV rate / SQLite:        \(verdict(median(baseline) / median(deskCSV), goal: 1, atMost: false))"
        )
        print(
            "  desk JSON lines rate / SQLite: \(verdict(median(baseline) / median(deskJSON), goal: 1, atMost: false))"
        )
    }
}
