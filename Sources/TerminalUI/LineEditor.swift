/// The text of one form field being edited, with its cursor.
///
/// A value type, tested key by key. The cursor is an index in grapheme clusters (so it never
/// lands inside `é` or a family emoji); screen columns come from ``DisplayWidth``. Typing a
/// combining mark after a letter joins that letter, as it would on paper.
public struct LineEditor: Hashable, Sendable {
    public private(set) var text: String
    /// The cursor, as a count of grapheme clusters before it (0 …`count`).
    public private(set) var cursor: Int
    /// Most grapheme clusters the field accepts; typing beyond it is refused.
    public var maxLength: Int?

    public init(_ text: String = "", maxLength: Int? = nil) {
        self.text = text
        self.cursor = text.count
        self.maxLength = maxLength
    }

    public var count: Int { text.count }

    /// Handles an editing key; returns false when the key is not an editing key (for the form).
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let c): insert(String(c))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = count
        case .backspace, .control("h"):
            guard cursor > 0 else { return true }
            remove(from: cursor - 1, to: cursor)
            cursor -= 1
        case .delete, .control("d"):
            guard cursor < count else { return true }
            remove(from: cursor, to: cursor + 1)
        case .control("k"): remove(from: cursor, to: count)
        case .control("u"):
            remove(from: 0, to: cursor)
            cursor = 0
        default: return false
        }
        return true
    }

    /// Inserts text at the cursor (pasted text included); control characters are dropped.
    public mutating func insert(_ inserted: String) {
        // Joiners are kept (they join emoji and Persian words); the sanitiser judges them on screen.
        var scalars = String.UnicodeScalarView()
        for scalar in inserted.unicodeScalars
        where Sanitizer.escapeName(for: scalar, previous: "a", next: "a") == nil {
            scalars.append(scalar)
        }
        let accepted = String(scalars)
        guard !accepted.isEmpty else { return }
        let split = text.index(text.startIndex, offsetBy: cursor)
        let before = text[..<split] + accepted
        let candidate = before + text[split...]
        if let maxLength, candidate.count > maxLength, candidate.count > count { return }
        text = String(candidate)
        // A combining mark joins the character before it, so count what is now before the cursor.
        cursor = min(before.count, text.count)
    }

    private mutating func remove(from start: Int, to end: Int) {
        guard start < end else { return }
        let lower = text.index(text.startIndex, offsetBy: start)
        let upper = text.index(text.startIndex, offsetBy: end)
        text.removeSubrange(lower..<upper)
    }

    /// What a field `width` columns wide shows, scrolled so the cursor is visible.
    public struct VisibleSlice: Hashable, Sendable {
        public var text: String
        /// The cursor's column inside the field.
        public var cursorColumn: Int
        /// Whether text is hidden to the left or right of the field.
        public var clippedLeft: Bool
        public var clippedRight: Bool

        public init(text: String, cursorColumn: Int, clippedLeft: Bool, clippedRight: Bool) {
            self.text = text
            self.cursorColumn = cursorColumn
            self.clippedLeft = clippedLeft
            self.clippedRight = clippedRight
        }
    }

    /// The part of the text to show in a field `width` columns wide.
    ///
    /// Shows from the start while the cursor fits; otherwise scrolls so the cursor sits at the
    /// right edge. A wide character is never split.
    public func visibleSlice(width: Int) -> VisibleSlice {
        guard width > 0 else {
            return VisibleSlice(text: "", cursorColumn: 0, clippedLeft: false, clippedRight: false)
        }
        let characters = Array(text)
        let widths = characters.map { DisplayWidth.of($0) }
        // The cursor needs one column of its own at the end of the text.
        var start = 0
        var before = widths[0..<cursor].reduce(0, +)
        while before > width - 1 && start < cursor {
            before -= widths[start]
            start += 1
        }
        var shown = ""
        var used = 0
        var index = start
        while index < characters.count, used + widths[index] <= width {
            shown.append(characters[index])
            used += widths[index]
            index += 1
        }
        return VisibleSlice(
            text: shown, cursorColumn: before, clippedLeft: start > 0, clippedRight: index < characters.count)
    }
}
