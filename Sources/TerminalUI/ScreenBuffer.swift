/// The size of a terminal or a buffer, in rows and columns.
public struct ScreenSize: Hashable, Sendable, CustomStringConvertible {
    public var rows: Int
    public var columns: Int

    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
    }

    /// The smallest terminal the desk is designed for; it must be fully usable at this size.
    public static let minimum = ScreenSize(rows: 24, columns: 80)

    /// Whether `other` fits inside this size.
    public func fits(_ other: ScreenSize) -> Bool { other.rows <= rows && other.columns <= columns }

    public var description: String { "\(columns)×\(rows)" }
}

/// A position on the screen.
public struct ScreenPoint: Hashable, Sendable {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}

/// A rectangle of cells.
public struct ScreenRect: Hashable, Sendable {
    public var row: Int
    public var column: Int
    public var rows: Int
    public var columns: Int

    public init(row: Int, column: Int, rows: Int, columns: Int) {
        self.row = row
        self.column = column
        self.rows = max(0, rows)
        self.columns = max(0, columns)
    }
}

/// One cell of the screen: one grapheme cluster and the role it is drawn in.
///
/// A cluster `w` columns wide sits in one cell followed by `w − 1` continuation cells.
public struct Cell: Hashable, Sendable {
    /// The grapheme cluster as it is drawn (without zero-width joiners); empty for a continuation.
    public var text: String
    public var role: Role

    public init(_ text: String = " ", role: Role = .default) {
        self.text = text
        self.role = role
    }

    /// A column covered by the wide cluster that starts in a cell to its left.
    public static func continuation(role: Role) -> Cell { Cell("", role: role) }

    public var isContinuation: Bool { text.isEmpty }
}

/// What a screen looks like: rows × columns of cells, each with its text and semantic role.
///
/// Screens render into a ScreenBuffer; the terminal backend draws it, and tests compare it as
/// lines. Every write is clipped to the field it names and never changes a cell outside it.
/// All text goes through the ``Sanitizer``, so no control character can reach a cell.
///
/// A cluster takes the columns ``DisplayWidth/of(_:)-(Character)`` gives it. Writing over part of a
/// wide cluster leaves its other cells in place (they are outside the field), but they are drawn as
/// spaces: ``renderedCells(row:)`` shows a cluster only while all its cells are intact.
public struct ScreenBuffer: Hashable, Sendable {
    public let size: ScreenSize
    private var cells: [Cell]
    /// Where the terminal cursor should be shown (for example in a field being edited), if at all.
    public var cursor: ScreenPoint?

    public init(size: ScreenSize, role: Role = .default) {
        self.size = size
        self.cells = Array(repeating: Cell(" ", role: role), count: size.rows * size.columns)
    }

    public var rows: Int { size.rows }
    public var columns: Int { size.columns }

    /// One cell. Only the buffer writes cells, so every write is sanitised and clipped to its field.
    public private(set) subscript(row: Int, column: Int) -> Cell {
        get { cells[row * size.columns + column] }
        set { cells[row * size.columns + column] = newValue }
    }

    /// The cells of one row.
    public func row(_ row: Int) -> ArraySlice<Cell> {
        cells[(row * size.columns)..<((row + 1) * size.columns)]
    }

    /// Writes text at `row`, `column`, clipped to `maxColumns` (or the right edge), through the
    /// sanitiser. Returns the number of columns written. Nothing outside the field changes.
    @discardableResult
    public mutating func put(
        _ text: String, row: Int, column: Int, role: Role = .default, maxColumns: Int? = nil
    ) -> Int {
        let field = fieldWidth(row: row, column: column, maxColumns: maxColumns)
        guard field > 0 else { return 0 }
        return put(
            Sanitizer.sanitize(text, maxColumns: field, role: role), row: row, column: column,
            maxColumns: field)
    }

