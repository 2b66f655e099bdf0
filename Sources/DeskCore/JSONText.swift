/// The one JSON writer for what the desk prints for other programs: `desk export --format jsonl`,
/// `desk status --json` and `desk log dump`. Keys stay in the order written.
///
/// Text is kept as it was given (auditors need the raw words), but every scalar that could act on
/// a terminal, a pager or a text editor is written as a `\uXXXX` escape: C0 controls, DEL, C1
/// controls (U+0080–U+009F), the bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069) and the line and paragraph separators U+2028 and U+2029. Foundation's
/// `JSONSerialization` leaves C1 and bidi controls raw, so it is not used for these.
public indirect enum JSONText: Sendable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([(String, JSONText)])

    public static func integer(_ value: Int) -> JSONText { .int(Int64(value)) }

    /// The value on one line; with `pretty`, one member a line, indented by two spaces.
    public func encoded(pretty: Bool = false) -> String {
        var out = ""
        write(into: &out, indent: pretty ? 0 : nil)
        return out
    }

    private func write(into out: inout String, indent: Int?) {
        func newline(_ depth: Int) {
            guard let indent else { return }
            out += "\n" + String(repeating: "  ", count: indent + depth)
        }
        switch self {
        case .string(let text): Self.quote(text, into: &out)
        case .int(let value): out += String(value)
        case .double(let value): out += value.isFinite ? "\(value)" : "null"
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                newline(1)
                element.write(into: &out, indent: indent.map { $0 + 1 })
            }
            if !elements.isEmpty { newline(0) }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                newline(1)
                Self.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(into: &out, indent: indent.map { $0 + 1 })
            }
            if !members.isEmpty { newline(0) }
            out += "}"
        }
    }

    /// Whether `scalar` is written as a `\uXXXX` escape inside a JSON string.
    public static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028,
            0x2029:
            return true
        default:
            return false
        }
    }

    /// `text` as a JSON string literal, quotes included.
    public static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if mustEscape(scalar) {
                    escape(scalar, into: &out)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// A JSON text written by another writer (an event line from `EventCodec.jsonLine`, a log
    /// note), with every non-ASCII scalar that `mustEscape` names turned into its escape. Such a
    /// scalar can only stand inside a string literal, where the escape means the same character,
    /// so the JSON still decodes to the same values.
    public static func escapingUnsafeScalars(in json: String) -> String {
        guard json.unicodeScalars.contains(where: { $0.value >= 0x80 && mustEscape($0) }) else { return json }
        var out = ""
        for scalar in json.unicodeScalars {
            if scalar.value >= 0x80 && mustEscape(scalar) {
                escape(scalar, into: &out)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func escape(_ scalar: Unicode.Scalar, into out: inout String) {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
