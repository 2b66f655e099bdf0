import Desk
import DeskCore
import TerminalUI

/// What a clerk can do to a complaint through a short form.
enum ComplaintAction: String, CaseIterable, Sendable {
    case assess, note, pause, transfer, escalate, respond, close, reopen, withdraw

    /// The form's title after the complaint's reference: `C-000012: respond`.
    var title: String {
        switch self {
        case .note: "add a note"
        case .pause: "pause for the customer"
        default: rawValue
        }
    }

    static func options<T>(_ values: [T], _ name: (T) -> String) -> [FormOption] {
        values.map { FormOption(name($0)) }
    }

    /// The fields, filled with what the complaint has now where that makes sense.
    func fields(for complaint: ComplaintView) -> [FormField] {
        switch self {
        case .assess:
            return [
                .choice(
                    "severity", "Severity", Self.options(Severity.allCases, \.name),
                    selected: complaint.severity.name),
                .choice(
                    "urgent", "Urgent", [FormOption("no"), FormOption("yes")],
                    selected: complaint.isUrgent ? "yes" : "no"),
            ]
        case .note:
            return [
                .text("text", "Note", .note),
                .choice(
                    "visible", "Seen by",
                    [
                        FormOption("staff", "staff only (internal)"),
                        FormOption("customer", "the customer too"),
                    ]),
            ]
        case .pause: return [.text("reason", "Waiting for", .reason)]
        case .transfer:
            return [
                .choice("category", "Category", []),
                .choice("clerk", "To clerk", []),
                .text("reason", "Reason", .reason),
            ]
        case .escalate, .reopen, .withdraw: return [.text("reason", "Reason", .reason)]
        case .respond:
            return [
                .choice("decision", "Decision", Self.options(Decision.allCases, \.name)),
                .text("reasons", "Reasons", .reasons),
                .text("remedy", "Remedy offered", .remedyOffered),
            ]
        case .close:
            return [
                .choice("acceptance", "Customer", Self.options(Acceptance.allCases, \.name)),
                .text("recourse", "Recourse", .recourse),
            ]
        }
    }

    /// The transfer form's categories: keep, or one the office has now.
    static func categoryOptions(_ office: OfficeConfiguration?) -> [FormOption] {
        [FormOption("", "(keep)")] + (office?.categories ?? []).map { FormOption($0.id, $0.title) }
    }

    /// The transfer form's clerks: keep, or one the desk knows (the roles, and those who have
    /// worked here).
    static func clerkOptions(_ state: DeskState) -> [FormOption] {
        [FormOption("", "(keep)")] + state.knownClerks.map { FormOption($0) }
    }

    /// The command the filled form stands for, against the revision the clerk saw.
    func command(_ f: DeskForm, id: ComplaintID, revision: UInt32) -> Command? {
        switch self {
        case .assess:
            guard let severity = Severity.allCases.first(where: { $0.name == f.value("severity") }) else {
                return nil
            }
            return .assess(id, revision: revision, severity: severity, urgent: f.value("urgent") == "yes")
        case .note:
            return .addNote(
                id, revision: revision, text: f.value("text"),
                customerVisible: f.value("visible") == "customer")
        case .pause: return .pause(id, revision: revision, reason: f.value("reason"))
        case .transfer:
            let category = f.value("category")
            let clerk = f.value("clerk")
            return .transfer(
                id, revision: revision, category: category.isEmpty ? nil : category,
                clerk: clerk.isEmpty ? nil : clerk,
                reason: f.value("reason"))
        case .escalate: return .escalate(id, revision: revision, reason: f.value("reason"))
        case .respond:
            guard let decision = Decision.allCases.first(where: { $0.name == f.value("decision") }) else {
                return nil
            }
            return .respond(
                id, revision: revision, decision: decision, reasons: f.value("reasons"),
                remedyOffered: f.value("remedy"))
        case .close:
            guard let acceptance = Acceptance.allCases.first(where: { $0.name == f.value("acceptance") })
            else {
                return nil
            }
            return .close(id, revision: revision, acceptance: acceptance, recourse: f.value("recourse"))
        case .reopen: return .reopen(id, revision: revision, reason: f.value("reason"))
        case .withdraw: return .withdraw(id, revision: revision, reason: f.value("reason"))
        }
    }
}

/// The short form for one action on one complaint. A refusal or a lost race keeps the form and
/// everything typed on screen, with the reason.
final class ComplaintActionView: FormView {
    let environment: DeskEnvironment
    let action: ComplaintAction
    let id: ComplaintID
    /// The complaint's revision the clerk last saw; a save against an older one is refused.
    private(set) var revision: UInt32
    var form: DeskForm

    init(environment: DeskEnvironment, action: ComplaintAction, complaint: ComplaintView) {
        self.environment = environment
        self.action = action
        id = complaint.id
        revision = complaint.revision
        form = DeskForm(title: "\(complaint.id): \(action.title)", fields: action.fields(for: complaint))
        reload()
    }

    var name: String { "\(id): \(action.title)" }
    var subtitle: [StyledSegment] { [StyledSegment(form.title, role: .title)] }
    var actions: ActionRegistry<ComplaintActionView, ViewEffect> { environment.keymaps.complaintAction }

    func reload() {
        if action == .transfer {
            form.offer(ComplaintAction.categoryOptions(environment.state.office), for: "category")
            form.offer(ComplaintAction.clerkOptions(environment.state), for: "clerk")
        }
    }

    func moveFocus(by step: Int) { form.move(by: step) }

    private func save() -> ViewEffect {
        reload()
        guard form.validateAll() else {
            environment.say("Not done: put right the field marked below.", .statusError)
            return .stay
        }
        guard let command = action.command(form, id: id, revision: revision) else { return .stay }
        if case .transfer(_, _, _, let clerk?, _) = command {
            do { try validateTransfer(toClerk: clerk, in: environment.state) } catch {
                _ = form.place(problem: error.message, field: "clerk")
                environment.say("Not done: put right the field marked below.", .statusError)
                return .stay
            }
        }
        switch environment.execute(command) {
        case .success:
            environment.say("Done: \(form.title).", .statusOK)
            return .back
        case .failure(let failure):
            if case .refused(let problem) = failure, problem.kind != .conflict,
                form.place(problem: problem.message, field: problem.field)
            {
                environment.say("Not done: put right the field marked below.", .statusError)
            } else if case .refused(let problem) = failure, problem.kind == .conflict,
                let latest = environment.state.complaint(id)
            {
                // The clerk has now been told what changed; saving again acts on the latest.
                revision = latest.revision
            }
            return .stay
        }
    }

    func draw(into buffer: inout ScreenBuffer, body: Range<Int>) { drawForm(into: &buffer, body: body) }

    static let actions: [Action<ComplaintActionView, ViewEffect>] =
        helpAndSave { $0.save() } + [cancel(saying: "Nothing was done.", discarded: "Nothing was done.")]
        + formKeys
}
