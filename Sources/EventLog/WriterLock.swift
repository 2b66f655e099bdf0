#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The writers' lock: `flock` on `events.log.lock`, a file beside the log that only the desk's
/// group may open (0660). It is not taken on the log itself, because any account that can read
/// the log (an auditor's, a backup's) could then hold it and stop every writer without a word.
///
/// `flock`, unlike an `fcntl` lock, survives the process closing another descriptor of the file.
final class WriterLock {
    let path: String
    let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The lock file for the log at `logPath`.
    static func path(forLog logPath: String) -> String { logPath + ".lock" }

    /// Opens the lock file for a writer, creating it whole (0660) when it is missing. Refuses a
    /// symbolic link, anything but a regular file, and a file others may open.
    static func openForWriting(logPath: String, io: LogFileIO) throws(LogError) -> WriterLock {
        let path = path(forLog: logPath)
        if Glibc.access(path, F_OK) != 0 {
            do { try WholeFile.create(at: path, mode: 0o660, io: io) { _ in } } catch {
                throw error as? LogError ?? .system(SystemCallFailure(call: "create", path: path, code: EIO))
            }
        }
        let fd = Glibc.open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ELOOP { throw .symbolicLink(path: path) }
            throw .system(SystemCallFailure(call: "open", path: path, code: errno))
        }
        var info = stat()
        fstat(fd, &info)
        if info.st_mode & S_IFMT != S_IFREG {
            close(fd)
            throw .notADeskLog(path: path, reason: "the writers' lock file is not a regular file")
        }
        if info.st_mode & 0o007 != 0 {
            close(fd)
            throw .lockFileExposed(lock: path, mode: UInt32(info.st_mode))
        }
        return WriterLock(path: path, descriptor: fd)
    }

    /// What a reader that needs to look again while no writer is at work can do with the lock file.
    enum ForLookingAgain {
        case lock(WriterLock)
        /// There is none: no writer has opened this log, so none can be repairing it.
        case noWriters
        /// This account may not open it (an account that may only read the log).
        case notAllowed
    }

    static func openForLookingAgain(logPath: String) -> ForLookingAgain {
        let path = path(forLog: logPath)
        let fd = Glibc.open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
        if fd >= 0 { return .lock(WriterLock(path: path, descriptor: fd)) }
        return errno == ENOENT ? .noWriters : .notAllowed
    }

    /// Takes the lock, exclusive or shared. With neither `timeout` nor `waiting`, waits in the
    /// kernel as long as it takes. Otherwise polls (backing off to 2 ms between tries), tells
    /// `waiting` how long it has waited after `notice` seconds and each second after, and returns
    /// false once `timeout` seconds have passed without the lock.
    func lock(
        exclusive: Bool, timeout: Double?, notice: Double = 1, waiting: ((Double) -> Void)? = nil
    ) throws(LogError) -> Bool {
        let operation = exclusive ? LOCK_EX : LOCK_SH
        if timeout == nil && waiting == nil {
            while flock(descriptor, operation) != 0 {
                guard errno == EINTR else { throw failure() }
            }
            return true
        }
        if try attempt(operation) { return true }
        let start = Self.monotonicSeconds()
        var nextNotice = notice
        var pause: UInt32 = 50
        while true {
            usleep(pause)
            if try attempt(operation) { return true }
            let waited = Self.monotonicSeconds() - start
            if let timeout, waited >= timeout { return false }
            if waited >= nextNotice {
                waiting?(waited)
                nextNotice += 1
            }
            pause = min(pause * 2, 2000)
        }
    }

    func unlock() { flock(descriptor, LOCK_UN) }

    private func attempt(_ operation: Int32) throws(LogError) -> Bool {
        while true {
            if flock(descriptor, operation | LOCK_NB) == 0 { return true }
            if errno == EWOULDBLOCK { return false }
            if errno != EINTR { throw failure() }
        }
    }

    private func failure() -> LogError { .system(SystemCallFailure(call: "flock", path: path, code: errno)) }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
