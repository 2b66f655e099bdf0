import DeskCore

/// Builds each report's document from the desk as it stood at one instant: every figure from the
/// one projection, ``ServiceDashboard`` (`DeskState.serviceDashboard(period:now:)`), the same that
/// `desk status`, the dashboard and the board show.
public struct ReportBuilder {
    public var state: DeskState
    /// The instant the report is taken at ("now" for figures such as overdue).
    public var at: Timestamp
    public var lastSequence: UInt64
    public var chainHead: String
    /// When and by whom, for a report made without `--at`; nil keeps the output the same each time.
    public var generated: (at: Timestamp, by: String)?

    public init(
        state: DeskState, at: Timestamp, lastSequence: UInt64, chainHead: String,
        generated: (at: Timestamp, by: String)?
    ) {
        self.state = state
        self.at = at
        self.lastSequence = lastSequence
        self.chainHead = chainHead
        self.generated = generated
    }

    /// The period a report covers when none is named: the last full quarter in the office's time zone.
    public func defaultPeriod() -> ReportingPeriod {
        ReportingPeriod.containing(at, length: .quarter, calendar: state.reportingCalendar).previous
    }

    var calendar: BusinessCalendar { state.reportingCalendar }
    var officeName: String { state.office?.name ?? "(no office configured)" }

    public func footer(period: ReportingPeriod?) -> ReportFooter {
        ReportFooter(
            period: period, periodRange: period.map { $0.range(in: calendar) }, at: at,
            timeZone: calendar.timeZoneIdentifier, lastSequence: lastSequence, chainHead: chainHead,
            generated: generated)
    }

    /// The figures of `period` as the desk stood at the report's instant.
    public func dashboard(_ period: ReportingPeriod) -> ServiceDashboard {
        state.serviceDashboard(period: period, now: at)
    }

    /// The results table: each standard's target, threshold, met, missed and share met.
    func resultsTable(_ dashboard: ServiceDashboard) -> ReportTable {
        ReportTable(
            columns: ["Standard", "Target", "Aim", "Met", "Missed", "Met %", "Aim met"],
            rows: dashboard.standards.map { figures in
                [
                    figures.standard.id, ReportText.quantity(figures.target),
                    ReportText.percent(figures.threshold), "\(figures.met)", "\(figures.missed)",
                    ReportText.percent(figures.shareMet),
                    figures.meetsThreshold.map { $0 ? "yes" : "no" } ?? "–",
                ]
            })
    }

    /// Each standard in plain words: its wording, then its target and the share it must meet.
    func promises(_ dashboard: ServiceDashboard) -> ReportBlock {
        .list(
            dashboard.standards.map { figures in
                "\(figures.standard.wording) (\(figures.standard.id): within \(ReportText.quantity(figures.target)), for at least \(ReportText.percent(figures.threshold)) of complaints)"
            })
    }

    /// How to complain and follow up: the channels, the receipt, the contact and escalation.
    func howToComplain() -> [ReportBlock] {
        let channels = (state.office?.channels ?? Channel.allCases).map(\.name)
        var blocks: [ReportBlock] = [
            .paragraph(
                "You can complain by \(channels.joined(separator: ", ")). We give you a receipt with a reference and the dates we promise; \(ReceiptSlip.followUp.lowercased().dropLast()) or ask how it stands."
            )
        ]
        if let contact = state.office?.contact, !contact.isEmpty {
            blocks.append(.fields([ReportField("Contact", contact)]))
        }
        if let escalation = state.office?.escalation, !escalation.isEmpty {
            blocks.append(.fields([ReportField("If you are not satisfied", escalation)]))
        }
        return blocks
    }

    // MARK: The posted standards notice

    /// The notice to post at the counter (EO 12862 §1(c)): each standard in plain words, how to
    /// complain and follow up, and the period's results against the targets.
    public func standards(period: ReportingPeriod) -> ReportDocument {
        let dashboard = dashboard(period)
        var sections = [ReportSection("What we promise", [promises(dashboard)])]
        if dashboard.standards.isEmpty {
            sections[0].blocks = [.paragraph("No service standard is published yet.")]
        }
        sections.append(ReportSection("How to complain and follow up", howToComplain()))
        sections.append(
            ReportSection(
                "How we did in \(period.label)",
                [
                    .table(resultsTable(dashboard)),
                    .paragraph(
                        "Complaints received: \(dashboard.received); closed: \(dashboard.closed); withdrawn: \(dashboard.withdrawn). A result counts in the period it was decided: met when the step was done in time, missed when the time ran out."
                    ),
                ]))
        return ReportDocument(
            title: "Our service standards", office: officeName, sections: sections,
            footer: footer(period: period))
    }
}
