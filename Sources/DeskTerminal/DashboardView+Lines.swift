import DeskCore
import Foundation
import TerminalUI

/// One line of the dashboard: cells at fixed columns, laid out for 80 columns (a wider screen
/// gives the wording and the benchmark's source more room).
struct DashboardLine: Hashable, Sendable {
    struct Cell: Hashable, Sendable {
        var column: Int
        var text: String
        var role: Role
        /// Columns the cell may take; nil runs to the right margin.
        var width: Int?
        var alignRight = false
    }

    var cells: [Cell] = []

    static let blank = DashboardLine()

    func draw(into buffer: inout ScreenBuffer, row: Int) {
        for cell in cells {
            let room = max(0, buffer.columns - 1 - cell.column)
            let width = min(cell.width ?? room, room)
            let x = cell.alignRight ? cell.column + max(0, width - DisplayWidth.of(cell.text)) : cell.column
            buffer.put(cell.text, row: row, column: x, role: cell.role, maxColumns: width - (x - cell.column))
        }
    }

    mutating func add(
        _ text: String, at column: Int, _ role: Role = .text, width: Int? = nil, right: Bool = false
    ) {
        cells.append(Cell(column: column, text: text, role: role, width: width, alignRight: right))
    }
}

extension DashboardLine {
    /// The standards table's columns: id, met, need, verdict, median, benchmark, risk, over, trend.
    enum Standards {
        static let id = 1
        static let met = 16
        static let need = 21
        static let verdict = 26
        static let median = 32
        static let benchmark = 40
        static let risk = 50
        static let over = 55
        static let trend = 60
    }

    /// Every line of the dashboard, from its figures.
    static func lines(_ d: ServiceDashboard, repertoire: Repertoire) -> [DashboardLine] {
        let text = DashboardText(repertoire: repertoire)
        var heading = DashboardLine()
        heading.add("Service standards", at: 1, .title)
        heading.add("measures decided in \(text.shown(d.period.label))", at: 20, .status)
        var out = [heading]
        var header = DashboardLine()
        header.add("Standard", at: Standards.id, .queueHeader)
        header.add("Met", at: Standards.met, .queueHeader, width: 4, right: true)
        header.add("Need", at: Standards.need, .queueHeader, width: 4, right: true)
        header.add("Median", at: Standards.median, .queueHeader, width: 7, right: true)
        header.add("Benchmark", at: Standards.benchmark, .queueHeader, width: 9, right: true)
        header.add("Risk", at: Standards.risk, .queueHeader, width: 4, right: true)
        header.add("Over", at: Standards.over, .queueHeader, width: 4, right: true)
        header.add(
            "\(ServiceDashboard.trendLength) \(d.period.length.noun)s", at: Standards.trend, .queueHeader)
        out.append(header)
        if d.standards.isEmpty {
            var none = DashboardLine()
            none.add("No service standard was in force in this period.", at: 3, .status)
            out.append(none)
        }
        for s in d.standards { out += standardLines(s, text) }

        out.append(.blank)
        var volumes = DashboardLine()
        volumes.add("Complaints", at: 1, .title)
        volumes.add(
            [
                "received \(d.received)", "closed \(d.closed)", "withdrawn \(d.withdrawn)",
                "no standard applies \(d.unmeasured)",
            ]
            .joined(separator: text.dot),
            at: 14)
        out.append(volumes)
        out.append(.blank)
        out += groupLines(channels: d.channels, categories: d.categories, text)
        out.append(.blank)
        out += surveyLines(d.surveys, text)
        out.append(.blank)
        var ideas = DashboardLine()
        ideas.add("Staff barriers and ideas", at: 1, .title)
        ideas.add(
            "\(d.barriers) \(d.barriers == 1 ? "barrier" : "barriers"), \(d.ideas) \(d.ideas == 1 ? "idea" : "ideas")",
            at: 27, .status)
        out.append(ideas)
        var counts = DashboardLine()
        counts.add(d.staffIdeas.map { "\($0.status.name) \($0.count)" }.joined(separator: text.dot), at: 3)
        out.append(counts)
        return out
    }

    /// A standard's three lines: its figures, its public wording, its target and counts.
    static func standardLines(_ s: StandardFigures, _ text: DashboardText) -> [DashboardLine] {
        var figures = DashboardLine()
        let verdict: (String, Role) =
            switch s.meetsThreshold {
            case true?: ("ok", .statusOK)
            case false?: ("BELOW", .statusWarning)
            case nil: ("", .text)
            }
        figures.add(s.standard.id, at: Standards.id, width: 14)
        figures.add(text.percent(s.shareMet), at: Standards.met, verdict.1, width: 4, right: true)
        figures.add(text.percent(s.threshold), at: Standards.need, width: 4, right: true)
        figures.add(verdict.0, at: Standards.verdict, verdict.1, width: 5)
        figures.add(text.amount(s.median), at: Standards.median, width: 7, right: true)
        figures.add(text.amount(s.benchmark), at: Standards.benchmark, .status, width: 9, right: true)
        figures.add(
            "\(s.atRiskNow)", at: Standards.risk, s.atRiskNow > 0 ? .clockAtRisk : .text, width: 4,
            right: true)
        figures.add(
            "\(s.overdueNow)", at: Standards.over, s.overdueNow > 0 ? .clockBreach : .text, width: 4,
            right: true)
        figures.add(
            Sparkline.line(s.trend, repertoire: text.repertoire), at: Standards.trend, width: s.trend.count)
        var wording = DashboardLine()
        wording.add(s.standard.wording, at: 3)
        var detail = DashboardLine()
        var parts = [
            "target \(text.words(s.target))", "met \(s.met)", "missed \(s.missed)", "running \(s.pending)",
        ]
        if !s.standard.benchmarkSource.isEmpty { parts.append("benchmark: \(s.standard.benchmarkSource)") }
        detail.add(parts.joined(separator: text.dot), at: 3, .status)
        return [figures, wording, detail]
    }

