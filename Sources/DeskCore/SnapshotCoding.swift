/// The byte stream a state snapshot is written as and read from: little-endian integers,
/// length-prefixed text and arrays, buffered so that neither side holds the whole snapshot in
/// memory (a 200,000-complaint state is tens of megabytes).
///
/// A snapshot is a cache of the projection, never the truth (the log is): its layout is private to
/// one build of the desk, and anything unexpected in it is ``SnapshotDamage``, upon which the
/// caller throws it away and replays the log.
public struct SnapshotDamage: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Writes a snapshot through `sink` in chunks of about a mebibyte.
public final class SnapshotWriter {
    private var buffer: [UInt8] = []
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private let chunk = 1 << 20
    /// Bytes handed to the sink so far, plus those still buffered.
    public private(set) var written = 0

    public init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.sink = sink
        buffer.reserveCapacity(chunk)
    }

    /// Hands what is buffered to the sink.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try sink($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func room() throws { if buffer.count >= chunk { try flush() } }

    public func bytes(_ raw: UnsafeRawBufferPointer) throws {
        written += raw.count
        if raw.count >= chunk {
            try flush()
            try sink(raw)
        } else {
            buffer.append(contentsOf: raw)
            try room()
        }
    }

    public func integer<T: FixedWidthInteger>(_ value: T) throws {
        try withUnsafeBytes(of: value.littleEndian) { try bytes($0) }
    }

    func u8(_ v: UInt8) throws { try integer(v) }
    func u32(_ v: UInt32) throws { try integer(v) }
    public func u64(_ v: UInt64) throws { try integer(v) }
    func i64(_ v: Int64) throws { try integer(v) }
    public func count(_ n: Int) throws { try u64(UInt64(n)) }
    func time(_ t: Timestamp) throws { try i64(t.milliseconds) }
    func instant(_ t: RecordedInstant) throws { try i64(t.milliseconds ?? .min) }

    public func text(_ s: String) throws {
        var s = s
        try s.withUTF8 { u in
            try count(u.count)
            try bytes(UnsafeRawBufferPointer(u))
        }
    }

    /// An array of plain integers, whole (the machine is little-endian, as the desk's are).
    public func array<T: FixedWidthInteger>(_ values: [T]) throws {
        try count(values.count)
        try values.withUnsafeBytes { try bytes($0) }
    }
}

/// Reads what ``SnapshotWriter`` wrote, pulling bytes from `source` (which returns how many it
/// put in the buffer it is given, 0 at the end).
public final class SnapshotReader {
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private let source: (UnsafeMutableRawBufferPointer) throws -> Int
    /// Bytes handed out so far (the source may have given more, still buffered).
    public private(set) var consumed = 0

    public init(source: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
        self.source = source
        buffer = [UInt8](repeating: 0, count: 1 << 20)
    }

    /// Fills `destination` whole, or throws: the snapshot ended early.
    public func bytes(into destination: UnsafeMutableRawBufferPointer) throws {
        consumed += destination.count
        var filled = 0
        let buffered = min(end - start, destination.count)
        if buffered > 0 {
            buffer.withUnsafeBytes {
                destination.baseAddress!.copyMemory(from: $0.baseAddress! + start, byteCount: buffered)
            }
            start += buffered
            filled = buffered
        }
        // Large reads go straight to their destination; small ones through the buffer.
        while filled < destination.count {
            let want = destination.count - filled
            if want >= buffer.count {
                let got = try source(UnsafeMutableRawBufferPointer(rebasing: destination[filled...]))
                guard got > 0 else { throw SnapshotDamage("the snapshot ends early") }
                filled += got
            } else {
                start = 0
                end = try buffer.withUnsafeMutableBytes { try source($0) }
                guard end > 0 else { throw SnapshotDamage("the snapshot ends early") }
                let n = min(end, want)
                buffer.withUnsafeBytes {
                    (destination.baseAddress! + filled).copyMemory(from: $0.baseAddress!, byteCount: n)
                }
                start = n
                filled += n
            }
        }
    }

