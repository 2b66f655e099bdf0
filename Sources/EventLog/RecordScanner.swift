import Foundation

/// One verified record, seen in place: the payload points into a read buffer and is valid only
/// during the visit that received it.
public struct LogRecordView {
    public let sequence: UInt64
    public let kind: RecordKind
    /// Byte offset of the record in the file.
    public let offset: Int64
    public let payload: UnsafeRawBufferPointer
    /// SHA-256 of the whole record: the chain head as of this record. Nil when the chain is not
    /// being verified (a fast start-up).
    public let hash: ChainHash?
}

/// Walks records in a buffer, verifying each against the chain so far. Batches are taken whole:
/// nothing in a batch is visited until its last record has been verified.
struct RecordScanner {
    var nextSequence: UInt64
    var previous: ChainHash
    /// When false (a fast replay whose chain is verified separately), links are not checked and
    /// only the last record taken by each `scan` is hashed, so that `previous` stays the chain head.
    var verifiesChain = true
    /// How many threads hash a large buffer's records (at least two, so the split is always tried).
    var workers = max(2, ProcessInfo.processInfo.activeProcessorCount)
    /// Buffers of at least this many bytes are verified in parallel (``scanInParallel``).
    var parallelFrom = RecordScanner.parallelThreshold

    enum Stop: Equatable {
        /// Everything whole was taken; the rest of the buffer (if any) is the start of a batch
        /// that needs at least `needed` bytes (counted from the end of what was taken), if known.
        case needMore(needed: Int?)
        case damage(LogDamage)
    }

    private struct Pending {
        var start: Int
        var length: Int
        var kind: RecordKind
        var sequence: UInt64
        var hash: ChainHash
    }

    /// Scans `buffer`, whose first byte is at file offset `base`. Returns how many bytes were taken.
    mutating func scan(
        _ buffer: UnsafeRawBufferPointer,
        base: Int64,
        visit: (LogRecordView) throws -> Void
    ) rethrows -> (taken: Int, stop: Stop) {
        if verifiesChain && buffer.count >= parallelFrom {
            return try scanInParallel(buffer, base: base, workers: workers, visit: visit)
        }
        var taken = 0
        var pending: [Pending] = []
        var lastTaken: Range<Int>?
        defer {
            if !verifiesChain, let lastTaken {
                previous = ChainHash.of(UnsafeRawBufferPointer(rebasing: buffer[lastTaken]))
            }
        }
        while taken < buffer.count {
            pending.removeAll(keepingCapacity: true)
            var position = taken
            var sequence = nextSequence
            var previousHash = previous
            batch: while true {
                let remaining = buffer.count - position
                if remaining < RecordFormat.lengthFieldsSize {
                    return (taken, .needMore(needed: position - taken + RecordFormat.lengthFieldsSize))
                }
                func damage(_ kind: LogDamage.Kind, _ detail: String) -> Stop {
                    .damage(
                        LogDamage(
                            kind: kind, offset: base + Int64(position), sequence: sequence, detail: detail))
                }
                let lengthCRC = RecordFormat.crc(
                    UnsafeRawBufferPointer(rebasing: buffer[position..<position + 16]))
                guard lengthCRC == buffer.loadLE(UInt32.self, at: position + 16) else {
                    return (taken, damage(.length, "the checksum of the length field does not match"))
                }
                let length = Int(buffer.loadLE(UInt32.self, at: position))
                guard let kind = RecordKind(rawValue: buffer[position + 4]),
                    buffer[position + 5] & ~RecordFormat.batchContinues == 0,
                    buffer.loadLE(UInt16.self, at: position + 6) == 0
                else {
                    return (taken, damage(.format, "unknown record kind or flags"))
                }
                guard length <= RecordFormat.maximumPayloadSize else {
                    return (
                        taken,
                        damage(.length, "payload length \(length) exceeds \(RecordFormat.maximumPayloadSize)")
                    )
                }
                let recordSequence = buffer.loadLE(UInt64.self, at: position + 8)
                guard recordSequence == sequence else {
                    return (taken, damage(.sequence, "found record \(recordSequence), expected \(sequence)"))
                }
                let total = RecordFormat.framingSize + length
                guard remaining >= total else {
                    return (taken, .needMore(needed: position - taken + total))
                }
                let crcOffset = position + RecordFormat.recordHeaderSize + length
                let recordCRC = RecordFormat.crc(
                    UnsafeRawBufferPointer(rebasing: buffer[position..<crcOffset]))
                guard recordCRC == buffer.loadLE(UInt32.self, at: crcOffset) else {
                    return (taken, damage(.checksum, "the record's CRC-32C does not match its bytes"))
                }
                guard Int(buffer.loadLE(UInt32.self, at: crcOffset + 4)) == length else {
                    return (
                        taken,
                        damage(.length, "the length after the payload differs from the length before it")
                    )
                }
                var hash = previousHash
                if verifiesChain {
                    guard
                        ChainHash(UnsafeRawBufferPointer(rebasing: buffer[position + 20..<position + 52]))
                            == previousHash
                    else {
                        return (
                            taken,
                            damage(.chain, "the previous-record hash does not match the record before it")
                        )
                    }
                    hash = ChainHash.of(UnsafeRawBufferPointer(rebasing: buffer[position..<position + total]))
                }
                pending.append(
                    Pending(start: position, length: length, kind: kind, sequence: sequence, hash: hash))
                previousHash = hash
                sequence += 1
                position += total
                if buffer[position - total + 5] & RecordFormat.batchContinues == 0 { break batch }
            }
            for record in pending {
                let payloadStart = record.start + RecordFormat.recordHeaderSize
                try visit(
                    LogRecordView(
                        sequence: record.sequence,
                        kind: record.kind,
                        offset: base + Int64(record.start),
                        payload: UnsafeRawBufferPointer(
                            rebasing: buffer[payloadStart..<payloadStart + record.length]),
                        hash: verifiesChain ? record.hash : nil
                    )
                )
            }
            nextSequence = sequence
            previous = previousHash
            if let last = pending.last { lastTaken = last.start..<position }
            taken = position
        }
        return (taken, .needMore(needed: nil))
    }
}
