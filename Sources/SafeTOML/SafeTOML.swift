import TOMLKit

/// A mistake in TOML text, placed by line, found before the text reaches the parser.
public struct TOMLProblem: Error, Sendable, Equatable {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

/// TOML text that cannot crash the process that parses it.
///
/// TOMLKit 0.6.0 parses with toml++ 3.4.0, which checks some of its own preconditions with
/// `TOML_ASSERT`: with assertions compiled in (any build without `NDEBUG`, such as SwiftPM's debug
/// builds) a failed one aborts the process, and with `NDEBUG` it becomes an optimiser assumption,
/// undefined behaviour. One such precondition is reachable from input: `parse_table_header` hands
/// whatever follows `[` or `[[` (after spaces and tabs) to `parse_key`, which asserts that it is a
/// bare-key character or a quote. A line holding only `[` or `[[`, or a header such as `[#x]`,
/// `[=]`, `[.a]` or `[[[a]]]`, therefore aborts inside the parser. Another: a value that looks like
/// a date-time by its characters (`1979-05-27Tx:00`) has its date and `T` read, then `parse_time`
/// asserts that a digit follows; likewise `1979-05-27 1` (a date, a space, one digit); a `}` where an
/// array expects a value; and U+0085, U+2028 or U+2029 outside strings and comments, which toml++
/// takes for line breaks. All four were found by running libFuzzer on toml++ with the sample
/// configuration as seed (README, "The configuration file"). `scan` finds every table header
/// toml++ would reach — it follows strings, comments, arrays and inline tables as toml++ does — and
/// each of the values above, and refuses those with the line; it also refuses control characters (TOML allows none outside line
/// breaks and tabs, and TOMLKit hands the text over as a C string, so a NUL byte would silently cut
/// it short). Only text that passes goes to TOMLKit.
public enum SafeTOML {
    /// The largest text parsed (1 MiB); a configuration or theme is a few kilobytes.
    public static let maximumBytes = 1 << 20
    /// Problems listed at most; the last one counts the rest.
    public static let maximumProblems = 50

    /// Parses `text` into a table, or throws the first problem with its line.
    public static func parse(_ text: String) throws(TOMLProblem) -> TOMLTable {
        let scanned = scan(text)
        if let first = scanned.problems.first { throw first }
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw TOMLProblem(
                line: max(1, error.source.begin.line), message: "not valid TOML: \(error.description)")
        } catch {
            throw TOMLProblem(line: 1, message: "not valid TOML: \(error)")
        }
    }

    /// The statements of `text` (table headers and keys, with their lines) and every problem that
    /// must keep it from the parser.
    public static func scan(_ text: String) -> (outline: TOMLOutline, problems: [TOMLProblem]) {
        var scanner = Scanner(Array(text.utf8))
        scanner.run()
        // In the order of the file, each once (a quoted key is read twice: for its name, then as text).
        var problems: [TOMLProblem] = []
        let sorted = scanner.problems.enumerated().sorted {
            ($0.element.line, $0.offset) < ($1.element.line, $1.offset)
        }
        for problem in sorted.map(\.element) where !problems.contains(problem) { problems.append(problem) }
        if problems.count > maximumProblems || scanner.dropped > 0 {
            let rest = problems.count - (maximumProblems - 1) + scanner.dropped
            problems = Array(problems.prefix(maximumProblems - 1))
            problems.append(TOMLProblem(line: problems.last?.line ?? 1, message: "and \(rest) more problems"))
        }
        return (scanner.outline, problems)
    }
}

/// Where each table header and key of a TOML document is.
public struct TOMLOutline: Sendable, Equatable {
    public struct Statement: Sendable, Equatable {
        /// The dotted name, unquoted: `["office"]`, `["standards"]`, `["name"]`.
        public var path: [String]
        public var line: Int
        /// For a key, the header it comes under (an index into `headers`); nil at the top.
        public var header: Int?
        public var isArrayHeader: Bool
    }

    public var headers: [Statement] = []
    public var keys: [Statement] = []

    public init() {}

    /// The line of the `occurrence`-th header named `table` (`[[table]]` counts each).
    public func line(ofTable table: [String], occurrence: Int = 0) -> Int? {
        headers.filter { $0.path == table }.dropFirst(occurrence).first?.line
    }

    /// The line of `key` under the `occurrence`-th header named `table` (empty: the top level).
    public func line(ofKey key: String, inTable table: [String], occurrence: Int = 0) -> Int? {
        if table.isEmpty {
            return keys.first { $0.header == nil && $0.path.first == key }?.line
        }
        let indices = headers.indices.filter { headers[$0].path == table }
        guard occurrence < indices.count else { return nil }
        let header = indices[occurrence]
        return keys.first { $0.header == header && $0.path.first == key }?.line
    }
}

