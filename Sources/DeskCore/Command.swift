/// Something a person asks the desk to do. Commands on an existing complaint carry the
/// `revision` the person saw; deciding on a newer one is a conflict, not a silent overwrite.
public enum Command: Hashable, Sendable {
    case receive(ComplaintIntake)
    case acknowledge(ComplaintID, revision: UInt32)
    case assess(ComplaintID, revision: UInt32, severity: Severity, urgent: Bool)
    case claim(ComplaintID, revision: UInt32)
    /// To another category and/or clerk; nil keeps the category / leaves it unheld.
    case transfer(ComplaintID, revision: UInt32, category: String?, clerk: String?, reason: String)
    case escalate(ComplaintID, revision: UInt32, reason: String)
    case addNote(ComplaintID, revision: UInt32, text: String, customerVisible: Bool)
    /// Waiting on the customer: clocks stop.
    case pause(ComplaintID, revision: UInt32, reason: String)
    case resume(ComplaintID, revision: UInt32)
    case respond(ComplaintID, revision: UInt32, decision: Decision, reasons: String, remedyOffered: String)
    case close(ComplaintID, revision: UInt32, acceptance: Acceptance, recourse: String)
    case reopen(ComplaintID, revision: UInt32, reason: String)
    case withdraw(ComplaintID, revision: UInt32, reason: String)
    /// On channel kiosk a hand-over, to the kiosk at `counter` (empty: the clerk's own terminal);
    /// it may be repeated until the survey is answered (the customer walked away).
    case offerSurvey(ComplaintID, channel: Channel, counter: String = "")
    /// The customer's own answers; one survey per complaint.
    case recordSurvey(ComplaintID, channel: Channel, answers: SurveyAnswers)
    /// Anonymous ideas are recorded with an empty actor.
    case submitStaffIdea(kind: StaffIdeaKind, text: String, anonymous: Bool)
    case changeStaffIdeaStatus(StaffIdeaID, status: StaffIdeaStatus, note: String)
    /// Supervisors only (the application checks roles).
    case configureOffice(OfficeConfiguration)
    /// Supervisors only (the application checks roles).
    case publishStandard(ServiceStandard)
    /// Supervisors only (the application checks roles, as those already in the log stand).
    case publishRoles(RolePolicy)
    /// Accepts the host clock although the log holds later records (`desk log accept-clock`):
    /// commands on complaints changed up to the log's latest record are no longer refused.
    /// Supervisors only (the application checks roles).
    case acceptClock

    /// Whether the command must leave no account in the log: an anonymous staff barrier or idea
    /// (its event, and anything recorded in the same batch, is stamped with an empty actor).
    public var isAnonymous: Bool {
        if case .submitStaffIdea(_, _, true) = self { return true }
        return false
    }
}

