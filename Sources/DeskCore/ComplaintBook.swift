/// The complaints, with what their records chain to: finished pauses, finished middle rounds
/// of a complaint reopened more than once, survey offers and surveys.
///
/// Complaint numbers are slots: complaint n is `records[n - 1]`. A reserved number not yet
/// restored is an empty slot (no `.exists` flag).
struct ComplaintBook: Sendable {
    private(set) var records: [ComplaintRecord] = []
    private(set) var pauses: [PauseRecord] = []
    private(set) var rounds: [RoundRecord] = []
    private(set) var surveys: [SurveyRecord] = []
    private(set) var surveyOffers: [SurveyOffer] = []
    /// The latest kiosk hand-over to each counter (answered or not).
    private(set) var kioskHandOvers: [String: KioskHandOver] = [:]
    /// The highest complaint number reserved by `idsReserved` (0: none).
    private(set) var reservedThrough: UInt32 = 0

    /// How many numbers are taken: received complaints and reserved slots.
    var count: Int { records.count }

    mutating func reserveCapacity(_ n: Int) { records.reserveCapacity(n) }

    /// The slot of a received complaint; nil for an unknown number or an empty slot.
    func index(of id: ComplaintID) -> Int? {
        let i = Int(id.number) - 1
        return i >= 0 && i < records.count && records[i].exists ? i : nil
    }

    func record(_ id: ComplaintID) -> ComplaintRecord? { index(of: id).map { records[$0] } }

    /// Reserves numbers through `n`: empty slots hold them until a restore fills them.
    mutating func reserve(through n: UInt32) {
        guard n > reservedThrough else { return }
        reservedThrough = n
        while records.count < Int(n) { records.append(ComplaintRecord()) }
    }

    /// Whether a receipt may take `id`: the next number, or a reserved one still empty. Anything
    /// else is a damaged log and is skipped.
    func accepts(_ id: ComplaintID) -> Bool {
        let n = Int(id.number)
        return n == records.count + 1 || (n <= Int(reservedThrough) && record(id) == nil)
    }

    /// Puts a received complaint in its slot; `accepts(id)` must hold.
    mutating func receive(_ id: ComplaintID, _ record: ComplaintRecord) {
        let n = Int(id.number)
        if n == records.count + 1 { records.append(record) } else { records[n - 1] = record }
    }

    /// Applies an event on the complaint in slot `index`: its lifecycle, then what every event
    /// on a complaint does (revision, last change, the event's place in `events`).
    mutating func apply(
        _ event: DeskEvent, toIndex index: Int, at: Timestamp, actor: String, position: UInt64,
        names: inout Interner, text: inout TextArena, events: inout EventIndex
    ) {
        var c = records[index]
        switch event {
        case .complaintReceived, .officeConfigured, .rolesPublished, .standardPublished, .staffIdeaSubmitted,
            .staffIdeaStatusChanged, .idsReserved, .clockAccepted, .noteAdded:
            break
        case .acknowledged:
            if !c.acknowledgedAt.isSet { c.acknowledgedAt = RecordedInstant(at) }
            if c.status == .received { c.status = .acknowledged }
        case .assessed(_, let severity, let urgent):
            c.severity = severity
            if urgent { c.flags.insert(.urgent) } else { c.flags.remove(.urgent) }
            if c.status.rawValue <= ComplaintStatus.acknowledged.rawValue { c.status = .assessed }
        case .claimed(_, let clerk):
            c.holder = names.intern(clerk)
            if c.status.rawValue <= ComplaintStatus.assessed.rawValue || c.status == .reopened {
                c.status = .inProgress
            }
        case .transferred(_, let category, let clerk, _):
            c.category = names.intern(category)
            c.holder = clerk.map { names.intern($0) } ?? 0
        case .escalated:
            c.flags.insert(.escalated)
        case .paused:
            if !c.isPaused {
                c.pausedSince = RecordedInstant(at)
                c.statusBeforePause = c.status
                c.status = .waitingOnCustomer
            }
        case .resumed:
            if c.isPaused {
                endPause(&c, at: at)
                c.status = c.statusBeforePause
            }
        case .responded(_, let decision, _, _):
            if !c.firstRespondedAt.isSet { c.firstRespondedAt = RecordedInstant(at) }
            if !c.respondedAt.isSet { c.respondedAt = RecordedInstant(at) }
            c.decision = decision
            c.status = .responded
        case .closed:
            endPause(&c, at: at)
            if !c.firstClosedAt.isSet { c.firstClosedAt = RecordedInstant(at) }
            c.closedAt = RecordedInstant(at)
            c.holder = 0
            c.status = .closed
        case .reopened:
            reopen(&c, at: at)
        case .withdrawn:
            endPause(&c, at: at)
            c.withdrawnAt = RecordedInstant(at)
            c.holder = 0
            c.status = .withdrawn
        case .surveyOffered(_, let channel, let counter):
            if channel == .kiosk, !counter.isEmpty {
                kioskHandOvers[counter] = KioskHandOver(
                    complaint: ComplaintID(UInt32(index + 1)), at: at, position: position)
            }
            if !c.flags.contains(.surveyOffered) {
                c.flags.insert(.surveyOffered)
                surveyOffers.append(SurveyOffer(complaint: UInt32(index + 1), at: at, channel: channel))
            }
        case .surveyRecorded(_, let channel, let answers):
            if !c.flags.contains(.surveyed) {
                c.flags.insert(.surveyed)
                let s = answers.scores
                surveys.append(
                    SurveyRecord(
                        complaint: UInt32(index + 1), at: at, channel: channel,
                        scores: (s[0], s[1], s[2], s[3], s[4], s[5], s[6]),
                        freeText: text.store(answers.freeText.joined(separator: "\n"))))
            }
        }
        c.revision &+= 1
        c.lastChangeAt = at
        c.lastActor = names.intern(actor)
        c.lastKind = EventCodec.code(of: event)
        c.lastEvent = events.append(position, after: c.lastEvent)
        records[index] = c
    }