    /// Channels at the left, categories at the right, side by side.
    static func groupLines(channels: [GroupFigures], categories: [GroupFigures], _ text: DashboardText)
        -> [DashboardLine]
    {
        func columns(
            _ line: inout DashboardLine, at x: Int, titleWidth: Int, _ g: GroupFigures?, heading: String?
        ) {
            if let heading {
                line.add(heading, at: x, .queueHeader, width: titleWidth)
                for (title, offset, width) in [
                    ("Recv", 0, 5), ("Met", 6, 4), ("Missed", 11, 6), ("Met%", 18, 5),
                ] {
                    line.add(title, at: x + titleWidth + 1 + offset, .queueHeader, width: width, right: true)
                }
                return
            }
            guard let g else { return }
            line.add(g.title, at: x, width: titleWidth)
            let share = g.shareMet
            let cells = [
                ("\(g.received)", 0, 5), ("\(g.met)", 6, 4), ("\(g.missed)", 11, 6),
                (text.percent(share), 18, 5),
            ]
            for (value, offset, width) in cells {
                line.add(value, at: x + titleWidth + 1 + offset, width: width, right: true)
            }
        }
        var heading = DashboardLine()
        columns(&heading, at: 1, titleWidth: 8, nil, heading: "Channel")
        columns(&heading, at: 35, titleWidth: 20, nil, heading: "Category")
        var out = [heading]
        for index in 0..<max(channels.count, categories.count) {
            var line = DashboardLine()
            columns(
                &line, at: 1, titleWidth: 8, index < channels.count ? channels[index] : nil, heading: nil)
            columns(
                &line, at: 35, titleWidth: 20, index < categories.count ? categories[index] : nil,
                heading: nil)
            out.append(line)
        }
        return out
    }

    /// The survey's counts, then each A-11 driver in two columns.
    static func surveyLines(_ s: SurveyReport, _ text: DashboardText) -> [DashboardLine] {
        var heading = DashboardLine()
        heading.add("Customer survey", at: 1, .title)
        heading.add(
            ["offered \(s.offered)", "answered \(s.responses)", "share agreeing (4 or 5):"]
                .joined(
                    separator: text.dot), at: 18, .status)
        var out = [heading]
        let half = (s.drivers.count + 1) / 2
        for row in 0..<half {
            var line = DashboardLine()
            for (column, index) in [(3, row), (41, row + half)] where index < s.drivers.count {
                let driver = s.drivers[index]
                line.add(driver.driver.name, at: column, width: 20)
                line.add(text.percent(driver.share), at: column + 21, width: 4, right: true)
                line.add("(\(driver.favourable) of \(driver.answered))", at: column + 26, .status, width: 12)
            }
            out.append(line)
        }
        return out
    }
}

/// How the dashboard writes its figures, in the repertoire the terminal can show.
struct DashboardText {
    let repertoire: Repertoire

    /// No figure: an em dash, or a hyphen in ASCII.
    var none: String { repertoire == .unicode ? "—" : "-" }
    /// `text` with the dashes a period's label holds made ASCII when the terminal needs it.
    func shown(_ text: String) -> String {
        repertoire == .unicode ? text : text.replacingOccurrences(of: "–", with: "-")
    }

    /// Between figures on one line.
    var dot: String { repertoire == .unicode ? " · " : " | " }

    /// `95%`, rounded down so a share short of the threshold never shows as equal to it.
    func percent(_ share: Double?) -> String {
        guard let share else { return none }
        return "\(Int((share * 100 + 1e-9).rounded(.down)))%"
    }

    /// A duration in the unit it was given in: `2d`, `1.25d`, `16h00m`.
    func amount(_ quantity: ServiceQuantity?) -> String {
        guard let quantity else { return none }
        switch quantity.unit {
        case .workingDays: return "\(number(quantity.value))d"
        case .businessMinutes: return DeskFormat.minutes(Int(quantity.value))
        }
    }

    /// A target in words: `2 working days`, `16h00m of business time`.
    func words(_ quantity: ServiceQuantity) -> String {
        switch quantity.unit {
        case .workingDays: "\(number(quantity.value)) working \(quantity.value == 1 ? "day" : "days")"
        case .businessMinutes: "\(DeskFormat.minutes(Int(quantity.value))) of business time"
        }
    }

    private func number(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.2f", value)
    }
}
