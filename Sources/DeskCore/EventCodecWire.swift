import Foundation

// The wire format under the codec: varints, strings, fields, and a strict UTF-8 check.

/// Appends varints, strings and fields.
struct Writer {
    var bytes: [UInt8] = []
    var fields = 0

    mutating func unsigned(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func signed(_ v: Int64) { unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { u in
            unsigned(UInt64(u.count))
            bytes.append(contentsOf: u)
        }
    }

    mutating func field(_ key: UInt8, _ v: UInt64) {
        bytes.append(key)
        bytes.append(0)
        unsigned(v)
        fields += 1
    }

    mutating func field(_ key: UInt8, signed v: Int64) {
        bytes.append(key)
        bytes.append(2)
        signed(v)
        fields += 1
    }

    mutating func field(_ key: UInt8, _ s: String) {
        bytes.append(key)
        bytes.append(1)
        string(s)
        fields += 1
    }

    mutating func field(_ key: UInt8, bytes b: [UInt8]) {
        bytes.append(key)
        bytes.append(1)
        unsigned(UInt64(b.count))
        bytes.append(contentsOf: b)
        fields += 1
    }

    /// A nested field list: its own count, then its fields, as one length-prefixed value.
    mutating func field(_ key: UInt8, nested n: Writer) {
        var inner = Writer()
        inner.unsigned(UInt64(n.fields))
        inner.bytes.append(contentsOf: n.bytes)
        field(key, bytes: inner.bytes)
    }
}

/// Reads varints, strings and fields from a buffer, refusing anything that runs past its end.
struct Reader {
    let base: UnsafeRawBufferPointer
    var position = 0

    init(_ base: UnsafeRawBufferPointer) {
        self.base = base
    }

    var atEnd: Bool { position == base.count }
    var remaining: Int { base.count - position }

    mutating func byte() throws(DeskError) -> UInt8 {
        guard position < base.count else {
            throw EventCodec.corrupt("payload ends early (\(base.count) bytes)")
        }
        let b = base[position]
        position += 1
        return b
    }

    mutating func unsigned() throws(DeskError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            if shift == 63 && b > 1 { throw EventCodec.corrupt("number too large at byte \(position)") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw EventCodec.corrupt("number too long at byte \(position)") }
        }
    }

    mutating func signed() throws(DeskError) -> Int64 {
        let u = try unsigned()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    mutating func bytes() throws(DeskError) -> UnsafeRawBufferPointer {
        let n = try unsigned()
        guard n <= UInt64(remaining) else {
            throw EventCodec.corrupt("a value of \(n) bytes runs past the end at byte \(position)")
        }
        let slice = UnsafeRawBufferPointer(rebasing: base[position..<(position + Int(n))])
        position += Int(n)
        return slice
    }

    mutating func string() throws(DeskError) -> String {
        let b = try bytes()
        if b.isEmpty { return "" }
        guard isValidUTF8(b) else {
            throw EventCodec.corrupt("text is not valid UTF-8 near byte \(position)")
        }
        return String(decoding: b, as: UTF8.self)
    }

    mutating func skip(_ tag: UInt8) throws(DeskError) {
        switch tag {
        case 0, 2: _ = try unsigned()
        case 1: _ = try bytes()
        default: throw EventCodec.corrupt("unknown field tag \(tag) at byte \(position)")
        }
    }

    /// Reads `count` fields, handing each key and tag to `body`, which must consume the value.
    mutating func fields(
        _ count: Int, _ body: (UInt8, UInt8, inout Reader) throws(DeskError) -> Void
    ) throws(DeskError) {
        for _ in 0..<count {
            let key = try byte()
            let tag = try byte()
            try body(key, tag, &self)
        }
    }

    /// Reads a nested field list: its count, then the fields, which must fill the buffer.
    mutating func fieldsToEnd(_ body: (UInt8, UInt8, inout Reader) throws(DeskError) -> Void)
        throws(DeskError)
    {
        let count = try unsigned()
        guard count <= UInt64(remaining) else {
            throw EventCodec.corrupt("nested field count \(count) is too large")
        }
        try fields(Int(count), body)
        guard atEnd else { throw EventCodec.corrupt("unexpected bytes in a nested value") }
    }
}

/// Strict UTF-8 check (no overlongs, no surrogates, nothing above U+10FFFF), with a fast
/// path for ASCII, so that invalid text in a payload is refused rather than repaired.
func isValidUTF8(_ b: UnsafeRawBufferPointer) -> Bool {
    var i = 0
    let n = b.count
    while i < n {
        let c = b[i]
        if c < 0x80 {
            i += 1
            continue
        }
        let need: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: need = 1
        case 0xE0:
            need = 2
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED:
            need = 2
            upper = 0x9F
        case 0xF0:
            need = 3
            lower = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4:
            need = 3
            upper = 0x8F
        default: return false
        }
        guard i + need < n else { return false }
        let second = b[i + 1]
        guard second >= lower && second <= upper else { return false }
        var k = 2
        while k <= need {
            let x = b[i + k]
            guard x >= 0x80 && x <= 0xBF else { return false }
            k += 1
        }
        i += need + 1
    }
    return true
}
