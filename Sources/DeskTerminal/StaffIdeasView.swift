import Desk
import DeskCore
import Foundation
import TerminalUI

/// Staff barriers and ideas (EO 12862 §1(e)): every one with its status and the supervisor's
/// note, newest first. Any clerk raises one, anonymously if they choose; only a supervisor
/// changes a status.
final class StaffIdeasView: ScrollingView {
    let environment: DeskEnvironment
    private(set) var ideas: [StaffIdea] = []
    var scroll = Scroll()

    init(environment: DeskEnvironment) {
        self.environment = environment
    }

    var name: String { "staff barriers and ideas" }
    var subtitle: [StyledSegment] {
        let barriers = ideas.filter { $0.kind == .barrier }.count
        return [
            StyledSegment("Staff barriers and ideas ", role: .title),
            StyledSegment("· \(barriers) barriers · \(ideas.count - barriers) ideas", role: .status),
        ]
    }
    var actions: ActionRegistry<StaffIdeasView, ViewEffect> { environment.keymaps.ideas }

    var helpNotes: [String] {
        [
            "Status: submitted, under review, adopted, declined or done; a supervisor sets it, with a note.",
            "Anonymous: no account is recorded for it, not even in the log.",
        ]
    }

    func reload() { ideas = environment.state.staffIdeas.reversed() }

    /// Each idea: its reference, kind, status, who and when; its text; the supervisor's note.
    func lines(width: Int) -> [[StyledSegment]] {
        guard !ideas.isEmpty else {
            let raise =
                environment.role >= .clerk
                ? " Press n to raise one (anonymously if you wish)." : ""
            return [[StyledSegment("No barriers or ideas yet." + raise, role: .statusInfo)]]
        }
        let calendar = environment.calendar
        let textWidth = max(10, width - 6)
        var lines: [[StyledSegment]] = []
        for idea in ideas {
            if !lines.isEmpty { lines.append([]) }
            let who = idea.submittedBy ?? "anonymous"
            let role: Role =
                switch idea.status {
                case .submitted, .underReview: .statusInfo
                case .adopted, .done: .statusOK
                case .declined: .statusWarning
                }
            lines.append([
                StyledSegment("\(idea.id) ", role: .title),
                StyledSegment(idea.kind.name.padding(toLength: 8, withPad: " ", startingAt: 0), role: .text),
                StyledSegment(idea.status.name, role: role),
                StyledSegment(
                    " · \(who) · \(DeskFormat.time(idea.submittedAt, calendar: calendar))", role: .status),
            ])
            for line in TextWrap.lines(idea.text, width: textWidth, role: .text) {
                lines.append([StyledSegment("  ", role: .text)] + line)
            }
            if idea.status != .submitted || !idea.statusNote.isEmpty {
                let by = idea.statusChangedBy.isEmpty ? "" : " by \(idea.statusChangedBy)"
                let head =
                    "Note\(by), \(DeskFormat.time(idea.statusChangedAt, calendar: calendar)): "
                let note = idea.statusNote.isEmpty ? "(none)" : idea.statusNote
                for line in TextWrap.lines(head + note, width: textWidth, role: .help) {
                    lines.append([StyledSegment("  ", role: .text)] + line)
                }
            }
        }
        return lines
    }

    func lineCount(width: Int) -> Int { lines(width: width).count }

    func draw(into buffer: inout ScreenBuffer, body: Range<Int>) {
        let all = lines(width: buffer.columns)
        let start = scroll.start(count: all.count, rows: body.count)
        for (offset, line) in all.dropFirst(start).prefix(body.count).enumerated() {
            buffer.put(line, row: body.lowerBound + offset, column: 1, maxColumns: buffer.columns - 2)
        }
    }

    static let actions: [Action<StaffIdeasView, ViewEffect>] = [
        Action(id: "help", title: "Show every key", barLabel: "Help", keys: .function(1), .character("?")) {
            _, _ in .help
        },
        Action(
            id: "raise", title: "Raise a barrier or an idea (anonymously if you wish)", barLabel: "Raise",
            keys: .function(2), .character("n"), permission: changing
        ) { view, _ in .open(StaffIdeaFormView(environment: view.environment, mode: .raise)) },
        Action(
            id: "status", title: "Change a status, with a note (supervisors)", barLabel: "Status",
            keys: .function(5), .character("s"), permission: changing,
            disabledReason: { view in
                if view.environment.role < .supervisor {
                    return "only a supervisor changes a status"
                }
                return view.ideas.isEmpty ? "there is nothing to review yet" : nil
            },
            perform: { view, _ in .open(StaffIdeaFormView(environment: view.environment, mode: .changeStatus))
            }),
        Action(id: "back", title: "Back to the queue", barLabel: "Back", keys: .escape, .character("q")) {
            _, _ in .back
        },
        scrollAction(
            more: [.character("j"), .character("k"), .character(" "), .character("g"), .character("G")],
            title: "Scroll (↑/↓ j/k, PgUp/PgDn Space, Home/End g/G)"),
        Action(id: "quit", title: "Leave the desk", barLabel: "Quit", keys: .function(10)) { _, _ in .quit },
    ]
}