extension DeskState {
    /// Decides what a command means now: the events to append, or a refusal a clerk can act
    /// on. Pure: the same state, command, actor and time always give the same answer.
    public func decide(_ command: Command, actor: String, now: Timestamp) throws(DeskError) -> [RecordedEvent]
    {
        try TextField.userName.validate(actor)
        func one(_ e: DeskEvent) -> [RecordedEvent] { [RecordedEvent(actor: actor, at: now, event: e)] }
        switch command {
        case .configureOffice(let o):
            try TextField("office name", maxLength: 200, required: true).validate(o.name)
            for c in o.categories {
                try validateCategoryID(c.id)
                try TextField("category title", maxLength: 80, required: true).validate(c.title)
            }
            for group in o.customerGroups { try validateCategoryID(group, what: "customer group") }
            guard o.printer.isEmpty || OfficeConfiguration.isPrinterName(o.printer) else {
                throw DeskError(
                    .invalidInput, "printer: \(OfficeConfiguration.printerRule)", field: "printer")
            }
            guard Set(o.customerGroups).count == o.customerGroups.count else {
                throw DeskError(
                    .invalidInput, "customer group: a group is listed twice; list each group once",
                    field: "customer group")
            }
            return one(.officeConfigured(o))
        case .publishRoles(let roles):
            for name in roles.supervisors + roles.clerks { try TextField.userName.validate(name) }
            for group in [roles.supervisorGroup, roles.clerkGroup] where !group.isEmpty {
                try TextField.userName.validate(group)
            }
            return one(.rolesPublished(roles))
        case .publishStandard(let s):
            try validateCategoryID(s.id, what: "standard id")
            try TextField("wording", maxLength: 500, required: true).validate(s.wording)
            try TextField("benchmark source", maxLength: 500).validate(s.benchmarkSource)
            for problem in s.boundsProblems {
                let field = problem.hasPrefix("target") ? "target" : "benchmark"
                throw DeskError(
                    .invalidInput, "\(problem); accepted: \(ServiceStandard.boundsDescription)", field: field)
            }
            guard s.threshold > 0, s.threshold <= 1 else {
                throw DeskError(
                    .invalidInput, "threshold: \(s.threshold) is not a share between 0 and 1 (e.g. 0.9)",
                    field: "threshold")
            }
            let latest = versions(ofStandard: s.id).map(\.version).max() ?? 0
            guard s.version > latest else {
                throw DeskError(
                    .conflict,
                    "standard \(s.id) version \(latest) is already published; publish it as version \(latest + 1)",
                    field: "version")
            }
            for c in s.categories where office?.categories.contains(where: { $0.id == c }) == false {
                throw DeskError(
                    .invalidInput, "categories: \"\(c)\" is not a category of this office; \(categoryList)",
                    field: "categories")
            }
            return one(.standardPublished(s))
        case .receive(let intake):
            try validate(intake)
            guard let office else {
                throw DeskError(
                    .invalidTransition,
                    "the office is not configured yet; a supervisor must publish desk.toml first")
            }
            guard office.categories.contains(where: { $0.id == intake.category }) else {
                throw DeskError(
                    .invalidInput, "category: \"\(intake.category)\" is unknown; \(categoryList)",
                    field: "category")
            }
            if let problem = customerGroupProblem(intake.customer.group, office: office) { throw problem }
            guard office.channels.contains(intake.channel) else {
                throw DeskError(
                    .invalidInput,
                    "channel: \(intake.channel) is not offered here; accepted: \(office.channels.map(\.name).joined(separator: ", "))",
                    field: "channel")
            }
            guard intake.receivedAt.milliseconds <= now.milliseconds + 60_000 else {
                throw DeskError(
                    .invalidInput,
                    "received_at: \(intake.receivedAt) is in the future; the time now is \(now)",
                    field: "received_at")
            }
            try checkBackdating(intake.receivedAt, window: office.backdatingWindowDays, now: now)
            return one(.complaintReceived(nextComplaintID, intake))
        case .acceptClock:
            guard isAhead(latestRecordedAt, of: now), let latest = latestRecordedAt.timestamp else {
                throw DeskError(
                    .invalidTransition,
                    "the host clock (\(now)) is not behind the log's latest record (\(latestRecordedInstant.map(\.iso8601) ?? "none")) by more than a minute, or was accepted already; there is nothing to accept"
                )
            }
            return one(.clockAccepted(latestInLog: latest))
        case .submitStaffIdea(let kind, let t, let anonymous):
            try TextField.staffIdea.validate(t)
            return [
                RecordedEvent(
                    actor: anonymous ? "" : actor, at: now,
                    event: .staffIdeaSubmitted(nextStaffIdeaID, kind: kind, text: t))
            ]
        case .changeStaffIdeaStatus(let id, let status, let note):
            guard staffIdea(id) != nil else {
                throw DeskError(.notFound, "\(id) does not exist; check the number")
            }
            try TextField.note.with(required: false).validate(note)
            return one(.staffIdeaStatusChanged(id, status: status, note: note))
        case .offerSurvey(let id, let channel, let counter):
            let r = try existing(id, now: now)
            guard r.respondedAt.isSet || r.firstRespondedAt.isSet else {
                throw DeskError(
                    .invalidTransition, "\(id) has no response yet; offer the survey after responding")
            }
            guard !r.flags.contains(.surveyed) else {
                throw DeskError(.invalidTransition, "\(id) already has a survey; one survey per complaint")
            }
            if channel == .kiosk {
                if !counter.isEmpty, let problem = KioskCounter.problem(counter) {
                    throw DeskError(.invalidInput, problem, field: "counter")
                }
            } else {
                guard counter.isEmpty else {
                    throw DeskError(
                        .invalidInput, "counter: only a kiosk hand-over names a counter", field: "counter")
                }
                guard !r.flags.contains(.surveyOffered) else {
                    throw DeskError(.invalidTransition, "\(id) was already offered the survey")
                }
            }
            return one(.surveyOffered(id, channel: channel, counter: counter))
        case .recordSurvey(let id, let channel, let answers):
            let r = try existing(id, now: now)
            guard r.firstRespondedAt.isSet else {
                throw DeskError(
                    .invalidTransition, "\(id) has no response yet; the survey comes after the response")
            }
            guard !r.flags.contains(.surveyed) else {
                throw DeskError(.invalidTransition, "\(id) already has a survey; one survey per complaint")
            }
            guard answers.scores.contains(where: { $0 != 0 }) || !answers.freeText.isEmpty else {
                throw DeskError(.invalidInput, "survey: no statement was answered", field: "survey")
            }
            guard answers.freeText.count <= 2 else {
                throw DeskError(
                    .invalidInput, "survey_text: at most two free-text answers are accepted",
                    field: "survey_text")
            }
            for t in answers.freeText { try TextField.surveyText.validate(t) }
            if let answeredAt = answers.answeredAt {
                try checkAnsweredAt(answeredAt, responded: r.firstRespondedAt.timestamp, id: id, now: now)
            }
            var events = [RecordedEvent]()
            if !r.flags.contains(.surveyOffered) {
                events += one(.surveyOffered(id, channel: channel))
            }
            return events + one(.surveyRecorded(id, channel: channel, answers: answers))
        case .acknowledge(let id, let rev):
            let r = try current(id, rev, now: now)
            if let acknowledged = r.acknowledgedAt.timestamp {
                throw DeskError(
                    .invalidTransition,
                    "\(id) was already acknowledged at \(local(acknowledged, now: now))")
            }
            try open(r, id)
            return one(.acknowledged(id))
        case .assess(let id, let rev, let severity, let urgent):
            let r = try current(id, rev, now: now)
            try open(r, id)
            return one(.assessed(id, severity: severity, urgent: urgent))
        case .claim(let id, let rev):
            let r = try current(id, rev, now: now)
            try open(r, id)
            if r.holder != 0 {
                if names[r.holder] == actor { throw DeskError(.invalidTransition, "you already hold \(id)") }
                throw DeskError(
                    .conflict,
                    "\(id) is held by \(names[r.holder]); ask them or a supervisor to transfer it to you")
            }
            return one(.claimed(id, clerk: actor))
        case .transfer(let id, let rev, let category, let clerk, let reason):
            let r = try current(id, rev, now: now)
            try open(r, id)
            try TextField.reason.validate(reason)
            if let category, office?.categories.contains(where: { $0.id == category }) != true {
                throw DeskError(
                    .invalidInput, "category: \"\(category)\" is unknown; \(categoryList)", field: "category")
            }
            if let clerk { try validateTransfer(toClerk: clerk, in: self) }
            let newCategory = category ?? names[r.category]
            if newCategory == names[r.category] && (clerk.map { names.number($0) } ?? 0) == r.holder {
                throw DeskError(.invalidInput, "\(id) is already there; choose another category or clerk")
            }
            return one(.transferred(id, category: newCategory, clerk: clerk, reason: reason))
        case .escalate(let id, let rev, let reason):
            let r = try current(id, rev, now: now)
            try open(r, id)
            try TextField.reason.validate(reason)
            guard !r.flags.contains(.escalated) else {
                throw DeskError(.invalidTransition, "\(id) is already escalated to a supervisor")
            }
            return one(.escalated(id, reason: reason))
        case .addNote(let id, let rev, let text, let visible):
            _ = try current(id, rev, now: now)
            try TextField.note.validate(text)
            return one(.noteAdded(id, text: text, customerVisible: visible))
        case .pause(let id, let rev, let reason):
            let r = try current(id, rev, now: now)
            try open(r, id)
            try TextField.reason.validate(reason)
            guard !r.isPaused else {
                throw DeskError(.invalidTransition, "\(id) is already waiting on the customer")
            }
            guard r.status != .responded else {
                throw DeskError(
                    .invalidTransition,
                    "\(id) has been responded to; close it or reopen it instead of pausing")
            }
            return one(.paused(id, reason: reason))
        case .resume(let id, let rev):
            let r = try current(id, rev, now: now)
            guard r.isPaused else {
                throw DeskError(.invalidTransition, "\(id) is not waiting on the customer")
            }
            return one(.resumed(id))
        case .respond(let id, let rev, let decision, let reasons, let remedy):
            let r = try current(id, rev, now: now)
            try open(r, id)
            try TextField.reasons.validate(reasons)
            try TextField.remedyOffered.validate(remedy)
            guard !r.isPaused else {
                throw DeskError(.invalidTransition, "\(id) is waiting on the customer; resume it first")
            }
            guard !r.respondedAt.isSet else {
                throw DeskError(
                    .invalidTransition,
                    "\(id) was already responded to; add a customer-visible note or close it")
            }
            var events = [RecordedEvent]()
            if !r.acknowledgedAt.isSet { events += one(.acknowledged(id)) }
            return events + one(.responded(id, decision: decision, reasons: reasons, remedyOffered: remedy))
        case .close(let id, let rev, let acceptance, let recourse):
            let r = try current(id, rev, now: now)
            try open(r, id)
            try TextField.recourse.validate(recourse)
            guard r.respondedAt.isSet else {
                throw DeskError(.invalidTransition, "\(id) has no response yet; respond before closing")
            }
            return one(.closed(id, acceptance: acceptance, recourse: recourse))
        case .reopen(let id, let rev, let reason):
            let r = try current(id, rev, now: now)
            try TextField.reason.validate(reason)
            guard r.status == .closed else {
                let s = r.status.name
                throw DeskError(
                    .invalidTransition,
                    "\(id) is not closed (it is \(s)); only a closed complaint can be reopened")
            }
            return one(.reopened(id, reason: reason))
        case .withdraw(let id, let rev, let reason):
            let r = try current(id, rev, now: now)
            try open(r, id)
            try TextField.reason.validate(reason)
            return one(.withdrawn(id, reason: reason))
        }
    }

