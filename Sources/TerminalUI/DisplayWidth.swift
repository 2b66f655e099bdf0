import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes sure the C library's character type is UTF-8, so `wcwidth` and curses see real characters.
///
/// Takes the locale from the environment; when its codeset is not UTF-8 (for example `LANG=C`),
/// falls back to `C.UTF-8`. Returns the codeset in force afterwards.
@discardableResult
public func ensureUTF8Locale() -> String {
    setlocale(LC_ALL, "")
    if currentCodeset().isUTF8 { return currentCodeset() }
    if setlocale(LC_CTYPE, "C.UTF-8") == nil {
        _ = setlocale(LC_CTYPE, "en_US.UTF-8")
    }
    return currentCodeset()
}

private func currentCodeset() -> String {
    guard let codeset = nl_langinfo(nl_item(CODESET)) else { return "" }
    return String(cString: codeset)
}

/// The C library's `wcwidth`. Glibc's module hides it (it needs `_XOPEN_SOURCE`) and only the curses
/// backend may import the C shim, so it is bound by name; `wchar_t` is a 32-bit int on Linux.
@_silgen_name("wcwidth")
private func systemWcwidth(_ character: Int32) -> Int32

extension String {
    fileprivate var isUTF8: Bool {
        let normal = lowercased().replacingOccurrences(of: "-", with: "")
        return normal == "utf8"
    }
}

/// Widths in terminal columns: what a clerk sees, never Characters or bytes.
public enum DisplayWidth {
    /// The `wcwidth` of one scalar: -1 for controls, 0 for combining marks, 2 for wide characters.
    public static func of(scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return -1 }
        if value < 0x7F { return 1 }
        return Int(systemWcwidth(Int32(bitPattern: value)))
    }

    /// The columns one grapheme cluster takes: the sum of the `wcwidth` of its scalars, controls
    /// counting 0.
    ///
    /// This is what ncurses and tmux give it: each scalar with a width starts cells of its own and
    /// zero-width scalars ride on the cell before. So the conjunct "क्ष" takes 2 columns, a flag 2
    /// (two regional indicators), "👍🏽" 4, and "❤️" 1 (VS16 widens nothing there). An emoji ZWJ
    /// sequence is measured as its parts side by side ("👨‍👩‍👧" is 6): ``ScreenBuffer`` draws it
    /// without its joiners, because terminals that can join what follows a ZWJ (tmux, kitty) and
    /// ncurses, which never does, would otherwise disagree about where the next cell starts.
    public static func of(_ character: Character) -> Int {
        columns(of: character.unicodeScalars)
    }

    /// The columns a string takes on one line.
    ///
    /// Widths add up scalar by scalar, so no grapheme breaking is needed and joining two strings
    /// never changes their total.
    public static func of(_ text: some StringProtocol) -> Int {
        columns(of: text.unicodeScalars)
    }

    private static func columns(of scalars: some Sequence<Unicode.Scalar>) -> Int {
        var total = 0
        for scalar in scalars {
            let value = scalar.value
            if value < 0x7F {
                if value >= 0x20 { total += 1 }
            } else {
                total += max(0, of(scalar: scalar))
            }
        }
        return total
    }

    /// The longest prefix of `text` that fits in `columns`, ending in `ellipsis` when anything
    /// was cut. A wide character is never split: a column left over stays empty.
    public static func truncate(_ text: String, toColumns columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if of(text) <= columns { return text }
        let ellipsisWidth = of(ellipsis)
        guard ellipsisWidth <= columns else { return prefix(text, columns: columns) }
        return prefix(text, columns: columns - ellipsisWidth) + ellipsis
    }

    /// The longest prefix of `text` that fits in `columns`, with no ellipsis.
    public static func prefix(_ text: String, columns: Int) -> String {
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let width = of(text[index])
            if used + width > columns { break }
            used += width
            end = text.index(after: index)
        }
        return String(text[..<end])
    }

    /// `text` padded with spaces (or truncated with an ellipsis) to exactly `columns`.
    public static func pad(_ text: String, toColumns columns: Int) -> String {
        let cut = truncate(text, toColumns: columns)
        let width = of(cut)
        return width < columns ? cut + String(repeating: " ", count: columns - width) : cut
    }
}
