/// Turns the bytes a terminal sends into keys, without a terminal: UTF-8 text, control characters,
/// and the escape sequences of the common terminals (xterm, VT220, rxvt, PuTTY, the Linux console,
/// tmux), plus whatever strings the terminal description lists.
///
/// Bytes may arrive in any pieces; an unfinished sequence waits for the next ``decode(_:)``. A lone
/// ESC cannot be told from the start of a sequence until time has passed, so the loop calls
/// ``timeOut()`` when ``isWaiting`` and nothing more came within ``escapeDelay``. A complete sequence
/// the decoder does not know is consumed whole and ignored: reading it as Esc plus letters would
/// discard a form.
public struct KeyDecoder: Sendable {
    /// How long a lone ESC waits for the rest of a sequence before it counts as the Escape key.
    public static let escapeDelay: Duration = .milliseconds(25)

    /// A sequence longer than this is garbage, not a key: it is dropped instead of waiting for more.
    static let longestSequence = 32

    private var pending: [UInt8] = []
    private let described: [[UInt8]: Key]

    /// `described` holds the terminal description's key strings (`kcuu1`, `khome`, …); they take
    /// precedence over the built-in table. Only strings starting with ESC are used: single bytes
    /// are already read as control characters.
    public init(described: [[UInt8]: Key] = [:]) {
        self.described = described.filter { $0.key.count >= 2 && $0.key.first == 0x1B }
    }

    /// Whether bytes are held back waiting for the rest of a sequence or character.
    public var isWaiting: Bool { !pending.isEmpty }

    /// The keys completed by `bytes` (appended to what was waiting).
    public mutating func decode(_ bytes: some Sequence<UInt8>) -> [Key] {
        pending.append(contentsOf: bytes)
        var keys: [Key] = []
        var start = 0
        while start < pending.count {
            switch step(pending[start...]) {
            case .key(let key, let length):
                keys.append(key)
                start += length
            case .skip(let length):
                start += length
            case .incomplete:
                if pending.count - start > Self.longestSequence {
                    // The ESC, its introducer and the parameters that never ended.
                    start += 2
                    while start < pending.count, (0x20...0x3F).contains(pending[start]) { start += 1 }
                } else {
                    pending.removeFirst(start)
                    return keys
                }
            }
        }
        pending.removeAll()
        return keys
    }

    /// Nothing more arrived in time: a lone ESC (or ESC ESC) is the Escape key; any other
    /// unfinished sequence or character is dropped.
    public mutating func timeOut() -> [Key] {
        defer { pending.removeAll() }
        return pending == [0x1B] || pending == [0x1B, 0x1B] ? [.escape] : []
    }

    private enum Step {
        case key(Key, length: Int)
        case skip(Int)
        case incomplete
    }

    private func step(_ bytes: ArraySlice<UInt8>) -> Step {
        let first = bytes[bytes.startIndex]
        if first == 0x1B { return escape(bytes) }
        if first < 0x80 {
            return Key.decode(character: UInt32(first)).map { .key($0, length: 1) } ?? .skip(1)
        }
        switch utf8Scalar(bytes) {
        case .incomplete: return .incomplete
        case .invalid: return .skip(1)
        case .scalar(let value, let length):
            return Key.decode(character: value).map { .key($0, length: length) } ?? .skip(length)
        }
    }

    private func escape(_ bytes: ArraySlice<UInt8>) -> Step {
        let sequence = Array(bytes.prefix(Self.longestSequence))
        if let (key, length) = describedMatch(sequence) { return .key(key, length: length) }
        if described.keys.contains(where: { $0.count > sequence.count && $0.starts(with: sequence) }) {
            return .incomplete
        }
        guard sequence.count >= 2 else { return .incomplete }
        let second = sequence[1]
        switch second {
        case UInt8(ascii: "["), UInt8(ascii: "O"):
            return controlSequence(sequence)
        case 0x1B:
            // ESC ESC: one Escape, unless it prefixes a sequence (Alt with a cursor key): ignored.
            guard sequence.count >= 3 else { return .incomplete }
            guard sequence[2] == UInt8(ascii: "[") || sequence[2] == UInt8(ascii: "O") else {
                return .key(.escape, length: 2)
            }
            switch controlSequence(Array(sequence.dropFirst())) {
            case .key(_, let length), .skip(let length): return .skip(length + 1)
            case .incomplete: return .incomplete
            }
        case 0x80...:
            // Alt with a non-ASCII character: swallow the whole character.
            switch utf8Scalar(bytes.dropFirst()) {
            case .incomplete: return .incomplete
            case .invalid: return .skip(2)
            case .scalar(_, let length): return .skip(length + 1)
            }
        case 0x00..<0x20 where second != 0x08:
            // Esc then Enter (or another control key) typed quickly: both keys, as curses had it.
            return .key(.escape, length: 1)
        default:
            // Alt with a character or with Backspace (delete a word elsewhere): not a key the desk
            // uses, and never Esc, which would discard a form.
            return .skip(2)
        }
    }

    private func describedMatch(_ sequence: [UInt8]) -> (Key, Int)? {
        var best: (Key, Int)?
        for (string, key) in described where sequence.starts(with: string) {
            if string.count > best?.1 ?? 0 { best = (key, string.count) }
        }
        return best
    }

