#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the last writer had made durable, kept at the start of the writers' lock file.
///
/// A writer `pwrite`s it after each append's `fdatasync`, without a sync of its own: it reaches
/// the disk with a later sync or the kernel's writeback, so it may be older than the log but never
/// newer (the log's bytes were durable before it was written). A log found shorter than a mark's
/// committed length has therefore lost records that were acknowledged — which a torn write, never
/// acknowledged, cannot look like. A mark that is missing, cut short, of another format version,
/// of another log, or whose checksum fails says nothing: the log cannot tell, as before marks.
public struct CommitMark: Sendable, Equatable {
    /// The log's length once the batch was durable.
    public var committedLength: Int64
    /// The last record's sequence number then.
    public var lastSequence: UInt64
    /// The application's own note of what it had committed (at most `maximumWatermark` bytes),
    /// e.g. the highest ids handed out, so it can keep from handing them out again.
    public var watermark: [UInt8]

    public static let maximumWatermark = 32
    static let magic: [UInt8] = Array("DESKMARK".utf8)
    static let formatVersion: UInt16 = 1
    /// magic 8, version 2, watermark length 2, log file id 8, length 8, sequence 8, watermark 32,
    /// CRC-32C 4: one write well inside a sector.
    static let size = 72

    public init(committedLength: Int64, lastSequence: UInt64, watermark: [UInt8]) {
        self.committedLength = committedLength
        self.lastSequence = lastSequence
        self.watermark = Array(watermark.prefix(Self.maximumWatermark))
    }

    /// The first 8 bytes of the log's file id, so a mark is never read against another log.
    static func logTag(_ header: LogFileHeader) -> UInt64 {
        header.fileID.prefix(8).enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    func encoded(logTag: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.size)
        bytes += Self.magic
        bytes.appendLE(Self.formatVersion)
        bytes.appendLE(UInt16(watermark.count))
        bytes.appendLE(logTag)
        bytes.appendLE(UInt64(committedLength))
        bytes.appendLE(lastSequence)
        bytes += watermark + [UInt8](repeating: 0, count: Self.maximumWatermark - watermark.count)
        let crc = bytes.withUnsafeBytes { RecordFormat.crc($0) }
        bytes.appendLE(crc)
        return bytes
    }

    /// The mark in `bytes`, or nil when they hold none this version can trust for this log.
    static func decode(_ bytes: [UInt8], logTag: UInt64) -> CommitMark? {
        guard bytes.count >= size, Array(bytes[0..<8]) == magic else { return nil }
        return bytes.withUnsafeBytes { raw -> CommitMark? in
            guard
                RecordFormat.crc(UnsafeRawBufferPointer(rebasing: raw[0..<(size - 4)]))
                    == raw.loadLE(UInt32.self, at: size - 4),
                raw.loadLE(UInt16.self, at: 8) == formatVersion,
                raw.loadLE(UInt64.self, at: 12) == logTag
            else { return nil }
            let count = Int(raw.loadLE(UInt16.self, at: 10))
            let length = Int64(bitPattern: raw.loadLE(UInt64.self, at: 20))
            guard count <= maximumWatermark, length >= 0 else { return nil }
            return CommitMark(
                committedLength: length, lastSequence: raw.loadLE(UInt64.self, at: 28),
                watermark: Array(bytes[36..<(36 + count)]))
        }
    }
}

/// Acknowledged records the log no longer holds, as a commit mark shows.
public struct LostRecords: Sendable, Equatable {
    /// The first sequence number lost: one past the last record the log still holds whole.
    public var fromSequence: UInt64
    /// The last sequence number the mark says was committed.
    public var throughSequence: UInt64
    /// Committed bytes after the log's verified end.
    public var bytes: Int64
    /// The application's watermark as of the last commit.
    public var watermark: [UInt8]

    /// Loss when `mark` was committed past `verifiedEnd` and the file is shorter than the mark
    /// says (`fileSize`): bytes a writer has not yet finished are never taken for loss.
    static func compare(
        _ mark: CommitMark?, verifiedEnd: Int64, fileSize: Int64, lastSequence: UInt64
    ) -> LostRecords? {
        guard let mark, mark.committedLength > verifiedEnd, mark.committedLength > fileSize else {
            return nil
        }
        return LostRecords(
            fromSequence: lastSequence + 1, throughSequence: max(mark.lastSequence, lastSequence),
            bytes: mark.committedLength - verifiedEnd, watermark: mark.watermark)
    }

    /// The fields a log note carries for this loss (after a comma).
    var jsonFields: String {
        let hex = watermark.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        return
            "\"lost_from_sequence\":\(fromSequence),\"lost_through_sequence\":\(throughSequence),\"lost_bytes\":\(bytes),\"lost_mark\":\"\(hex)\""
    }
}

extension WriterLock {
    /// Reads the commit mark at the start of the lock file; nil when there is none to trust.
    func readMark(logTag: UInt64) -> CommitMark? {
        var bytes = [UInt8](repeating: 0, count: CommitMark.size)
        let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, CommitMark.size, 0) }
        guard got == CommitMark.size else { return nil }
        return CommitMark.decode(bytes, logTag: logTag)
    }

    /// Writes the mark, without a sync: a failure only leaves an older mark (or none), which says
    /// less, never something false.
    func writeMark(_ mark: CommitMark, logTag: UInt64, io: LogFileIO) {
        let bytes = mark.encoded(logTag: logTag)
        _ = bytes.withUnsafeBytes { io.pwrite(descriptor, $0, at: 0) }
    }

    /// The mark of the log at `logPath`, read without the lock by an account that may open it for
    /// reading; nil when it may not or there is none.
    static func readMark(logPath: String, logTag: UInt64) -> CommitMark? {
        let fd = Glibc.open(path(forLog: logPath), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: CommitMark.size)
        let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, CommitMark.size, 0) }
        guard got == CommitMark.size else { return nil }
        return CommitMark.decode(bytes, logTag: logTag)
    }
}
