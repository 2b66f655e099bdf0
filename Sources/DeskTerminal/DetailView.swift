import Desk
import DeskCore
import TerminalUI

/// A complaint in full: the customer, every word of its text, every clock and the whole
/// timeline, wrapped at word boundaries and scrollable to the end; and what can be done to it.
final class DetailView: ScrollingView {
    let environment: DeskEnvironment
    let id: ComplaintID
    private(set) var complaint: ComplaintView?
    /// The complaint as labelled paragraphs, loaded on reload and wrapped when drawn.
    private(set) var paragraphs: [DetailParagraph] = []
    var scroll = Scroll()

    init(environment: DeskEnvironment, id: ComplaintID) {
        self.environment = environment
        self.id = id
    }

    var name: String { "complaint \(id)" }
    var subtitle: [StyledSegment] {
        [
            StyledSegment(
                "\(id) — \(complaint.map { environment.privacy.name($0.customer) } ?? "not in the log")",
                role: .title)
        ]
    }
    var actions: ActionRegistry<DetailView, ViewEffect> { environment.keymaps.detail }

    func reload() {
        let state = environment.state
        complaint = state.complaint(id)
        guard let complaint else {
            paragraphs = [DetailParagraph("", "That complaint is not in the log.", role: .statusError)]
            return
        }
        paragraphs = Self.paragraphs(
            complaint: complaint, timeline: environment.desk.events(of: id),
            clocks: state.clocks(of: id, now: environment.now),
            categoryTitle: state.categoryTitle(complaint.category),
            calendar: environment.calendar, returning: state.isLaterComplaintOfItsCustomer(id),
            privacy: environment.privacy)
    }

    // MARK: Drawing

    static let labelWidth = 14

    /// The paragraphs as screen lines `width` columns wide: the label on a paragraph's first line.
    func lines(width: Int) -> [(label: String, text: [StyledSegment])] {
        let textWidth = max(10, width - Self.labelWidth - 3)
        var lines: [(String, [StyledSegment])] = []
        for paragraph in paragraphs {
            for (index, line) in TextWrap.lines(paragraph.text, width: textWidth, role: paragraph.role)
                .enumerated()
            {
                lines.append((index == 0 ? paragraph.label : "", line))
            }
        }
        return lines
    }

    func draw(into buffer: inout ScreenBuffer, body: Range<Int>) {
        let all = lines(width: buffer.columns)
        let start = scroll.start(count: all.count, rows: body.count)
        for (offset, line) in all.dropFirst(start).prefix(body.count).enumerated() {
            let row = body.lowerBound + offset
            buffer.put(line.label, row: row, column: 1, role: .fieldLabel, maxColumns: Self.labelWidth)
            buffer.put(
                line.text, row: row, column: Self.labelWidth + 2,
                maxColumns: buffer.columns - Self.labelWidth - 3)
        }
    }

    func lineCount(width: Int) -> Int { lines(width: width).count }

    // MARK: Actions

    private func run(_ command: Command, done: String) -> ViewEffect {
        if case .success = environment.execute(command) { environment.say(done, .statusOK) }
        return .stay
    }

    private func form(_ action: ComplaintAction) -> ViewEffect {
        guard let complaint else { return .stay }
        return .open(ComplaintActionView(environment: environment, action: action, complaint: complaint))
    }

    /// Why a change to an open complaint cannot be made now.
    static func notOpen(_ view: DetailView) -> String? {
        guard let status = view.complaint?.status else { return "the complaint is not in the log" }
        return status.isOpen ? nil : "the complaint is \(status.name)"
    }

    static func formAction(
        _ action: ComplaintAction, _ title: String, bar: String? = nil, keys: Key...,
        disabled: @escaping @Sendable (DetailView) -> String? = notOpen
    ) -> Action<DetailView, ViewEffect> {
        Action(
            id: action.rawValue, title: title, barLabel: bar, keys: keys.map(KeyBinding.key),
            permission: changing, disabledReason: disabled
        ) { view, _ in view.form(action) }
    }

