import DeskCore
import Foundation

/// The figures `desk status` prints: how many complaints are open, by status, how many are overdue
/// or at risk, and per standard the share met this period against its threshold.
public struct DeskStatus: Sendable {
    public struct StandardLine: Sendable {
        public var id: String
        public var wording: String
        public var met: Int
        public var missed: Int
        public var pending: Int
        public var threshold: Double
        public var shareMet: Double?
        public var meetsThreshold: Bool? { shareMet.map { $0 >= threshold } }
    }

    public var office: String
    public var at: Timestamp
    /// This calendar month in the office's time zone.
    public var period: Range<Timestamp>
    public var periodName: String
    public var total: Int
    public var open: Int
    public var byStatus: [(status: ComplaintStatus, count: Int)]
    /// Open complaints with a clock past its due time.
    public var overdue: Int
    /// Open complaints with a clock stopped or running past due (the breach stands).
    public var breached: Int
    /// Open complaints past 75 % of a target, not yet due.
    public var atRisk: Int
    /// Complaints received before any standard was in force: nothing measures them.
    public var unmeasured: Int
    /// A host clock behind the log, standards in the log outside the bounds (also on every screen).
    public var warnings: [String]
    public var standards: [StandardLine]
    public var lastSequence: UInt64
    public var chainHead: String
    public var setAside: [SetAside]

    public init(session: DeskSession, now: Timestamp) {
        let state = session.state
        office = state.office?.name ?? "(no office configured)"
        at = now
        let zone = TimeZone(identifier: state.office?.calendar.timeZoneIdentifier ?? "UTC") ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = Date(timeIntervalSince1970: Double(now.milliseconds) / 1000)
        let monthStart = calendar.dateInterval(of: .month, for: date)!
        period = Timestamp(monthStart.start)..<Timestamp(monthStart.end)
        let formatter = DateFormatter()
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM"
        periodName = formatter.string(from: date)
        let counts = state.statusCounts()
        total = counts.values.reduce(0, +)
        byStatus = ComplaintStatus.allCases.map { ($0, counts[$0] ?? 0) }
        open = byStatus.filter { $0.status.isOpen }.reduce(0) { $0 + $1.count }
        let queue = state.queue(now: now)
        overdue = queue.filter { ($0.minutesLeft ?? 0) < 0 }.count
        breached = queue.filter { $0.urgency == .overdue || $0.breachedEarlier }.count
        atRisk = queue.filter { $0.urgency == .atRisk }.count
        unmeasured = state.unmeasuredCount
        warnings = state.warnings(now: now)
        let results = state.standardResults(now: now, period: period)
        standards = state.currentStandards.map { standard in
            let result = results.first { $0.standardID == standard.id }
            return StandardLine(
                id: standard.id, wording: standard.wording, met: result?.met ?? 0,
                missed: result?.missed ?? 0,
                pending: result?.pending ?? 0, threshold: standard.threshold, shareMet: result?.shareMet)
        }
        lastSequence = session.position.lastSequence
        chainHead = session.position.head.hex
        setAside = session.standingSetAside
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

    /// The JSON object `desk status --json` prints (keys documented in the README).
    public var json: JSONText {
        .object([
            ("office", .string(office)),
            ("at", .string(at.iso8601)),
            (
                "period",
                .object([
                    ("name", .string(periodName)), ("from", .string(period.lowerBound.iso8601)),
                    ("until", .string(period.upperBound.iso8601)),
                ])
            ),
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
            ("unmeasured", .integer(unmeasured)),
            ("warnings", .array(warnings.map { .string($0) })),
            (
                "standards",
                .array(
                    standards.map { line in
                        .object([
                            ("id", .string(line.id)), ("wording", .string(line.wording)),
                            ("met", .integer(line.met)), ("missed", .integer(line.missed)),
                            ("pending", .integer(line.pending)), ("threshold", .double(line.threshold)),
                            ("share_met", line.shareMet.map { .double($0) } ?? .null),
                            ("meets_threshold", line.meetsThreshold.map { .bool($0) } ?? .null),
                        ])
                    })
            ),
            (
                "log",
                .object([
                    ("last_sequence", .int(Int64(clamping: lastSequence))),
                    ("chain_head", .string(chainHead)),
                ])
            ),
            ("set_aside", setAsideJSON),
        ])
    }

    /// The plain-text report.
    public var text: String {
        func percent(_ share: Double?) -> String { share.map { String(format: "%.1f %%", $0 * 100) } ?? "—" }
        var lines = ["\(office) — status at \(at.iso8601)", ""]
        lines.append(
            "Open complaints: \(open) of \(total)    overdue: \(overdue)    breached: \(breached)    at risk: \(atRisk)"
        )
        if unmeasured > 0 {
            lines.append("Not measured (received before any standard was in force): \(unmeasured)")
        }
        lines.append(
            "By status: "
                + byStatus.filter { $0.count > 0 }.map { "\($0.status.name) \($0.count)" }.joined(
                    separator: ", "))
        lines.append("")
        lines.append("Service standards, complaints received \(periodName):")
        for line in standards {
            let verdict = line.meetsThreshold.map { $0 ? "meets" : "BELOW" } ?? "no result yet"
            lines.append(
                "  \(line.id): \(percent(line.shareMet)) met (target \(percent(line.threshold))) — \(verdict); met \(line.met), missed \(line.missed), running \(line.pending)"
            )
            lines.append("    “\(line.wording)”")
        }
        lines.append("")
        lines.append("Log: \(lastSequence) records, chain head \(chainHead)")
        return lines.joined(separator: "\n")
    }
}
