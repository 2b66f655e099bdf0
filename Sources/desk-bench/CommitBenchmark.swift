import CSQLite
import EventLog
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// P1: durable single-event commits through the log, against a raw `write`+`fdatasync` loop and
/// SQLite (WAL, synchronous=FULL, one insert per transaction), interleaved round by round.
struct CommitBenchmark {
    var directory: String
    var rounds: Int
    var perRound: Int
    let payload = [UInt8](repeating: 0x61, count: 300)

    func run() throws -> [Series] {
        var raw = Series(name: "raw write+fdatasync")
        var log = Series(name: "EventLog.append")
        var sqlite = Series(name: "SQLite WAL FULL")
        // The same loop writing as many bytes as the log's record (payload + 60 bytes of framing):
        // tells the cost of the bytes apart from the cost of the protocol.
        var rawFramed = Series(name: "raw, record-sized")
        // The log's own cost without the sync: locking, checks, encoding, hashing, one write.
        var unsynced = Series(name: "log, no fdatasync")
        for round in 0..<rounds {
            let roundDirectory = "\(directory)/p1-\(round)"
            try? FileManager.default.removeItem(atPath: roundDirectory)
            try FileManager.default.createDirectory(atPath: roundDirectory, withIntermediateDirectories: true)
            // Rotate the order each round, so none always runs on a warmer disk.
            let order = [0, 1, 2, 3, 4].map { ($0 + round) % 5 }
            for workload in order {
                switch workload {
                case 0: try rawLoop(roundDirectory + "/raw.dat", &raw)
                case 1: try logLoop(roundDirectory + "/events.log", &log)
                case 3:
                    try rawLoop(
                        roundDirectory + "/raw-framed.dat", &rawFramed,
                        bytes: payload.count + RecordFormat.framingSize)
                case 2: try sqliteLoop(roundDirectory + "/baseline.sqlite", &sqlite)
                default:
                    let log = try EventLog.open(
                        path: roundDirectory + "/unsynced.log", access: .readWrite, create: true,
                        io: UnsyncedFileIO())
                    try timed(perRound, into: &unsynced) { _ in try log.append([payload]) }
                }
            }
            try? FileManager.default.removeItem(atPath: roundDirectory)
        }
        return [raw, log, sqlite, rawFramed, unsynced]
    }

    private func rawLoop(_ path: String, _ series: inout Series, bytes: Int? = nil) throws {
        let record = [UInt8](repeating: 0x61, count: bytes ?? payload.count)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { fail("cannot create \(path)") }
        defer { close(fd) }
        timed(perRound, into: &series) { _ in
            _ = record.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            fdatasync(fd)
        }
    }

    private func logLoop(_ path: String, _ series: inout Series) throws {
        let log = try EventLog.open(path: path, access: .readWrite, create: true)
        try timed(perRound, into: &series) { _ in
            try log.append([payload])
        }
    }

    private func sqliteLoop(_ path: String, _ series: inout Series) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { fail("sqlite3_open \(path)") }
        defer { sqlite3_close(db) }
        sqlite3_exec(
            db,
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE events(id INTEGER PRIMARY KEY, payload BLOB);",
            nil, nil, nil)
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO events(payload) VALUES (?)", -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        timed(perRound, into: &series) { _ in
            _ = payload.withUnsafeBytes {
                sqlite3_bind_blob(statement, 1, $0.baseAddress, Int32($0.count), desk_sqlite_transient())
            }
            if sqlite3_step(statement) != SQLITE_DONE { fail("sqlite insert failed") }
            sqlite3_reset(statement)
        }
    }
}

/// The system's calls, less `fdatasync`: to measure what an append costs besides the sync.
struct UnsyncedFileIO: LogFileIO {
    let system = SystemFileIO()
    func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        system.write(descriptor, bytes)
    }
    func fdatasync(_ descriptor: Int32) -> Int32 { 0 }
    func fsync(_ descriptor: Int32) -> Int32 { system.fsync(descriptor) }
    func ftruncate(_ descriptor: Int32, _ length: Int64) -> Int32 { system.ftruncate(descriptor, length) }
    func pwrite(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64) -> Int {
        system.pwrite(descriptor, bytes, at: offset)
    }
}

/// P1's report: each series, then the log against raw and SQLite.
func runCommitGoal(rounds: Int, perRound: Int) throws {
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
    print("  log / raw:     \(verdict(log.medianRate / raw.medianRate, goal: 0.9, atMost: false))")
    print("  log / SQLite:  \(verdict(log.medianRate / sqlite.medianRate, goal: 1.0, atMost: false))")
    print("  p99 log / raw: \(verdict(log.p99 / raw.p99, goal: 2, atMost: true))")
    print(
        "  log / raw writing record-sized (360-byte) writes: \(format(log.medianRate / series[3].medianRate))×"
    )
}
