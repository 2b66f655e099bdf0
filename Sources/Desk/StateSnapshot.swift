import Crypto
import DeskCore
import EventLog
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `events.snapshot` beside the log: the projected state as of one record, so that start-up reads
/// it and replays only the records after it (PERFORMANCE.md, P3).
///
/// It is a cache, never the truth. It names the log (its file id), the record it was taken at and
/// that record's chain head, the build of the desk that wrote it and the state's format; it is
/// used only when all of them match and the log's record at that number has exactly that head
/// (`EventStore.resume`), and its body's SHA-256 matches the digest written with it. Anything else
/// and it is ignored (the log is replayed whole, and a fresh snapshot replaces it). It is written
/// whole under a temporary name and renamed into place, mode 0660 like the log; only `desk` writes
/// it. The background verification replays the log up to its record and compares digests
/// (`DeskSession.startChainVerification`).
///
/// Layout: `DESKSNAP`, u32 file version, the build fingerprint (text), the log's file id, the
/// position (offset, sequence, head), u64 body length, 32-byte body digest, then the body: the
/// state (`DeskState.writeSnapshot`), each record's offset, the log notes read, and how many of
/// them are not yet reserved for.
public enum StateSnapshot {
    public static let fileName = "events.snapshot"
    static let magic = Array("DESKSNAP".utf8)
    static let fileVersion: UInt32 = 1

    /// What the session keeps beside its state, in the snapshot too.
    struct SessionPart {
        var recordOffsets: [Int64]
        var notes: [[UInt8]]
        var unreserved: Int

        func write(to w: SnapshotWriter) throws {
            try w.array(recordOffsets)
            try w.count(notes.count)
            for note in notes { try w.array(note) }
            try w.count(unreserved)
        }

        init(recordOffsets: [Int64], notes: [[UInt8]], unreserved: Int) {
            self.recordOffsets = recordOffsets
            self.notes = notes
            self.unreserved = unreserved
        }

        init(snapshot r: SnapshotReader) throws {
            recordOffsets = try r.array()
            notes = []
            for _ in 0..<(try r.count(limit: 1 << 20)) { notes.append(try r.array()) }
            unreserved = try r.count(limit: notes.count)
        }
    }

    struct Loaded {
        var state: DeskState
        var session: SessionPart
        var position: LogPosition
        var digest: [UInt8]
    }

    /// Why a snapshot was not used (for `desk log verify` and the tests), or nil when it was.
    enum Refusal: Error, CustomStringConvertible {
        case missing
        case other(String)
        var description: String {
            switch self {
            case .missing: "there is no snapshot"
            case .other(let why): why
            }
        }
    }

    static func path(in directory: DataDirectory) -> String { directory.path + "/" + fileName }

    // MARK: Writing

