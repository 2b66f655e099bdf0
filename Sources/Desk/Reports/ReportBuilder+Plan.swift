import DeskCore

// The customer service plan (EO 12862 §3).
extension ReportBuilder {
    /// How many of the trend's latest periods the plan shows (the table stays within 80 columns).
    static let planTrendPeriods = 4

    /// The customer service plan: who the customers are (groups, channels, volumes), the
    /// standards, results and their trend, the benchmarks and their sources against the results,
    /// what the surveys found, the staff's barriers and ideas and what became of them, and the
    /// plan for future surveys.
    public func plan(period: ReportingPeriod) -> ReportDocument {
        let dashboard = dashboard(period)
        var sections: [ReportSection] = []

        let groups = state.office?.customerGroups ?? []
        sections.append(
            ReportSection(
                "Who our customers are",
                [
                    .paragraph(
                        groups.isEmpty
                            ? "The office lists no customer groups."
                            : "The office serves these customer groups: \(groups.joined(separator: ", ")).")
                ] + [
                    .paragraph(
                        "In \(period.label): complaints received \(dashboard.received), closed \(dashboard.closed), withdrawn \(dashboard.withdrawn); received before any standard covered them \(dashboard.unmeasured)."
                    ),
                    .table(
                        ReportTable(
                            columns: ["Channel", "Received", "Met", "Missed", "Met %"],
                            rows: dashboard.channels.map(Self.groupRow))),
                    .table(
                        ReportTable(
                            columns: ["Category", "Received", "Met", "Missed", "Met %"],
                            rows: dashboard.categories.map(Self.groupRow))),
                ]))

        sections.append(
            ReportSection(
                "Our standards",
                dashboard.standards.isEmpty
                    ? [.paragraph("No service standard is published yet.")] : [promises(dashboard)]
            ))

        let shown = Array(dashboard.trendPeriods.suffix(Self.planTrendPeriods))
        sections.append(
            ReportSection(
                "Results against the standards",
                [
                    .table(resultsTable(dashboard)),
                    .paragraph("Share met in the latest periods (– where nothing was decided):"),
                    .table(
                        ReportTable(
                            columns: ["Standard"] + shown.map(\.name),
                            rows: dashboard.standards.map { figures in
                                [figures.standard.id]
                                    + figures.trend.suffix(Self.planTrendPeriods).map(ReportText.percent)
                            })),
                ]))

        sections.append(
            ReportSection(
                "Benchmarks",
                [
                    .table(
                        ReportTable(
                            columns: ["Standard", "Target", "Benchmark", "Our median"],
                            rows: dashboard.standards.map {
                                [
                                    $0.standard.id, ReportText.quantity($0.target),
                                    ReportText.quantity($0.benchmark), ReportText.quantity($0.median),
                                ]
                            })),
                    .list(
                        dashboard.standards.map {
                            "\($0.standard.id): "
                                + ($0.standard.benchmarkSource.isEmpty
                                    ? "no benchmark source given" : $0.standard.benchmarkSource)
                        }),
                ]))

        sections.append(ReportSection("What the surveys found", surveyBlocks(dashboard.surveys)))

        sections.append(
            ReportSection(
                "What staff told us",
                [
                    .paragraph(
                        "Barriers raised by front-line staff: \(dashboard.barriers); ideas: \(dashboard.ideas). Where they stand now:"
                    ),
                    .table(
                        ReportTable(
                            columns: ["Status", "Count"],
                            rows: dashboard.staffIdeas.map { [$0.status.name, "\($0.count)"] })),
                ] + staffIdeaList()))

        sections.append(
            ReportSection(
                "Future surveys",
                [
                    .paragraph(
                        "We will keep offering every customer whose complaint is resolved the short survey of OMB Circular A-11 section 280 (satisfaction, trust, effectiveness, ease, efficiency, equity and employee helpfulness), on every channel we take complaints on, and publish the results each quarter in the survey report."
                    )
                ]))

        return ReportDocument(
            title: "Customer service plan", office: officeName, sections: sections,
            footer: footer(period: period))
    }

    /// Each barrier and idea with what became of it, never who raised it (they may be anonymous).
    func staffIdeaList() -> [ReportBlock] {
        let ideas = state.staffIdeas
        guard !ideas.isEmpty else { return [] }
        return [
            .list(
                ideas.map { idea in
                    "\(idea.id) (\(idea.kind.name), \(idea.status.name)): \(idea.text)"
                        + (idea.statusNote.isEmpty ? "" : " Note: \(idea.statusNote)")
                })
        ]
    }

    static func groupRow(_ group: GroupFigures) -> [String] {
        [
            group.title, "\(group.received)", "\(group.met)", "\(group.missed)",
            ReportText.percent(group.shareMet),
        ]
    }

    /// The survey's offers, responses and per-driver results.
    func surveyBlocks(_ report: SurveyReport) -> [ReportBlock] {
        [
            .paragraph("Surveys offered: \(report.offered); responses: \(report.responses)."),
            .table(
                ReportTable(
                    columns: ["Driver", "Favourable", "Answered", "Favourable %"],
                    rows: report.drivers.map {
                        [$0.driver.name, "\($0.favourable)", "\($0.answered)", ReportText.percent($0.share)]
                    })),
        ]
    }
}
