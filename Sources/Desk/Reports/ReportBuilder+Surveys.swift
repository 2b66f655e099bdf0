import DeskCore

// The survey report (EO 12862 §2, OMB A-11 §280).
extension ReportBuilder {
    /// The periods a survey report has rows for: a year's quarters, else the period itself.
    public static func surveyPeriods(_ period: ReportingPeriod) -> [ReportingPeriod] {
        guard period.length == .year,
            let first = try? ReportingPeriod(length: .quarter, year: period.year, 1)
        else { return [period] }
        return (0..<4).map { first.moved(by: $0) }
    }

    /// One channel's surveys in one period, with the complaints received on it.
    public struct SurveyRow: Sendable {
        public var channel: String
        public var period: ReportingPeriod
        /// Complaints received on the channel in the period (the dashboard's channel volume).
        public var volume: Int
        public var report: SurveyReport
    }

    /// One row per channel (the dashboard's channels) and period; a year's quarters that begin
    /// after the report's instant have no rows.
    public func surveyRows(period: ReportingPeriod) -> [SurveyRow] {
        let parts = Self.surveyPeriods(period)
        let begun = parts.filter { $0.range(in: calendar).lowerBound <= at }
        return (begun.isEmpty ? [period] : begun).flatMap { part in
            let dashboard = dashboard(part)
            let range = part.range(in: calendar)
            return dashboard.channels.map { group in
                SurveyRow(
                    channel: group.id, period: part, volume: group.received,
                    report: state.surveyReport(period: range, channel: Channel(name: group.id)))
            }
        }
    }

    static let driverShortNames: [SurveyDriver: String] = [
        .satisfaction: "Satis", .trust: "Trust", .effectiveness: "Effect", .ease: "Ease",
        .efficiency: "Effic", .equity: "Equity", .employeeHelpfulness: "Help",
    ]

    /// The survey report: per driver for the whole period, then per channel and period with
    /// counts (favourable/answered), the statements as asked, and the customers' own words.
    public func surveys(period: ReportingPeriod) -> ReportDocument {
        let dashboard = dashboard(period)
        let rows = surveyRows(period: period)
        let drivers = SurveyDriver.allCases
        // One period: rows by channel; a year: by channel and quarter, in one column (80 columns).
        let onePeriod = Set(rows.map(\.period)).count == 1
        func rowName(_ row: SurveyRow) -> String {
            onePeriod ? row.channel : "\(row.channel) \(row.period.name)"
        }
        let counts = ReportTable(
            columns: [onePeriod ? "Channel" : "Channel, period", "Complaints", "Offered", "Answers"],
            rows: rows.map {
                [rowName($0), "\($0.volume)", "\($0.report.offered)", "\($0.report.responses)"]
            })
        let matrix = ReportTable(
            columns: [onePeriod ? "Channel" : "Channel, period"]
                + drivers.map { Self.driverShortNames[$0] ?? $0.key },
            rows: rows.map { row in
                [rowName(row)] + row.report.drivers.map { "\($0.favourable)/\($0.answered)" }
            })
        let sections = [
            ReportSection("All channels, \(period.label)", surveyBlocks(dashboard.surveys)),
            ReportSection(
                "Per channel and period",
                [
                    .table(counts),
                    .paragraph(
                        "Each driver as favourable answers (4 or 5) out of those who answered it:"),
                    .table(matrix),
                ]),
            ReportSection(
                "The statements",
                [
                    .list(
                        drivers.map {
                            "\(Self.driverShortNames[$0] ?? $0.key) (\($0.name)): \($0.statement(office: officeName))"
                        })
                ]),
            ReportSection(
                "In the customers' own words",
                dashboard.surveys.comments.isEmpty
                    ? [.paragraph("No free-text answers in this period.")]
                    : [.list(dashboard.surveys.comments.map { "\($0.complaint): \($0.text)" })]),
        ]
        return ReportDocument(
            title: "Customer survey report", office: officeName, sections: sections,
            footer: footer(period: period))
    }

    /// The receipt of one complaint, as the desk stood at the report's instant; nil when the
    /// complaint is not in the log (then).
    public func receipt(_ id: ComplaintID, clerk: String) -> ReportDocument? {
        guard let complaint = state.complaint(id) else { return nil }
        let slip = ReceiptSlip(
            office: officeName, complaint: complaint, clocks: state.clocks(of: id, now: at),
            calendar: state.office?.calendar, configuration: state.office, clerk: clerk)
        var fields = [
            ReportField("Reference", slip.reference.description), ReportField("Received", slip.received),
            ReportField("Name", slip.name), ReportField("About", slip.about),
        ]
        if !slip.clerk.isEmpty { fields.append(ReportField("Taken by", slip.clerk)) }
        var sections = [ReportSection("Complaint receipt", [.fields(fields)])]
        if !slip.contact.isEmpty { sections[0].blocks.insert(.list(slip.contact), at: 0) }
        sections.append(
            ReportSection(
                "What we promise",
                slip.promises.isEmpty
                    ? [.paragraph(slip.noPromise)]
                    : [.list(slip.promises.map { "\($0.wording) By \($0.due)." })]))
        var follow: [ReportBlock] = [.paragraph(ReceiptSlip.followUp)]
        if !slip.escalation.isEmpty {
            follow.append(.paragraph("If you are not satisfied with our answer: \(slip.escalation)"))
        }
        sections.append(ReportSection("Following up", follow))
        return ReportDocument(
            title: "Complaint receipt \(id)", office: officeName, sections: sections,
            footer: footer(period: nil))
    }
}
