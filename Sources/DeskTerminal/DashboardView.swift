import Desk
import DeskCore
import Foundation
import TerminalUI

/// The service-standard dashboard (EO 12862 §1(c), §1(d)): per standard the result against its
/// threshold, the median time taken beside the benchmark, what is at risk or overdue now, and a
/// 12-period trend; volumes, channels and categories; the customer survey; staff barriers and
/// ideas. Opened with `d` from the queue, by clerks, supervisors and the board alike.
///
/// The period is kept as it was chosen — the grammar's words (`this-month` until another is
/// typed) and how many steps `[` and `]` moved from it — and resolved again on every reload, so
/// "this month" turns into the next at the office's midnight while the view is open.
final class DashboardView: ScrollingView {
    let environment: DeskEnvironment
    var scroll = Scroll()
    /// The period as typed (or the default).
    private(set) var choice = DashboardView.defaultChoice
    /// Periods moved from ``choice`` with `[`/`]` (negative: earlier).
    private(set) var steps = 0
    /// The figures shown, and their lines.
    private(set) var dashboard: ServiceDashboard?
    private(set) var lines: [DashboardLine] = []
    /// A period being typed after `p`.
    private(set) var periodEntry: LineEditor?
    /// What the figures were computed from, so a reload with nothing new does nothing.
    private var computedFrom: (events: Int, minute: Int64, period: ReportingPeriod, repertoire: Repertoire)?
    /// How often arriving events may recompute the figures (a whole pass over the desk).
    private var budget = RecomputeBudget()
    var owesReload: Bool { budget.owed }

    static let defaultChoice = "this-month"
    static let periodPrompt = "period: "
    /// The years a period may be moved to (the office calendar's range).
    static let years = 1900...2199

    init(environment: DeskEnvironment) {
        self.environment = environment
    }

    var name: String { "dashboard" }

    var actions: ActionRegistry<DashboardView, ViewEffect> {
        periodEntry == nil ? environment.keymaps.dashboard : environment.keymaps.dashboardPeriod
    }

    /// The period now chosen, resolved at this instant in the office's time zone.
    var period: ReportingPeriod {
        let state = environment.state
        let typed =
            (try? ReportingPeriod.parse(choice, now: environment.now, calendar: state.reportingCalendar))
            ?? ReportingPeriod.containing(environment.now, length: .month, calendar: state.reportingCalendar)
        return typed.moved(by: steps)
    }

    var subtitle: [StyledSegment] {
        let text = DashboardText(repertoire: environment.repertoire)
        var parts = [
            StyledSegment("Dashboard: " + text.shown(dashboard?.period.label ?? period.label), role: .title)
        ]
        if let periodEntry {
            parts.append(StyledSegment(text.dot + Self.periodPrompt, role: .status))
            parts.append(StyledSegment(periodEntry.text, role: .fieldFocus))
        }
        return parts
    }

    var helpNotes: [String] {
        let chart = Sparkline.line([0, 1], repertoire: environment.repertoire).map(String.init)
        return [
            "Met: the share of measures decided in the period that met the standard; Need: its threshold; BELOW: under it.",
            "A measure is decided when its clock stops in time, or when it falls due unmet: from then the breach stands.",
            "Median: business time taken by the clocks that stopped in the period; the benchmark stands beside it.",
            "Risk, Over: open complaints at risk (75 % of the time used) or overdue now, whatever the period.",
            "Trend: the share met in each of the last \(ServiceDashboard.trendLength) periods, \(chart[0]) = 0 % to \(chart[1]) = 100 %; a blank: nothing decided.",
            "Channels and categories: complaints received in the period, and measures met and missed in it.",
            "Survey: the share answering 4 or 5 (agree, strongly agree) to each A-11 statement, of those who answered it.",
            "Periods: \(ReportingPeriod.accepted).",
        ]
    }

    // MARK: Loading

    func reload() {
        let state = environment.state
        let now = environment.now
        let period = self.period
        let minute = now.milliseconds / 60_000
        if let from = computedFrom, from.events == state.eventCount, from.minute == minute,
            from.period == period, from.repertoire == environment.repertoire
        {
            return
        }
        // Only arriving events are held back by the budget; a new minute, period or chart is not.
        let onlyEvents =
            computedFrom.map {
                $0.minute == minute && $0.period == period && $0.repertoire == environment.repertoire
            }
            ?? false
        guard budget.allows(force: !onlyEvents) else { return }
        computedFrom = (state.eventCount, minute, period, environment.repertoire)
        let figures = budget.measure { state.serviceDashboard(period: period, now: now) }
        dashboard = figures
        lines = DashboardLine.lines(figures, repertoire: environment.repertoire)
    }

    func lineCount(width: Int) -> Int { lines.count }

    // MARK: Choosing the period

