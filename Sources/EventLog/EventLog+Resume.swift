#if canImport(Glibc)
    import Glibc
#endif

extension EventLog {
    /// Starts reading after `position` instead of from the first record, when the log's record
    /// ending at `position.offset` is exactly the one the position names: whole, its checksums
    /// sound, the last of its batch, numbered `position.lastSequence`, and hashing to
    /// `position.head`. Since each record's hash covers the hash of the one before, that record
    /// stands for every record up to it: a log rewritten anywhere below it cannot match.
    /// Returns false, having changed nothing, otherwise (then read from the start as usual).
    /// Only before anything has been read.
    public func resume(at position: LogPosition) throws -> Bool {
        guard offset == Int64(RecordFormat.headerSize), self.position.lastSequence == 0,
            position.lastSequence > 0, checkIdentity() == nil,
            position.offset >= Int64(RecordFormat.headerSize + RecordFormat.framingSize),
            position.offset <= currentSize()
        else { return false }
        var trailer = [UInt8](repeating: 0, count: RecordFormat.recordTrailerSize)
        guard try readExactly(&trailer, at: position.offset - Int64(trailer.count)) else { return false }
        let length = Int(trailer.withUnsafeBytes { $0.loadLE(UInt32.self, at: 4) })
        guard length <= RecordFormat.maximumPayloadSize else { return false }
        let total = RecordFormat.framingSize + length
        let start = position.offset - Int64(total)
        guard start >= Int64(RecordFormat.headerSize) else { return false }
        var record = [UInt8](repeating: 0, count: total)
        guard try readExactly(&record, at: start) else { return false }
        let sound = record.withUnsafeBytes { raw -> Bool in
            guard RecordFormat.recordLength(fromLengthFields: raw) == total,
                raw[5] & RecordFormat.batchContinues == 0,
                raw.loadLE(UInt64.self, at: 8) == position.lastSequence,
                RecordFormat.crc(UnsafeRawBufferPointer(rebasing: raw[0..<(total - 8)]))
                    == raw.loadLE(UInt32.self, at: total - 8)
            else { return false }
            return ChainHash.of(raw) == position.head
        }
        guard sound else { return false }
        offset = position.offset
        scanner = RecordScanner(nextSequence: position.lastSequence + 1, previous: position.head)
        return true
    }

    /// Reads `buffer.count` bytes at `at`; false when the file holds fewer.
    private func readExactly(_ buffer: inout [UInt8], at: Int64) throws -> Bool {
        let want = buffer.count
        let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, want, off_t(at)) }
        guard got >= 0 else {
            throw LogError.system(SystemCallFailure(call: "read", path: path, code: errno))
        }
        return got == want
    }
}
