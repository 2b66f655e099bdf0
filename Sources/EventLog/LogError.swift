/// Why the log could not do what was asked. Every case reads as a sentence for an operator.
public enum LogError: Error, Sendable, CustomStringConvertible {
    /// A system call failed.
    case system(SystemCallFailure)
    /// An earlier write or sync failed in this process; nothing more will be written by it.
    case writingStopped(path: String, cause: String)
    /// The log is damaged before its end; it is not written to until someone looks.
    case damaged(path: String, LogDamage)
    /// The file is not a desk log, or is one of a format this program does not know.
    case notADeskLog(path: String, reason: String)
    /// The log was opened for reading only.
    case readOnly(path: String)
    /// The data directory is on a network file system, where locks and syncs cannot be trusted.
    case networkFileSystem(path: String, type: String)
    /// The file was replaced or shrank under us since we read it.
    case alarm(path: String, LogAlarm)
    /// A payload larger than the format allows.
    case payloadTooLarge(size: Int)
    /// The log's path is a symbolic link; the desk opens only the file itself.
    case symbolicLink(path: String)
    /// Another writer held the writers' lock file longer than this process would wait.
    case lockTimedOut(lock: String, seconds: Double)
    /// The writers' lock file can be opened by accounts outside the desk's group, any of which
    /// could then stop every writer by holding it.
    case lockFileExposed(lock: String, mode: UInt32)

    /// Whether trying again later may work (exit 75 rather than 74).
    public var isTemporary: Bool {
        if case .lockTimedOut = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .system(let failure):
            return failure.description
        case .writingStopped(let path, let cause):
            return
                "writing to \(path) has stopped after an earlier failure (\(cause)); restart the desk once the cause is fixed"
        case .damaged(let path, let damage):
            return
                "\(path) is damaged: \(damage); run `desk log verify` and keep a copy before changing anything"
        case .notADeskLog(let path, let reason):
            return "\(path) is not a desk event log: \(reason)"
        case .readOnly(let path):
            return "\(path) is open for reading only"
        case .networkFileSystem(let path, let type):
            return
                "\(path) is on a network file system (\(type)); the log must live on a local disk of the desk host"
        case .alarm(let path, let alarm):
            return "\(path): \(alarm)"
        case .payloadTooLarge(let size):
            return
                "an event of \(size) bytes is larger than the log accepts (\(RecordFormat.maximumPayloadSize) bytes)"
        case .symbolicLink(let path):
            return
                "\(path) is a symbolic link; the desk opens its log only as a file of its own in the data directory (move the file itself there, or point --data or DESK_DATA at its directory)"
        case .lockTimedOut(let lock, let seconds):
            return
                "gave up after waiting \(seconds.secondsText) s for the lock on \(lock): another desk process is holding it (a save, an import or a stuck process; `lslocks` names it); try again"
        case .lockFileExposed(let lock, let mode):
            return
                "\(lock) can be opened by accounts outside the desk's group (mode \(String(mode & 0o7777, radix: 8))), and any of them could stop every writer by holding it; make it 0660 (chmod 0660 \(lock))"
        }
    }
}

/// Something a follower must raise on every screen: the file under it is no longer the one it read.
public enum LogAlarm: Sendable, Equatable, CustomStringConvertible {
    /// Another file now stands at the log's path.
    case replaced
    /// The file is shorter than what was already read and verified.
    case shrank(from: Int64, to: Int64)
    /// Damage after the records already read (a gap in sequence, a broken chain, a bad checksum).
    case damaged(LogDamage)

    public var description: String {
        switch self {
        case .replaced: return "the log file was replaced by another file"
        case .shrank(let from, let to):
            return "the log shrank from \(from) to \(to) bytes, below what was already read"
        case .damaged(let damage): return "damage while following: \(damage)"
        }
    }
}

extension Double {
    /// Seconds as people write them: "30", "0.5".
    var secondsText: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