    private var categoryList: String {
        "accepted: " + (office?.categories.map(\.id).joined(separator: ", ") ?? "none yet")
    }

    private func validateCategoryID(_ id: String, what: String = "category id") throws(DeskError) {
        let ok =
            !id.isEmpty && id.count <= 40
            && id.unicodeScalars.allSatisfy {
                ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "_"
            }
        guard ok else {
            throw DeskError(
                .invalidInput, "\(what): \"\(id)\" must be 1–40 lowercase letters, digits, - or _",
                field: what)
        }
    }

    /// The complaint, unless its last event lies beyond `now` by more than a minute (the host
    /// clock went back): deciding on it would record its life out of order.
    private func existing(_ id: ComplaintID, now: Timestamp) throws(DeskError) -> ComplaintRecord {
        guard let r = record(id) else { throw DeskError(.notFound, "\(id) does not exist; check the number") }
        if isAhead(RecordedInstant(r.lastChangeAt), of: now) {
            throw DeskError(
                .invalidTransition,
                "\(id)'s last event was recorded at \(r.lastChangeAt), later than this host's clock (\(now)); the clock seems to have gone back — have it corrected, or a supervisor can accept it with `desk log accept-clock`"
            )
        }
        return r
    }

    /// Refuses a receipt further back than the office's backdating window.
    private func checkBackdating(_ received: Timestamp, window days: Int, now: Timestamp) throws(DeskError) {
        let (span, overflow) = Int64(max(0, days)).multipliedReportingOverflow(by: 86_400_000)
        guard !overflow else { return }
        let (earliest, below) = now.milliseconds.subtractingReportingOverflow(span)
        guard !below, received.milliseconds < earliest else { return }
        throw DeskError(
            .invalidInput,
            "received_at: \(received) is more than \(days) days before now (\(now)), the office's backdating window ([office] backdating_window); accepted: from \(Timestamp(milliseconds: earliest)) to now",
            field: "received_at")
    }

