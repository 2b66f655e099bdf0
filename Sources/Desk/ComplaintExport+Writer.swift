import DeskCore

/// The bytes of an export, written as they are made and taken a megabyte at a time, so that an
/// export of any size holds one chunk, not the whole file. The rules are those of
/// ``JSONText`` (which scalars are escaped, through ``JSONText/mustEscape(_:)``) and of a CSV
/// writer (RFC 4180: a cell holding a quote, comma, CR or LF is quoted, its quotes doubled);
/// only the strings and dictionaries per value are gone.
struct ExportWriter {
    private(set) var bytes: [UInt8] = []
    /// About how much is handed on at a time.
    static let chunk = 1 << 20

    init() {
        bytes.reserveCapacity(Self.chunk + (64 << 10))
    }

    /// What was written since the last time, as text; the buffer is kept for the next chunk.
    mutating func take() -> String {
        defer { bytes.removeAll(keepingCapacity: true) }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func integer(_ value: Int) {
        raw(String(value))
    }

    // MARK: JSON

    /// `text` as a JSON string literal, exactly as ``JSONText/quote(_:into:)`` writes it: runs
    /// of bytes that need nothing are copied whole; each non-ASCII scalar is decoded and asked
    /// ``JSONText/mustEscape(_:)``.
    mutating func jsonString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            func copyRun() {
                if index > runStart {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                }
            }
            while index < utf8.count {
                let byte = utf8[index]
                if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                    index += 1
                } else if byte >= 0x80 {
                    // Valid UTF-8 (a String): the lead byte gives the length.
                    let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                    for offset in 1..<length { value = value << 6 | UInt32(utf8[index + offset] & 0x3F) }
                    if let scalar = Unicode.Scalar(value), JSONText.mustEscape(scalar) {
                        copyRun()
                        escape(value)
                        index += length
                        runStart = index
                    } else {
                        index += length
                    }
                } else {
                    copyRun()
                    jsonASCII(byte)
                    index += 1
                    runStart = index
                }
            }
            copyRun()
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func jsonASCII(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): raw("\\\"")
        case UInt8(ascii: "\\"): raw("\\\\")
        case 0x0A: raw("\\n")
        case 0x0D: raw("\\r")
        case 0x09: raw("\\t")
        case 0x00..<0x20, 0x7F: escape(UInt32(byte))
        default: bytes.append(byte)
        }
    }

    private mutating func escape(_ value: UInt32) {
        let digits: StaticString = "0123456789ABCDEF"
        raw("\\u")
        digits.withUTF8Buffer { hex in
            for shift in [12, 8, 4, 0] { bytes.append(hex[Int((value >> UInt32(shift)) & 0xF)]) }
        }
    }

    /// `"key":` — keys are the export's own, plain ASCII.
    mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        raw("\":")
    }

    // MARK: Times

    /// The day and millisecond of the day of `time`, when its year is 0–9999 (else nil: such a
    /// time is written by ``Timestamp/iso8601`` itself).
    static func plain(_ time: Timestamp) -> (date: CalendarDate, msOfDay: Int)? {
        let ms = time.milliseconds
        let quotient = ms / 86_400_000
        let dayNumber = Int(ms % 86_400_000 < 0 ? quotient - 1 : quotient)
        let date = CalendarDate(dayNumber: dayNumber)
        guard (0...9999).contains(date.year) else { return nil }
        return (date, Int(ms - Int64(dayNumber) * 86_400_000))
    }

    /// `time` as ``Timestamp/iso8601`` writes it (`2026-11-25T10:42:00Z`, milliseconds only when
    /// not zero), digit by digit.
    private mutating func time(_ date: CalendarDate, _ msOfDay: Int) {
        digits(date.year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(date.month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(date.day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(msOfDay / 3_600_000, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(msOfDay / 60_000 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(msOfDay / 1000 % 60, 2)
        if msOfDay % 1000 != 0 {
            bytes.append(UInt8(ascii: "."))
            digits(msOfDay % 1000, 3)
        }
        bytes.append(UInt8(ascii: "Z"))
    }

    private mutating func digits(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// A time as a JSON string; none is "".
    mutating func jsonTime(_ value: Timestamp?) {
        guard let value, let (date, msOfDay) = Self.plain(value) else {
            jsonString(value?.iso8601 ?? "")
            return
        }
        bytes.append(UInt8(ascii: "\""))
        time(date, msOfDay)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A time as a CSV cell after a comma (digits, dashes, colons: nothing to quote or make
    /// safe); none is an empty cell.
    mutating func csvTime(_ value: Timestamp?) {
        guard let value, let (date, msOfDay) = Self.plain(value) else {
            csvCell(ComplaintExport.spreadsheetSafe(value?.iso8601 ?? ""))
            return
        }
        bytes.append(UInt8(ascii: ","))
        time(date, msOfDay)
    }

    // MARK: CSV

    /// One cell, after a comma unless it is the row's first.
    mutating func csvCell(_ cell: String, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        var needsQuotes = false
        for byte in cell.utf8
        where byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ",") || byte == 0x0D || byte == 0x0A {
            needsQuotes = true
            break
        }
        guard needsQuotes else {
            bytes.append(contentsOf: cell.utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in cell.utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