    /// `ESC [ parameters intermediates final` or `ESC O parameters final`; also the Linux console's
    /// `ESC [ [ letter` and rxvt's `ESC [ n $` (Shift with an editing key).
    private func controlSequence(_ sequence: [UInt8]) -> Step {
        let isCSI = sequence[1] == UInt8(ascii: "[")
        var index = 2
        if isCSI, sequence.count > 2, sequence[2] == UInt8(ascii: "[") {
            guard sequence.count > 3 else { return .incomplete }
            let letter = sequence[3]
            guard (0x20...0x7E).contains(letter) else { return .skip(3) }
            return finish(KeyTable.linuxConsole[letter], length: 4)
        }
        while index < sequence.count, (0x30...0x3F).contains(sequence[index]) { index += 1 }
        let parameters = String(decoding: sequence[2..<index], as: UTF8.self)
        if isCSI, index < sequence.count, sequence[index] == UInt8(ascii: "$"),
            let key = KeyTable.tilde[parameters]
        {
            return .key(key, length: index + 1)
        }
        while index < sequence.count, (0x20...0x2F).contains(sequence[index]) { index += 1 }
        guard index < sequence.count else { return .incomplete }
        let final = sequence[index]
        // Anything else cannot be part of a sequence: drop what came so far, keep the byte.
        guard (0x40...0x7E).contains(final) else { return .skip(index) }
        let length = index + 1
        let fields = parameters.split(separator: ";", omittingEmptySubsequences: false)
        if final == UInt8(ascii: "~") {
            // `ESC [ 5 ; 3 ~`: the first field names the key; a modifier after it changes nothing here.
            return finish(fields.first.flatMap { KeyTable.tilde[String($0)] }, length: length)
        }
        if final == UInt8(ascii: "^") || final == UInt8(ascii: "@") {
            return finish(isCSI ? KeyTable.tilde[parameters] : nil, length: length)
        }
        // Letters take no number but an optional `1 ; modifier` (or SS3's bare modifier digit).
        guard fields.count <= 2, fields.count < 2 || fields[0] == "1" || fields[0].isEmpty else {
            return .skip(length)
        }
        let table = isCSI ? KeyTable.csiLetter : KeyTable.ss3Letter
        return finish(table[final], length: length)
    }

    private func finish(_ key: Key?, length: Int) -> Step {
        key.map { .key($0, length: length) } ?? .skip(length)
    }

    private enum UTF8Result {
        case scalar(UInt32, length: Int)
        case incomplete
        case invalid
    }

    /// One UTF-8 character from the start of `bytes`, rejecting overlong forms and surrogates.
    private func utf8Scalar(_ bytes: ArraySlice<UInt8>) -> UTF8Result {
        let lead = bytes[bytes.startIndex]
        // The length, and the range the second byte must fall in (the rest are 80…BF).
        let form: (length: Int, low: UInt8, high: UInt8)
        switch lead {
        case 0xC2...0xDF: form = (2, 0x80, 0xBF)
        case 0xE0: form = (3, 0xA0, 0xBF)
        case 0xED: form = (3, 0x80, 0x9F)
        case 0xE1...0xEF: form = (3, 0x80, 0xBF)
        case 0xF0: form = (4, 0x90, 0xBF)
        case 0xF4: form = (4, 0x80, 0x8F)
        case 0xF1...0xF3: form = (4, 0x80, 0xBF)
        default: return .invalid
        }
        let length = form.length
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length {
            guard bytes.startIndex + offset < bytes.endIndex else { return .incomplete }
            let byte = bytes[bytes.startIndex + offset]
            let range: ClosedRange<UInt8> = offset == 1 ? form.low...form.high : 0x80...0xBF
            guard range.contains(byte) else { return .invalid }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return .scalar(value, length: length)
    }
}

/// The built-in escape sequences: what xterm, VT220, rxvt, PuTTY, the Linux console and tmux send.
enum KeyTable {
    /// `ESC [ n ~` (and rxvt's `ESC [ n $`, `^`, `@`).
    static let tilde: [String: Key] = [
        "1": .home, "7": .home, "2": .insert, "3": .delete, "4": .end, "8": .end,
        "5": .pageUp, "6": .pageDown,
        "11": .function(1), "12": .function(2), "13": .function(3), "14": .function(4),
        "15": .function(5), "17": .function(6), "18": .function(7), "19": .function(8),
        "20": .function(9), "21": .function(10), "23": .function(11), "24": .function(12),
    ]

    /// `ESC [ x`, also with `1 ; modifier`.
    static let csiLetter: [UInt8: Key] = [
        UInt8(ascii: "A"): .up, UInt8(ascii: "B"): .down, UInt8(ascii: "C"): .right,
        UInt8(ascii: "D"): .left, UInt8(ascii: "H"): .home, UInt8(ascii: "F"): .end,
        UInt8(ascii: "Z"): .backTab,
        // xterm's F1–F4 with a modifier: `ESC [ 1 ; 2 P`.
        UInt8(ascii: "P"): .function(1), UInt8(ascii: "Q"): .function(2),
        UInt8(ascii: "R"): .function(3), UInt8(ascii: "S"): .function(4),
    ]

    /// `ESC O x`: application cursor keys, F1–F4, keypad Enter.
    static let ss3Letter: [UInt8: Key] = [
        UInt8(ascii: "A"): .up, UInt8(ascii: "B"): .down, UInt8(ascii: "C"): .right,
        UInt8(ascii: "D"): .left, UInt8(ascii: "H"): .home, UInt8(ascii: "F"): .end,
        UInt8(ascii: "P"): .function(1), UInt8(ascii: "Q"): .function(2),
        UInt8(ascii: "R"): .function(3), UInt8(ascii: "S"): .function(4),
        UInt8(ascii: "M"): .enter,
    ]

    /// The Linux console's `ESC [ [ A` … `ESC [ [ E` for F1–F5.
    static let linuxConsole: [UInt8: Key] = [
        UInt8(ascii: "A"): .function(1), UInt8(ascii: "B"): .function(2),
        UInt8(ascii: "C"): .function(3), UInt8(ascii: "D"): .function(4),
        UInt8(ascii: "E"): .function(5),
    ]
}