    static let actions: [Action<DetailView, ViewEffect>] = [
        Action(id: "help", title: "Show every key", barLabel: "Help", keys: .function(1), .character("?")) {
            _, _ in .help
        },
        Action(
            id: "back", title: "Back to the queue", barLabel: "Back", keys: .escape, .left, .character("q")
        ) { _, _ in .back },
        Action(
            id: "claim", title: "Claim: hold this complaint yourself", barLabel: "Claim", keys: .function(3),
            .character("c"),
            permission: changing,
            disabledReason: { view in
                notOpen(view)
                    ?? (view.complaint?.holder == view.environment.desk.user ? "you hold it already" : nil)
            },
            perform: { view, _ in
                guard let c = view.complaint else { return .stay }
                return view.run(.claim(c.id, revision: c.revision), done: "Claimed \(c.id).")
            }),
        formAction(
            .respond, "Respond: decision, reasons, remedy", bar: "Respond", keys: .function(4),
            .character("r")),
        formAction(
            .close, "Close: accepted?, recourse", bar: "Close", keys: .function(5), .character("x"),
            disabled: { view in
                notOpen(view) ?? (view.complaint?.status == .responded ? nil : "respond first")
            }),
        formAction(
            .note, "Add a note (internal or to the customer)", bar: "Note", keys: .function(6),
            .character("n"),
            disabled: { $0.complaint == nil ? "the complaint is not in the log" : nil }),
        Action(
            id: "acknowledge", title: "Acknowledge receipt to the customer", barLabel: "Ack",
            keys: .character("a"),
            permission: changing,
            disabledReason: { view in
                notOpen(view) ?? (view.complaint?.acknowledgedAt == nil ? nil : "already acknowledged")
            },
            perform: { view, _ in
                guard let c = view.complaint else { return .stay }
                return view.run(.acknowledge(c.id, revision: c.revision), done: "Acknowledged \(c.id).")
            }),
        formAction(.assess, "Assess: severity and urgency", keys: .character("s")),
        Action(
            id: "pause", title: "Pause for the customer / resume the clocks", keys: .character("p"),
            permission: changing, disabledReason: notOpen
        ) { view, _ in
            guard let c = view.complaint else { return .stay }
            if c.pausedSince != nil {
                return view.run(.resume(c.id, revision: c.revision), done: "Clocks running again on \(c.id).")
            }
            return view.form(.pause)
        },
        formAction(.transfer, "Transfer to another category or clerk", keys: .character("t")),
        formAction(.escalate, "Escalate", keys: .character("e")),
        formAction(
            .reopen, "Reopen a closed complaint", keys: .character("o"),
            disabled: { $0.complaint?.status == .closed ? nil : "only a closed complaint can be reopened" }),
        formAction(.withdraw, "Withdraw (the customer asked)", keys: .character("w")),
        Action(
            id: "receipt", title: "The customer's receipt again, written to a file and printed",
            keys: .character("P"),
            permission: changing,
            disabledReason: { $0.complaint == nil ? "the complaint is not in the log" : nil },
            perform: { view, _ in
                view.environment.printReceipt(view.id)
                return .open(ReceiptView(environment: view.environment, id: view.id))
            }),
        Action(
            id: "survey", title: "Record survey answers the customer gave by phone or on paper",
            keys: .character("u"), permission: changing, disabledReason: SurveyAnswersView.notOffered
        ) { view, _ in
            view.complaint.map {
                ViewEffect.open(SurveyAnswersView(environment: view.environment, complaint: $0))
            } ?? .stay
        },
        handOverAction,
        scrollAction(
            more: [.character("j"), .character("k"), .character(" "), .character("g"), .character("G")],
            title: "Scroll (↑/↓ j/k, PgUp/PgDn Space, Home/End g/G)"),
        Action(id: "quit", title: "Leave the desk", barLabel: "Quit", keys: .function(10)) { _, _ in .quit },
    ]
}

