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
        let trailer = try readBytes(
            at: position.offset - Int64(RecordFormat.recordTrailerSize), count: RecordFormat.recordTrailerSize
        )
        let length = Int(trailer.withUnsafeBytes { $0.loadLE(UInt32.self, at: 4) })
        guard length <= RecordFormat.maximumPayloadSize else { return false }
        let total = RecordFormat.framingSize + length
        let start = position.offset - Int64(total)
        guard start >= Int64(RecordFormat.headerSize) else { return false }
        let record = try readBytes(at: start, count: total)
        let sound = record.withUnsafeBytes { raw -> Bool in
            RecordFormat.completeRecordLength(at: 0, in: raw) == total
                && raw[5] & RecordFormat.batchContinues == 0
                && raw.loadLE(UInt64.self, at: 8) == position.lastSequence
                && ChainHash.of(raw) == position.head
        }
        guard sound else { return false }
        offset = position.offset
        scanner = RecordScanner(nextSequence: position.lastSequence + 1, previous: position.head)
        return true
    }
}
