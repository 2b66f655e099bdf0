/// Wraps text that may hold several lines (complaint details, notes, reasons) to a column width.
///
/// The text is split at hard line breaks (LF; CR LF counts as one), each line goes through the
/// ``Sanitizer`` (so an escape such as `⟨ESC⟩` takes its real width and is never broken at its inner
/// space), and each is then wrapped at spaces. A word wider than the line is broken between grapheme
/// clusters. Nothing is lost or repeated except spaces that do not fit: the ones at a break, and
/// those at the end of a line.
///
/// A cluster is split only when it alone is wider than the line (an emoji ZWJ sequence of 6 or 8
/// columns in a narrow column, say), and then between its scalars exactly where ncurses starts a new
/// cell anyway, so it still shows as it would have on one line.
public enum TextWrap {
    /// `text` as lines of at most `width` columns (a width below 2, the widest a single scalar can
    /// be, counts as 2). An empty input line gives an empty output line; no other line is empty.
    public static func lines(_ text: String, width: Int, role: Role = .default) -> [[StyledSegment]] {
        guard width > 0 else { return [] }
        let width = max(width, 2)
        var result: [[StyledSegment]] = []
        for line in Sanitizer.hardLines(text) {
            var wrapper = Wrapper(width: width)
            for segment in Sanitizer.sanitize(line, maxColumns: .max, role: role) {
                wrapper.add(segment)
            }
            result.append(contentsOf: wrapper.finish())
        }
        return result
    }

    /// The same lines as plain strings, for text shown in a single role.
    public static func plainLines(_ text: String, width: Int) -> [String] {
        lines(text, width: width).map { $0.map(\.text).joined() }
    }

    /// A cluster, or a part of one wider than the line, with its role and columns.
    private struct Piece {
        var text: String
        var role: Role
        var width: Int
    }

    /// Greedy wrapping of one hard line, fed piece by piece.
    private struct Wrapper {
        let width: Int
        var lines: [[StyledSegment]] = []
        var line: [StyledSegment] = []
        var lineWidth = 0
        /// Spaces since the last word: kept when the next word fits after them, dropped at a break.
        var spaces: [Piece] = []
        var spacesWidth = 0
        var word: [Piece] = []
        var wordWidth = 0

        init(width: Int) { self.width = width }

        mutating func add(_ segment: StyledSegment) {
            // An escape is one unbreakable word, even "⟨+6 marks⟩".
            let breaksAtSpaces = segment.role != .textEscape
            for character in segment.text {
                if breaksAtSpaces && character == " " {
                    placeWord()
                    spaces.append(Piece(text: " ", role: segment.role, width: 1))
                    spacesWidth += 1
                    continue
                }
                let characterWidth = DisplayWidth.of(character)
                if characterWidth <= width {
                    word.append(Piece(text: String(character), role: segment.role, width: characterWidth))
                } else {
                    word.append(contentsOf: cellPieces(of: character, role: segment.role))
                }
                wordWidth += characterWidth
            }
        }

        mutating func finish() -> [[StyledSegment]] {
            placeWord()
            for space in spaces where lineWidth + space.width <= width { append(space) }
            lines.append(line)
            return lines
        }

        private mutating func placeWord() {
            guard !word.isEmpty else { return }
            defer {
                word.removeAll(keepingCapacity: true)
                wordWidth = 0
            }
            if lineWidth + spacesWidth + wordWidth <= width {
                for space in spaces { append(space) }
                dropSpaces()
                for piece in word { append(piece) }
                return
            }
            // The word starts a new line; the spaces before it (or an indent too wide) are dropped.
            dropSpaces()
            if lineWidth > 0 { breakLine() }
            for piece in word {
                if lineWidth + piece.width > width { breakLine() }
                append(piece)
            }
        }

        private mutating func dropSpaces() {
            spaces.removeAll(keepingCapacity: true)
            spacesWidth = 0
        }

        private mutating func append(_ piece: Piece) {
            if let last = line.last, last.role == piece.role {
                line[line.count - 1].text += piece.text
            } else {
                line.append(StyledSegment(piece.text, role: piece.role))
            }
            lineWidth += piece.width
        }

        private mutating func breakLine() {
            lines.append(line)
            line = []
            lineWidth = 0
        }

        /// A cluster wider than the line cut where ncurses starts a new cell: before each scalar
        /// that takes columns, zero-width scalars staying with the one before.
        private func cellPieces(of character: Character, role: Role) -> [Piece] {
            var pieces: [Piece] = []
            for scalar in character.unicodeScalars {
                let scalarWidth = max(0, DisplayWidth.of(scalar: scalar))
                if scalarWidth > 0 || pieces.isEmpty {
                    pieces.append(Piece(text: String(scalar), role: role, width: scalarWidth))
                } else {
                    pieces[pieces.count - 1].text.unicodeScalars.append(scalar)
                }
            }
            return pieces
        }
    }
}
