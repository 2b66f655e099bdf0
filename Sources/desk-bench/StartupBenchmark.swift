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
    func deskStartup() throws -> (seconds: Double, open: Int, verified: Double) {
        let start = now()
        let session = try DeskSession.open(DataDirectory(path: dataPath), access: .readOnly)
        let queue = session.state.queue(now: session.clock.now)
        let firstQueue = now() - start
        guard session.waitForChainVerification(timeout: 600) == true else { fail("the chain did not verify") }
        return (firstQueue, queue.count, now() - start)
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

    /// Peak resident memory (KiB) of a child process, from wait4's rusage.
    func peakMemory(_ executable: String, _ arguments: [String]) throws -> (kib: Int, seconds: Double) {
        let start = now()
        var pid: pid_t = 0
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else {
            fail("cannot start \(executable)")
        }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        return (Int(usage.ru_maxrss), now() - start)
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