/// The form to raise a barrier or idea, or (supervisors) to change one's status with a note.
final class StaffIdeaFormView: FormView {
    enum Mode: Sendable { case raise, changeStatus }

    let environment: DeskEnvironment
    let mode: Mode
    var form: DeskForm

    init(environment: DeskEnvironment, mode: Mode) {
        self.environment = environment
        self.mode = mode
        switch mode {
        case .raise:
            form = DeskForm(
                title: "Raise a barrier or an idea",
                fields: [
                    .choice(
                        "kind", "Kind",
                        [
                            FormOption("barrier", "barrier (something in the way of serving the public)"),
                            FormOption("idea", "idea (a way to serve the public better)"),
                        ]),
                    .text("text", "What", .staffIdea),
                    .choice(
                        "anonymous", "Name",
                        [
                            FormOption("named", "named (your account is recorded)"),
                            FormOption("anonymous", "anonymous (no account recorded, not even in the log)"),
                        ]),
                ])
        case .changeStatus:
            form = DeskForm(
                title: "Change the status of a barrier or idea",
                fields: [
                    .choice("idea", "Barrier or idea", []),
                    .choice(
                        "status", "Status",
                        StaffIdeaStatus.allCases.map { FormOption($0.key, $0.name) },
                        selected: StaffIdeaStatus.underReview.key),
                    .text("note", "Note", .note),
                ])
        }
        reload()
    }

    var name: String { mode == .raise ? "raise a barrier or idea" : "change a status" }
    var subtitle: [StyledSegment] { [StyledSegment(form.title, role: .title)] }
    var actions: ActionRegistry<StaffIdeaFormView, ViewEffect> { environment.keymaps.ideaForm }

    func reload() {
        guard mode == .changeStatus else { return }
        let options = environment.state.staffIdeas.reversed().map { idea in
            let text = idea.text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return FormOption(idea.id.description, "\(idea.id) (\(idea.status.name)) \(text)")
        }
        form.offer(options, for: "idea")
    }

    /// The command the filled form stands for.
    func command() -> Command? {
        switch mode {
        case .raise:
            let kind: StaffIdeaKind = form.value("kind") == "idea" ? .idea : .barrier
            return .submitStaffIdea(
                kind: kind, text: form.value("text"), anonymous: form.value("anonymous") == "anonymous")
        case .changeStatus:
            guard let id = StaffIdeaID(form.value("idea")),
                let status = StaffIdeaStatus.allCases.first(where: { $0.key == form.value("status") })
            else { return nil }
            return .changeStaffIdeaStatus(id, status: status, note: form.value("note"))
        }
    }

    private func save() -> ViewEffect {
        reload()
        guard form.validateAll(), let command = command() else {
            environment.say("Not done: put right the field marked below.", .statusError)
            return .stay
        }
        switch environment.execute(command) {
        case .success(let events):
            for recorded in events {
                switch recorded.event {
                case .staffIdeaSubmitted(let id, let kind, _):
                    let how = recorded.actor.isEmpty ? " anonymously" : ""
                    environment.say("Recorded \(id)\(how): a \(kind.name).", .statusOK)
                case .staffIdeaStatusChanged(let id, let status, _):
                    environment.say("\(id) is now \(status.name).", .statusOK)
                default: break
                }
            }
            return .back
        case .failure(let failure):
            if case .refused(let problem) = failure,
                form.place(problem: problem.message, field: problem.field)
            {
                environment.say("Not done: put right the field marked below.", .statusError)
            }
            return .stay
        }
    }

    func draw(into buffer: inout ScreenBuffer, body: Range<Int>) { drawForm(into: &buffer, body: body) }

    static let actions: [Action<StaffIdeaFormView, ViewEffect>] =
        helpAndSave { $0.save() } + [
            cancel(saying: "Nothing was recorded.", discarded: "Nothing was recorded.")
        ]
        + formKeys
}
