import Desk
import DeskCore
import TerminalUI

/// The board's "at a glance" panel (`desk watch`, under the queue): open complaints by status,
/// the clocks overdue and at risk now, the oldest complaint waiting on the office, who holds
/// what, each standard's result in the period from the dashboard's projection, and the latest
/// events, masked. Computed on reload (when the log moves on or the minute turns), never per key.
struct BoardGlance {
    struct Line: Equatable {
        var text: String
        var role: Role
    }

    /// The period the standards' lines are for (named in the panel's title).
    var periodLabel: String
    var lines: [Line]

    /// How many of the latest events the ticker shows.
    static let tickerLength = 3

    /// Statuses grouped as the queue's status filter groups them, with a short name.
    static let statusGroups: [(name: String, statuses: Set<ComplaintStatus>)] = [
        ("received", [.received]), ("acknowledged", [.acknowledged, .assessed]),
        ("in progress", [.inProgress, .reopened]), ("waiting", [.waitingOnCustomer]),
        ("responded", [.responded]),
    ]

    /// Statuses in which a complaint waits on the office (not on the customer, not answered).
    static let waitingOnOffice: Set<ComplaintStatus> = [
        .received, .acknowledged, .assessed, .inProgress, .reopened,
    ]

    init(environment: DeskEnvironment) {
        let state = environment.state
        let now = environment.now
        let month = ReportingPeriod.containing(now, length: .month, calendar: state.reportingCalendar)
        let dashboard = state.serviceDashboard(period: month, now: now)
        let today = state.serviceDashboard(
            period: ReportingPeriod.containing(now, length: .day, calendar: state.reportingCalendar), now: now
        )
        periodLabel = dashboard.period.label
        var lines: [Line] = []

        var byStatus: [ComplaintStatus: Int] = [:]
        var holders: [String: Int] = [:]
        var unheld = 0
        var overdue = 0
        var atRisk = 0
        var oldest: ComplaintView?
        let open = state.queue(now: now)
        for entry in open {
            guard let c = state.complaint(entry.id) else { continue }
            byStatus[c.status, default: 0] += 1
            if let holder = c.holder { holders[holder, default: 0] += 1 } else { unheld += 1 }
            if entry.urgency == .overdue { overdue += 1 }
            if entry.urgency == .atRisk { atRisk += 1 }
            if Self.waitingOnOffice.contains(c.status),
                oldest.map({ (c.receivedAt, c.id) < ($0.receivedAt, $0.id) }) ?? true
            {
                oldest = c
            }
        }

        let counts = Self.statusGroups.map { group in
            "\(group.name) \(group.statuses.reduce(0) { $0 + byStatus[$1, default: 0] })"
        }
        lines.append(Line(text: "Open \(open.count): " + counts.joined(separator: " · "), role: .text))

        let oldestText =
            oldest.map { "oldest waiting: \($0.id), \(Self.duration(from: $0.receivedAt, to: now))" }
            ?? "nothing waiting on the office"
        let clockRole: Role = overdue > 0 ? .clockBreach : (atRisk > 0 ? .clockAtRisk : .text)
        lines.append(Line(text: "Overdue \(overdue) · at risk \(atRisk) · \(oldestText)", role: clockRole))

        let held = holders.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }
        lines.append(
            Line(text: "Held: " + (held + ["unheld \(unheld)"]).joined(separator: " · "), role: .text))

        lines += Self.figures(period: dashboard, today: today)

        for tick in Self.ticker(environment: environment) { lines.append(Line(text: tick, role: .status)) }
        self.lines = lines
    }

    /// Each standard's result today and in the period (named in the panel's title) against its
    /// threshold, from the dashboard's projection, the verdict before the counts so a narrow board
    /// keeps it: "acknowledge: today 3/4 met · month 92% (goal 90%) · met 120 missed 10 running 5"
    /// ("… (goal 90%) BELOW · …" under the goal, in the warning role; "—" where nothing is decided).
    static func figures(period: ServiceDashboard, today: ServiceDashboard) -> [Line] {
        period.standards.map { s in
            let day = today.standards.first { $0.standard.id == s.standard.id }
            let decidedToday = (day?.met ?? 0) + (day?.missed ?? 0)
            let todayText = decidedToday == 0 ? "today —" : "today \(day?.met ?? 0)/\(decidedToday) met"
            let share = s.shareMet.map { "\(Int(($0 * 100).rounded()))%" } ?? "—"
            let goal = Int((s.threshold * 100).rounded())
            let below = s.meetsThreshold == false
            let text =
                "\(s.standard.id): \(todayText) · \(period.period.length.noun) \(share) (goal \(goal)%)"
                + "\(below ? " BELOW" : "") · met \(s.met) missed \(s.missed) running \(s.pending)"
            return Line(text: text, role: below ? .statusWarning : .text)
        }
    }

    /// The latest complaint events, newest first, masked as an opened complaint on the board
    /// masks them: "13:05 C-000012 · alice: claimed for alice". Reads only the timelines of the
    /// complaints changed last.
    static func ticker(environment: DeskEnvironment) -> [String] {
        var recent: [(sequence: UInt64, id: ComplaintID, event: RecordedEvent)] = []
        for id in environment.state.lastChanged(tickerLength) {
            for case (let sequence, .success(let recorded)) in environment.desk.events(of: id).suffix(
                tickerLength)
            {
                recent.append((sequence, id, recorded))
            }
        }
        recent.sort { ($0.event.at, $0.sequence) > ($1.event.at, $1.sequence) }
        return recent.prefix(tickerLength).map { tick in
            let actor = tick.event.actor.isEmpty ? "—" : tick.event.actor
            let time = DeskFormat.shortTime(tick.event.at, calendar: environment.calendar)
            return "\(time) \(tick.id) · \(actor): \(DetailView.describeMasked(tick.event.event))"
        }
    }

    /// How long since `start`: `45m`, `5h 10m`, `3d 4h`.
    static func duration(from start: Timestamp, to now: Timestamp) -> String {
        let minutes = max(0, (now.milliseconds - start.milliseconds) / 60_000)
        if minutes < 60 { return "\(minutes)m" }
        if minutes < 24 * 60 { return "\(minutes / 60)h \(minutes % 60)m" }
        return "\(minutes / (24 * 60))d \(minutes % (24 * 60) / 60)h"
    }

    /// Draws the panel from `row` to the end of `body`: a rule with its title, then its lines.
    func draw(into buffer: inout ScreenBuffer, row: Int, body: Range<Int>) {
        let width = buffer.columns
        buffer.horizontalLine(row: row, column: 0, columns: width)
        buffer.put(" At a glance · \(periodLabel) ", row: row, column: 2, role: .title, maxColumns: width - 4)
        for (offset, line) in lines.enumerated() where row + 1 + offset < body.upperBound {
            buffer.put(line.text, row: row + 1 + offset, column: 1, role: line.role, maxColumns: width - 2)
        }
    }
}
