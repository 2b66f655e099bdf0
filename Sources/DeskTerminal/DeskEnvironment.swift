import Desk
import DeskCore
import TerminalUI

/// One line the desk said to the person at it, kept so a long or missed one can be read again.
public struct DeskMessage: Hashable, Sendable {
    public var text: String
    public var role: Role
    /// The office's local time it was said, `14:30`.
    public var time: String
}

/// What every view shares: the desk, who is at it, the messages, and the way commands run.
///
/// Views hold it; the router owns it. Nothing here draws.
public final class DeskEnvironment {
    public let desk: DeskBackend
    /// The supervisors' live board (`desk watch`): read-only, whatever the account's role.
    public let isBoard: Bool
    public let keymaps: DeskKeymaps
    /// The size of the last frame drawn (views page by it).
    public internal(set) var size = ScreenSize.minimum
    /// The message line, if something was said since the last action.
    public private(set) var message: DeskMessage?
    /// The last messages, oldest first (at most ``historyLimit``).
    public private(set) var history: [DeskMessage] = []
    /// Counts what was said, so the router can tell whether a key said anything.
    private(set) var said = 0
    /// Why the last attempt to read the log failed; shown on the alarm line until a read succeeds.
    var readFailure: String?
    /// What the terminal can show charts in (the dashboard's trend).
    public var repertoire = Repertoire.unicode
    /// The clerk's counter and PIN, for handing the survey to the customer (`v`).
    public var kiosk = KioskSetup()
    /// Where report and receipt files go (``ReportFiles``: `~/desk-reports`, or `--reports-dir`).
    public var reportFiles: ReportFiles

    static let historyLimit = 50

    public init(desk: DeskBackend, isBoard: Bool) throws(ActionTableError) {
        self.desk = desk
        self.isBoard = isBoard
        reportFiles = ReportFiles(
            directory: ReportFiles.defaultDirectory(), dataDirectory: desk.dataDirectoryPath)
        let role = isBoard ? DeskRole.viewer : desk.role
        keymaps = try DeskKeymaps(role: role)
    }

    /// The role the desk acts with here: the header and the help both say this one.
    public var role: DeskRole { isBoard ? .viewer : desk.role }
    /// The board masks customers on every view it reaches; the desk shows them whole.
    public var privacy: CustomerPrivacy { isBoard ? .masked : .shown }
    public var state: DeskState { desk.state }
    public var now: Timestamp { desk.now }
    public var calendar: BusinessCalendar? { desk.state.office?.calendar }
    /// What is wrong with the record (shown on every screen), if anything: the log's alarms, a
    /// failed read, a host clock behind the log, a standard outside the bounds.
    public var alarm: String? {
        if let alarm = desk.alarmText ?? readFailure { return alarm }
        let warnings = desk.state.warnings(now: now)
        return warnings.isEmpty ? nil : warnings.joined(separator: " | ")
    }

    public func say(_ text: String, _ role: Role = .statusInfo) {
        let said = DeskMessage(
            text: text, role: role, time: String(DeskFormat.time(now, calendar: calendar).suffix(5)))
        message = said
        self.said += 1
        history.append(said)
        if history.count > Self.historyLimit { history.removeFirst(history.count - Self.historyLimit) }
    }

    public func clearMessage() { message = nil }

    /// Runs a command; a refusal or conflict is said in plain words and the desk catches up so the
    /// screen shows the latest. The caller decides what happens to its form.
    public func execute(_ command: Command) -> Result<[RecordedEvent], DeskFailure> {
        do {
            return .success(try desk.execute(command))
        } catch {
            if case .refused(let problem) = error, problem.kind == .conflict {
                say(
                    "Not done — someone else changed it first: \(problem.message). The screen shows the latest now.",
                    .statusWarning)
            } else {
                say("Not done: \(error.description)", .statusError)
            }
            catchUp()
            return .failure(error)
        }
    }

    /// Reads what other processes appended; true when anything arrived. A failed read stays on
    /// the alarm line until a later read succeeds.
    @discardableResult
    public func catchUp() -> Bool {
        do {
            let arrived = try desk.catchUp()
            readFailure = nil
            return arrived > 0
        } catch {
            readFailure = "CANNOT READ THE LOG: \(error.description)"
            return false
        }
    }
}

