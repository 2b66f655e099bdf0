import CEventLogSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a log stands: the verified end, the last sequence number and the chain head.
public struct LogPosition: Sendable, Equatable {
    /// Bytes of the file verified and taken.
    public var offset: Int64
    /// The last record's sequence number; 0 for an empty log.
    public var lastSequence: UInt64
    /// The hash of the last record (of the file header for an empty log).
    public var head: ChainHash

    public init(offset: Int64, lastSequence: UInt64, head: ChainHash) {
        self.offset = offset
        self.lastSequence = lastSequence
        self.head = head
    }
}

/// The append-only, hash-chained event log shared by every desk process on the host.
///
/// One instance per process per log, used from one thread. Readers take only whole, verified
/// batches; writers append under an exclusive `flock`, after repairing a torn tail and catching
/// up with what other processes appended, so a caller can decide against up-to-date state.
public final class EventLog {
    public enum Access: Sendable { case readOnly, readWrite }

    /// What `append` is to write, and what it hands back to the caller afterwards.
    public struct Decision<Outcome> {
        public var payloads: [[UInt8]]
        public var outcome: Outcome
        /// The application's watermark for the commit mark (`CommitMark.watermark`, at most 32
        /// bytes); nil keeps the one the last writer left.
        public var mark: [UInt8]?

        public init(payloads: [[UInt8]], outcome: Outcome, mark: [UInt8]? = nil) {
            self.payloads = payloads
            self.outcome = outcome
            self.mark = mark
        }
    }

    /// The result of an append, given only once the batch is durable.
    public struct Appended<Outcome> {
        public var outcome: Outcome
        /// The sequence numbers given to the payloads, in order.
        public var sequences: [UInt64]
        /// The byte offsets of their records, in order.
        public var offsets: [Int64]
        public var position: LogPosition
    }

    /// What a pass of `readNew` found.
    public struct ReadSummary: Sendable, Equatable {
        public var records: Int
        /// Bytes after the verified end that do not yet form a whole batch.
        public var pendingBytes: Int64
        public var alarm: LogAlarm?
    }

    public let path: String
    public let access: Access
    public let header: LogFileHeader
    let descriptor: Int32
    let io: LogFileIO
    var scanner: RecordScanner
    var offset: Int64
    private let identity: (device: UInt64, inode: UInt64)
    var stoppedBecause: String?
    private var readBuffer: [UInt8] = []
    /// The writers' lock file, held open by a writer for its lifetime.
    let writerLock: WriterLock?
    /// Ties commit marks to this log (`CommitMark.logTag`).
    let logTag: UInt64
    /// The watermark the next commit mark carries unless the decision gives another.
    var watermark: [UInt8] = []

    /// How long `append` waits for the writers' lock before giving up with
    /// `LogError.lockTimedOut`; nil waits as long as it takes.
    public var lockTimeout: Double?
    /// Told, after a second of waiting for the writers' lock and each second after, what
    /// `append` is waiting for, so a screen or a batch command can say why nothing happens.
    public var lockWaiting: ((String) -> Void)?

    /// The writers' lock file beside the log.
    public var lockPath: String { WriterLock.path(forLog: path) }

    public var position: LogPosition {
        LogPosition(offset: offset, lastSequence: scanner.nextSequence - 1, head: scanner.previous)
    }

    /// Why writing stopped in this process, if it did.
    public var writingStoppedReason: String? { stoppedBecause }

    private init(
        path: String, access: Access, descriptor: Int32, header: LogFileHeader, io: LogFileIO,
        identity: (UInt64, UInt64), writerLock: WriterLock?
    ) {
        self.path = path
        self.writerLock = writerLock
        self.access = access
        self.descriptor = descriptor
        self.header = header
        self.io = io
        self.identity = identity
        logTag = CommitMark.logTag(header)
        let headerBytes = header.encoded()
        let anchor = headerBytes.withUnsafeBytes { ChainHash.of($0) }
        scanner = RecordScanner(nextSequence: 1, previous: anchor)
        offset = Int64(RecordFormat.headerSize)
    }

    deinit {
        close(descriptor)
    }

    // MARK: Opening