/// A labelled paragraph of the detail view, such as `Details` and the complaint's text.
struct DetailParagraph: Hashable, Sendable {
    var label: String
    var text: String
    var role: Role

    init(_ label: String, _ text: String, role: Role = .text) {
        self.label = label
        self.text = text
        self.role = role
    }
}

extension DetailView {
    /// Everything the complaint holds, as paragraphs (untrusted text goes through the sanitiser
    /// when drawn).
    static func paragraphs(
        complaint c: ComplaintView, timeline: [TimelineRecord],
        clocks: [ServiceClock],
        categoryTitle: String, calendar: BusinessCalendar?, returning: Bool,
        privacy: CustomerPrivacy = .shown
    ) -> [DetailParagraph] {
        let personal = privacy.showsPersonalText
        var out: [DetailParagraph] = []
        var held = c.holder.map { "held by \($0)" } ?? "not held"
        if c.isEscalated { held += " · escalated" }
        if c.isUrgent { held += " · urgent" }
        out.append(
            DetailParagraph(
                "Status", "\(c.status.name) · \(held) · severity \(c.severity.name)", role: .title))
        out.append(DetailParagraph("Category", "\(categoryTitle) · via \(c.channel.name)"))
        out.append(DetailParagraph("Received", DeskFormat.time(c.receivedAt, calendar: calendar)))
        if c.isUnmeasured {
            out.append(
                DetailParagraph(
                    "Measured", "not measured: received before any standard was in force",
                    role: .statusWarning))
        }
        var contact = [c.customer.email, c.customer.phone].filter { !$0.isEmpty }.joined(separator: " · ")
        if let reply = c.customer.preferredReply {
            contact += (contact.isEmpty ? "" : " · ") + "prefers \(reply.name)"
        }
        let group = c.customer.group.isEmpty ? "" : " · \(c.customer.group)"
        out.append(
            DetailParagraph(
                "Customer", privacy.name(c.customer) + group + (returning ? "  (returning)" : "")))
        // Right under the name, in the warning colour, so the next clerk sees it first.
        if personal, !c.customer.accessibilityNeeds.isEmpty {
            out.append(DetailParagraph("Access needs", c.customer.accessibilityNeeds, role: .statusWarning))
        }
        if personal, !contact.isEmpty { out.append(DetailParagraph("Contact", contact)) }
        if personal, !c.customer.address.isEmpty {
            out.append(DetailParagraph("Address", c.customer.address))
        }
        out.append(DetailParagraph("Summary", c.summary))
        for case (_, .success(let recorded)) in timeline where personal {
            if case .complaintReceived(_, let intake) = recorded.event {
                if !intake.details.isEmpty { out.append(DetailParagraph("Details", intake.details)) }
                if !intake.remedySought.isEmpty {
                    out.append(DetailParagraph("Remedy sought", intake.remedySought))
                }
            }
        }
        if let decision = c.decision { out.append(DetailParagraph("Decision", decision.name)) }
        out.append(DetailParagraph("", "Service clocks", role: .title))
        if clocks.isEmpty {
            out.append(
                DetailParagraph(
                    "", c.isUnmeasured ? "not measured" : "no standard applies", role: .statusInfo))
        }
        for clock in clocks {
            let role: Role =
                clock.state.isBreach ? .clockBreach : (clock.state == .atRisk ? .clockAtRisk : .clock)
            var text = "due \(DeskFormat.time(clock.due, calendar: calendar)) · "
            if clock.state.isRunning && clock.minutesLeft < 0 {
                text += "\(DeskFormat.minutes(-clock.minutesLeft)) business time past due"
            } else if clock.state.isRunning {
                text += "\(DeskFormat.minutes(clock.minutesLeft)) business time left"
            } else {
                text += "stopped"
            }
            text += " · \(clock.state.name)\(clock.isPaused ? " · paused" : "")"
            out.append(
                DetailParagraph(
                    clock.round > 0 ? "\(clock.standard.id) #\(clock.round)" : clock.standard.id, text,
                    role: role))
        }
        out.append(DetailParagraph("", "Timeline", role: .title))
        if timeline.isEmpty {
            out.append(
                DetailParagraph(
                    "",
                    "last: \(c.lastChange.what) by \(c.lastChange.actor), \(DeskFormat.time(c.lastChange.at, calendar: calendar))"
                ))
        }
        for (_, entry) in timeline {
            let recorded: RecordedEvent
            switch entry {
            case .success(let event): recorded = event
            case .failure(let unreadable):
                out.append(
                    DetailParagraph(
                        "unreadable",
                        "\(unreadable.description). This entry is missing; run `desk log verify` and keep a copy of the log.",
                        role: .statusError))
                continue
            }
            let actor = recorded.actor.isEmpty ? "—" : recorded.actor
            out.append(
                DetailParagraph(
                    DeskFormat.shortTime(recorded.at, calendar: calendar),
                    "\(actor): \(personal ? describe(recorded.event, calendar: calendar) : describeMasked(recorded.event, calendar: calendar))"
                ))
        }
        return out
    }