/// Every view's action table, bound once for the role at the desk (a table mistake is found
/// at start-up, not at the first key press).
public struct DeskKeymaps {
    let role: DeskRole
    let global: ActionRegistry<DeskRouter, ViewEffect>
    let queue: ActionRegistry<QueueView, ViewEffect>
    let queueSearch: ActionRegistry<QueueView, ViewEffect>
    let detail: ActionRegistry<DetailView, ViewEffect>
    let intake: ActionRegistry<IntakeView, ViewEffect>
    let complaintAction: ActionRegistry<ComplaintActionView, ViewEffect>
    let receipt: ActionRegistry<ReceiptView, ViewEffect>
    let help: ActionRegistry<HelpView, ViewEffect>
    let confirm: ActionRegistry<ConfirmView, ViewEffect>
    let messages: ActionRegistry<MessagesView, ViewEffect>
    let dashboard: ActionRegistry<DashboardView, ViewEffect>
    let dashboardPeriod: ActionRegistry<DashboardView, ViewEffect>
    let ideas: ActionRegistry<StaffIdeasView, ViewEffect>
    let ideaForm: ActionRegistry<StaffIdeaFormView, ViewEffect>
    let surveyForm: ActionRegistry<SurveyAnswersView, ViewEffect>

    init(role: DeskRole) throws(ActionTableError) {
        self.role = role
        let permits = { (needed: String) in DeskRole(rawValue: needed).map { role >= $0 } ?? false }
        global = try ActionRegistry(DeskRouter.actions, permits: permits)
        queue = try ActionRegistry(QueueView.actions, permits: permits)
        queueSearch = try ActionRegistry(QueueView.searchActions, permits: permits)
        detail = try ActionRegistry(DetailView.actions, permits: permits)
        intake = try ActionRegistry(IntakeView.actions, permits: permits)
        complaintAction = try ActionRegistry(ComplaintActionView.actions, permits: permits)
        receipt = try ActionRegistry(ReceiptView.actions, permits: permits)
        help = try ActionRegistry(HelpView.actions, permits: permits)
        confirm = try ActionRegistry(ConfirmView.actions, permits: permits)
        messages = try ActionRegistry(MessagesView.actions, permits: permits)
        dashboard = try ActionRegistry(DashboardView.actions, permits: permits)
        dashboardPeriod = try ActionRegistry(DashboardView.periodActions, permits: permits)
        ideas = try ActionRegistry(StaffIdeasView.actions, permits: permits)
        ideaForm = try ActionRegistry(StaffIdeaFormView.actions, permits: permits)
        surveyForm = try ActionRegistry(SurveyAnswersView.actions, permits: permits)
    }
}

/// What a view asks of the router after a key.
public enum ViewEffect {
    /// Nothing beyond what the view changed in itself.
    case stay
    /// Opens a view on top of this one.
    case open(any DeskView)
    /// Closes this many views (1: back to the one below).
    case close(Int)
    /// Replaces this view with another (the receipt after a saved intake form).
    case replace(any DeskView)
    /// Opens the help for this view.
    case help
    case quit
    /// Hands this terminal to the customer for the complaint's survey (the kiosk screen, until
    /// the clerk's PIN or password).
    case handOver(ComplaintID)

    public static var back: ViewEffect { .close(1) }
}

/// One screen of the desk. It owns its state, turns keys into effects, loads what it shows when
/// it opens or when the log moves on (``reload()``), and draws its body without side effects.
public protocol DeskView: AnyObject {
    /// The screen's name in help titles: `queue`, `complaint C-000012`.
    var name: String { get }
    /// Row 1, when no alarm takes it.
    var subtitle: [StyledSegment] { get }
    /// Loads what the view shows from the desk. Called when it comes on top, when the log moved
    /// on, and each minute (clocks). Never called while drawing.
    func reload()
    /// Draws the body rows; may set the buffer's cursor. No side effects.
    func draw(into buffer: inout ScreenBuffer, body: Range<Int>)
    /// Where the body is in a longer list (`1–20 of 31`), shown at the right of row 1.
    func position(body: Range<Int>) -> String?
    func handle(_ key: Key) -> ViewEffect
    func keyBar(width: Int) -> [StyledSegment]
    func helpEntries() -> [HelpEntry]
    /// Lines the help screen adds after the keys (what a mark on screen means).
    var helpNotes: [String] { get }
    /// Whether a reload was held back to spare the processor (`RecomputeBudget`): the next tick
    /// reloads it even when nothing new arrived.
    var owesReload: Bool { get }
}

extension DeskView {
    public var owesReload: Bool { false }
    public func position(body: Range<Int>) -> String? { nil }
    public var helpNotes: [String] { [] }
}

/// A view whose keys all go through one action registry (which may change with its mode).
protocol ActionView: DeskView {
    var environment: DeskEnvironment { get }
    var actions: ActionRegistry<Self, ViewEffect> { get }
}

extension ActionView {
    func handle(_ key: Key) -> ViewEffect {
        switch actions.dispatch(key, on: self) {
        case .performed(let effect): return effect
        case .disabled(_, let reason):
            environment.say("Not now: \(reason).", .statusWarning)
            return .stay
        case .unbound: return .stay
        }
    }

    func keyBar(width: Int) -> [StyledSegment] { actions.keyBar(width: width, on: self) }
    func helpEntries() -> [HelpEntry] { actions.helpEntries(on: self) }
}

/// The permission word for actions that change the record (clerks and supervisors).
let changing = DeskRole.clerk.rawValue
