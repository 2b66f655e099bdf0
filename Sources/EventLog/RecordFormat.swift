import CEventLogSupport

/// The byte layout of `events.log`. All integers are little-endian.
///
/// File header (64 bytes):
/// ```
///  0  magic "DESK-LOG"            8
///  8  format version (1)          u16
/// 10  header length (64)          u16
/// 12  reserved, zero              u32
/// 16  file id                     16 random bytes
/// 32  created at, Unix ms         i64
/// 40  reserved, zero              20
/// 60  CRC-32C of bytes 0..<60     u32
/// ```
/// Record (60 bytes of framing around the payload):
/// ```
///  0  payload length              u32
///  4  kind (0 event, 1 log note)  u8
///  5  flags (bit 0: the batch goes on)  u8
///  6  reserved, zero              u16
///  8  sequence number             u64   (1, 2, 3, … with no gap)
/// 16  CRC-32C of bytes 0..<16     u32   (protects the length before it is trusted)
/// 20  previous record's hash      32    (SHA-256; for record 1, the hash of the file header)
/// 52  payload                     length bytes
///  …  CRC-32C of the record so far  u32
///  …  payload length again        u32   (a reader can confirm the record is complete)
/// ```
/// A record's hash is SHA-256 over all of its bytes, framing included. Records written by one
/// append form a batch: every record but the last has the "batch goes on" flag, and a reader takes
/// a batch whole or not at all, so an import torn by `kill -9` leaves none of its records.
public enum RecordFormat {
    public static let magic: [UInt8] = Array("DESK-LOG".utf8)
    public static let formatVersion: UInt16 = 1
    public static let headerSize = 64
    public static let recordHeaderSize = 52
    public static let recordTrailerSize = 8
    public static let framingSize = recordHeaderSize + recordTrailerSize
    /// Bytes at the start of a record that carry the length and are covered by its own checksum.
    public static let lengthFieldsSize = 20
    /// The largest payload a record may carry; a larger length is damage, not a reason to allocate.
    public static let maximumPayloadSize = 64 << 20

    static let batchContinues: UInt8 = 1

    static func crc(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        desk_crc32c(0, bytes.baseAddress, bytes.count)
    }

    /// The whole length of the record whose first `lengthFieldsSize` bytes these are, when their
    /// checksum, kind, flags and length are sound; else nil.
    static func recordLength(fromLengthFields bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= lengthFieldsSize,
            crc(UnsafeRawBufferPointer(rebasing: bytes[0..<16])) == bytes.loadLE(UInt32.self, at: 16),
            RecordKind(rawValue: bytes[4]) != nil, bytes[5] & ~batchContinues == 0,
            bytes.loadLE(UInt16.self, at: 6) == 0
        else { return nil }
        let length = Int(bytes.loadLE(UInt32.self, at: 0))
        return length <= maximumPayloadSize ? framingSize + length : nil
    }

    /// The length of the record at `position` when it is complete — sound length fields, every
    /// byte present, its record CRC and its trailing length copy matching — else nil. The chain
    /// link is not checked: a record set aside from the log is judged on its own.
    static func completeRecordLength(at position: Int, in buffer: UnsafeRawBufferPointer) -> Int? {
        guard buffer.count - position >= lengthFieldsSize,
            let total = recordLength(
                fromLengthFields: UnsafeRawBufferPointer(
                    rebasing: buffer[position..<position + lengthFieldsSize])),
            buffer.count - position >= total
        else { return nil }
        let crcOffset = position + total - recordTrailerSize
        guard
            crc(UnsafeRawBufferPointer(rebasing: buffer[position..<crcOffset]))
                == buffer.loadLE(UInt32.self, at: crcOffset),
            Int(buffer.loadLE(UInt32.self, at: crcOffset + 4)) == total - framingSize
        else { return nil }
        return total
    }

    /// The complete records at the start of `bytes` (a quarantine file), in order, up to the first
    /// that is not complete.
    public static func completeRecords(in bytes: UnsafeRawBufferPointer) -> SetAsideRecords {
        var found = SetAsideRecords()
        var position = 0
        func record(length: Int) -> CompleteRecord {
            CompleteRecord(
                sequence: bytes.loadLE(UInt64.self, at: position + 8),
                kind: RecordKind(rawValue: bytes[position + 4]) ?? .event,
                payload: Array(bytes[position + recordHeaderSize..<position + recordHeaderSize + length]))
        }
        while let total = completeRecordLength(at: position, in: bytes) {
            found.complete.append(record(length: total - framingSize))
            position += total
        }
        guard bytes.count - position >= lengthFieldsSize,
            let total = recordLength(
                fromLengthFields: UnsafeRawBufferPointer(
                    rebasing: bytes[position..<position + lengthFieldsSize]))
        else { return found }
        found.tornRecordBegins = true
        let crcOffset = position + total - recordTrailerSize
        if bytes.count >= crcOffset + 4,
            crc(UnsafeRawBufferPointer(rebasing: bytes[position..<crcOffset]))
                == bytes.loadLE(UInt32.self, at: crcOffset)
        {
            found.cutInTrailer = record(length: total - framingSize)
        }
        return found
    }
}

