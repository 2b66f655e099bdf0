// The schemas of the events in a complaint's life after it is received, of staff ideas, and of
// the log's own bookkeeping: one definition per event type.

extension EventCodec {
    static let complaintSchemas: [AnyEventSchema] = [
        reference(
            .acknowledged, make: { .acknowledged($0) },
            match: { e in
                guard case .acknowledged(let id) = e else { return nil }
                return id
            }),
        reference(
            .resumed, make: { .resumed($0) },
            match: { e in
                guard case .resumed(let id) = e else { return nil }
                return id
            }),
        assessed.erased, claimed.erased, transferred.erased,
        reason(
            .escalated, make: { .escalated($0, reason: $1) },
            match: { e in
                guard case .escalated(let id, let reason) = e else { return nil }
                return (id, reason)
            }),
        reason(
            .paused, make: { .paused($0, reason: $1) },
            match: { e in
                guard case .paused(let id, let reason) = e else { return nil }
                return (id, reason)
            }),
        reason(
            .reopened, make: { .reopened($0, reason: $1) },
            match: { e in
                guard case .reopened(let id, let reason) = e else { return nil }
                return (id, reason)
            }),
        reason(
            .withdrawn, make: { .withdrawn($0, reason: $1) },
            match: { e in
                guard case .withdrawn(let id, let reason) = e else { return nil }
                return (id, reason)
            }),
        noteAdded.erased, responded.erased, closed.erased, surveyOffered.erased, surveyRecorded.erased,
    ]

    static let otherSchemas: [AnyEventSchema] = [
        ideaSubmitted.erased, ideaStatusChanged.erased, idsReserved.erased, clockAccepted.erased,
    ]

    // MARK: acknowledged, resumed: the complaint only

    struct ReferenceValue: Sendable {
        var id: UInt64 = 0
    }

    private static func reference(
        _ code: Code, make: @escaping @Sendable (ComplaintID) -> DeskEvent,
        match: @escaping @Sendable (DeskEvent) -> ComplaintID?
    ) -> AnyEventSchema {
        EventSchema<ReferenceValue>(
            code, empty: ReferenceValue(), [.complaint({ $0.id }, { $0.id = $1 })],
            value: { match($0).map { ReferenceValue(id: UInt64($0.number)) } },
            event: { (v) throws(DeskError) in make(try complaintID(v.id)) }
        ).erased
    }

    // MARK: escalated, paused, reopened, withdrawn: the complaint and why

    struct ReasonValue: Sendable {
        var id: UInt64 = 0
        var reason = ""
    }

    private static func reason(
        _ code: Code, make: @escaping @Sendable (ComplaintID, String) -> DeskEvent,
        match: @escaping @Sendable (DeskEvent) -> (ComplaintID, String)?
    ) -> AnyEventSchema {
        EventSchema<ReasonValue>(
            code, empty: ReasonValue(),
            [.complaint({ $0.id }, { $0.id = $1 }), .text(2, "reason", { $0.reason }, { $0.reason = $1 })],
            value: { match($0).map { ReasonValue(id: UInt64($0.0.number), reason: $0.1) } },
            event: { (v) throws(DeskError) in make(try complaintID(v.id), v.reason) }
        ).erased
    }

    // MARK: assessed

    struct AssessedValue: Sendable {
        var id: UInt64 = 0
        var severity = Severity.low
        var urgent = false
    }

    static let assessed = EventSchema<AssessedValue>(
        .assessed, empty: AssessedValue(),
        [
            .complaint({ $0.id }, { $0.id = $1 }),
            .choice(2, "severity", { $0.severity }, { $0.severity = $1 }),
            .flag(3, "urgent", { $0.urgent }, { $0.urgent = $1 }),
        ],
        value: { event in
            guard case .assessed(let id, let severity, let urgent) = event else { return nil }
            return AssessedValue(id: UInt64(id.number), severity: severity, urgent: urgent)
        },
        event: { (v) throws(DeskError) in
            .assessed(try complaintID(v.id), severity: v.severity, urgent: v.urgent)
        })

    // MARK: claimed

    struct ClaimedValue: Sendable {
        var id: UInt64 = 0
        var clerk = ""
    }

    static let claimed = EventSchema<ClaimedValue>(
        .claimed, empty: ClaimedValue(),
        [.complaint({ $0.id }, { $0.id = $1 }), .text(2, "clerk", { $0.clerk }, { $0.clerk = $1 })],
        value: { event in
            guard case .claimed(let id, let clerk) = event else { return nil }
            return ClaimedValue(id: UInt64(id.number), clerk: clerk)
        },
        event: { (v) throws(DeskError) in .claimed(try complaintID(v.id), clerk: v.clerk) })

    // MARK: transferred

    struct TransferredValue: Sendable {
        var id: UInt64 = 0
        var category = ""
        var clerk: String?
        var reason = ""
    }

