import Dispatch
import Foundation

// Verifying the chain of a large buffer on every core (README, "The event log"; PERFORMANCE.md,
// P3). A record's SHA-256 and CRC-32C depend only on its own bytes once its length is known, so:
//
// 1. frame, in order: walk the length fields (each protected by its own CRC), kinds, flags,
//    sequence numbers and trailing length copies — cheap, 60 bytes a record;
// 2. hash and check the record CRC of every framed record, in parallel, in contiguous shares of
//    the records taken by whichever thread is free;
// 3. link, in order: each record's CRC flag and previous-hash against the hash before it; visit
//    whole batches.
//
// The first damage in file order wins, with the same kind, offset, sequence and message the
// sequential scan gives: within a record the checks keep their order (length fields, kind and
// flags, length bound, sequence, presence, record CRC, trailing length, link).
extension RecordScanner {
    /// Below this many bytes the sequential scan is used: dispatching costs more than it saves.
    static let parallelThreshold = 256 << 10

    /// One framed record: where it is, what it is, and whether it ends its batch.
    struct Framed {
        var start: Int
        var total: Int
        var kind: RecordKind
        var sequence: UInt64
        var endsBatch: Bool
    }

    /// Where framing stopped.
    private enum FrameStop {
        /// The buffer ends exactly after a whole batch.
        case clean
        /// The buffer ends inside a batch; the batch's next record needs bytes up to this offset.
        case needBytesTo(Int)
        case damage(LogDamage)
    }

    /// `scan` with the chain verified, the hashing spread over `workers` threads.
    mutating func scanInParallel(
        _ buffer: UnsafeRawBufferPointer,
        base: Int64,
        workers: Int,
        visit: (LogRecordView) throws -> Void
    ) rethrows -> (taken: Int, stop: Stop) {
        var records: [Framed] = []
        records.reserveCapacity(buffer.count / 128)
        let frameStop = Self.frame(buffer, base: base, from: nextSequence, into: &records)
        let count = records.count
        let hashes = UnsafeMutableBufferPointer<ChainHash>.allocate(capacity: max(count, 1))
        let crcGood = UnsafeMutableBufferPointer<Bool>.allocate(capacity: max(count, 1))
        defer {
            hashes.deallocate()
            crcGood.deallocate()
        }
        records.withUnsafeBufferPointer { framed in
            // More shares than threads, so that a thread the machine takes away for a while
            // does not hold the others up: whoever is free takes the next share.
            let shares = max(1, min(workers * 4, count / 64))
            // Addresses travel as plain integers: each worker writes only its own share's slots.
            let hashesAddress = Int(bitPattern: hashes.baseAddress)
            let crcAddress = Int(bitPattern: crcGood.baseAddress)
            let framedAddress = Int(bitPattern: framed.baseAddress)
            let bufferAddress = Int(bitPattern: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: shares) { share in
                let hashOut = UnsafeMutablePointer<ChainHash>(bitPattern: hashesAddress)!
                let crcOut = UnsafeMutablePointer<Bool>(bitPattern: crcAddress)!
                let records = UnsafePointer<Framed>(bitPattern: framedAddress)!
                let bytes = UnsafeRawPointer(bitPattern: bufferAddress)!
                for index in (count * share / shares)..<(count * (share + 1) / shares) {
                    let record = records[index]
                    let whole = UnsafeRawBufferPointer(start: bytes + record.start, count: record.total)
                    let crcOffset = record.total - RecordFormat.recordTrailerSize
                    crcOut[index] =
                        RecordFormat.crc(UnsafeRawBufferPointer(rebasing: whole[0..<crcOffset]))
                        == whole.loadLE(UInt32.self, at: crcOffset)
                    hashOut[index] = ChainHash.of(whole)
                }
            }
        }
        var previousHash = previous
        var taken = 0
        var batchStart = 0
        for index in 0..<count {
            let record = records[index]
            func damage(_ kind: LogDamage.Kind, _ detail: String) -> Stop {
                .damage(
                    LogDamage(
                        kind: kind, offset: base + Int64(record.start), sequence: record.sequence,
                        detail: detail))
            }
            guard crcGood[index] else {
                return (taken, damage(.checksum, "the record's CRC-32C does not match its bytes"))
            }
            guard
                ChainHash(UnsafeRawBufferPointer(rebasing: buffer[record.start + 20..<record.start + 52]))
                    == previousHash
            else {
                return (taken, damage(.chain, "the previous-record hash does not match the record before it"))
            }
            previousHash = hashes[index]
            guard record.endsBatch else { continue }
            for member in batchStart...index {
                let framed = records[member]
                let payloadStart = framed.start + RecordFormat.recordHeaderSize
                try visit(
                    LogRecordView(
                        sequence: framed.sequence,
                        kind: framed.kind,
                        offset: base + Int64(framed.start),
                        payload: UnsafeRawBufferPointer(
                            rebasing: buffer[
                                payloadStart..<payloadStart + framed.total - RecordFormat.framingSize]),
                        hash: hashes[member]
                    )
                )
            }
            nextSequence = record.sequence + 1
            previous = previousHash
            taken = record.start + record.total
            batchStart = index + 1
        }
        switch frameStop {
        case .clean: return (taken, .needMore(needed: nil))
        case .needBytesTo(let end): return (taken, .needMore(needed: end - taken))
        case .damage(let damage): return (taken, .damage(damage))
        }
    }

