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

        public init(payloads: [[UInt8]], outcome: Outcome) {
            self.payloads = payloads
            self.outcome = outcome
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
    private let descriptor: Int32
    private let io: LogFileIO
    private var scanner: RecordScanner
    private var offset: Int64
    private let identity: (device: UInt64, inode: UInt64)
    private var stoppedBecause: String?
    private var readBuffer: [UInt8] = []

    public var position: LogPosition {
        LogPosition(offset: offset, lastSequence: scanner.nextSequence - 1, head: scanner.previous)
    }

    /// Why writing stopped in this process, if it did.
    public var writingStoppedReason: String? { stoppedBecause }

    private init(
        path: String, access: Access, descriptor: Int32, header: LogFileHeader, io: LogFileIO,
        identity: (UInt64, UInt64)
    ) {
        self.path = path
        self.access = access
        self.descriptor = descriptor
        self.header = header
        self.io = io
        self.identity = identity
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
    /// missing. Nothing is read yet: call `readNew` to replay.
    public static func open(
        path: String,
        access: Access,
        create: Bool = false,
        io: LogFileIO = SystemFileIO()
    ) throws(LogError) -> EventLog {
        if access == .readWrite {
            try refuseNetworkFileSystem(directoryOf(path))
        }
        if create && access == .readWrite {
            try createIfMissing(path: path, io: io)
        }
        let flags = (access == .readWrite ? O_RDWR | O_APPEND : O_RDONLY) | O_CLOEXEC
        let fd = Glibc.open(path, flags)
        guard fd >= 0 else { throw .system(SystemCallFailure(call: "open", path: path, code: errno)) }
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
        if access == .readWrite {
            do { try refuseNetworkFileSystem(descriptor: fd, path: path) } catch {
                close(fd)
                throw error
            }
        }
        return EventLog(
            path: path, access: access, descriptor: fd, header: header, io: io,
            identity: (UInt64(st.st_dev), UInt64(st.st_ino)))
    }

    /// Creates the log atomically: a header is written and synced under a temporary name, then
    /// linked into place (so a concurrent creator loses cleanly), and the directory is synced.
    private static func createIfMissing(path: String, io: LogFileIO) throws(LogError) {
        if Glibc.access(path, F_OK) == 0 { return }
        let directory = directoryOf(path)
        let temporary =
            "\(directory)/.\(baseName(path)).creating-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o660)
        guard fd >= 0 else { throw .system(SystemCallFailure(call: "create", path: temporary, code: errno)) }
        defer {
            close(fd)
            unlink(temporary)
        }
        fchmod(fd, 0o660)  // the umask must not widen or narrow what the desk's group needs
        let now = currentMilliseconds()
        let bytes = LogFileHeader.new(createdAt: now).encoded()
        let written = bytes.withUnsafeBytes { io.write(fd, $0) }
        guard written == bytes.count else {
            throw .system(
                SystemCallFailure(call: "write", path: temporary, code: written < 0 ? errno : ENOSPC))
        }
        guard io.fsync(fd) == 0 else {
            throw .system(SystemCallFailure(call: "fsync", path: temporary, code: errno))
        }
        if link(temporary, path) != 0 && errno != EEXIST {
            throw .system(SystemCallFailure(call: "link", path: path, code: errno))
        }
        try syncDirectory(directory, io: io)
    }

    static func syncDirectory(_ directory: String, io: LogFileIO) throws(LogError) {
        let fd = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .system(SystemCallFailure(call: "open", path: directory, code: errno)) }
        defer { close(fd) }
        guard io.fsync(fd) == 0 else {
            throw .system(SystemCallFailure(call: "fsync", path: directory, code: errno))
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
            // Readers take no lock, so a read can overlap a writer repairing a torn tail and see
            // a mixture. Before raising an alarm, look again while no writer can be at work.
            while flock(descriptor, LOCK_SH) != 0 && errno == EINTR {}
            defer { flock(descriptor, LOCK_UN) }
            let stableSize = currentSize()
            if stableSize < offset {
                return ReadSummary(
                    records: count, pendingBytes: 0, alarm: .shrank(from: offset, to: stableSize))
            }
            stop = try readWhole(upTo: stableSize, visit: counting)
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

    enum ReadStop: Equatable {
        case end
        /// The bytes after `offset` are the start of a batch not yet whole.
        case partial
        case damage(LogDamage)
    }

    /// Reads from `offset` to `size` in chunks, visiting whole batches and advancing `offset`.
    private func readWhole(upTo size: Int64, visit: (LogRecordView) throws -> Void) throws -> ReadStop {
        var chunk = 1 << 20
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

    private func currentSize() -> Int64 {
        var st = stat()
        fstat(descriptor, &st)
        return Int64(st.st_size)
    }

    private func checkIdentity() -> LogAlarm? {
        var st = stat()
        if stat(path, &st) != 0 { return .replaced }
        return (UInt64(st.st_dev), UInt64(st.st_ino)) == identity ? nil : .replaced
    }

    // MARK: Writing

    /// Appends a batch decided under the log's exclusive lock.
    ///
    /// Under the lock: a torn tail left by a dead writer is quarantined and the repair recorded;
    /// records other processes appended are passed to `catchUp`; then `decide` runs against that
    /// up-to-date state and returns the payloads to write (none is fine). The batch is written with
    /// one `write`, made durable with one `fdatasync`, and only then is `Appended` returned. Any
    /// write or sync error stops writing for good in this process.
    public func append<Outcome>(
        catchUp: (LogRecordView) throws -> Void,
        decide: () throws -> Decision<Outcome>
    ) throws -> Appended<Outcome> {
        guard access == .readWrite else { throw LogError.readOnly(path: path) }
        if let stoppedBecause { throw LogError.writingStopped(path: path, cause: stoppedBecause) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw LogError.system(SystemCallFailure(call: "flock", path: path, code: errno))
            }
        }
        defer { flock(descriptor, LOCK_UN) }

        if let alarm = checkIdentity() { throw LogError.alarm(path: path, alarm) }
        let size = currentSize()
        if size < offset { throw LogError.alarm(path: path, .shrank(from: offset, to: size)) }
        switch try readWhole(upTo: size, visit: catchUp) {
        case .end:
            break
        case .partial:
            try repairTornTail(size: size)
        case .damage(let damage):
            if try isZeroFilled(from: damage.offset, to: size) {
                try repairTornTail(size: size)
            } else {
                throw LogError.damaged(path: path, damage)
            }
        }
        let decision = try decide()
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
    private func writeBatch(_ records: [(RecordKind, [UInt8])]) throws -> ([UInt64], [Int64]) {
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
        return (Array(first..<encoder.nextSequence), encoder.offsets.map(Int64.init))
    }

    /// Records the failure, takes back what may have been written, and throws. Never returns.
    private func stopWriting(call: String, code: Int32, truncatingTo size: Int64) throws -> Never {
        let failure = SystemCallFailure(call: call, path: path, code: code)
        stoppedBecause = failure.description
        // Best effort: a reader that has not yet seen the bytes never will. Whether or not this
        // works, nothing was acknowledged, and the next writer repairs any torn tail.
        _ = io.ftruncate(descriptor, size)
        throw LogError.system(failure)
    }

    private func isZeroFilled(from start: Int64, to end: Int64) throws -> Bool {
        var zero = true
        try forEachChunk(from: start, to: end) { chunk in
            zero = !chunk.contains { $0 != 0 }
            return zero
        }
        return zero
    }

    /// Reads the log's bytes from `start` to `end` (or to its end, if shorter) in chunks of up to
    /// 1 MiB, until `body` returns false. Each chunk is valid only during its call.
    private func forEachChunk(
        from start: Int64, to end: Int64, _ body: (UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        var position = start
        var buffer = [UInt8](repeating: 0, count: Int(min(1 << 20, max(0, end - start))))
        while position < end {
            let want = Int(min(Int64(buffer.count), end - position))
            let got = buffer.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress, want, off_t(position))
            }
            guard got >= 0 else {
                throw LogError.system(SystemCallFailure(call: "read", path: path, code: errno))
            }
            if got == 0 { return }
            guard try buffer.withUnsafeBytes({ try body(UnsafeRawBufferPointer(rebasing: $0[0..<got])) })
            else { return }
            position += Int64(got)
        }
    }

    /// Copies the bytes after the verified end into a quarantine file beside the log (synced, with
    /// its directory), truncates them away, syncs, and records the repair as a log note.
    private func repairTornTail(size: Int64) throws {
        let length = size - offset
        let directory = Self.directoryOf(path)
        if let earlier = try quarantinedBefore(from: offset, to: size, directory: directory) {
            // A repair killed after its copy but before its truncate: keep that copy, once.
            try finishRepair(length: length, quarantine: earlier, directory: directory)
            return
        }
        let name = "\(Self.baseName(path)).quarantine-\(offset)-\(Self.currentMilliseconds())-\(getpid())"
        let quarantine = "\(directory)/\(name)"
        let out = Glibc.open(quarantine, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o660)
        guard out >= 0 else {
            throw LogError.system(SystemCallFailure(call: "create", path: quarantine, code: errno))
        }
        defer { close(out) }
        fchmod(out, 0o660)
        var copied: Int64 = 0
        try forEachChunk(from: offset, to: size) { chunk in
            let written = io.write(out, chunk)
            guard written == chunk.count else {
                throw LogError.system(
                    SystemCallFailure(call: "write", path: quarantine, code: written < 0 ? errno : ENOSPC))
            }
            copied += Int64(written)
            return true
        }
        guard copied == length else {
            throw LogError.system(SystemCallFailure(call: "read", path: path, code: EIO))
        }
        guard io.fsync(out) == 0 else {
            throw LogError.system(SystemCallFailure(call: "fsync", path: quarantine, code: errno))
        }
        try finishRepair(length: length, quarantine: name, directory: directory)
    }

    /// Syncs the directory holding the quarantine copy, truncates the torn bytes away, syncs, and
    /// records the repair as a log note.
    private func finishRepair(length: Int64, quarantine name: String, directory: String) throws {
        try Self.syncDirectory(directory, io: io)
        if io.ftruncate(descriptor, offset) != 0 {
            try stopWriting(call: "ftruncate", code: errno, truncatingTo: offset)
        }
        if io.fdatasync(descriptor) != 0 {
            try stopWriting(call: "fdatasync", code: errno, truncatingTo: offset)
        }
        let note = RepairNote(
            offset: offset, bytes: length, quarantine: name, user: Self.userName(),
            at: Self.currentMilliseconds())
        _ = try writeBatch([(.logNote, Array(note.json.utf8))])
    }

    /// The name of a quarantine file that already holds exactly the bytes from `start` to `end`
    /// (written by a repair that was killed before it could truncate), made durable; else nil.
    private func quarantinedBefore(from start: Int64, to end: Int64, directory: String) throws -> String? {
        let prefix = "\(Self.baseName(path)).quarantine-\(start)-"
        for name in Self.entries(of: directory).sorted() where name.hasPrefix(prefix) {
            let candidate = "\(directory)/\(name)"
            var info = stat()
            guard stat(candidate, &info) == 0, Int64(info.st_size) == end - start else { continue }
            let fd = Glibc.open(candidate, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var same = true
            var position: Int64 = 0
            var theirs = [UInt8]()
            try forEachChunk(from: start, to: end) { mine in
                if theirs.count < mine.count { theirs = [UInt8](repeating: 0, count: mine.count) }
                let got = theirs.withUnsafeMutableBytes {
                    pread(fd, $0.baseAddress, mine.count, off_t(position))
                }
                same =
                    got == mine.count
                    && theirs.withUnsafeBytes { memcmp($0.baseAddress!, mine.baseAddress!, mine.count) == 0 }
                position += Int64(mine.count)
                return same
            }
            same = same && position == end - start
            if same && io.fsync(fd) == 0 { return name }
        }
        return nil
    }

    /// Reads back the one record at `offset` (as given to a visitor or by `append`), checking its
    /// length and checksums. For showing a complaint's history without walking the log.
    public func readRecord(at offset: Int64) throws -> (sequence: UInt64, kind: RecordKind, payload: [UInt8])
    {
        var header = [UInt8](repeating: 0, count: RecordFormat.recordHeaderSize)
        let got = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        func damaged(_ detail: String) -> LogError {
            .damaged(path: path, LogDamage(kind: .checksum, offset: offset, sequence: 0, detail: detail))
        }
        guard got == header.count else { throw damaged("no whole record at this offset") }
        let length = Int(header.withUnsafeBytes { $0.loadLE(UInt32.self, at: 0) })
        let lengthCRC = header.withUnsafeBytes {
            RecordFormat.crc(UnsafeRawBufferPointer(rebasing: $0[0..<16]))
        }
        guard lengthCRC == header.withUnsafeBytes({ $0.loadLE(UInt32.self, at: 16) }),
            length <= RecordFormat.maximumPayloadSize
        else {
            throw damaged("the length field's checksum does not match")
        }
        var record = [UInt8](repeating: 0, count: RecordFormat.framingSize + length)
        let whole = record.withUnsafeMutableBytes {
            pread(descriptor, $0.baseAddress, $0.count, off_t(offset))
        }
        guard whole == record.count else { throw damaged("the record is incomplete") }
        let crcOffset = RecordFormat.recordHeaderSize + length
        let valid = record.withUnsafeBytes { raw in
            RecordFormat.crc(UnsafeRawBufferPointer(rebasing: raw[0..<crcOffset]))
                == raw.loadLE(UInt32.self, at: crcOffset)
                && Int(raw.loadLE(UInt32.self, at: crcOffset + 4)) == length
        }
        guard valid, let kind = RecordKind(rawValue: record[4]) else {
            throw damaged("the record's checksum does not match")
        }
        let sequence = record.withUnsafeBytes { $0.loadLE(UInt64.self, at: 8) }
        return (sequence, kind, Array(record[RecordFormat.recordHeaderSize..<crcOffset]))
    }

    // MARK: Helpers

    /// The names in a directory (none if it cannot be read).
    static func entries(of directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func directoryOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func currentMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    static func userName() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(geteuid())"
    }

    private static let networkFileSystems: [Int: String] = [
        0x6969: "nfs", 0x517B: "smb", 0xFF53_4D42: "cifs", 0xFE53_4D42: "smb2", 0x0102_1997: "9p",
        0x6573_5546: "fuse", 0x00C3_6400: "ceph", 0x5346_414F: "afs", 0x0BD0_0BD0: "lustre",
        0x4750_4653: "gpfs",
    ]

    static func refuseNetworkFileSystem(_ directory: String) throws(LogError) {
        let fd = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }  // a missing directory fails later, with its own message
        defer { close(fd) }
        try refuseNetworkFileSystem(descriptor: fd, path: directory)
    }

    static func refuseNetworkFileSystem(descriptor: Int32, path: String) throws(LogError) {
        let type = desk_file_system_type(descriptor)
        if type != -1, let name = networkFileSystems[Int(UInt32(truncatingIfNeeded: type))] {
            throw .networkFileSystem(path: path, type: name)
        }
    }
}

/// The log's own note that it repaired a torn tail, kept in the chain like any record.
public struct RepairNote: Sendable, Equatable {
    public var offset: Int64
    public var bytes: Int64
    public var quarantine: String
    public var user: String
    public var at: Int64

    var json: String {
        "{\"note\":\"torn tail repaired\",\"offset\":\(offset),\"bytes\":\(bytes),\"quarantine\":\"\(quarantine)\",\"user\":\"\(user.jsonEscaped)\",\"at\":\(at)}"
    }
}

extension String {
    /// The string as the inside of a JSON string literal.
    var jsonEscaped: String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
