import DeskCore

// Markdown: reads well as text at 80 columns and renders as a document; every piece of text is
// escaped (``ReportText/markdown(_:)``), so office or complaint text can never become markup.
extension ReportDocument {
    public var markdown: String {
        let width = Self.textColumns
        let md = ReportText.markdown
        var out = ["# \(md(title))", ""] + Self.wrapMarkdown(md(office), width: width)
        for section in sections {
            out += ["", "## \(md(section.heading))"]
            for block in section.blocks {
                out.append("")
                switch block {
                case .paragraph(let text):
                    out += Self.wrapMarkdown(md(text), width: width)
                case .list(let items):
                    for item in items {
                        out += Self.wrapMarkdown(md(item), width: width, first: "- ", rest: "  ")
                    }
                case .fields(let fields):
                    for field in fields {
                        out += Self.wrapMarkdown(
                            "**\(md(field.label)):** \(md(field.value))", width: width, first: "- ",
                            rest: "  ")
                    }
                case .table(let table):
                    // The rule row marks the figures (every column after the first) right-aligned.
                    let rule = table.columns.indices.map { $0 == 0 ? "---" : "--:" }
                    out.append("| " + table.columns.map(md).joined(separator: " | ") + " |")
                    out.append("|" + rule.joined(separator: "|") + "|")
                    out += table.rows.map { "| " + $0.map(md).joined(separator: " | ") + " |" }
                }
            }
        }
        out += ["", "---", ""]
        for line in footer.lines { out += Self.wrapMarkdown(md(line), width: width, first: "- ", rest: "  ") }
        return out.joined(separator: "\n") + "\n"
    }

    /// Wrapped like text, never putting at a line's start a word Markdown would read as a list
    /// marker, a heading or a block quote.
    static func wrapMarkdown(_ text: String, width: Int, first: String = "", rest: String = "") -> [String] {
        wrap(text, width: width, first: first, rest: rest) { word in
            guard let c = word.first else { return true }
            if "-+*=>#|".contains(c) { return false }
            if c.isNumber, word.contains(where: { $0 == "." || $0 == ")" }) { return false }
            return true
        }
    }
}