    /// Moves the period by `by` periods of its length and shows the new one from its top.
    private func move(by delta: Int) -> ViewEffect {
        guard Self.years.contains(period.moved(by: delta).year) else {
            environment.say(
                "The desk reports on the years \(Self.years.lowerBound)–\(Self.years.upperBound).",
                .statusWarning)
            return .stay
        }
        steps += delta
        scroll = Scroll()
        reload()
        return .stay
    }

    private func editPeriod(_ key: Key) -> ViewEffect {
        _ = periodEntry?.handle(key)
        return .stay
    }

    /// Takes the typed period if the grammar knows it; otherwise says what is accepted and keeps
    /// the text for mending.
    private func takeTypedPeriod() -> ViewEffect {
        guard let text = periodEntry?.text else { return .stay }
        do {
            let state = environment.state
            let period = try ReportingPeriod.parse(
                text, now: environment.now, calendar: state.reportingCalendar)
            guard Self.years.contains(period.year) else {
                environment.say(
                    "Not a period here: the desk reports on the years \(Self.years.lowerBound)–\(Self.years.upperBound).",
                    .statusWarning)
                return .stay
            }
            choice = text.trimmingCharacters(in: .whitespaces).lowercased()
            steps = 0
            periodEntry = nil
            scroll = Scroll()
            reload()
            environment.say("Showing \(period.label).", .statusInfo)
        } catch {
            environment.say("Not a period: \(error.message).", .statusWarning)
        }
        return .stay
    }

    // MARK: Drawing

    func draw(into buffer: inout ScreenBuffer, body: Range<Int>) {
        let first = scroll.start(count: lines.count, rows: body.count)
        for (offset, line) in lines.dropFirst(first).prefix(body.count).enumerated() {
            line.draw(into: &buffer, row: body.lowerBound + offset)
        }
        // The cursor where the period is typed, on the subtitle row (unless an alarm holds it).
        if let periodEntry, environment.alarm == nil {
            let before = subtitle.dropLast().reduce(0) { $0 + DisplayWidth.of($1.text) }
            let typed = DisplayWidth.of(String(periodEntry.text.prefix(periodEntry.cursor)))
            buffer.cursor = ScreenPoint(row: 1, column: min(buffer.columns - 1, 1 + before + typed))
        }
    }

    // MARK: Actions

    static let actions: [Action<DashboardView, ViewEffect>] = [
        Action(id: "help", title: "Show every key", barLabel: "Help", keys: .function(1), .character("?")) {
            _, _ in .help
        },
        Action(
            id: "back", title: "Back to the queue", barLabel: "Back", keys: .escape, .character("q"),
            .character("d")
        ) { _, _ in .back },
        Action(
            id: "previous", title: "The period before", barLabel: "Earlier", keys: .character("["), .left
        ) { view, _ in view.move(by: -1) },
        Action(id: "next", title: "The period after", barLabel: "Later", keys: .character("]"), .right) {
            view, _ in view.move(by: 1)
        },
        Action(
            id: "period", title: "Type a period: \(ReportingPeriod.accepted)", barLabel: "Period",
            keys: .character("p")
        ) { view, _ in
            view.periodEntry = LineEditor(maxLength: 20)
            return .stay
        },
        Action(id: "thisMonth", title: "Back to this month", keys: .character("t")) { view, _ in
            view.choice = defaultChoice
            return view.move(by: -view.steps)
        },
        reportsAction,
        scrollAction(
            more: [.character("j"), .character("k"), .character(" "), .character("g"), .character("G")],
            title: "Scroll (↑/↓ j/k, PgUp/PgDn Space, Home/End g/G)"),
        Action(id: "quit", title: "Leave the desk", barLabel: "Quit", keys: .function(10)) { _, _ in .quit },
    ]

    /// While a period is typed: Enter takes it, Esc leaves the period as it was.
    static let periodActions: [Action<DashboardView, ViewEffect>] = [
        Action(id: "type", title: "Type the period (2026-11, 2026-W48, last-month, …)", keys: [.text]) {
            view, key in view.editPeriod(key)
        },
        Action(
            id: "edit", title: "Edit it (←/→, Home/End, Bksp/Del, ^A ^E ^K ^U)", keys: .left, .right, .home,
            .end, .backspace, .delete, .control("a"), .control("e"), .control("k"), .control("u")
        ) { view, key in view.editPeriod(key) },
        Action(id: "show", title: "Show this period", barLabel: "Show", keys: .enter) { view, _ in
            view.takeTypedPeriod()
        },
        Action(id: "cancel", title: "Keep the period shown", barLabel: "Cancel", keys: .escape) { view, _ in
            view.periodEntry = nil
            return .stay
        },
        Action(id: "help", title: "Show every key", barLabel: "Help", keys: .function(1)) { _, _ in .help },
    ]
}