    /// Step 1: frames records from the buffer's start until it ends or a record is unsound.
    /// The record CRC is left to step 2, except for a record whose trailing length is wrong:
    /// its CRC is checked here first, so a record wrong in both is reported as the sequential
    /// scan reports it.
    private static func frame(
        _ buffer: UnsafeRawBufferPointer, base: Int64, from first: UInt64, into records: inout [Framed]
    ) -> FrameStop {
        var position = 0
        var sequence = first
        var inBatch = false
        while true {
            let remaining = buffer.count - position
            if remaining == 0 && !inBatch { return .clean }
            if remaining < RecordFormat.lengthFieldsSize {
                return .needBytesTo(position + RecordFormat.lengthFieldsSize)
            }
            func damage(_ kind: LogDamage.Kind, _ detail: String) -> FrameStop {
                .damage(
                    LogDamage(kind: kind, offset: base + Int64(position), sequence: sequence, detail: detail))
            }
            let lengthCRC = RecordFormat.crc(
                UnsafeRawBufferPointer(rebasing: buffer[position..<position + 16]))
            guard lengthCRC == buffer.loadLE(UInt32.self, at: position + 16) else {
                return damage(.length, "the checksum of the length field does not match")
            }
            let length = Int(buffer.loadLE(UInt32.self, at: position))
            guard let kind = RecordKind(rawValue: buffer[position + 4]),
                buffer[position + 5] & ~RecordFormat.batchContinues == 0,
                buffer.loadLE(UInt16.self, at: position + 6) == 0
            else {
                return damage(.format, "unknown record kind or flags")
            }
            guard length <= RecordFormat.maximumPayloadSize else {
                return damage(.length, "payload length \(length) exceeds \(RecordFormat.maximumPayloadSize)")
            }
            let recordSequence = buffer.loadLE(UInt64.self, at: position + 8)
            guard recordSequence == sequence else {
                return damage(.sequence, "found record \(recordSequence), expected \(sequence)")
            }
            let total = RecordFormat.framingSize + length
            guard remaining >= total else { return .needBytesTo(position + total) }
            let crcOffset = position + RecordFormat.recordHeaderSize + length
            guard Int(buffer.loadLE(UInt32.self, at: crcOffset + 4)) == length else {
                let recordCRC = RecordFormat.crc(
                    UnsafeRawBufferPointer(rebasing: buffer[position..<crcOffset]))
                guard recordCRC == buffer.loadLE(UInt32.self, at: crcOffset) else {
                    return damage(.checksum, "the record's CRC-32C does not match its bytes")
                }
                return damage(.length, "the length after the payload differs from the length before it")
            }
            inBatch = buffer[position + 5] & RecordFormat.batchContinues != 0
            records.append(
                Framed(start: position, total: total, kind: kind, sequence: sequence, endsBatch: !inBatch))
            sequence += 1
            position += total
        }
    }
}
