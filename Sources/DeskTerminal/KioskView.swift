import Desk
import DeskCore
import Foundation
import TerminalUI

/// The survey screen the customer sees: the A-11 §280 statements one at a time, 1–5 each, an
/// optional comment, a thank-you, then a neutral screen with no data.
///
/// Two setups. A customer-facing kiosk (`desk kiosk --counter NAME`) shows the posted standards
/// while idle and starts the survey when a clerk at its counter hands a complaint over (a
/// `surveyOffered` event on channel kiosk naming the counter, read from the log it follows). A
/// clerk's own terminal handed over (`v` at a counter with one terminal) starts on the survey and
/// returns to the desk only when the clerk's PIN or login password is typed on the neutral screen.
///
/// Every key but the survey's own (1–5, ← →, Enter, Space, Backspace, and typing in the
/// comment) is ignored; the terminal runs in raw mode, so Ctrl-C, Ctrl-Z and Ctrl-\ are keys
/// here, not signals. The screen is a pure function of its state and the desk's clock.
public final class KioskScreen: TerminalApplication {
    public enum Mode: Equatable, Sendable {
        /// The posted standards (a kiosk only).
        case idle
        /// Statement `n` of ``KioskScreen/drivers``.
        case statement(Int)
        case comment
        case thanks
        /// No data: after a survey, or when the customer went quiet.
        case neutral
    }

    /// The statements, in the order A-11 §280 lists them.
    public static let drivers = SurveyDriver.allCases
    /// How long the thank-you and (on a kiosk) the neutral screen stay.
    public static let thanksSeconds: Int64 = 6
    public static let neutralSeconds: Int64 = 6

    let desk: DeskBackend
    /// The kiosk's counter; nil for a clerk's terminal handed over.
    public let counter: String?
    /// No key from the customer for this long ends the survey (nothing is recorded).
    public var quietTimeoutSeconds: Int
    /// Checks the clerk's PIN or login password (a handed-over terminal only).
    let unlock: ((String) -> Bool)?
    /// Called once the right PIN or password was typed: the desk takes its terminal back.
    var onUnlock: () -> Void = {}

    public private(set) var mode: Mode
    /// The complaint whose survey is on screen (or was, until idle).
    public private(set) var complaint: ComplaintID?
    private var answers = [Int?](repeating: nil, count: KioskScreen.drivers.count)
    /// The answer chosen on the statement on screen, before Enter.
    private(set) var choice: Int?
    private(set) var comment = LineEditor(maxLength: TextField.surveyText.maxLength)
    /// When the customer last pressed a key, or the screen last changed by itself.
    private var lastActivity: Timestamp
    /// The hand-over last taken (its log position), so it is shown once.
    private var takenPosition: UInt64 = 0
    /// A hand-over older than this (the kiosk's start less the quiet timeout) is stale.
    private let startedAt: Timestamp
    /// The PIN or password typed so far on a handed-over terminal's neutral screen.
    private var pin = ""
    private(set) var pinRefused = false
    /// Why the last survey could not be recorded (never shown to the customer).
    public private(set) var lastProblem: String?

    /// A kiosk at `counter` (idle until a hand-over), or, with `handedOver`, a clerk's terminal
    /// showing that complaint's survey at once.
    public init(
        desk: DeskBackend, counter: String?, quietTimeoutSeconds: Int? = nil, handedOver: ComplaintID? = nil,
        unlock: ((String) -> Bool)? = nil
    ) {
        self.desk = desk
        self.counter = counter
        self.quietTimeoutSeconds =
            quietTimeoutSeconds ?? desk.state.office?.kioskQuietTimeoutSeconds
            ?? OfficeConfiguration.defaultKioskQuietTimeoutSeconds
        self.unlock = unlock
        startedAt = desk.now
        lastActivity = desk.now
        if let handedOver {
            complaint = handedOver
            mode = .statement(0)
        } else {
            mode = .idle
            if let counter, let pending = desk.state.pendingKioskHandOver(counter: counter) {
                // Taken only if it is fresh: a kiosk started later shows no old customer's survey.
                if pending.at.milliseconds < startedAt.milliseconds - Int64(self.quietTimeoutSeconds) * 1000 {
                    takenPosition = pending.position
                }
            }
            followHandOvers()
        }
    }

    public var isHandedOverTerminal: Bool { counter == nil }
    var office: String { desk.state.office?.name ?? desk.officeName }

    // MARK: TerminalApplication