    static let transferred = EventSchema<TransferredValue>(
        .transferred, empty: TransferredValue(),
        [
            .complaint({ $0.id }, { $0.id = $1 }),
            .text(2, "category", { $0.category }, { $0.category = $1 }),
            .optionalText(3, "clerk", { $0.clerk }, { $0.clerk = $1 }),
            .text(4, "reason", { $0.reason }, { $0.reason = $1 }),
        ],
        value: { event in
            guard case .transferred(let id, let category, let clerk, let reason) = event else { return nil }
            return TransferredValue(id: UInt64(id.number), category: category, clerk: clerk, reason: reason)
        },
        event: { (v) throws(DeskError) in
            .transferred(try complaintID(v.id), category: v.category, clerk: v.clerk, reason: v.reason)
        })

    // MARK: noteAdded

    struct NoteValue: Sendable {
        var id: UInt64 = 0
        var text = ""
        var customerVisible = false
    }

    static let noteAdded = EventSchema<NoteValue>(
        .noteAdded, empty: NoteValue(),
        [
            .complaint({ $0.id }, { $0.id = $1 }), .text(2, "text", { $0.text }, { $0.text = $1 }),
            .flag(3, "customer_visible", { $0.customerVisible }, { $0.customerVisible = $1 }),
        ],
        value: { event in
            guard case .noteAdded(let id, let text, let visible) = event else { return nil }
            return NoteValue(id: UInt64(id.number), text: text, customerVisible: visible)
        },
        event: { (v) throws(DeskError) in
            .noteAdded(try complaintID(v.id), text: v.text, customerVisible: v.customerVisible)
        })

    // MARK: responded

    struct RespondedValue: Sendable {
        var id: UInt64 = 0
        var decision = Decision.upheld
        var reasons = ""
        var remedyOffered = ""
    }

    static let responded = EventSchema<RespondedValue>(
        .responded, empty: RespondedValue(),
        [
            .complaint({ $0.id }, { $0.id = $1 }),
            .choice(2, "decision", { $0.decision }, { $0.decision = $1 }),
            .text(3, "reasons", { $0.reasons }, { $0.reasons = $1 }),
            .text(4, "remedy_offered", { $0.remedyOffered }, { $0.remedyOffered = $1 }, omitEmpty: true),
        ],
        value: { event in
            guard case .responded(let id, let decision, let reasons, let remedy) = event else { return nil }
            return RespondedValue(
                id: UInt64(id.number), decision: decision, reasons: reasons, remedyOffered: remedy)
        },
        event: { (v) throws(DeskError) in
            .responded(
                try complaintID(v.id), decision: v.decision, reasons: v.reasons,
                remedyOffered: v.remedyOffered)
        })

    // MARK: closed

    struct ClosedValue: Sendable {
        var id: UInt64 = 0
        var acceptance = Acceptance.accepted
        var recourse = ""
    }

    static let closed = EventSchema<ClosedValue>(
        .closed, empty: ClosedValue(),
        [
            .complaint({ $0.id }, { $0.id = $1 }),
            .choice(2, "acceptance", { $0.acceptance }, { $0.acceptance = $1 }),
            .text(3, "recourse", { $0.recourse }, { $0.recourse = $1 }, omitEmpty: true),
        ],
        value: { event in
            guard case .closed(let id, let acceptance, let recourse) = event else { return nil }
            return ClosedValue(id: UInt64(id.number), acceptance: acceptance, recourse: recourse)
        },
        event: { (v) throws(DeskError) in
            .closed(try complaintID(v.id), acceptance: v.acceptance, recourse: v.recourse)
        })

    // MARK: surveyOffered, surveyRecorded

    struct SurveyValue: Sendable {
        var id: UInt64 = 0
        var channel = Channel.counter
        /// One byte a driver, by its raw value: 0 unanswered, else 1–5.
        var scores: [UInt8] = []
        var freeText: [String] = []
        /// surveyOffered: the counter whose kiosk is to show the survey (kiosk hand-overs only).
        var counter = ""
        /// surveyRecorded: when the customer answered, if known.
        var answeredAt: Timestamp?
    }

    static let surveyOffered = EventSchema<SurveyValue>(
        .surveyOffered, empty: SurveyValue(),
        [
            .complaint({ $0.id }, { $0.id = $1 }), .choice(2, "channel", { $0.channel }, { $0.channel = $1 }),
            .text(3, "counter", { $0.counter }, { $0.counter = $1 }, omitEmpty: true, dumpEmpty: false),
        ],
        value: { event in
            guard case .surveyOffered(let id, let channel, let counter) = event else { return nil }
            return SurveyValue(id: UInt64(id.number), channel: channel, counter: counter)
        },
        event: { (v) throws(DeskError) in
            .surveyOffered(try complaintID(v.id), channel: v.channel, counter: v.counter)
        })

