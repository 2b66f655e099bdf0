#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension EventLog {
    /// Copies the bytes after the verified end into a quarantine file beside the log (synced, with
    /// its directory), truncates them away, syncs, and records the repair as a log note, which is
    /// handed to `visit` like a record caught up with (the caller must learn what was set aside).
    func repairTornTail(size: Int64, lost: LostRecords?, visit: (LogRecordView) throws -> Void) throws {
        let length = size - offset
        let directory = Self.directoryOf(path)
        if let earlier = try quarantinedBefore(from: offset, to: size, directory: directory) {
            // A repair killed after its copy but before its truncate: keep that copy, once.
            try finishRepair(
                length: length, quarantine: earlier, directory: directory, lost: lost, visit: visit)
            return
        }
        let name = "\(Self.baseName(path)).quarantine-\(offset)-\(Self.currentMilliseconds())-\(getpid())"
        let quarantine = "\(directory)/\(name)"
        // Created whole, so a repair that fails (a full disk) leaves no empty or partial copy.
        var copied: Int64 = 0
        let created = try WholeFile.create(at: quarantine, mode: 0o660, io: io) { out in
            try forEachChunk(from: offset, to: size) { chunk in
                try WholeFile.writeAll(chunk, to: out, path: quarantine, io: io)
                copied += Int64(chunk.count)
                return true
            }
            guard copied == length else {
                throw LogError.system(SystemCallFailure(call: "read", path: path, code: EIO))
            }
        }
        guard created else {
            throw LogError.system(SystemCallFailure(call: "link", path: quarantine, code: EEXIST))
        }
        try finishRepair(length: length, quarantine: name, directory: directory, lost: lost, visit: visit)
    }

    /// Syncs the directory holding the quarantine copy, truncates the torn bytes away, syncs, and
    /// records the repair as a log note.
    func finishRepair(
        length: Int64, quarantine name: String, directory: String, lost: LostRecords?,
        visit: (LogRecordView) throws -> Void
    ) throws {
        try Self.syncDirectory(directory, io: io)
        let complete = try countCompleteRecords(from: offset, to: offset + length)
        if io.ftruncate(descriptor, offset) != 0 {
            try stopWriting(call: "ftruncate", code: errno, truncatingTo: offset)
        }
        if io.fdatasync(descriptor) != 0 {
            try stopWriting(call: "fdatasync", code: errno, truncatingTo: offset)
        }
        let note = RepairNote(
            offset: offset, bytes: length, quarantine: name, user: Self.userName(),
            at: Self.currentMilliseconds(), completeRecords: complete, lost: lost)
        try writeNote(note.json, visit: visit)
    }

    /// Records, as a log note, that a commit mark showed acknowledged records lost while there was
    /// no tail to repair (the log was cut at a batch boundary).
    func noteLoss(_ lost: LostRecords, visit: (LogRecordView) throws -> Void) throws {
        let json =
            "{\"note\":\"acknowledged records lost\",\"offset\":\(offset),\"user\":\"\(Self.userName().jsonEscaped)\",\"at\":\(Self.currentMilliseconds()),\(lost.jsonFields)}"
        try writeNote(json, visit: visit)
    }

    private func writeNote(_ json: String, visit: (LogRecordView) throws -> Void) throws {
        let payload = Array(json.utf8)
        let start = offset
        let (sequences, offsets) = try writeBatch([(.logNote, payload)])
        try payload.withUnsafeBytes { raw in
            try visit(
                LogRecordView(
                    sequence: sequences[0], kind: .logNote, offset: start + offsets[0], payload: raw,
                    hash: position.head))
        }
    }

    /// How many whole, checksum-valid records lie from `start` on, before the first that is not:
    /// records a writer finished, so perhaps acknowledged, though their batch never ended.
    func countCompleteRecords(from start: Int64, to end: Int64) throws -> Int {
        var count = 0
        var position = start
        var buffer = [UInt8]()
        while end - position >= Int64(RecordFormat.lengthFieldsSize) {
            let header = try readBytes(at: position, count: RecordFormat.lengthFieldsSize)
            guard let total = header.withUnsafeBytes({ RecordFormat.recordLength(fromLengthFields: $0) }),
                end - position >= Int64(total)
            else { break }
            buffer = try readBytes(at: position, count: total)
            guard buffer.withUnsafeBytes({ RecordFormat.completeRecordLength(at: 0, in: $0) }) == total else {
                break
            }
            count += 1
            position += Int64(total)
        }
        return count
    }

    func readBytes(at position: Int64, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = bytes.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + got, count - got, off_t(position) + off_t(got))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw LogError.system(SystemCallFailure(call: "read", path: path, code: n < 0 ? errno : EIO))
            }
            got += n
        }
        return bytes
    }

    /// The name of a quarantine file that already holds exactly the bytes from `start` to `end`
    /// (written by a repair that was killed before it could truncate), made durable; else nil.
    func quarantinedBefore(from start: Int64, to end: Int64, directory: String) throws -> String? {
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
}

/// The log's own note that it repaired a torn tail, kept in the chain like any record.
public struct RepairNote: Sendable, Equatable {
    public var offset: Int64
    public var bytes: Int64
    public var quarantine: String
    public var user: String
    public var at: Int64
    /// Whole, checksum-valid records among the bytes set aside: none after a torn write; any
    /// means records that may have been acknowledged are now outside the log.
    public var completeRecords: Int
    /// Set when the commit mark shows that records committed past the verified end are gone.
    public var lost: LostRecords?

    var json: String {
        "{\"note\":\"torn tail repaired\",\"offset\":\(offset),\"bytes\":\(bytes),\"quarantine\":\"\(quarantine)\",\"user\":\"\(user.jsonEscaped)\",\"at\":\(at),\"complete_records\":\(completeRecords)"
            + (lost.map { "," + $0.jsonFields } ?? "") + "}"
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