    /// The complaint, if the command was decided on its current revision.
    private func current(_ id: ComplaintID, _ revision: UInt32, now: Timestamp) throws(DeskError)
        -> ComplaintRecord
    {
        let r = try existing(id, now: now)
        guard r.revision == revision else {
            let who = names[r.lastActor].isEmpty ? "someone" : names[r.lastActor]
            throw DeskError(
                .conflict,
                "\(id) was \(EventCodec.verb(r.lastKind)) by \(who) \(local(r.lastChangeAt, now: now)) — refresh and try again"
            )
        }
        return r
    }

    private func open(_ r: ComplaintRecord, _ id: ComplaintID) throws(DeskError) {
        if r.status == .closed {
            throw DeskError(.invalidTransition, "\(id) is closed; reopen it first")
        }
        if r.status == .withdrawn {
            throw DeskError(.invalidTransition, "\(id) was withdrawn by the customer; it cannot be changed")
        }
    }

    /// "at 10:42" today, "on 2026-11-24 at 10:42" otherwise, in office time (UTC without one).
    func local(_ time: Timestamp, now: Timestamp) -> String {
        if let cal = office?.calendar {
            let l = cal.localTime(of: time)
            let hm = "at \(pad(l.hour, 2)):\(pad(l.minute, 2))"
            return l.date == cal.localDate(of: now) ? hm : "on \(l.date) \(hm)"
        }
        let iso = time.iso8601
        return "at \(iso)"
    }
}

extension TextField {
    func with(required: Bool) -> TextField {
        var f = self
        f.required = required
        return f
    }
}