    static let surveyRecorded = EventSchema<SurveyValue>(
        .surveyRecorded, empty: SurveyValue(),
        [
            .complaint({ $0.id }, { $0.id = $1 }), .choice(2, "channel", { $0.channel }, { $0.channel = $1 }),
            FieldSpec(
                key: 3, name: "answers", tag: .bytes,
                write: { v, w in w.field(3, bytes: v.scores) },
                read: { (v, r) throws(DeskError) in v.scores = Array(try r.bytes()) },
                dump: { v in
                    .object(
                        SurveyDriver.allCases.compactMap { d in
                            let i = Int(d.rawValue)
                            return i < v.scores.count && v.scores[i] != 0
                                ? (d.name, .int(Int64(v.scores[i]))) : nil
                        })
                }),
            .texts(4, "free_text", { $0.freeText }, { $0.freeText.append($1) }),
            .optionalTime(5, "answered_at", { $0.answeredAt }, { $0.answeredAt = $1 }),
        ],
        value: { event in
            guard case .surveyRecorded(let id, let channel, let answers) = event else { return nil }
            return SurveyValue(
                id: UInt64(id.number), channel: channel, scores: answers.scores, freeText: answers.freeText,
                answeredAt: answers.answeredAt)
        },
        event: { (v) throws(DeskError) in
            var answers = SurveyAnswers(freeText: v.freeText, answeredAt: v.answeredAt)
            for d in SurveyDriver.allCases where Int(d.rawValue) < v.scores.count {
                let score = Int(v.scores[Int(d.rawValue)])
                guard score <= 5 else { throw corrupt("survey score \(score) is outside 1–5") }
                answers[d] = score == 0 ? nil : score
            }
            return .surveyRecorded(try complaintID(v.id), channel: v.channel, answers: answers)
        })

    // MARK: staffIdeaSubmitted, staffIdeaStatusChanged

    struct IdeaValue: Sendable {
        var id: UInt64 = 0
        var kind = StaffIdeaKind.barrier
        var text = ""
    }

    static let ideaSubmitted = EventSchema<IdeaValue>(
        .staffIdeaSubmitted, empty: IdeaValue(),
        [
            .idea({ $0.id }, { $0.id = $1 }), .choice(2, "kind", { $0.kind }, { $0.kind = $1 }),
            .text(3, "text", { $0.text }, { $0.text = $1 }),
        ],
        value: { event in
            guard case .staffIdeaSubmitted(let id, let kind, let text) = event else { return nil }
            return IdeaValue(id: UInt64(id.number), kind: kind, text: text)
        },
        event: { (v) throws(DeskError) in .staffIdeaSubmitted(try ideaID(v.id), kind: v.kind, text: v.text) })

    struct IdeaStatusValue: Sendable {
        var id: UInt64 = 0
        var status = StaffIdeaStatus.submitted
        var note = ""
    }

    static let ideaStatusChanged = EventSchema<IdeaStatusValue>(
        .staffIdeaStatusChanged, empty: IdeaStatusValue(),
        [
            .idea({ $0.id }, { $0.id = $1 }), .choice(2, "status", { $0.status }, { $0.status = $1 }),
            .text(3, "note", { $0.note }, { $0.note = $1 }, omitEmpty: true),
        ],
        value: { event in
            guard case .staffIdeaStatusChanged(let id, let status, let note) = event else { return nil }
            return IdeaStatusValue(id: UInt64(id.number), status: status, note: note)
        },
        event: { (v) throws(DeskError) in
            .staffIdeaStatusChanged(try ideaID(v.id), status: v.status, note: v.note)
        })

    // MARK: idsReserved

    struct ReservedValue: Sendable {
        var complaints: UInt64?
        var ideas: UInt64?
    }

    static let idsReserved = EventSchema<ReservedValue>(
        .idsReserved, empty: ReservedValue(),
        [
            .optionalNumber(
                1, "complaints_through", { $0.complaints }, { $0.complaints = $1 }, shown: complaintShown),
            .optionalNumber(2, "ideas_through", { $0.ideas }, { $0.ideas = $1 }, shown: ideaShown),
        ],
        value: { event in
            guard case .idsReserved(let complaints, let ideas) = event else { return nil }
            return ReservedValue(
                complaints: complaints.map { UInt64($0.number) }, ideas: ideas.map { UInt64($0.number) })
        },
        event: { (v) throws(DeskError) in
            // A number of 0 reserves nothing.
            .idsReserved(
                complaintsThrough: try v.complaints.flatMap { (n) throws(DeskError) in
                    n == 0 ? nil : try complaintID(n)
                },
                ideasThrough: try v.ideas.flatMap { (n) throws(DeskError) in n == 0 ? nil : try ideaID(n) })
        })

    // MARK: clockAccepted

    struct ClockValue: Sendable {
        var latestInLog = Timestamp(milliseconds: 0)
    }

    static let clockAccepted = EventSchema<ClockValue>(
        .clockAccepted, empty: ClockValue(),
        [.time(1, "latest_in_log", { $0.latestInLog }, { $0.latestInLog = $1 })],
        value: { event in
            guard case .clockAccepted(let latest) = event else { return nil }
            return ClockValue(latestInLog: latest)
        },
        event: { .clockAccepted(latestInLog: $0.latestInLog) })
}