    /// Writes already sanitised segments, clipped to the field. Returns the columns written.
    @discardableResult
    public mutating func put(_ segments: [StyledSegment], row: Int, column: Int, maxColumns: Int? = nil)
        -> Int
    {
        let field = fieldWidth(row: row, column: column, maxColumns: maxColumns)
        guard field > 0 else { return 0 }
        let start = max(0, column)
        var x = start
        let end = start + field
        outer: for segment in segments {
            if segment.text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
                // Printable ASCII: one byte, one cluster, one column.
                for byte in segment.text.utf8 {
                    if x >= end { break outer }
                    self[row, x] = Cell(String(Unicode.Scalar(byte)), role: segment.role)
                    x += 1
                }
                continue
            }
            for character in segment.text {
                // Defence in depth: segments from elsewhere still cannot smuggle a control in.
                if !Sanitizer.isClean(character) {
                    var escaped = Sanitizer.sanitize(
                        String(character), maxColumns: end - x, role: segment.role)
                    if !escaped.allSatisfy({ $0.text.allSatisfy(Sanitizer.isClean) }) {
                        // Still not clean on its own (say, the C library's locale is not UTF-8, so
                        // wcwidth knows no letter): an ASCII mark, which can never come back here.
                        escaped = [StyledSegment("?", role: .textEscape)]
                    }
                    x += put(escaped, row: row, column: x, maxColumns: end - x)
                    if x >= end { break outer }
                    continue
                }
                var width = DisplayWidth.of(character)
                var text = Self.drawable(character)
                if width == 0 {
                    // A lone mark from outside the sanitiser gets the dotted circle it would have had.
                    text = "◌" + text
                    width = 1
                }
                if x + width > end {
                    // A cluster that does not fit leaves its columns blank.
                    while x < end {
                        self[row, x] = Cell(" ", role: segment.role)
                        x += 1
                    }
                    break outer
                }
                self[row, x] = Cell(text, role: segment.role)
                for offset in 1..<width { self[row, x + offset] = .continuation(role: segment.role) }
                x += width
            }
        }
        return x - start
    }

    /// The cluster as it goes to the terminal: without U+200D.
    ///
    /// tmux and kitty can draw what follows a zero-width joiner in the joiner's cell (tmux 3.3a puts
    /// "👨‍👩‍👧" in 2 columns and "क्‍ष" in 1), while ncurses gives each part cells of its own. Without
    /// the joiners every terminal draws the parts side by side, in exactly the columns the buffer
    /// measured; only the joining (a ligature, a half-form) is lost.
    private static func drawable(_ character: Character) -> String {
        let scalars = character.unicodeScalars
        guard scalars.contains(where: { $0.value == 0x200D }) else { return String(character) }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars.lazy.filter { $0.value != 0x200D })
        return text
    }

    /// Clears the field (spaces) in `role`.
    public mutating func fill(
        row: Int, column: Int, columns: Int, role: Role = .default, with text: Character = " "
    ) {
        let field = fieldWidth(row: row, column: column, maxColumns: columns)
        guard field > 0, DisplayWidth.of(text) == 1 else { return }
        for x in max(0, column)..<(max(0, column) + field) { self[row, x] = Cell(String(text), role: role) }
    }

    /// Changes the role of the cells in a field without changing their text (for a selection bar).
    public mutating func setRole(_ role: Role, row: Int, column: Int, columns: Int) {
        let field = fieldWidth(row: row, column: column, maxColumns: columns)
        guard field > 0 else { return }
        for x in max(0, column)..<(max(0, column) + field) { self[row, x].role = role }
    }

    /// Draws a horizontal line.
    public mutating func horizontalLine(row: Int, column: Int, columns: Int, role: Role = .border) {
        fill(row: row, column: column, columns: columns, role: role, with: "─")
    }

    /// Draws a vertical line.
    public mutating func verticalLine(row: Int, column: Int, rows: Int, role: Role = .border) {
        for r in row..<(row + max(0, rows)) {
            fill(row: r, column: column, columns: 1, role: role, with: "│")
        }
    }

    /// Draws a box around `rect` (its edge cells) with an optional title in the top edge.
    public mutating func box(
        _ rect: ScreenRect, role: Role = .border, title: String? = nil, titleRole: Role = .title
    ) {
        guard rect.rows >= 2, rect.columns >= 2 else { return }
        let top = rect.row
        let bottom = rect.row + rect.rows - 1
        let left = rect.column
        let right = rect.column + rect.columns - 1
        horizontalLine(row: top, column: left + 1, columns: rect.columns - 2, role: role)
        horizontalLine(row: bottom, column: left + 1, columns: rect.columns - 2, role: role)
        verticalLine(row: top + 1, column: left, rows: rect.rows - 2, role: role)
        verticalLine(row: top + 1, column: right, rows: rect.rows - 2, role: role)
        fill(row: top, column: left, columns: 1, role: role, with: "┌")
        fill(row: top, column: right, columns: 1, role: role, with: "┐")
        fill(row: bottom, column: left, columns: 1, role: role, with: "└")
        fill(row: bottom, column: right, columns: 1, role: role, with: "┘")
        if let title, rect.columns > 4 {
            put(" " + title + " ", row: top, column: left + 2, role: titleRole, maxColumns: rect.columns - 3)
        }
    }

    /// The columns of a field that lie on the buffer; 0 when the field is entirely off it.
    private func fieldWidth(row: Int, column: Int, maxColumns: Int?) -> Int {
        guard row >= 0, row < size.rows, column < size.columns else { return 0 }
        var start = column
        var width = maxColumns ?? (size.columns - column)
        if start < 0 {
            width += start
            start = 0
        }
        return max(0, min(width, size.columns - start))
    }

    /// One row as the terminal will show it: each cluster once, with the columns it takes.
    ///
    /// A cluster is shown only when all its continuation cells are still there; otherwise it, and any
    /// continuation cell left without its cluster, shows as a space. The columns always add up to
    /// the buffer's width.
    public func renderedCells(row r: Int) -> [(text: String, role: Role, columns: Int)] {
        var result: [(String, Role, Int)] = []
        result.reserveCapacity(size.columns)
        var x = 0
        while x < size.columns {
            let cell = self[r, x]
            let width = cell.isContinuation ? 0 : DisplayWidth.of(cell.text)
            if width >= 1, x + width <= size.columns, isIntact(row: r, from: x + 1, to: x + width) {
                result.append((cell.text, cell.role, width))
                x += width
            } else {
                result.append((" ", cell.role, 1))
                x += 1
            }
        }
        return result
    }

    /// Whether the cells `from..<to` of a row are all continuation cells.
    private func isIntact(row r: Int, from: Int, to: Int) -> Bool {
        var x = from
        while x < to {
            if !self[r, x].isContinuation { return false }
            x += 1
        }
        return true
    }

    /// One row as text, full width.
    public func text(row r: Int) -> String {
        renderedCells(row: r).map(\.text).joined()
    }

    /// The screen as text, one string per row, trailing spaces removed.
    public func lines() -> [String] {
        (0..<size.rows).map { r in
            var line = text(row: r)
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// The role of each column of one row.
    public func roles(row r: Int) -> [Role] {
        row(r).map(\.role)
    }
}

/// A readable line-by-line comparison of a screen with what was expected, or `nil` when they match.
///
/// Trailing spaces are ignored. Each differing line is shown as `-` expected and `+` actual with
/// its row number, so a failing screen test says where the screen went wrong.
public func screenDiff(expected: [String], actual: [String]) -> String? {
    func trimmed(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
    var report: [String] = []
    for index in 0..<max(expected.count, actual.count) {
        let want = index < expected.count ? trimmed(expected[index]) : nil
        let got = index < actual.count ? trimmed(actual[index]) : nil
        if want != got {
            let label = index < 10 ? "row  \(index)" : "row \(index)"
            report.append("\(label) - " + (want.map { "|\($0)|" } ?? "(no row)"))
            report.append("\(label) + " + (got.map { "|\($0)|" } ?? "(no row)"))
        }
    }
    return report.isEmpty ? nil : report.joined(separator: "\n")
}