    /// Opens the log at `path`, creating it (0660, directory synced) when `create` is set and it is
    /// missing. Nothing is read yet: call `readNew` to replay. A symbolic link is refused. For
    /// writing, the writers' lock file is opened (created if missing), and temporary files that
    /// an interrupted creation left in the directory are removed.
    public static func open(
        path: String,
        access: Access,
        create: Bool = false,
        io: LogFileIO = SystemFileIO()
    ) throws(LogError) -> EventLog {
        if access == .readWrite {
            try refuseNetworkFileSystem(directoryOf(path))
            WholeFile.removeLeftovers(in: directoryOf(path))
        }
        if create && access == .readWrite {
            try createIfMissing(path: path, io: io)
        }
        let flags = (access == .readWrite ? O_RDWR | O_APPEND : O_RDONLY) | O_NOFOLLOW | O_CLOEXEC
        let fd = Glibc.open(path, flags)
        guard fd >= 0 else {
            if errno == ELOOP { throw .symbolicLink(path: path) }
            throw .system(SystemCallFailure(call: "open", path: path, code: errno))
        }
        var headerBytes = [UInt8](repeating: 0, count: RecordFormat.headerSize)
        let got = headerBytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, RecordFormat.headerSize, 0) }
        if got < 0 {
            let code = errno
            close(fd)
            throw .system(SystemCallFailure(call: "read", path: path, code: code))
        }
        let header: LogFileHeader
        switch headerBytes.withUnsafeBytes({
            LogFileHeader.decode(UnsafeRawBufferPointer(rebasing: $0[0..<got]))
        }) {
        case .success(let decoded):
            header = decoded
        case .failure(let problem):
            close(fd)
            let reason: String
            switch problem {
            case .incomplete: reason = "the file is shorter than a log header (\(got) bytes)"
            case .notADeskLog: reason = "it does not start with the desk log magic"
            case .checksum: reason = "the file header's checksum does not match"
            case .unsupportedVersion(let v):
                reason = "format version \(v) is newer than this desk knows (\(RecordFormat.formatVersion))"
            }
            throw .notADeskLog(path: path, reason: reason)
        }
        var st = stat()
        fstat(fd, &st)
        var writerLock: WriterLock?
        if access == .readWrite {
            do {
                try refuseNetworkFileSystem(descriptor: fd, path: path)
                writerLock = try WriterLock.openForWriting(logPath: path, io: io)
            } catch {
                close(fd)
                throw error
            }
        }
        return EventLog(
            path: path, access: access, descriptor: fd, header: header, io: io,
            identity: (UInt64(st.st_dev), UInt64(st.st_ino)), writerLock: writerLock)
    }

    /// Creates the log whole (`WholeFile`): a racing creator loses cleanly.
    private static func createIfMissing(path: String, io: LogFileIO) throws(LogError) {
        if Glibc.access(path, F_OK) == 0 { return }
        let bytes = LogFileHeader.new(createdAt: currentMilliseconds()).encoded()
        do { try WholeFile.create(at: path, bytes: bytes, mode: 0o660, io: io) } catch {
            throw error as? LogError ?? .system(SystemCallFailure(call: "create", path: path, code: EIO))
        }
    }

    // MARK: Reading

    /// Visits every whole, verified record appended since the last call (no lock is taken), and
    /// leaves a partial tail for later. Raises an alarm, rather than reading on, when the file was
    /// replaced, shrank below what was read, or is damaged after what was read.
    ///
    /// With `verifyingChain` false (a fast start-up whose chain is verified apart, e.g. by
    /// `EventLog.verify` on another thread), lengths, checksums and sequence numbers are still
    /// checked but hash links are not; the chain head is still computed, so later reads and
    /// appends check and extend the chain as usual.
    @discardableResult
    public func readNew(verifyingChain: Bool = true, _ visit: (LogRecordView) throws -> Void) throws
        -> ReadSummary
    {
        scanner.verifiesChain = verifyingChain
        defer { scanner.verifiesChain = true }
        if let alarm = checkIdentity() { return ReadSummary(records: 0, pendingBytes: 0, alarm: alarm) }
        let size = currentSize()
        if size < offset {
            return ReadSummary(records: 0, pendingBytes: 0, alarm: .shrank(from: offset, to: size))
        }
        var count = 0
        let counting: (LogRecordView) throws -> Void = { record in
            count += 1
            try visit(record)
        }
        var stop = try readWhole(upTo: size, visit: counting)
        if case .damage = stop {
            let stableSize: Int64
            (stop, stableSize) = try lookAgain(after: stop, visit: counting)
            if stableSize < offset {
                return ReadSummary(
                    records: count, pendingBytes: 0, alarm: .shrank(from: offset, to: stableSize))
            }
            if case .damage(let damage) = stop, try isZeroFilled(from: damage.offset, to: stableSize) {
                // Space a crash allocated but never filled: the next writer repairs it.
                return ReadSummary(records: count, pendingBytes: stableSize - offset, alarm: nil)
            }
        }
        switch stop {
        case .end: return ReadSummary(records: count, pendingBytes: 0, alarm: nil)
        case .partial: return ReadSummary(records: count, pendingBytes: size - offset, alarm: nil)
        case .damage(let damage):
            return ReadSummary(records: count, pendingBytes: size - offset, alarm: .damaged(damage))
        }
    }

    /// Readers take no lock, so a read can overlap a writer repairing a torn tail and see a
    /// mixture. Before damage becomes an alarm, look again once no writer is at work (there is
    /// none if no writer ever made the lock file): under a
    /// shared lock on the writers' lock file when this account may open it; otherwise — an
    /// account that may only read, and so must not be able to hold writers up — after pauses,
    /// until the file has held still for one. Returns what was found and the size looked at.
    private func lookAgain(after first: ReadStop, visit: (LogRecordView) throws -> Void) throws -> (
        ReadStop, Int64
    ) {
        let found =
            writerLock.map { WriterLock.ForLookingAgain.lock($0) }
            ?? WriterLock.openForLookingAgain(logPath: path)
        var size = currentSize()
        switch found {
        case .noWriters:
            return (first, size)
        case .lock(let lock):
            guard try lock.lock(exclusive: false, timeout: 2) else { break }
            defer { lock.unlock() }
            size = currentSize()
            return (size < offset ? .end : try readWhole(upTo: size, visit: visit), size)
        case .notAllowed:
            break
        }
        var stop = ReadStop.end
        for _ in 0..<20 {
            usleep(100_000)
            let now = currentSize()
            if now < offset { return (.end, now) }
            stop = try readWhole(upTo: now, visit: visit)
            guard case .damage = stop, now != size else { return (stop, now) }
            size = now
        }
        return (stop, size)
    }

    enum ReadStop: Equatable {
        case end
        /// The bytes after `offset` are the start of a batch not yet whole.
        case partial
        case damage(LogDamage)
    }

    /// Reads from `offset` to `size` in chunks, visiting whole batches and advancing `offset`.
    private func readWhole(upTo size: Int64, visit: (LogRecordView) throws -> Void) throws -> ReadStop {
        var chunk = scanner.verifiesChain ? 4 << 20 : 1 << 20  // verifying: large blocks, hashed in parallel
        while offset < size {
            let want = Int(min(Int64(chunk), size - offset))
            if readBuffer.count < want { readBuffer = [UInt8](repeating: 0, count: want) }
            let got = readBuffer.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress, want, off_t(offset))
            }
            guard got >= 0 else {
                throw LogError.system(SystemCallFailure(call: "read", path: path, code: errno))
            }
            if got == 0 { return .partial }
            let base = offset
            let (taken, stop) = try readBuffer.withUnsafeBytes { raw in
                try scanner.scan(UnsafeRawBufferPointer(rebasing: raw[0..<got]), base: base, visit: visit)
            }
            offset += Int64(taken)
            switch stop {
            case .damage(let damage):
                return .damage(damage)
            case .needMore(let needed):
                if offset + Int64(needed ?? 0) > size || offset >= size {
                    return offset >= size ? .end : .partial
                }
                // Grow geometrically: a batch of many small records reports only its next record as
                // needed, and growing by that alone re-reads and re-verifies the batch once per record.
                if let needed, needed > chunk { chunk = max(needed, chunk * 2) }
            }
        }
        return .end
    }

    var currentFileSize: Int64 { currentSize() }

    /// The commit mark the last writer left in the lock file; nil when there is none this process
    /// can read and trust (no writer has marked this log yet, an older desk's empty lock file, a
    /// checksum that fails, an account that may not open the lock file).
    public func commitMark() -> CommitMark? {
        if let writerLock { return writerLock.readMark(logTag: logTag) }
        return WriterLock.readMark(logPath: path, logTag: logTag)
    }

    /// Acknowledged records this log no longer holds: the commit mark says the log was committed
    /// past its verified end, and the file is now shorter than that. Nil when nothing is lost or
    /// the log cannot tell. A writer records such a loss in a log note before its next batch.
    public func lostRecords() -> LostRecords? {
        let mark = commitMark()
        return LostRecords.compare(
            mark, verifiedEnd: offset, fileSize: currentSize(), lastSequence: position.lastSequence)
    }

    func currentSize() -> Int64 {
        var st = stat()
        fstat(descriptor, &st)
        return Int64(st.st_size)
    }

    func checkIdentity() -> LogAlarm? {
        var st = stat()
        if lstat(path, &st) != 0 { return .replaced }
        return (UInt64(st.st_dev), UInt64(st.st_ino)) == identity ? nil : .replaced
    }

    // MARK: Writing

    /// Appends a batch decided under the writers' exclusive lock (`lockPath`).
    ///
    /// Under the lock: a torn tail left by a dead writer is quarantined and the repair recorded;
    /// records other processes appended, and the note of such a repair, are passed to `catchUp`; then `decide` runs against that
    /// up-to-date state and returns the payloads to write (none is fine). The batch is written with
    /// one `write`, made durable with one `fdatasync`, and only then is `Appended` returned. Any
    /// write or sync error stops writing for good in this process.
    public func append<Outcome>(
        catchUp: (LogRecordView) throws -> Void,
        decide: () throws -> Decision<Outcome>
    ) throws -> Appended<Outcome> {
        guard access == .readWrite, let writerLock else { throw LogError.readOnly(path: path) }
        if let stoppedBecause { throw LogError.writingStopped(path: path, cause: stoppedBecause) }
        let waiting = lockWaiting.map { tell in
            { (waited: Double) in
                tell(
                    "waiting for the lock on \(writerLock.path) (\(Int(waited)) s): another desk process is writing"
                )
            }
        }
        guard try writerLock.lock(exclusive: true, timeout: lockTimeout, waiting: waiting) else {
            throw LogError.lockTimedOut(lock: writerLock.path, seconds: lockTimeout ?? 0)
        }
        defer { writerLock.unlock() }

        if let alarm = checkIdentity() { throw LogError.alarm(path: path, alarm) }
        let size = currentSize()
        if size < offset { throw LogError.alarm(path: path, .shrank(from: offset, to: size)) }
        let mark = writerLock.readMark(logTag: logTag)
        watermark = mark?.watermark ?? []
        let stop = try readWhole(upTo: size, visit: catchUp)
        let lost = LostRecords.compare(
            mark, verifiedEnd: offset, fileSize: size, lastSequence: position.lastSequence)
        switch stop {
        case .end:
            if let lost { try noteLoss(lost, visit: catchUp) }
        case .partial:
            try repairTornTail(size: size, lost: lost, visit: catchUp)
        case .damage(let damage):
            if try isZeroFilled(from: damage.offset, to: size) {
                try repairTornTail(size: size, lost: lost, visit: catchUp)
            } else {
                throw LogError.damaged(path: path, damage)
            }
        }
        let decision = try decide()
        if let given = decision.mark { watermark = Array(given.prefix(CommitMark.maximumWatermark)) }
        let start = offset
        let (sequences, offsets) = try writeBatch(decision.payloads.map { (RecordKind.event, $0) })
        return Appended(
            outcome: decision.outcome, sequences: sequences, offsets: offsets.map { start + $0 },
            position: position)
    }

    /// Appends payloads as one batch; returns their sequence numbers once durable.
    @discardableResult
    public func append(_ payloads: [[UInt8]], catchUp: (LogRecordView) throws -> Void = { _ in }) throws
        -> [UInt64]
    {
        try append(catchUp: catchUp) { Decision(payloads: payloads, outcome: ()) }.sequences
    }

    /// Encodes and writes records as one batch, then syncs. Caller holds the lock and has caught up.
    /// Returns the records' sequence numbers and their offsets within the batch.
    func writeBatch(_ records: [(RecordKind, [UInt8])]) throws -> ([UInt64], [Int64]) {
        guard !records.isEmpty else { return ([], []) }
        let total = records.reduce(0) { $0 + $1.1.count + RecordFormat.framingSize }
        var encoder = BatchEncoder(
            nextSequence: scanner.nextSequence, previous: scanner.previous, capacity: total)
        for (index, (kind, payload)) in records.enumerated() {
            guard payload.count <= RecordFormat.maximumPayloadSize else {
                throw LogError.payloadTooLarge(size: payload.count)
            }
            payload.withUnsafeBytes { encoder.add(kind: kind, payload: $0, last: index == records.count - 1) }
        }
        let before = offset
        try encoder.bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let n = io.write(descriptor, UnsafeRawBufferPointer(rebasing: raw[written...]))
                if n > 0 {
                    written += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    let code = n < 0 ? errno : ENOSPC
                    try stopWriting(call: "write", code: code, truncatingTo: before)
                }
            }
        }
        if io.fdatasync(descriptor) != 0 {
            try stopWriting(call: "fdatasync", code: errno, truncatingTo: before)
        }
        let first = scanner.nextSequence
        scanner.nextSequence = encoder.nextSequence
        scanner.previous = encoder.previous
        offset = before + Int64(encoder.bytes.count)
        // After the sync, so the mark never claims more than the disk holds; no sync of its own.
        writerLock?.writeMark(
            CommitMark(committedLength: offset, lastSequence: encoder.nextSequence - 1, watermark: watermark),
            logTag: logTag, io: io)
        return (Array(first..<encoder.nextSequence), encoder.offsets.map(Int64.init))
    }

    /// Records the failure, takes back what may have been written, and throws. Never returns.
    func stopWriting(call: String, code: Int32, truncatingTo size: Int64) throws -> Never {
        let failure = SystemCallFailure(call: call, path: path, code: code)
        stoppedBecause = failure.description
        // Best effort: a reader that has not yet seen the bytes never will. Whether or not this
        // works, nothing was acknowledged, and the next writer repairs any torn tail.
        _ = io.ftruncate(descriptor, size)
        throw LogError.system(failure)
    }
}
