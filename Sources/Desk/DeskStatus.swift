import DeskCore
import Foundation

/// The figures `desk status` prints: how many complaints are open, by status, how many are
/// overdue or at risk now, and the service dashboard for one period — every figure of the period
/// from the one projection, ``ServiceDashboard`` (`DeskState.serviceDashboard(period:now:)`), so
/// `status`, the dashboard and the board cannot disagree.
public struct DeskStatus: Sendable {
    public var office: String
    public var at: Timestamp
    /// The period's figures: standards, volumes, unmeasured, channels, categories, surveys, ideas.
    public var dashboard: ServiceDashboard
    public var total: Int
    public var open: Int
    public var byStatus: [(status: ComplaintStatus, count: Int)]
    /// Open complaints with a clock past its due time.
    public var overdue: Int
    /// Open complaints with a clock stopped or running past due (the breach stands).
    public var breached: Int
    /// Open complaints past 75 % of a target, not yet due.
    public var atRisk: Int
    /// A host clock behind the log, standards in the log outside the bounds (also on every screen).
    public var warnings: [String]
    public var lastSequence: UInt64
    public var chainHead: String
    public var setAside: [SetAside]

    /// The period's standards, as the projection has them.
    public var standards: [StandardFigures] { dashboard.standards }
    public var period: ReportingPeriod { dashboard.period }
    /// Complaints received in the period that no standard in force at receipt covers.
    public var unmeasured: Int { dashboard.unmeasured }

    /// The desk as `state` stands at `now`, with the figures of `period`.
    public init(
        state: DeskState, period: ReportingPeriod, now: Timestamp, lastSequence: UInt64, chainHead: String,
        setAside: [SetAside]
    ) {
        office = state.office?.name ?? "(no office configured)"
        at = now
        dashboard = state.serviceDashboard(period: period, now: now)
        let counts = state.statusCounts()
        total = counts.values.reduce(0, +)
        byStatus = ComplaintStatus.allCases.map { ($0, counts[$0] ?? 0) }
        open = byStatus.filter { $0.status.isOpen }.reduce(0) { $0 + $1.count }
        let queue = state.queue(now: now)
        overdue = queue.filter { ($0.minutesLeft ?? 0) < 0 }.count
        breached = queue.filter { $0.urgency == .overdue || $0.breachedEarlier }.count
        atRisk = queue.filter { $0.urgency == .atRisk }.count
        warnings = state.warnings(now: now)
        self.lastSequence = lastSequence
        self.chainHead = chainHead
        self.setAside = setAside
    }

    /// The session's desk now (or at `now`), with the figures of `period`.
    public init(session: DeskSession, period: ReportingPeriod, now: Timestamp) {
        self.init(
            state: session.state, period: period, now: now, lastSequence: session.position.lastSequence,
            chainHead: session.position.head.hex, setAside: session.standingSetAside)
    }

    /// The session's desk now, with the figures of this month in the office's time zone.
    public init(session: DeskSession, now: Timestamp) {
        let period = ReportingPeriod.containing(
            now, length: .month, calendar: session.state.reportingCalendar)
        self.init(session: session, period: period, now: now)
    }

    private var setAsideJSON: JSONText {
        .array(
            setAside.map { note -> JSONText in
                .object(
                    [("file", .string(note.file)), ("records", .integer(note.records))]
                        + (note.lost.map { [("lost_through_sequence", .integer(Int($0.throughSequence)))] }
                            ?? []))
            })
    }

    /// The JSON object `desk status --json` prints (keys documented in the README): today's keys
    /// first, in their order, then the rest of the dashboard's (``ServiceDashboard/jsonMembers``).
    public var json: JSONText {
        var figures = dashboard.jsonMembers
        func take(_ key: String) -> (String, JSONText) {
            let index = figures.firstIndex { $0.0 == key }!
            return figures.remove(at: index)
        }
        let members: [(String, JSONText)] = [
            ("office", .string(office)),
            ("at", .string(at.iso8601)),
            take("period"),
            ("complaints", .integer(total)),
            ("open", .integer(open)),
            (
                "by_status",
                .object(
                    byStatus.map {
                        ($0.status.name.replacingOccurrences(of: " ", with: "_"), .integer($0.count))
                    })
            ),
            ("overdue", .integer(overdue)),
            ("breached", .integer(breached)),
            ("at_risk", .integer(atRisk)),
            take("unmeasured"),
            ("warnings", .array(warnings.map { .string($0) })),
            take("standards"),
            (
                "log",
                .object([
                    ("last_sequence", .int(Int64(clamping: lastSequence))),
                    ("chain_head", .string(chainHead)),
                ])
            ),
            ("set_aside", setAsideJSON),
        ]
        return .object(members + figures)
    }
}