    /// Writes the snapshot of `state` as of `position` (a batch's end), replacing any other.
    static func write(
        to path: String, state: DeskState, session: SessionPart, position: LogPosition, logFileID: [UInt8]
    ) throws {
        try WholeFile.replace(at: path) { fd in
            func sink(_ raw: UnsafeRawBufferPointer) throws {
                try WholeFile.writeAll(raw, to: fd, path: path)
            }
            let header = SnapshotWriter(sink: sink)
            try magic.withUnsafeBytes { try header.bytes($0) }
            try header.integer(fileVersion)
            try header.text(BuildFingerprint.current)
            try header.array(logFileID)
            try header.integer(position.offset)
            try header.integer(position.lastSequence)
            try header.array(position.head.bytes)
            try header.flush()
            let sealAt = header.written
            try header.integer(UInt64(0))
            try [UInt8](repeating: 0, count: 32).withUnsafeBytes { try header.bytes($0) }
            try header.flush()

            let (length, digest) = try writeBody(state: state, session: session, to: sink)
            let seal = withUnsafeBytes(of: UInt64(length).littleEndian, Array.init) + digest
            let written = seal.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(sealAt)) }
            guard written == seal.count else {
                throw LogError.system(SystemCallFailure(call: "write", path: path, code: errno))
            }
        }
    }

    /// The digest a snapshot of this state would carry: what the background check compares.
    static func digest(state: DeskState, session: SessionPart) throws -> [UInt8] {
        try writeBody(state: state, session: session, to: { _ in }).digest
    }

    /// The body, the state then what the session keeps, handed to `sink` a block at a time;
    /// returns its length and SHA-256.
    private static func writeBody(
        state: DeskState, session: SessionPart, to sink: @escaping (UnsafeRawBufferPointer) throws -> Void
    ) throws -> (length: Int, digest: [UInt8]) {
        var hasher = SHA256()
        let body = SnapshotWriter { raw in
            hasher.update(bufferPointer: raw)
            try sink(raw)
        }
        try state.writeSnapshot(to: body)
        try session.write(to: body)
        try body.flush()
        return (body.written, Array(hasher.finalize()))
    }

    // MARK: Reading

    /// Reads the snapshot at `path` when it was written by this build for the log with this file
    /// id, and its body is whole and matches its digest. The log itself is checked by the caller
    /// (`EventStore.resume`).
    static func load(from path: String, logFileID: [UInt8]) -> Result<Loaded, Refusal> {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            return .failure(
                errno == ENOENT
                    ? .missing : .other("cannot open \(path): \(String(cString: strerror(errno)))"))
        }
        defer { close(fd) }
        /// A reader of the file from `start`, at most `limit` bytes, telling `seen` what it reads.
        func reader(
            from start: Int64, limit: Int64, seen: @escaping (UnsafeRawBufferPointer) -> Void = { _ in }
        )
            -> SnapshotReader
        {
            var at = start
            return SnapshotReader { buffer in
                let want = Int(min(Int64(buffer.count), start + limit - at))
                guard want > 0 else { return 0 }
                let got = pread(fd, buffer.baseAddress, want, off_t(at))
                guard got >= 0 else {
                    throw SnapshotDamage("cannot read \(path): \(String(cString: strerror(errno)))")
                }
                seen(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<got]))
                at += Int64(got)
                return got
            }
        }
        do {
            let header = reader(from: 0, limit: 1 << 16)
            var word = [UInt8](repeating: 0, count: 8)
            try word.withUnsafeMutableBytes { try header.bytes(into: $0) }
            guard word == magic else { return .failure(.other("not a desk state snapshot")) }
            let version: UInt32 = try header.integer()
            guard version == fileVersion else {
                return .failure(.other("snapshot file version \(version), this desk writes \(fileVersion)"))
            }
            let build = try header.text()
            guard build == BuildFingerprint.current else {
                return .failure(.other("written by another build of the desk (\(build))"))
            }
            guard try header.array(UInt8.self) == logFileID else {
                return .failure(.other("taken of another log (its file id differs)"))
            }
            let logOffset: Int64 = try header.integer()
            let sequence: UInt64 = try header.integer()
            let head = ChainHash(bytes: try header.array(UInt8.self))
            let length = Int64(try header.integer(UInt64.self))
            var digest = [UInt8](repeating: 0, count: 32)
            try digest.withUnsafeMutableBytes { try header.bytes(into: $0) }

            var hasher = SHA256()
            let body = reader(from: Int64(header.consumed), limit: length) {
                hasher.update(bufferPointer: $0)
            }
            let state = try DeskState(snapshot: body)
            let session = try SessionPart(snapshot: body)
            guard Int64(body.consumed) == length else {
                return .failure(
                    .other("the body holds \(length - Int64(body.consumed)) bytes more than it should"))
            }
            guard Array(hasher.finalize()) == digest else {
                return .failure(.other("the body does not match its digest"))
            }
            return .success(
                Loaded(
                    state: state, session: session,
                    position: LogPosition(offset: logOffset, lastSequence: sequence, head: head),
                    digest: digest))
        } catch {
            return .failure(.other("\(error)"))
        }
    }
}

// MARK: Auditing

extension StateSnapshot {
    /// What `desk log verify` says of the snapshot beside the log: none; not used, and why; or
    /// taken at record N and checked against a replay of the log up to it. `disagrees` is set
    /// when it would be used but differs from the replay (the caller reports it as a fault).
    public static func audit(_ directory: DataDirectory) -> (line: String, disagrees: Bool) {
        let name = fileName
        guard let log = try? EventLog.open(path: directory.logPath, access: .readOnly) else {
            return ("snapshot: not checked (the log cannot be opened)", false)
        }
        switch load(from: path(in: directory), logFileID: log.header.fileID) {
        case .failure(.missing):
            return ("snapshot: none (the next desk to start replays the whole log and writes \(name))", false)
        case .failure(let refusal):
            return ("snapshot: \(name) is not used — \(refusal)", false)
        case .success(let loaded):
            guard (try? log.resume(at: loaded.position)) == true else {
                return (
                    "snapshot: \(name) is not used — the log's record \(loaded.position.lastSequence) is not the one it was taken at",
                    false
                )
            }
            let base = SnapshotBase(position: loaded.position, digest: loaded.digest)
            let checked = Result {
                try DeskSession.checkSnapshot(base, digest: loaded.digest, logPath: directory.logPath)
            }
            guard case .success(let (_, difference)) = checked else {
                return ("snapshot: not checked (the log cannot be read)", false)
            }
            if let difference {
                return ("snapshot: \(name) DISAGREES with the log — \(difference)", true)
            }
            return (
                "snapshot: \(name) at record \(loaded.position.lastSequence) agrees with a replay of the log up to it",
                false
            )
        }
    }
}
