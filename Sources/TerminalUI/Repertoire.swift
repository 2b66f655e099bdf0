/// Which characters a screen may draw charts with: Unicode block elements, or plain ASCII.
///
/// The desk always runs curses in a UTF-8 character type (``ensureUTF8Locale()``), so names in
/// any script are measured right; whether the *terminal* can show `▁▂▃▄▅▆▇█` is another matter. A
/// person whose locale is not UTF-8 (`LANG=C`, or no locale forwarded over SSH), or who sits at a
/// terminal whose fonts lack the eighth blocks (the Linux console, VT-family terminals), gets
/// ASCII. `DESK_CHARTS=ascii` or `DESK_CHARTS=unicode` overrides the guess.
public enum Repertoire: String, Sendable, Hashable, CaseIterable {
    case unicode
    case ascii

    /// Terminal types whose usual fonts cannot show the block elements.
    static let asciiTerminals = [
        "linux", "vt52", "vt100", "vt102", "vt220", "vt320", "ansi", "cons25", "dumb",
    ]

    /// The repertoire for the terminal and locale the environment describes, as the person set it
    /// (read it before anything changes the locale).
    public static func of(environment: [String: String]) -> Repertoire {
        if let forced = environment["DESK_CHARTS"].flatMap({ Repertoire(rawValue: $0.lowercased()) }) {
            return forced
        }
        let term = environment["TERM"] ?? ""
        if asciiTerminals.contains(where: { term == $0 || term.hasPrefix($0 + "-") }) { return .ascii }
        let locale =
            ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let codeset = locale.lowercased().filter { $0 != "-" && $0 != "_" }
        return codeset.contains("utf8") ? .unicode : .ascii
    }
}

/// A small chart in one line of text: one character per value, taller for more.
public enum Sparkline {
    /// Eight heights, lowest first.
    public static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// The same eight heights in ASCII.
    public static let asciiBlocks: [Character] = ["_", ".", ":", "-", "=", "+", "*", "#"]

    /// `values` between 0 and 1 (clamped) as one character each; nil (nothing to show) is a space.
    public static func line(_ values: [Double?], repertoire: Repertoire) -> String {
        let glyphs = repertoire == .unicode ? blocks : asciiBlocks
        return String(
            values.map { value -> Character in
                guard let value, value.isFinite else { return " " }
                let level = Int((min(1, max(0, value)) * Double(glyphs.count - 1)).rounded())
                return glyphs[level]
            })
    }
}
