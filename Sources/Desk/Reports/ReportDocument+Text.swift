import DeskCore

// Plain text, to read on a terminal or print: 80 columns, every piece of log text made visible.
extension ReportDocument {
    /// The width text reports are laid out for.
    public static let textColumns = 80

    /// The report as plain text at 80 columns; control characters and terminal escapes in office
    /// or complaint text are shown as `\uXXXX` (``ReportText/visible(_:)``), never sent.
    public var text: String {
        let width = Self.textColumns
        var out: [String] = [ReportText.visible(office)]
        let title = ReportText.visible(self.title)
        out += [title, String(repeating: "=", count: min(width, title.count))]
        for section in sections {
            let heading = ReportText.visible(section.heading)
            out += ["", heading, String(repeating: "-", count: min(width, heading.count))]
            for block in section.blocks {
                out.append("")
                switch block {
                case .paragraph(let text):
                    out += Self.wrap(ReportText.visible(text), width: width)
                case .list(let items):
                    for item in items {
                        out += Self.wrap(ReportText.visible(item), width: width, first: "  - ", rest: "    ")
                    }
                case .fields(let fields):
                    let labelWidth = fields.map { $0.label.count }.max() ?? 0
                    for field in fields {
                        let label =
                            field.label + ":"
                            + String(repeating: " ", count: labelWidth - field.label.count + 1)
                        out += Self.wrap(
                            ReportText.visible(field.value), width: width, first: label,
                            rest: String(repeating: " ", count: label.count))
                    }
                case .table(let table):
                    out += Self.tableLines(table, visible: ReportText.visible)
                }
            }
        }
        out += ["", String(repeating: "-", count: width)]
        for line in footer.lines { out += Self.wrap(line, width: width) }
        return out.joined(separator: "\n") + "\n"
    }

    /// A table as lines: columns as wide as their widest cell, two spaces apart, the first
    /// left-aligned and the rest (figures) right-aligned, a rule under the header.
    static func tableLines(_ table: ReportTable, visible: (String) -> String) -> [String] {
        let header = table.columns.map(visible)
        let rows = table.rows.map { $0.map(visible) }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(
                    repeating: " ", count: max(0, widths[min(index, widths.count - 1)] - cell.count))
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
            + rows.map(line)
    }

    /// `text` broken at spaces into lines of at most `width` characters (a longer word is cut),
    /// the first starting with `first` and the rest with `rest`. `mayStartLine` says whether a
    /// word may begin a continuation line (else it stays on the line before).
    static func wrap(
        _ text: String, width: Int, first: String = "", rest: String = "",
        mayStartLine: (Substring) -> Bool = { _ in true }
    ) -> [String] {
        var lines: [String] = []
        var current = first
        var empty = true
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = word
            if !empty && current.count + 1 + word.count > width && mayStartLine(word) {
                lines.append(current)
                current = rest
                empty = true
            }
            if empty {
                while current.count + word.count > width && width > current.count {
                    let take = width - current.count
                    lines.append(current + word.prefix(take))
                    word = word.dropFirst(take)
                    current = rest
                }
                current += word
                empty = false
            } else {
                current += " " + word
            }
        }
        if !empty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
