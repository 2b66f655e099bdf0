#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension EventLog {
    func isZeroFilled(from start: Int64, to end: Int64) throws -> Bool {
        var zero = true
        try forEachChunk(from: start, to: end) { chunk in
            zero = !chunk.contains { $0 != 0 }
            return zero
        }
        return zero
    }

    /// Reads the log's bytes from `start` to `end` (or to its end, if shorter) in chunks of up to
    /// 1 MiB, until `body` returns false. Each chunk is valid only during its call.
    func forEachChunk(
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
}
