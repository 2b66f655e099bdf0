import CSQLite
import Desk
import DeskCore
import EventLog
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// P3 and P4: start-up with a large log to a first queue, against SQLite reading the same rows;
/// full chain verification against `openssl dgst -sha256` of the same file; peak memory of a
/// `desk status` process.
struct StartupBenchmark {
    var directory: String
    var complaints: Int
    var rounds: Int

    var dataPath: String { "\(directory)/p3-\(complaints)" }
    var logPath: String { dataPath + "/events.log" }
    var sqlitePath: String { dataPath + "-baseline.sqlite" }

    /// Writes the demo log (once; reused while it exists) and the SQLite copy of its events.
    func prepare(desk: String) throws {
        if !FileManager.default.fileExists(atPath: logPath) {
            let status = try run(
                desk, ["demo", "--data", dataPath, "--complaints", "\(complaints)", "--seed", "1"]
            ).status
            guard status == 0 else { fail("desk demo failed") }
        }
        if !FileManager.default.fileExists(atPath: sqlitePath) {
            var db: OpaquePointer?
            guard sqlite3_open(sqlitePath, &db) == SQLITE_OK else { fail("sqlite3_open") }
            defer { sqlite3_close(db) }
            sqlite3_exec(
                db,
                "PRAGMA journal_mode=WAL; CREATE TABLE events(seq INTEGER PRIMARY KEY, payload BLOB NOT NULL); BEGIN;",
                nil, nil, nil)
            var insert: OpaquePointer?
            sqlite3_prepare_v2(db, "INSERT INTO events(seq, payload) VALUES (?, ?)", -1, &insert, nil)
            _ = try EventLog.verify(path: logPath) { record in
                sqlite3_bind_int64(insert, 1, Int64(record.sequence))
                sqlite3_bind_blob(
                    insert, 2, record.payload.baseAddress, Int32(record.payload.count),
                    desk_sqlite_transient())
                sqlite3_step(insert)
                sqlite3_reset(insert)
            }
            sqlite3_finalize(insert)
            sqlite3_exec(db, "COMMIT;", nil, nil, nil)
        }
    }

    /// Reads every column of every row, touching each payload byte count.
    func sqliteRead() -> (seconds: Double, rows: Int) {
        let start = now()
        var db: OpaquePointer?
        sqlite3_open_v2(sqlitePath, &db, SQLITE_OPEN_READONLY, nil)
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "SELECT seq, payload FROM events ORDER BY seq", -1, &statement, nil)
        var rows = 0
        var bytes = 0
        while sqlite3_step(statement) == SQLITE_ROW {
            _ = sqlite3_column_int64(statement, 0)
            _ = sqlite3_column_blob(statement, 1)
            bytes += Int(sqlite3_column_bytes(statement, 1))
            rows += 1
        }
        sqlite3_finalize(statement)
        return (now() - start, rows + (bytes == 0 ? 1 : 0))
    }

    /// Opens the desk as `desk` does and computes the first screen's queue.
    /// Also waits for the chain verification the session runs on its own thread, so that it
    /// neither escapes the measurement nor disturbs the next one.
    /// Without a snapshot, the one beside the log is removed first (the session then writes one of
    /// this build's, which the next round with a snapshot starts from).
    func deskStartup(snapshot: Bool) throws -> (seconds: Double, open: Int, verified: Double) {
        let snapshotPath = dataPath + "/" + StateSnapshot.fileName
        if !snapshot { unlink(snapshotPath) }
        let start = now()
        let session = try DeskSession.open(DataDirectory(path: dataPath), access: .readOnly)
        let queue = session.state.queue(now: session.clock.now)
        let firstQueue = now() - start
        if snapshot && session.startedFromSnapshot == nil { fail("the desk did not start from its snapshot") }
        guard session.waitForChainVerification(timeout: 600) == true else { fail("the chain did not verify") }
        let verified = now() - start
        PendingSnapshots.shared.wait(timeout: 120)
        return (firstQueue, queue.count, verified)
    }

    func verify() throws -> Double {
        let start = now()
        let report = try EventLog.verify(path: logPath)
        guard report.isIntact else { fail("the benchmark log is damaged: \(report.damage!)") }
        return now() - start
    }

    func opensslDigest() throws -> Double {
        let start = now()
        guard try run("/usr/bin/openssl", ["dgst", "-sha256", logPath]).status == 0 else {
            fail("openssl failed")
        }
        return now() - start
    }

    @discardableResult
    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, "")
    }
}

/// P3 and P4's report: start-up and verification against their baselines, then peak memory.
func runStartupGoals(complaints: Int, rounds: Int, memory: Bool) throws {
    let bench = StartupBenchmark(directory: directory, complaints: complaints, rounds: rounds)
    try bench.prepare(desk: deskExecutable)
    let size = fileSize(bench.logPath)
    var startup: [Double] = []
    var fromSnapshot: [Double] = []
    var verifiedAt: [Double] = []
    var sqlite: [Double] = []
    var verify: [Double] = []
    var openssl: [Double] = []
    var queued = 0
    var rows = 0
    for _ in 0..<rounds {
        let (seconds, count, verified) = try bench.deskStartup(snapshot: false)
        startup.append(seconds)
        verifiedAt.append(verified)
        queued = count
        fromSnapshot.append(try bench.deskStartup(snapshot: true).seconds)
        let baseline = bench.sqliteRead()
        sqlite.append(baseline.seconds)
        rows = baseline.rows
        verify.append(try bench.verify())
        openssl.append(try bench.opensslDigest())
    }
    print(
        "\nP3 start-up with \(complaints) complaints (\(rows) events, \(size / 1_048_576) MiB), \(rounds) interleaved rounds"
    )
    print("  desk: replay + first queue (\(queued) open)   \(seconds(startup))")
    print("  desk: from its snapshot + first queue         \(seconds(fromSnapshot))")
    print("  SQLite: read every row                        \(seconds(sqlite))")
    print(
        "  start-up / SQLite (no snapshot): \(verdict(median(startup) / median(sqlite), goal: 2, atMost: true))"
    )
    print(
        "  start-up / SQLite (snapshot):    \(verdict(median(fromSnapshot) / median(sqlite), goal: 0.5, atMost: true))"
    )
    print("  desk: chain verified on its own thread, from start  median \(format(median(verifiedAt))) s")
    print("  desk log verify (CRC + SHA-256 chain)         \(seconds(verify))")
    print("  openssl dgst -sha256                          \(seconds(openssl))")
    print("  verify / openssl: \(verdict(median(verify) / median(openssl), goal: 1.5, atMost: true))")
    if memory {
        // `desk` keeps a snapshot of its own build: the first run replays and writes it.
        unlink(bench.dataPath + "/" + StateSnapshot.fileName)
        let first = spawn(deskExecutable, ["status", "--data", bench.dataPath])
        let run = spawn(deskExecutable, ["status", "--data", bench.dataPath])
        let mib = Double(run.kib) / 1024
        print(
            "\nP4 peak memory of `desk status` on that log: \(format(mib)) MiB in \(format(run.seconds)) s: \(verdict(mib / 120, goal: 1, atMost: true)) of 120 MiB"
        )
        print(
            "  (without a snapshot, replaying the whole log and writing one: \(format(Double(first.kib) / 1024)) MiB in \(format(first.seconds)) s)"
        )
    }
}
