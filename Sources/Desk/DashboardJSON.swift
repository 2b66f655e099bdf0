import DeskCore

/// The dashboard's figures for scripts: the keys `desk status --json` prints (README, "The
/// dashboard"), so the dashboard, the board, `status` and the reports cannot disagree.
extension ServiceDashboard {
    /// The whole dashboard as one object: office, when, the period, then ``jsonMembers``.
    public var json: JSONText {
        .object([("office", .string(office)), ("at", .string(at.iso8601))] + jsonMembers)
    }

    /// The period and every figure, as members of an object (for `desk status --json` to embed).
    public var jsonMembers: [(String, JSONText)] {
        [
            ("period", periodJSON),
            ("standards", .array(standards.map { $0.json(trendPeriods: trendPeriods) })),
            (
                "volumes",
                .object([
                    ("received", .integer(received)), ("closed", .integer(closed)),
                    ("withdrawn", .integer(withdrawn)),
                ])
            ),
            ("unmeasured", .integer(unmeasured)),
            ("channels", .object(channels.map { ($0.id, $0.json(withTitle: false)) })),
            ("categories", .object(categories.map { ($0.id, $0.json(withTitle: true)) })),
            ("surveys", surveys.json),
            ("staff_ideas", .object(staffIdeas.map { ($0.status.key, .integer($0.count)) })),
        ]
    }

    /// `{name, label, from, until}`: the period in the grammar, in words, and its instants.
    public var periodJSON: JSONText {
        .object([
            ("name", .string(period.name)), ("label", .string(period.label)),
            ("from", .string(range.lowerBound.iso8601)), ("until", .string(range.upperBound.iso8601)),
        ])
    }
}

extension StandardFigures {
    /// Today's keys of a standard in `desk status --json`, then target, benchmark, median, the
    /// benchmark's source, the open complaints at risk and overdue now, and the trend.
    func json(trendPeriods: [ReportingPeriod]) -> JSONText {
        .object([
            ("id", .string(standard.id)), ("wording", .string(standard.wording)),
            ("met", .integer(met)), ("missed", .integer(missed)), ("pending", .integer(pending)),
            ("threshold", .double(threshold)),
            ("share_met", shareMet.map { .double($0) } ?? .null),
            ("meets_threshold", meetsThreshold.map { .bool($0) } ?? .null),
            ("target", target.json),
            ("benchmark", benchmark?.json ?? .null),
            ("benchmark_source", .string(standard.benchmarkSource)),
            ("median", median?.json ?? .null),
            ("at_risk", .integer(atRiskNow)),
            ("overdue", .integer(overdueNow)),
            (
                "trend",
                .array(
                    zip(trendPeriods, trend).map { period, share in
                        .object([
                            ("period", .string(period.name)),
                            ("share_met", share.map { .double($0) } ?? .null),
                        ])
                    })
            ),
        ])
    }
}

extension ServiceQuantity {
    /// `{"value": 2, "unit": "working_days"}`; a whole value is written without a fraction.
    public var json: JSONText {
        let whole = value.rounded() == value && abs(value) < 1e15
        return .object([
            ("value", whole ? .int(Int64(value)) : .double(value)), ("unit", .string(unit.rawValue)),
        ])
    }
}

extension GroupFigures {
    func json(withTitle: Bool) -> JSONText {
        .object(
            (withTitle ? [("title", JSONText.string(title))] : [])
                + [("received", .integer(received)), ("met", .integer(met)), ("missed", .integer(missed))])
    }
}

extension SurveyReport {
    /// `{offered, responses, drivers: {satisfaction: {favourable, answered}, …}}`.
    public var json: JSONText {
        .object([
            ("offered", .integer(offered)), ("responses", .integer(responses)),
            (
                "drivers",
                .object(
                    drivers.map {
                        (
                            $0.driver.key,
                            .object([
                                ("favourable", .integer($0.favourable)), ("answered", .integer($0.answered)),
                            ])
                        )
                    })
            ),
        ])
    }
}
