/// The one door through which text enters a ScreenBuffer.
///
/// Names and complaint text come from the log and may hold anything. Characters a terminal would
/// execute or that hide or reorder text (C0 and C1 controls, DEL, bidi controls, line and
/// paragraph separators, BOM, tag characters, lone zero-width characters, U+FFFD from invalid
/// UTF-8) are shown as readable escapes such as `⟨ESC⟩` or `⟨U+202E⟩` in the `text.escape` role,
/// so a supervisor sees that something odd was there. Runs of combining marks are capped, and the
/// output never exceeds the columns it was given, measured as ``DisplayWidth`` measures clusters.
public enum Sanitizer {
    /// Most combining marks kept on one base character; the rest are shown as a count.
    public static let maximumMarksPerCharacter = 4

    /// Sanitises one line of text into styled segments no wider than `maxColumns`.
    ///
    /// When the text does not fit, it ends in `…` and the segments are at most `maxColumns` wide.
    public static func sanitize(_ text: String, maxColumns: Int, role: Role = .default) -> [StyledSegment] {
        guard maxColumns > 0 else { return [] }
        var output = Output(limit: maxColumns, role: role)
        var previousScalar: Unicode.Scalar?
        var characters = text.makeIterator()
        var lookahead = characters.next()
        while let character = lookahead {
            lookahead = characters.next()
            let next = lookahead?.unicodeScalars.first
            if !output.add(character: character, previous: previousScalar, next: next) { break }
            previousScalar = character.unicodeScalars.last
        }
        return output.finish()
    }

    /// Sanitises raw bytes: invalid UTF-8 becomes U+FFFD and is then shown as an escape.
    public static func sanitize(bytes: some Collection<UInt8>, maxColumns: Int, role: Role = .default)
        -> [StyledSegment]
    {
        sanitize(String(decoding: bytes, as: UTF8.self), maxColumns: maxColumns, role: role)
    }

    /// Sanitises text that may hold several lines (complaint details): splits at LF (CR LF counts
    /// as one break), then sanitises each line. At most `maxLines` lines are returned.
    public static func sanitizeLines(_ text: String, maxColumns: Int, maxLines: Int, role: Role = .default)
        -> [[StyledSegment]]
    {
        hardLines(text, limit: maxLines).map { sanitize($0, maxColumns: maxColumns, role: role) }
    }