private struct Scanner {
    let bytes: [UInt8]
    var lineStarts: [Int] = [0]
    var problems: [TOMLProblem] = []
    /// Problems beyond the first 200, counted only (a megabyte of `[` lines must not take minutes).
    var dropped = 0
    var outline = TOMLOutline()
    var index = 0
    /// The open arrays and inline tables around `index`, innermost last: `[` or `{`.
    var open: [UInt8] = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        for (i, byte) in bytes.enumerated() where byte == 0x0A { lineStarts.append(i + 1) }
    }

    func line(at offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    static func isBare(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
            || b == 0x2D
    }

    func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    mutating func skipBlanks() {
        while let b = peek(), b == 0x20 || b == 0x09 { index += 1 }
    }

    mutating func run() {
        if bytes.count > SafeTOML.maximumBytes {
            add(
                TOMLProblem(
                    line: 1,
                    message:
                        "the file is \(bytes.count) bytes; at most \(SafeTOML.maximumBytes) (1 MiB) are accepted"
                ))
            return
        }
        findControlCharacters()
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        var atLineStart = true
        while let b = peek() {
            if atLineStart {
                atLineStart = false
                skipBlanks()
                guard open.isEmpty, let first = peek() else { continue }
                if first == 0x5B {
                    header()
                } else if Self.isBare(first) || first == 0x22 || first == 0x27 {
                    let start = index
                    let path = name(until: [0x3D])
                    index = start
                    outline.keys.append(
                        .init(
                            path: path, line: line(at: start),
                            header: outline.headers.isEmpty ? nil : outline.headers.count - 1,
                            isArrayHeader: false))
                }
                continue
            }
            switch b {
            case 0x0A:
                index += 1
                atLineStart = true
            case 0x23: skipToLineEnd()
            case 0x22: string(quote: 0x22)
            case 0x27: string(quote: 0x27)
            case 0x5B, 0x7B:
                open.append(b)
                index += 1
            case 0x5D, 0x7D:
                if b == 0x7D && open.last == 0x5B {
                    // toml++ reads a value there and asserts it does not start with a terminator.
                    problem("a } inside an array [ … ] closes nothing; close the array with ] first")
                }
                _ = open.popLast()
                index += 1
            case 0x30...0x39:
                if index == 0 || !Self.isBare(bytes[index - 1]) { dateTime() }
                index += 1
            case 0xC2 where peek(1) == 0x85,
                0xE2 where peek(1) == 0x80 && (peek(2) == 0xA8 || peek(2) == 0xA9):
                // NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR: toml++ takes them for line breaks and
                // asserts in an array. TOML allows them only in strings and comments.
                problem(
                    "the character U+\(b == 0xC2 ? "0085" : peek(2) == 0xA8 ? "2028" : "2029") is not a line break in TOML; use a plain line end, or keep it inside a quoted string"
                )
                index += 1
            default: index += 1
            }
        }
    }

    mutating func problem(_ message: String) {
        add(TOMLProblem(line: line(at: index), message: message))
    }

    mutating func add(_ problem: TOMLProblem) {
        if problems.count < 200 { problems.append(problem) } else { dropped += 1 }
    }

    /// Two date-times toml++ cannot read without asserting: one whose `T` is not followed by a
    /// digit (`1979-05-27Tx:1`: toml++ takes it for a date-time by its characters, reads the date
    /// and the `T`, and asserts a digit follows), and a date, a space and a single digit
    /// (`1979-05-27 1`: toml++ reads on past the space for a time and asserts more follows).
    mutating func dateTime() {
        let digit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        // The token as toml++ collects it (without underscores), up to a space or a terminator.
        var token: [UInt8] = []
        var end = index
        while end < bytes.count {
            let b = bytes[end]
            if [0x20, 0x09, 0x0D, 0x0A, 0x2C, 0x5D, 0x7D, 0x23].contains(b) || b >= 0x80 { break }
            if b != 0x5F { token.append(b) }
            end += 1
        }
        if token.count == 10, token[4] == 0x2D, token[7] == 0x2D, end + 2 < bytes.count, bytes[end] == 0x20,
            digit(bytes[end + 1]), !digit(bytes[end + 2])
        {
            problem(
                "a date and a time are separated by T or one space and the time is HH:MM:SS, e.g. 1979-05-27 07:32:00; quote the value if it is text"
            )
            return
        }
        guard index + 11 < bytes.count else { return }
        for (offset, expected) in Array("dddd-dd-dd".utf8).enumerated() {
            let b = bytes[index + offset]
            guard expected == 0x64 ? digit(b) : b == expected else { return }
        }
        guard bytes[index + 10] == 0x54 || bytes[index + 10] == 0x74, !digit(bytes[index + 11]) else {
            return
        }
        problem(
            "a date-time needs its time right after the T, e.g. 1979-05-27T07:32:00Z; quote the value if it is text"
        )
    }

    /// C0 controls other than tab, line feed and carriage return, and DEL: TOML accepts none of
    /// them anywhere (a carriage return only before a line feed, which the parser checks).
    mutating func findControlCharacters() {
        var lastLine = 0
        for (offset, b) in bytes.enumerated()
        where (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0x7F {
            let line = line(at: offset)
            guard line != lastLine else { continue }
            lastLine = line
            let code = "U+00" + (b < 0x10 ? "0" : "") + String(b, radix: 16, uppercase: true)
            add(
                TOMLProblem(
                    line: line,
                    message:
                        "control character \(code) at column \(offset - lineStarts[line - 1] + 1); TOML text accepts tabs and line breaks only (write other characters in a quoted string as \\uXXXX)"
                ))
        }
    }

    mutating func skipToLineEnd() {
        while let b = peek(), b != 0x0A { index += 1 }
    }

    /// A string starting at `index`: basic or literal, single- or multi-line.
    mutating func string(quote: UInt8) {
        if peek(1) == quote && peek(2) == quote {
            index += 3
            while let b = peek() {
                if quote == 0x22 && b == 0x5C {
                    escape()
                    continue
                }
                if b == quote && peek(1) == quote && peek(2) == quote {
                    index += 3
                    // Up to two more quotes belong to the string: """a""""" is `a""`.
                    for _ in 0..<2 where peek() == quote { index += 1 }
                    return
                }
                index += 1
            }
            index = min(index, bytes.count)
            return
        }
        index += 1
        while let b = peek(), b != quote, b != 0x0A {
            if quote == 0x22 && b == 0x5C {
                escape()
                if peek() == 0x0A { return }
                continue
            }
            index += 1
        }
        if peek() == quote { index += 1 }
    }

    /// An escape in a basic string, at its backslash. `\u0000` is refused: TOMLKit reads strings as
    /// C strings, so the text would silently end there.
    mutating func escape() {
        let nul: [[UInt8]] = [Array("u0000".utf8), Array("U00000000".utf8)]
        for form in nul where bytes[(index + 1)...].starts(with: form) {
            add(
                TOMLProblem(
                    line: line(at: index),
                    message:
                        "the escape \\\(String(decoding: form, as: UTF8.self)) (a NUL character) cannot be kept; leave it out"
                ))
        }
        index += 1
        // The escaped character itself, but never a line break (which ends a one-line string).
        if let next = peek(), next != 0x0A { index += 1 }
    }

    /// A dotted name from `index` up to one of `terminators` (or the line's end), unquoted.
    mutating func name(until terminators: Set<UInt8>) -> [String] {
        var path: [String] = []
        var segment: [UInt8] = []
        while let b = peek(), b != 0x0A, !terminators.contains(b) {
            if b == 0x22 || b == 0x27 {
                let start = index
                string(quote: b)
                let closed = index - start >= 2 && bytes[index - 1] == b
                segment += bytes[(start + 1)..<(closed ? index - 1 : index)]
                continue
            }
            if b == 0x2E {
                path.append(String(decoding: segment, as: UTF8.self).trimmingBlanks())
                segment = []
            } else {
                segment.append(b)
            }
            index += 1
        }
        path.append(String(decoding: segment, as: UTF8.self).trimmingBlanks())
        return path
    }

    /// A table header at `index` (`[`): refuses what toml++ would assert on, records its name,
    /// and skips the rest of its line.
    mutating func header() {
        let start = index
        index += 1
        skipBlanks()
        var isArray = false
        if peek() == 0x5B && index == start + 1 {
            isArray = true
            index += 1
            skipBlanks()
        }
        if let next = peek(), !(Self.isBare(next) || next == 0x22 || next == 0x27 || next == 0x5D) {
            let what: String
            switch next {
            case 0x0A, 0x0D: what = "the end of the line"
            case 0x23: what = "a comment (#)"
            default:
                let scalarEnd = bytes[index...].dropFirst().firstIndex { $0 & 0xC0 != 0x80 } ?? bytes.count
                what = "\"\(String(decoding: bytes[index..<scalarEnd], as: UTF8.self))\""
            }
            add(
                TOMLProblem(
                    line: line(at: start),
                    message:
                        "a table header needs its name right after the bracket, but \(what) follows; write [name] or [[name]]"
                ))
            skipToLineEnd()
            return
        }
        let path = name(until: [0x5D])
        outline.headers.append(.init(path: path, line: line(at: start), header: nil, isArrayHeader: isArray))
        skipToLineEnd()
    }
}

extension String {
    fileprivate func trimmingBlanks() -> String {
        var s = Substring(self)
        while let first = s.first, first == " " || first == "\t" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