    public func integer<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        if end - start >= MemoryLayout<T>.size {
            let value = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: start, as: T.self) }
            start += MemoryLayout<T>.size
            consumed += MemoryLayout<T>.size
            return T(littleEndian: value)
        }
        var value = T.zero
        try withUnsafeMutableBytes(of: &value) { try bytes(into: $0) }
        return T(littleEndian: value)
    }

    func u8() throws -> UInt8 { try integer() }
    func u32() throws -> UInt32 { try integer() }
    func u64() throws -> UInt64 { try integer() }
    func i64() throws -> Int64 { try integer() }
    func time() throws -> Timestamp { Timestamp(milliseconds: try i64()) }
    func instant() throws -> RecordedInstant {
        let ms = try i64()
        return ms == .min ? .notYet : RecordedInstant(Timestamp(milliseconds: ms))
    }

    /// A count, refused beyond `limit` (a damaged count must not become an allocation).
    public func count(limit: Int = 1 << 32) throws -> Int {
        let n = try u64()
        guard n <= UInt64(limit) else { throw SnapshotDamage("a count of \(n) is beyond \(limit)") }
        return Int(n)
    }

    public func text() throws -> String {
        let n = try count(limit: 64 << 20)
        let bytes = try [UInt8](unsafeUninitializedCapacity: n) { buffer, initialized in
            try self.bytes(into: UnsafeMutableRawBufferPointer(buffer))
            initialized = n
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func array<T: FixedWidthInteger>(_: T.Type = T.self) throws -> [T] {
        let n = try count(limit: 1 << 34 / MemoryLayout<T>.stride)
        var values = try [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            try bytes(into: UnsafeMutableRawBufferPointer(buffer))
            initialized = n
        }
        if T.self != UInt8.self && 1.littleEndian != 1 {
            for i in values.indices { values[i] = T(littleEndian: values[i]) }
        }
        return values
    }

    /// A raw value of a one-byte enum, refused when it names no case.
    func enumeration<E: RawRepresentable>(_: E.Type) throws -> E where E.RawValue == UInt8 {
        let raw = try u8()
        guard let value = E(rawValue: raw) else { throw SnapshotDamage("\(E.self) has no case \(raw)") }
        return value
    }
}

// MARK: Fixed-size records

/// A record written in a fixed number of bytes, field by field at fixed places, so that an array of
/// them is read and written in large blocks with no call per field through the buffered stream.
protocol SnapshotRecord {
    static var snapshotSize: Int { get }
    func write(into fields: inout FieldWriter)
    init(from fields: inout FieldReader) throws
}

/// Puts little-endian fields one after another into a record's bytes.
struct FieldWriter {
    let base: UnsafeMutableRawPointer
    var at = 0

    mutating func put<T: FixedWidthInteger>(_ value: T) {
        base.storeBytes(of: value.littleEndian, toByteOffset: at, as: T.self)
        at += MemoryLayout<T>.size
    }

    mutating func time(_ t: Timestamp) { put(t.milliseconds) }
    mutating func instant(_ t: RecordedInstant) { put(t.milliseconds ?? .min) }
    mutating func ref(_ r: TextArena.Ref) {
        put(r.offset)
        put(r.length)
    }
    /// An optional one-byte value: 0 for none, else the value plus one.
    mutating func optional(_ v: UInt8?) { put(v.map { $0 + 1 } ?? 0) }
}

/// Takes the fields a ``FieldWriter`` put, in the same order.
struct FieldReader {
    let base: UnsafeRawPointer
    var at = 0

    mutating func take<T: FixedWidthInteger>(_: T.Type = T.self) -> T {
        defer { at += MemoryLayout<T>.size }
        return T(littleEndian: base.loadUnaligned(fromByteOffset: at, as: T.self))
    }

    mutating func time() -> Timestamp { Timestamp(milliseconds: take()) }
    mutating func instant() -> RecordedInstant {
        let ms: Int64 = take()
        return ms == .min ? .notYet : RecordedInstant(Timestamp(milliseconds: ms))
    }
    mutating func ref() -> TextArena.Ref { TextArena.Ref(offset: take(), length: take()) }

    mutating func enumeration<E: RawRepresentable>(_: E.Type) throws -> E where E.RawValue == UInt8 {
        let raw: UInt8 = take()
        guard let value = E(rawValue: raw) else { throw SnapshotDamage("\(E.self) has no case \(raw)") }
        return value
    }

    mutating func optional<E: RawRepresentable>(_: E.Type) throws -> E? where E.RawValue == UInt8 {
        let raw: UInt8 = take()
        if raw == 0 { return nil }
        guard let value = E(rawValue: raw - 1) else {
            throw SnapshotDamage("\(E.self) has no case \(raw - 1)")
        }
        return value
    }
}

extension SnapshotWriter {
    /// The count, then every record in its fixed size, a block at a time.
    func records<T: SnapshotRecord>(_ items: [T]) throws {
        try count(items.count)
        let perBlock = max(1, (1 << 20) / T.snapshotSize)
        var block = [UInt8](repeating: 0, count: perBlock * T.snapshotSize)
        var index = 0
        while index < items.count {
            let n = min(perBlock, items.count - index)
            block.withUnsafeMutableBytes { raw in
                for k in 0..<n {
                    var fields = FieldWriter(base: raw.baseAddress! + k * T.snapshotSize)
                    items[index + k].write(into: &fields)
                    assert(fields.at == T.snapshotSize, "\(T.self) wrote \(fields.at) bytes")
                }
            }
            try block.withUnsafeBytes {
                try bytes(UnsafeRawBufferPointer(rebasing: $0[0..<(n * T.snapshotSize)]))
            }
            index += n
        }
    }
}

extension SnapshotReader {
    /// What ``SnapshotWriter/records(_:)`` wrote.
    func records<T: SnapshotRecord>(_: T.Type = T.self) throws -> [T] {
        let total = try count(limit: 1 << 28)
        let perBlock = max(1, (1 << 20) / T.snapshotSize)
        var block = [UInt8](repeating: 0, count: perBlock * T.snapshotSize)
        var out: [T] = []
        out.reserveCapacity(total)
        while out.count < total {
            let n = min(perBlock, total - out.count)
            try block.withUnsafeMutableBytes {
                try bytes(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<(n * T.snapshotSize)]))
            }
            try block.withUnsafeBytes { raw in
                for k in 0..<n {
                    var fields = FieldReader(base: raw.baseAddress! + k * T.snapshotSize)
                    out.append(try T(from: &fields))
                }
            }
        }
        return out
    }
}