/// The records of a quarantine file.
public struct SetAsideRecords: Sendable, Equatable {
    /// Whole, checksum-valid records, in order.
    public var complete: [CompleteRecord] = []
    /// Whether a record with sound length fields begins after them, its end cut away.
    public var tornRecordBegins = false
    /// That record, when only its trailing length copy was cut: its record CRC still checks, so
    /// its payload is what was written (`truncate -s -1` leaves this).
    public var cutInTrailer: CompleteRecord?
}

/// A whole, checksum-valid record read outside the log (from a quarantine file).
public struct CompleteRecord: Sendable, Equatable {
    public var sequence: UInt64
    public var kind: RecordKind
    public var payload: [UInt8]
}

/// What a record is: an event of the application's, or a note the log wrote about itself.
public enum RecordKind: UInt8, Sendable {
    /// An application event; its payload is opaque to the log.
    case event = 0
    /// A note by the log itself (a torn tail repaired); its payload is a UTF-8 JSON object.
    case logNote = 1
}

/// The decoded file header.
public struct LogFileHeader: Sendable, Equatable {
    public var formatVersion: UInt16
    public var fileID: [UInt8]
    /// Unix time in milliseconds.
    public var createdAt: Int64

    public var fileIDHex: String {
        fileID.map { byte in
            let s = String(byte, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }

    static func new(createdAt: Int64) -> LogFileHeader {
        var generator = SystemRandomNumberGenerator()
        let id = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return LogFileHeader(formatVersion: RecordFormat.formatVersion, fileID: id, createdAt: createdAt)
    }

    func encoded() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: RecordFormat.headerSize)
        out.replaceSubrange(0..<8, with: RecordFormat.magic)
        out.store(formatVersion, at: 8)
        out.store(UInt16(RecordFormat.headerSize), at: 10)
        out.replaceSubrange(16..<32, with: fileID)
        out.store(UInt64(bitPattern: createdAt), at: 32)
        let crc = out.withUnsafeBytes { RecordFormat.crc(UnsafeRawBufferPointer(rebasing: $0[0..<60])) }
        out.store(crc, at: 60)
        return out
    }

    /// Decodes and checks a header; `nil` with a reason when the bytes are not a desk log header.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<LogFileHeader, HeaderProblem> {
        guard bytes.count >= RecordFormat.headerSize else { return .failure(.incomplete) }
        guard Array(bytes[0..<8]) == RecordFormat.magic else { return .failure(.notADeskLog) }
        let crc = RecordFormat.crc(UnsafeRawBufferPointer(rebasing: bytes[0..<60]))
        guard crc == bytes.loadLE(UInt32.self, at: 60) else { return .failure(.checksum) }
        let version = bytes.loadLE(UInt16.self, at: 8)
        guard version == RecordFormat.formatVersion else { return .failure(.unsupportedVersion(version)) }
        guard bytes.loadLE(UInt16.self, at: 10) == RecordFormat.headerSize else { return .failure(.checksum) }
        return .success(
            LogFileHeader(
                formatVersion: version,
                fileID: Array(bytes[16..<32]),
                createdAt: Int64(bitPattern: bytes.loadLE(UInt64.self, at: 32))
            )
        )
    }

    enum HeaderProblem: Error, Equatable {
        case incomplete, notADeskLog, checksum
        case unsupportedVersion(UInt16)
    }
}

/// Builds the bytes of a batch of records, chained from `previous`.
struct BatchEncoder {
    private(set) var bytes: [UInt8] = []
    private(set) var hashes: [ChainHash] = []
    private(set) var offsets: [Int] = []
    private(set) var nextSequence: UInt64
    private(set) var previous: ChainHash

    init(nextSequence: UInt64, previous: ChainHash, capacity: Int) {
        self.nextSequence = nextSequence
        self.previous = previous
        bytes.reserveCapacity(capacity)
    }

    /// Appends one record; `last` says whether it ends the batch.
    mutating func add(kind: RecordKind, payload: UnsafeRawBufferPointer, last: Bool) {
        let start = bytes.count
        offsets.append(start)
        let length = UInt32(payload.count)
        bytes.appendLE(length)
        bytes.append(kind.rawValue)
        bytes.append(last ? 0 : RecordFormat.batchContinues)
        bytes.appendLE(UInt16(0))
        bytes.appendLE(nextSequence)
        let lengthCRC = bytes.withUnsafeBytes {
            RecordFormat.crc(UnsafeRawBufferPointer(rebasing: $0[start..<start + 16]))
        }
        bytes.appendLE(lengthCRC)
        bytes.append(contentsOf: previous.bytes)
        bytes.append(contentsOf: payload)
        let recordCRC = bytes.withUnsafeBytes {
            RecordFormat.crc(UnsafeRawBufferPointer(rebasing: $0[start...]))
        }
        bytes.appendLE(recordCRC)
        bytes.appendLE(length)
        let hash = bytes.withUnsafeBytes { ChainHash.of(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        hashes.append(hash)
        previous = hash
        nextSequence += 1
    }
}

extension Array where Element == UInt8 {
    mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        var v = value.littleEndian
        Swift.withUnsafeBytes(of: &v) { append(contentsOf: $0) }
    }

    mutating func store<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        var v = value.littleEndian
        Swift.withUnsafeBytes(of: &v) { raw in
            for (i, b) in raw.enumerated() { self[offset + i] = b }
        }
    }
}

extension UnsafeRawBufferPointer {
    @inline(__always)
    func loadLE<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