    public func handle(_ key: Key) -> LoopDecision {
        switch mode {
        case .idle, .thanks:
            break
        case .neutral:
            if isHandedOverTerminal { enterPIN(key) }
        case .statement(let index):
            answer(key, statement: index)
        case .comment:
            type(key)
        }
        return .keepRunning
    }

    public func wakeUp() -> LoopDecision {
        _ = try? desk.catchUp()
        followHandOvers()
        return .keepRunning
    }

    public func tick() -> LoopDecision {
        _ = try? desk.catchUp()
        let quiet = desk.now.milliseconds - lastActivity.milliseconds
        switch mode {
        case .statement, .comment:
            if quiet >= Int64(quietTimeoutSeconds) * 1000 { show(.neutral) }
        case .thanks:
            if quiet >= Self.thanksSeconds * 1000 { show(.neutral) }
        case .neutral:
            if !isHandedOverTerminal, quiet >= Self.neutralSeconds * 1000 { show(.idle) }
            if isHandedOverTerminal, !pin.isEmpty, quiet >= Int64(quietTimeoutSeconds) * 1000 { pin = "" }
        case .idle:
            break
        }
        followHandOvers()
        return .keepRunning
    }

    // MARK: Moving on

    private func show(_ next: Mode) {
        mode = next
        lastActivity = desk.now
        choice = nil
        pin = ""
        pinRefused = false
        if next == .idle || next == .neutral {
            // Nothing of the last customer stays in memory for the next screen.
            answers = [Int?](repeating: nil, count: Self.drivers.count)
            comment = LineEditor(maxLength: TextField.surveyText.maxLength)
        }
        if next == .idle { complaint = nil }
    }

    /// On an idle kiosk: the newest unanswered hand-over to this counter not shown yet starts
    /// the survey.
    private func followHandOvers() {
        guard mode == .idle, let counter, let pending = desk.state.pendingKioskHandOver(counter: counter),
            pending.position > takenPosition
        else { return }
        takenPosition = pending.position
        complaint = pending.complaint
        show(.statement(0))
    }

    private func answer(_ key: Key, statement index: Int) {
        switch key {
        case .character(let c) where ("1"..."5").contains(c):
            choice = Int(String(c))
        case .left: choice = max(1, (choice ?? 4) - 1)
        case .right: choice = min(5, (choice ?? 2) + 1)
        case .enter:
            guard let choice else { return }
            answers[index] = choice
            advance(from: index)
        case .character(" "):
            answers[index] = nil
            advance(from: index)
        case .backspace where index > 0:
            mode = .statement(index - 1)
            choice = answers[index - 1]
        default:
            return
        }
        lastActivity = desk.now
    }

    private func advance(from index: Int) {
        mode = index + 1 < Self.drivers.count ? .statement(index + 1) : .comment
        choice = index + 1 < Self.drivers.count ? answers[index + 1] : nil
    }

    private func type(_ key: Key) {
        switch key {
        case .enter:
            record()
            show(.thanks)
            return
        case .backspace where comment.count == 0:
            mode = .statement(Self.drivers.count - 1)
            choice = answers[Self.drivers.count - 1]
        case .character, .backspace, .delete, .left, .right, .home, .end:
            comment.handle(key)
        default:
            return
        }
        lastActivity = desk.now
    }

    /// Records the answers as the customer's, channel kiosk, answered now.
    private func record() {
        guard let complaint else { return }
        var survey = SurveyAnswers(answeredAt: desk.now)
        for (index, driver) in Self.drivers.enumerated() { survey[driver] = answers[index] }
        let text = comment.text.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty { survey.freeText = [text] }
        guard survey.scores.contains(where: { $0 != 0 }) || !survey.freeText.isEmpty else {
            lastProblem = "nothing was answered"
            return
        }
        do {
            _ = try desk.execute(.recordSurvey(complaint, channel: .kiosk, answers: survey))
            lastProblem = nil
        } catch {
            lastProblem = error.description
        }
    }

    private func enterPIN(_ key: Key) {
        switch key {
        case .character(let c):
            // A PIN, or the clerk's login password: any printable text, never shown.
            if pin.count < Self.longestUnlock { pin.append(c) }
            pinRefused = false
        case .backspace:
            if !pin.isEmpty { pin.removeLast() }
        case .enter:
            guard !pin.isEmpty else { return }
            let typed = pin
            pin = ""
            if unlock?(typed) == true {
                onUnlock()
            } else {
                pinRefused = true
            }
        default:
            return
        }
        lastActivity = desk.now
    }

    /// The PIN or password typed so far, as dots.
    var pinDots: String { String(repeating: "•", count: pin.count) }

    /// The longest PIN or password the unlock takes.
    static let longestUnlock = 128
}
