extension EventCodec {
    /// One JSON object on one line, with readable names, for `desk log dump`.
    public static func jsonLine(_ bytes: [UInt8]) throws(DeskError) -> String {
        jsonLine(try decode(bytes))
    }

    /// One JSON object on one line, e.g.
    /// `{"type":"claimed","actor":"maria","at":"2026-11-25T10:42:00Z","complaint":"C-000001","clerk":"maria"}`.
    public static func jsonLine(_ recorded: RecordedEvent) -> String {
        var fields: [(String, JSONText)] = [
            ("type", .string(typeName(of: recorded.event))),
            ("actor", .string(recorded.actor)),
            ("at", .string(recorded.at.iso8601)),
        ]
        if let c = recorded.event.complaint { fields.append(("complaint", .string(c.description))) }
        fields += jsonFields(recorded.event)
        return JSONText.object(fields).encoded()
    }

    private static func jsonFields(_ event: DeskEvent) -> [(String, JSONText)] {
        switch event {
        case .rolesPublished(let roles):
            return [
                ("supervisors", .array(roles.supervisors.map { .string($0) })),
                ("supervisor_group", .string(roles.supervisorGroup)),
                ("clerks", .array(roles.clerks.map { .string($0) })),
                ("clerk_group", .string(roles.clerkGroup)),
            ]
        case .officeConfigured(let o):
            let hours: [(String, JSONText)] = Weekday.allCases.compactMap { d in
                o.calendar.weeklyHours[d.rawValue].map {
                    (
                        d.name,
                        .string(
                            "\(pad($0.opens / 60, 2)):\(pad($0.opens % 60, 2))-\(pad($0.closes / 60, 2)):\(pad($0.closes % 60, 2))"
                        )
                    )
                }
            }
            return [
                ("name", .string(o.name)), ("version", .int(Int64(o.version))),
                ("time_zone", .string(o.calendar.timeZoneIdentifier)), ("hours", .object(hours)),
                ("holidays", .array(o.calendar.holidays.sorted().map { .string($0.description) })),
                (
                    "categories",
                    .array(
                        o.categories.map { .object([("id", .string($0.id)), ("title", .string($0.title))]) })
                ),
                ("channels", .array(o.channels.map { .string($0.name) })),
                ("backdating_window_days", .int(Int64(o.backdatingWindowDays))),
                ("contact", .string(o.contact)), ("escalation", .string(o.escalation)),
            ]
        case .standardPublished(let s):
            var f: [(String, JSONText)] = [
                ("standard", .string(s.id)), ("version", .int(Int64(s.version))),
                ("wording", .string(s.wording)),
                ("measure", .string(s.measure.name)),
                ("categories", .array(s.categories.map { .string($0) })),
                ("channels", .array(s.channels.map { .string($0.name) })),
                ("target_minutes", .int(Int64(s.targetMinutes))), ("threshold", .double(s.threshold)),
                ("effective", .string(s.effective.iso8601)),
            ]
            if let d = s.targetWorkingDays { f.append(("target_working_days", .int(Int64(d)))) }
            if let b = s.benchmarkMinutes { f.append(("benchmark_minutes", .int(Int64(b)))) }
            if let d = s.benchmarkWorkingDays { f.append(("benchmark_working_days", .int(Int64(d)))) }
            f.append(("benchmark_source", .string(s.benchmarkSource)))
            return f
        case .complaintReceived(_, let i):
            let c = i.customer
            return [
                ("received_at", .string(i.receivedAt.iso8601)), ("channel", .string(i.channel.name)),
                ("category", .string(i.category)), ("summary", .string(i.summary)),
                ("details", .string(i.details)),
                ("remedy_sought", .string(i.remedySought)),
                (
                    "customer",
                    .object([
                        ("name", .string(c.name)), ("email", .string(c.email)), ("phone", .string(c.phone)),
                        ("preferred_reply", c.preferredReply.map { .string($0.name) } ?? .null),
                        ("accessibility_needs", .string(c.accessibilityNeeds)), ("group", .string(c.group)),
                        ("address", .string(c.address)),
                    ])
                ),
            ]
        case .acknowledged, .resumed: return []
        case .assessed(_, let s, let u): return [("severity", .string(s.name)), ("urgent", .bool(u))]
        case .claimed(_, let clerk): return [("clerk", .string(clerk))]
        case .transferred(_, let cat, let clerk, let reason):
            return [
                ("category", .string(cat)), ("clerk", clerk.map { .string($0) } ?? .null),
                ("reason", .string(reason)),
            ]
        case .escalated(_, let r), .paused(_, let r), .reopened(_, let r), .withdrawn(_, let r):
            return [("reason", .string(r))]
        case .noteAdded(_, let t, let v): return [("text", .string(t)), ("customer_visible", .bool(v))]
        case .responded(_, let d, let reasons, let remedy):
            return [
                ("decision", .string(d.name)), ("reasons", .string(reasons)),
                ("remedy_offered", .string(remedy)),
            ]
        case .closed(_, let a, let recourse):
            return [("acceptance", .string(a.name)), ("recourse", .string(recourse))]
        case .surveyOffered(_, let ch): return [("channel", .string(ch.name))]
        case .surveyRecorded(_, let ch, let answers):
            let scores: [(String, JSONText)] = SurveyDriver.allCases.compactMap { d in
                answers[d].map { (d.name, .int(Int64($0))) }
            }
            return [
                ("channel", .string(ch.name)), ("answers", .object(scores)),
                ("free_text", .array(answers.freeText.map { .string($0) })),
            ]
        case .staffIdeaSubmitted(let id, let k, let t):
            return [("idea", .string(id.description)), ("kind", .string(k.name)), ("text", .string(t))]
        case .staffIdeaStatusChanged(let id, let s, let n):
            return [("idea", .string(id.description)), ("status", .string(s.name)), ("note", .string(n))]
        case .idsReserved(let complaints, let ideas):
            return [
                ("complaints_through", complaints.map { .string($0.description) } ?? .null),
                ("ideas_through", ideas.map { .string($0.description) } ?? .null),
            ]
        case .clockAccepted(let latest):
            return [("latest_in_log", .string(latest.iso8601))]
        }
    }
}
