import DeskCore
import EventLog
import Foundation

/// Where a session's state came from, or was last saved as: a snapshot at a record.
struct SnapshotBase {
    var position: LogPosition
    /// The body's digest; set only for a snapshot this desk started from (the background check
    /// compares a replay with it).
    var digest: [UInt8]?
}

/// Start-up from a snapshot, and keeping one as the log grows (issue 13, item 2; `StateSnapshot`).
extension DeskSession {
    /// How many records the log must grow by before a new snapshot is written:
    /// `DESK_SNAPSHOT_EVERY`, else 10,000 (a log smaller than that replays in a blink).
    static let snapshotEvery: UInt64 = {
        if let text = ProcessInfo.processInfo.environment["DESK_SNAPSHOT_EVERY"], let n = UInt64(text), n > 0
        {
            return n
        }
        return 10_000
    }()

    /// The record the state was restored from a snapshot at, if it was.
    public var startedFromSnapshot: UInt64? {
        snapshotBase?.digest != nil ? snapshotBase?.position.lastSequence : nil
    }

    var snapshotPath: String { StateSnapshot.path(in: directory) }

    /// Restores the state from the snapshot beside the log when it is this build's, of this log,
    /// whole, and the log's record at its number has exactly its chain head; else leaves the state
    /// empty for a whole replay. Returns why a snapshot was not used.
    @discardableResult
    func startFromSnapshot() -> StateSnapshot.Refusal? {
        switch StateSnapshot.load(from: snapshotPath, logFileID: logFileID) {
        case .failure(let refusal):
            return refusal
        case .success(let loaded):
            do {
                guard try log.resume(at: loaded.position) else {
                    return .other(
                        "the log's record \(loaded.position.lastSequence) is not the one it was taken at")
                }
            } catch {
                return .other("\(error)")
            }
            state = loaded.state
            recordOffsets = loaded.session.recordOffsets
            for note in loaded.session.notes { note.withUnsafeBytes { noteLogNote($0) } }
            unreserved = Array(setAside.suffix(loaded.session.unreserved))
            snapshotBase = SnapshotBase(position: loaded.position, digest: loaded.digest)
            return nil
        }
    }

    /// What the session keeps beside its state, as a snapshot holds it.
    var snapshotSessionPart: StateSnapshot.SessionPart {
        let unreservedCount = unreserved.count
        return StateSnapshot.SessionPart(
            recordOffsets: recordOffsets, notes: notePayloads, unreserved: unreservedCount)
    }

    /// Writes a snapshot on another thread once the log has grown since the last one (or since
    /// the start, without one) by `snapshotEvery` records or a tenth, whichever is more (so a
    /// board following a busy import does not rewrite a large snapshot every few seconds); one at
    /// a time. The state is a value, so the
    /// thread writes the state as it is now while this desk goes on.
    func considerSnapshot() {
        let position = log.position
        let since =
            position.lastSequence - min(position.lastSequence, snapshotBase?.position.lastSequence ?? 0)
        guard since >= max(Self.snapshotEvery, position.lastSequence / 10), snapshotWriting.claim() else {
            return
        }
        snapshotBase = SnapshotBase(position: position, digest: snapshotBase?.digest)
        let (state, part, path, fileID, lock) = (
            state, snapshotSessionPart, snapshotPath, logFileID, snapshotWriting
        )
        let thread = Thread {
            // A cache: a snapshot that cannot be written (a full disk, a directory this account
            // may not write) costs only a slower start next time.
            try? StateSnapshot.write(
                to: path, state: state, session: part, position: position, logFileID: fileID)
            lock.release()
            PendingSnapshots.shared.finished()
        }
        PendingSnapshots.shared.started()
        thread.start()
    }

    /// Writes a snapshot now, whatever the log's growth, on this thread (for tests and `desk log
    /// snapshot`-like uses); returns what went wrong, if anything.
    public func writeSnapshot() throws {
        PendingSnapshots.shared.wait()
        guard snapshotWriting.claim() else { return }
        defer { snapshotWriting.release() }
        try StateSnapshot.write(
            to: snapshotPath, state: state, session: snapshotSessionPart, position: log.position,
            logFileID: logFileID)
        snapshotBase = SnapshotBase(position: log.position, digest: snapshotBase?.digest)
    }

    /// Walks the whole log, chain included (the verification), and in the same pass replays it up
    /// to the snapshot's record and compares the digest of the state it builds with the
    /// snapshot's: the difference is nil when they agree. Run by the background verification of
    /// a desk that started from a snapshot, and by `desk log verify`.
    static func checkSnapshot(_ base: SnapshotBase, digest: [UInt8], logPath: String) throws
        -> (report: LogVerification, difference: String?)
    {
        var state = DeskState()
        var offsets: [Int64] = []
        var notes: [[UInt8]] = []
        var unreserved = 0
        var unreadable: String?
        let last = base.position.lastSequence
        let report = try EventLog.verify(path: logPath) { record in
            guard record.sequence <= last, unreadable == nil else { return }
            offsets.append(record.offset)
            if record.kind != .event {
                if SetAside(note: record.payload) != nil {
                    notes.append(Array(record.payload))
                    unreserved += 1
                }
                return
            }
            do {
                let event = try EventCodec.decode(record.payload)
                if case .idsReserved = event.event { unreserved = 0 }
                state.apply(event, position: record.sequence)
            } catch {
                unreadable = "record \(record.sequence) cannot be read: \(error)"
            }
        }
        if let unreadable { return (report, unreadable) }
        guard offsets.count == Int(last) else {
            return (report, "the log holds \(offsets.count) of its \(last) records")
        }
        let part = StateSnapshot.SessionPart(recordOffsets: offsets, notes: notes, unreserved: unreserved)
        guard let replayed = try? StateSnapshot.digest(state: state, session: part), replayed == digest else {
            return (
                report, "the state snapshot taken at record \(last) differs from a replay of the log up to it"
            )
        }
        return (report, nil)
    }
}

/// Whether a session's snapshot is being written (claimed and released on any thread).
final class SnapshotFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var busy = false

    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if busy { return false }
        busy = true
        return true
    }

    func release() {
        lock.lock()
        busy = false
        lock.unlock()
    }
}

/// Snapshots being written on other threads, so that a command waits for them before it exits
/// (a process that ends mid-write leaves only a temporary file, removed later).
public final class PendingSnapshots: @unchecked Sendable {
    public static let shared = PendingSnapshots()
    private let condition = NSCondition()
    private var running = 0

    func started() {
        condition.lock()
        running += 1
        condition.unlock()
    }

    func finished() {
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits (at most `timeout` seconds) for every snapshot being written to be in place.
    public func wait(timeout: Double = 30) {
        condition.lock()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while running > 0 && condition.wait(until: deadline) {}
        condition.unlock()
    }
}
