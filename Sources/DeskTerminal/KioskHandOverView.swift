import Desk
import DeskCore
import TerminalUI

/// How this desk hands a survey to the customer: its counter (`desk --counter NAME`, or
/// `DESK_COUNTER`), the clerk's PIN or password, and the terminal's raw mode.
public struct KioskSetup {
    /// The counter this desk serves at; nil: none, so `v` hands over this terminal.
    public var counter: String?
    /// Whether the clerk has set a PIN (`desk pin`): without one this terminal is not handed over.
    public var hasPIN: () -> Bool = { false }
    /// Checks the clerk's PIN, or login password, on the handed-over terminal.
    public var checkPIN: (String) -> Bool = { _ in false }
    /// Turns the terminal's keyboard signals on (the desk) or off (raw mode, the survey).
    public var keyboardSignals: (Bool) -> Void = { _ in }

    public init(counter: String? = nil) {
        self.counter = counter
    }
}

extension DetailView {
    /// Why the survey cannot be handed to the customer now: it comes after a response, once.
    static func notHandable(_ view: DetailView) -> String? {
        guard let c = view.complaint else { return "the complaint is not in the log" }
        if c.surveyed { return "this complaint has its survey already; one survey per complaint" }
        if c.firstRespondedAt == nil { return "the survey comes after a response" }
        return nil
    }

    /// `v`: with a counter, a choice between its kiosk and this terminal; without, this terminal.
    func handOverSurvey() -> ViewEffect {
        guard let c = complaint else { return .stay }
        if environment.kiosk.counter != nil {
            return .open(KioskChoiceView(environment: environment, complaint: c.id))
        }
        return KioskChoiceView.handOverThisTerminal(environment, c.id)
    }

    static let handOverAction = Action<DetailView, ViewEffect>(
        id: "kiosk", title: "Hand the survey to the customer (the counter's kiosk, or this terminal)",
        keys: .character("v"), permission: changing, disabledReason: notHandable
    ) { view, _ in view.handOverSurvey() }
}

/// Where `v` hands the survey: the kiosk at this desk's counter, or this terminal.
final class KioskChoiceView: DeskView {
    let environment: DeskEnvironment
    let id: ComplaintID

    init(environment: DeskEnvironment, complaint: ComplaintID) {
        self.environment = environment
        id = complaint
    }

    var counter: String { environment.kiosk.counter ?? "" }
    var name: String { "\(id): hand the survey over" }
    var subtitle: [StyledSegment] { [StyledSegment("\(id): hand the survey to the customer", role: .title)] }

    func reload() {}

    func handle(_ key: Key) -> ViewEffect {
        switch key {
        case .character("k"): return toKiosk()
        case .character("t"): return Self.handOverThisTerminal(environment, id)
        case .escape, .function(10), .character("q"):
            environment.say("Nothing was handed over.", .statusInfo)
            return .back
        case .function(1), .character("?"): return .help
        default: return .stay
        }
    }

    /// Records the hand-over to the kiosk at this desk's counter; the kiosk following the log
    /// shows the survey within a second.
    private func toKiosk() -> ViewEffect {
        let command = Command.offerSurvey(id, channel: .kiosk, counter: counter)
        guard case .success = environment.execute(command) else { return .stay }
        environment.say(
            "Handed \(id)'s survey to the kiosk at counter \(counter): it shows the survey now.", .statusOK)
        return .back
    }

    /// Records the hand-over (no counter: this terminal) and turns this terminal over, when the
    /// clerk has a PIN to take it back with.
    static func handOverThisTerminal(_ environment: DeskEnvironment, _ id: ComplaintID) -> ViewEffect {
        guard environment.kiosk.hasPIN() else {
            environment.say(
                "Not handed over: set your PIN first with `desk pin` — it is how you take this terminal back.",
                .statusWarning)
            return .stay
        }
        guard case .success = environment.execute(.offerSurvey(id, channel: .kiosk)) else { return .stay }
        return .handOver(id)
    }

    func draw(into buffer: inout ScreenBuffer, body: Range<Int>) {
        let lines: [(String, Role)] = [
            ("Who shows the customer the survey of \(id)?", .title),
            ("", .text),
            ("k   the kiosk at counter \(counter) (it shows the survey within a second)", .text),
            ("t   this terminal: the customer answers here; your PIN or password gets it back", .text),
            ("Esc  neither", .text),
        ]
        for (offset, line) in lines.enumerated() where body.lowerBound + 1 + offset < body.upperBound {
            buffer.put(
                line.0, row: body.lowerBound + 1 + offset, column: 2, role: line.1,
                maxColumns: buffer.columns - 4)
        }
    }

    func keyBar(width: Int) -> [StyledSegment] {
        [
            StyledSegment(" k", role: .keyBarKey), StyledSegment(" Kiosk  ", role: .keyBar),
            StyledSegment("t", role: .keyBarKey), StyledSegment(" This terminal  ", role: .keyBar),
            StyledSegment("Esc", role: .keyBarKey), StyledSegment(" Cancel", role: .keyBar),
        ]
    }

    func helpEntries() -> [HelpEntry] {
        [
            HelpEntry(keys: "k", title: "Hand the survey to the kiosk at counter \(counter)"),
            HelpEntry(
                keys: "t", title: "Hand this terminal to the customer (back with your PIN or password)"),
            HelpEntry(keys: "Esc F10 q", title: "Hand nothing over"),
        ]
    }
}