    /// The lines of `text` split at LF, a CR LF counting as one break; at most `limit` of them.
    /// Any other CR stays in its line (and is shown as an escape).
    static func hardLines(_ text: String, limit: Int = .max) -> [String] {
        var lines: [String] = []
        // Split on scalars: CR LF is a single Character and would never match "\n".
        let parts = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            if lines.count >= limit { break }
            // Only a CR before an LF is part of the break; one at the very end stays (and shows).
            let isBroken = index < parts.count - 1 && part.last == "\r"
            lines.append(String(String.UnicodeScalarView(isBroken ? part.dropLast() : part)))
        }
        return lines
    }

    /// The visible name of a scalar that must not reach the terminal as itself, or `nil` when it
    /// may be shown. `previous` and `next` decide whether a joiner sits between two visible
    /// characters (as in emoji sequences or Persian words), where it is allowed.
    public static func escapeName(
        for scalar: Unicode.Scalar, previous: Unicode.Scalar? = nil, next: Unicode.Scalar? = nil
    ) -> String? {
        let value = scalar.value
        switch value {
        case 0x00..<0x20: return c0Names[Int(value)]
        case 0x7F: return "DEL"
        case 0x80..<0xA0: return c1Names[Int(value - 0x80)] ?? hex(value)
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return hex(value)
        case 0x2028: return "LSEP"
        case 0x2029: return "PSEP"
        case 0xFEFF: return "BOM"
        case 0xFFFD: return "invalid"
        case 0xE0000...0xE007F: return hex(value)
        case 0x200B, 0x2060, 0x180E, 0x2061...0x2064, 0x206A...0x206F, 0xFFF9...0xFFFB: return hex(value)
        case 0x200C, 0x200D:
            if let previous, let next, isVisible(previous), isVisible(next) { return nil }
            return hex(value)
        case 0xD800...0xDFFF: return hex(value)
        default:
            if scalar.properties.generalCategory == .unassigned && !scalar.properties.isEmoji {
                return hex(value)
            }
            if DisplayWidth.of(scalar: scalar) < 0 { return hex(value) }
            return nil
        }
    }

    /// Whether one grapheme cluster can go to the terminal as it is (joiners count as clean when
    /// they follow something visible in the same cluster).
    public static func isClean(_ character: Character) -> Bool {
        var previous: Unicode.Scalar?
        for scalar in character.unicodeScalars {
            if scalar.value == 0x200C || scalar.value == 0x200D {
                guard let previous, isVisible(previous) else { return false }
            } else if escapeName(for: scalar) != nil {
                return false
            }
            previous = scalar
        }
        return true
    }

    private static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isEmoji && scalar.value > 0x7F { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .otherSymbol:
            return true
        default: return false
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private static let c0Names: [String] = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR", "SO",
        "SI",
        "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS",
        "US",
    ]

    private static let c1Names: [String?] = {
        var names = [String?](repeating: nil, count: 32)
        names[0x05] = "NEL"
        names[0x10] = "DCS"
        names[0x1B] = "CSI"
        names[0x1C] = "ST"
        names[0x1D] = "OSC"
        names[0x1E] = "PM"
        names[0x1F] = "APC"
        return names
    }()

    /// Collects segments and keeps count of the columns used.
    private struct Output {
        let limit: Int
        let role: Role
        var segments: [StyledSegment] = []
        var used = 0
        var truncated = false
        /// Columns held back so the ellipsis always fits once the text turns out to be too long.
        var pending: [(StyledSegment, Int)] = []

        init(limit: Int, role: Role) {
            self.limit = limit
            self.role = role
        }

        /// Adds one grapheme cluster; returns false once the columns are used up.
        mutating func add(character: Character, previous: Unicode.Scalar?, next: Unicode.Scalar?) -> Bool {
            let scalars = character.unicodeScalars
            var plain = ""
            var marks = 0
            var droppedMarks = 0
            var previousScalar = previous
            var index = scalars.startIndex
            while index != scalars.endIndex {
                let scalar = scalars[index]
                let after = scalars.index(after: index)
                let nextScalar = after == scalars.endIndex ? next : scalars[after]
                if let name = Sanitizer.escapeName(for: scalar, previous: previousScalar, next: nextScalar) {
                    if !flush(&plain) { return false }
                    if !emit("⟨\(name)⟩", role: .textEscape) { return false }
                } else if isMark(scalar) {
                    if marks < Sanitizer.maximumMarksPerCharacter {
                        marks += 1
                        plain.unicodeScalars.append(scalar)
                    } else {
                        droppedMarks += 1
                    }
                } else {
                    // A scalar that takes a column (the next consonant of a conjunct, say) starts a
                    // new run of marks; joiners and selectors do not, so they cannot lift the cap.
                    if DisplayWidth.of(scalar: scalar) > 0 { marks = 0 }
                    plain.unicodeScalars.append(scalar)
                }
                previousScalar = scalar
                index = after
            }
            if !flush(&plain) { return false }
            if droppedMarks > 0 {
                if !emit("⟨+\(droppedMarks) marks⟩", role: .textEscape) { return false }
            }
            return true
        }

        private func isMark(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: return scalar.value != 0x200D && scalar.value != 0x200C
            default: return false
            }
        }

        private mutating func flush(_ plain: inout String) -> Bool {
            guard !plain.isEmpty else { return true }
            var text = plain
            plain = ""
            // A cluster with no width of its own (a lone mark) gets a dotted circle to sit on.
            if DisplayWidth.of(text) == 0 { text = "◌" + text }
            return emit(text, role: role)
        }

        private mutating func emit(_ text: String, role: Role) -> Bool {
            let width = DisplayWidth.of(text)
            // Keep one column in reserve for the ellipsis until we know the text fits.
            pending.append((StyledSegment(text, role: role), width))
            used += width
            if used <= limit - 1 {
                commitPending()
                return true
            }
            if used <= limit { return true }
            truncated = true
            return false
        }

        private mutating func commitPending() {
            for (segment, _) in pending { append(segment) }
            pending.removeAll()
        }

        private mutating func append(_ segment: StyledSegment) {
            if let last = segments.last, last.role == segment.role {
                segments[segments.count - 1].text += segment.text
            } else {
                segments.append(segment)
            }
        }

        mutating func finish() -> [StyledSegment] {
            if truncated {
                // Drop what was held back, then cut into the last segments until the ellipsis fits.
                pending.removeAll()
                var width = segments.reduce(0) { $0 + DisplayWidth.of($1.text) }
                while width > limit - 1, var last = segments.popLast() {
                    let keep = DisplayWidth.prefix(
                        last.text, columns: max(0, DisplayWidth.of(last.text) - (width - (limit - 1))))
                    width -= DisplayWidth.of(last.text) - DisplayWidth.of(keep)
                    last.text = keep
                    if !keep.isEmpty { segments.append(last) }
                }
                append(StyledSegment("…", role: role))
            } else {
                commitPending()
            }
            return segments
        }
    }
}