    /// A new measure starts; the one before it is kept when it is not the first.
    private mutating func reopen(_ c: inout ComplaintRecord, at: Timestamp) {
        if c.reopenCount >= 1 {
            rounds.append(
                RoundRecord(
                    start: c.roundStart, respondedAt: c.respondedAt, closedAt: c.closedAt,
                    previous: c.lastRound))
            c.lastRound = Int32(rounds.count - 1)
        }
        c.reopenCount &+= c.reopenCount == 255 ? 0 : 1
        c.roundStart = at
        c.respondedAt = .notYet
        c.closedAt = .notYet
        c.withdrawnAt = .notYet
        c.status = .reopened
    }

    private mutating func endPause(_ c: inout ComplaintRecord, at: Timestamp) {
        guard let since = c.pausedSince.timestamp else { return }
        pauses.append(PauseRecord(start: since, end: max(at, since), previous: c.lastPause))
        c.lastPause = Int32(pauses.count - 1)
        c.pausedSince = .notYet
    }

    /// A complaint's pauses, oldest first, as milliseconds; an ongoing one ends at `now`.
    func pauseIntervals(_ r: ComplaintRecord, now: Int64) -> [(Int64, Int64)] {
        var out: [(Int64, Int64)] = []
        var i = r.lastPause
        while i >= 0 {
            let p = pauses[Int(i)]
            out.append((p.start.milliseconds, p.end.milliseconds))
            i = p.previous
        }
        out.reverse()
        if let since = r.pausedSince.milliseconds { out.append((since, max(now, since))) }
        return out
    }

    /// The finished middle rounds of a complaint reopened more than once, oldest first.
    func middleRounds(_ r: ComplaintRecord) -> [RoundRecord] {
        var out: [RoundRecord] = []
        var i = r.lastRound
        while i >= 0 {
            out.append(rounds[Int(i)])
            i = rounds[Int(i)].previous
        }
        return out.reversed()
    }
}

// MARK: Snapshots

extension ComplaintBook {
    func write(to w: SnapshotWriter) throws {
        try w.records(records)
        try w.records(pauses)
        try w.records(rounds)
        try w.records(surveys)
        try w.records(surveyOffers)
        try w.u32(reservedThrough)
        // By counter, so that equal states write equal bytes.
        try w.count(kioskHandOvers.count)
        for (counter, handOver) in kioskHandOvers.sorted(by: { $0.key < $1.key }) {
            try w.text(counter)
            try w.u32(handOver.complaint.number)
            try w.time(handOver.at)
            try w.u64(handOver.position)
        }
    }

    init(snapshot r: SnapshotReader) throws {
        records = try r.records()
        pauses = try r.records()
        rounds = try r.records()
        surveys = try r.records()
        surveyOffers = try r.records()
        reservedThrough = try r.u32()
        for _ in 0..<(try r.count(limit: 1 << 20)) {
            let counter = try r.text()
            kioskHandOvers[counter] = KioskHandOver(
                complaint: ComplaintID(try r.u32()), at: try r.time(), position: try r.u64())
        }
    }
}