    /// What happened, without the words written about the customer (notes, reasons, remedies).
    static func describeMasked(_ event: DeskEvent, calendar: BusinessCalendar? = nil) -> String {
        switch event {
        case .transferred(_, let category, let clerk, _):
            "transferred to \(category)\(clerk.map { " / \($0)" } ?? "")"
        case .escalated: "escalated"
        case .noteAdded(_, _, let visible): visible ? "note to customer" : "internal note"
        case .paused: "paused for the customer"
        case .responded(_, let decision, _, _): "responded: \(decision.name)"
        case .closed(_, let acceptance, _): "closed (\(acceptance.name))"
        case .reopened: "reopened"
        case .withdrawn: "withdrawn"
        default: describe(event, calendar: calendar)
        }
    }

    public static func describe(_ event: DeskEvent, calendar: BusinessCalendar? = nil) -> String {
        switch event {
        case .complaintReceived(_, let intake): "received via \(intake.channel.name)"
        case .acknowledged: "acknowledged"
        case .assessed(_, let severity, let urgent): "assessed: \(severity.name)\(urgent ? ", urgent" : "")"
        case .claimed(_, let clerk): "claimed for \(clerk)"
        case .transferred(_, let category, let clerk, let reason):
            "transferred to \(category)\(clerk.map { " / \($0)" } ?? ""): \(reason)"
        case .escalated(_, let reason): "escalated: \(reason)"
        case .noteAdded(_, let text, let visible):
            "\(visible ? "note to customer" : "internal note"): \(text)"
        case .paused(_, let reason): "paused for the customer: \(reason)"
        case .resumed: "resumed"
        case .responded(_, let decision, let reasons, let remedy):
            "responded: \(decision.name) — \(reasons)\(remedy.isEmpty ? "" : "; remedy: \(remedy)")"
        case .closed(_, let acceptance, let recourse):
            "closed (\(acceptance.name))\(recourse.isEmpty ? "" : "; recourse: \(recourse)")"
        case .reopened(_, let reason): "reopened: \(reason)"
        case .withdrawn(_, let reason): "withdrawn: \(reason)"
        case .surveyOffered(_, .kiosk, let counter):
            counter.isEmpty
                ? "survey handed over on this terminal (kiosk)"
                : "survey handed over to the kiosk at \(counter)"
        case .surveyOffered(_, let channel, _): "survey offered by \(channel.name)"
        case .surveyRecorded(_, let channel, let answers):
            "survey answered by \(channel.name)"
                + (answers.answeredAt.map { " at \(DeskFormat.shortTime($0, calendar: calendar))" } ?? "")
        default: "changed"
        }
    }
}
