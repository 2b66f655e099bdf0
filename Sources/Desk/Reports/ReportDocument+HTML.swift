import DeskCore
import Plot

// HTML: one standalone file (inline CSS, no scripts, no links out) built with Plot, which escapes
// every piece of text; log text is also made visible first, so a terminal escape shows as
// `\u001B` rather than an invisible character.
extension ReportDocument {
    /// Print-friendly: black on white, serif body, tables with rules, A4 or Letter margins.
    static let css = """
        body{font-family:Georgia,'Times New Roman',serif;color:#000;background:#fff;max-width:48em;\
        margin:2em auto;padding:0 1em;line-height:1.4}\
        h1{font-size:1.6em;margin-bottom:0.2em}h2{font-size:1.2em;border-bottom:1px solid #000;margin-top:1.5em}\
        .office{font-weight:bold;margin:0}\
        table{border-collapse:collapse;margin:0.5em 0}th,td{border:1px solid #666;padding:0.2em 0.5em}\
        th{text-align:left;background:#eee}td.n{text-align:right;font-variant-numeric:tabular-nums}\
        dl{display:grid;grid-template-columns:max-content auto;gap:0.2em 1em}dt{font-weight:bold}dd{margin:0}\
        footer{margin-top:2em;border-top:1px solid #000;font-size:0.85em}footer p{margin:0.2em 0}\
        @media print{body{margin:0;max-width:none}h2{break-after:avoid}table,dl{break-inside:avoid}}\
        @page{margin:2cm}
        """

    public var html: String {
        let v = ReportText.visible
        let page = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .element(named: "title", text: v(title)),
                .style(Self.css)
            ),
            .body(
                .header(.p(.class("office"), .text(v(office))), .h1(.text(v(title)))),
                .main(.forEach(sections) { Self.node($0) }),
                .footer(.forEach(footer.lines) { .p(.text($0)) })
            )
        )
        return page.render(indentedBy: .spaces(1)) + "\n"
    }

    static func node(_ section: ReportSection) -> Node<HTML.BodyContext> {
        let v = ReportText.visible
        return .section(
            .h2(.text(v(section.heading))),
            .forEach(section.blocks) { block in
                switch block {
                case .paragraph(let text):
                    return .p(.text(v(text)))
                case .list(let items):
                    return .ul(.forEach(items) { .li(.text(v($0))) })
                case .fields(let fields):
                    return .dl(
                        .forEach(fields) { field in
                            .group(.dt(.text(v(field.label))), .dd(.text(v(field.value))))
                        })
                case .table(let table):
                    return .table(
                        .thead(.tr(.forEach(table.columns) { .th(.text(v($0))) })),
                        .tbody(
                            .forEach(table.rows) { row in
                                .tr(
                                    .forEach(Array(row.enumerated())) { index, cell in
                                        index == 0 ? .td(.text(v(cell))) : .td(.class("n"), .text(v(cell)))
                                    })
                            })
                    )
                }
            })
    }
}
