import Desk
import DeskCore
import TerminalUI

/// The A-11 survey answers a customer gave by phone or on paper (paper is channel `mail`),
/// recorded by a clerk: one 1–5 (or blank) per statement and an optional comment. Offered on a
/// complaint that has had a response and has no survey yet; the domain refuses a second.
final class SurveyAnswersView: FormView {
    let environment: DeskEnvironment
    let id: ComplaintID
    var form: DeskForm

    init(environment: DeskEnvironment, complaint: ComplaintView) {
        self.environment = environment
        id = complaint.id
        let scale =
            [FormOption("", "— (not answered)")] + Self.scale.map { FormOption("\($0.0)", "\($0.0) \($0.1)") }
        form = DeskForm(
            title: "\(complaint.id): record survey answers",
            fields: [
                .choice(
                    "channel", "Answered by",
                    [
                        FormOption(Channel.phone.name, "phone"),
                        FormOption(Channel.mail.name, "mail (a paper form)"),
                    ])
            ]
                + SurveyDriver.allCases.map { FormField.choice($0.key, $0.name, scale) }
                + [
                    .text("comment", "Comment", .surveyText),
                    .text("answered", "Answered at", Self.answeredRule),
                ])
    }

    static let answeredRule = TextField("answered", maxLength: 16)

    /// `HH:MM` today or `YYYY-MM-DD HH:MM`, office time (UTC without an office calendar).
    static func answeredAt(_ text: String, calendar: BusinessCalendar?, now: Timestamp) -> Timestamp? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let clock = parts[parts.count - 1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2, clock[0].count == 2, clock[1].count == 2, let hour = Int(clock[0]),
            let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        let date: CalendarDate
        if parts.count == 2 {
            guard let given = CalendarDate(String(parts[0])) else { return nil }
            date = given
        } else {
            date = calendar?.localDate(of: now) ?? CalendarDate(dayNumber: Int(now.milliseconds / 86_400_000))
        }
        guard let calendar else {
            return Timestamp(
                milliseconds: Int64(date.dayNumber) * 86_400_000 + Int64(hour * 60 + minute) * 60_000)
        }
        return calendar.instant(ofLocal: date, hour: hour, minute: minute)
    }

    static let scale = [
        (1, "strongly disagree"), (2, "disagree"), (3, "neither agree nor disagree"), (4, "agree"),
        (5, "strongly agree"),
    ]

    /// Why answers cannot be recorded on the complaint in the detail view now.
    static func notOffered(_ view: DetailView) -> String? {
        guard let c = view.complaint else { return "the complaint is not in the log" }
        if c.surveyed { return "this complaint has its survey already; one survey per complaint" }
        if c.firstRespondedAt == nil { return "the survey comes after a response" }
        return nil
    }

    var name: String { "\(id): record survey answers" }
    var subtitle: [StyledSegment] { [StyledSegment(form.title, role: .title)] }
    var actions: ActionRegistry<SurveyAnswersView, ViewEffect> { environment.keymaps.surveyForm }

    func reload() {}

    /// The answers the form holds.
    func answers() -> SurveyAnswers {
        var answers = SurveyAnswers()
        for driver in SurveyDriver.allCases { answers[driver] = Int(form.value(driver.key)) }
        let comment = form.value("comment")
        if !comment.allSatisfy(\.isWhitespace) { answers.freeText = [comment] }
        return answers
    }

    private func save() -> ViewEffect {
        guard form.validateAll() else {
            environment.say("Not done: put right the field marked below.", .statusError)
            return .stay
        }
        let channel = Channel(name: form.value("channel")) ?? .phone
        var answers = answers()
        let given = form.value("answered").trimmingCharacters(in: .whitespaces)
        if given.isEmpty {
            answers.answeredAt = environment.now
        } else if let at = Self.answeredAt(given, calendar: environment.calendar, now: environment.now) {
            answers.answeredAt = at
        } else {
            _ = form.place(
                problem:
                    "answered: \"\(given)\" is not a time; write HH:MM for today or YYYY-MM-DD HH:MM (office time), or leave it empty for now",
                field: "answered")
            environment.say("Not done: put right the field marked below.", .statusError)
            return .stay
        }
        switch environment.execute(.recordSurvey(id, channel: channel, answers: answers)) {
        case .success:
            environment.say("Recorded the survey answers for \(id) (by \(channel.name)).", .statusOK)
            return .back
        case .failure(let failure):
            if case .refused(let problem) = failure,
                form.place(
                    problem: problem.message,
                    field: problem.field == "survey"
                        ? "satisfaction" : problem.field == "answered_at" ? "answered" : problem.field)
            {
                environment.say("Not done: put right the field marked below.", .statusError)
            }
            return .stay
        }
    }

    func draw(into buffer: inout ScreenBuffer, body: Range<Int>) {
        let labelWidth = 21
        buffer.cursor = form.draw(
            into: &buffer, top: body.lowerBound, left: 1, width: buffer.columns - 2, labelWidth: labelWidth,
            rows: body.count)
        // The statement of the driver in focus, to read out to the customer as published.
        let used = form.fields.count + form.fields.filter { $0.problem != nil }.count
        let row = body.lowerBound + used + 1
        guard row < body.upperBound else { return }
        let office = environment.state.office?.name ?? environment.desk.officeName
        let hint: String
        if let focused = form.focused,
            let driver = SurveyDriver.allCases.first(where: { $0.key == focused.id })
        {
            hint =
                "“\(driver.statement(office: office))”\n1 strongly disagree · 2 disagree · 3 neither · 4 agree · 5 strongly agree: type a digit, or Space"
        } else if form.focused?.id == "comment" {
            hint = "Anything else the customer said (optional)."
        } else if form.focused?.id == "answered" {
            hint =
                "When the customer answered: HH:MM today or YYYY-MM-DD HH:MM, office time. Empty: now, as it is recorded."
        } else {
            hint = "Phone: answers read out and given on the phone. Paper: a form that came by mail."
        }
        let lines = hint.split(separator: "\n").flatMap {
            TextWrap.plainLines(String($0), width: buffer.columns - 4)
        }
        for (offset, line) in lines.prefix(body.upperBound - row).enumerated() {
            buffer.put(line, row: row + offset, column: 2, role: .help, maxColumns: buffer.columns - 4)
        }
    }

    static let actions: [Action<SurveyAnswersView, ViewEffect>] =
        helpAndSave { $0.save() }
        + [
            Action(
                id: "cancel", title: "Leave the form (asks first when something was typed)",
                barLabel: "Cancel", keys: .escape, .function(10)
            ) { view, _ in
                // Answers chosen are worth asking about too, not only typed text.
                guard view.answers() != SurveyAnswers(), !view.form.hasTypedText else {
                    return view.leave(saying: "Nothing was recorded.", discarded: "Nothing was recorded.")
                }
                return .open(
                    ConfirmView(
                        environment: view.environment, question: "Leave this form and lose the answers?",
                        yes: .close(2), yesMessage: "Nothing was recorded."))
            }
        ] + formKeys
}
