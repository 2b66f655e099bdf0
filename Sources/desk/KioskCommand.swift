import ArgumentParser
import Desk
import DeskCore
import DeskTerminal
import Foundation
import TerminalUI

/// `desk kiosk --counter NAME`: the customer-facing survey screen at a counter.
struct KioskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk",
        abstract:
            "The customer survey kiosk at a counter: posted standards while idle, the survey when handed over.",
        discussion: """
            Run it on the terminal that faces the customer, under an account that is a clerk in the roles published \
            in the log (it records the customer's answers, channel kiosk, under that account). While idle it shows the \
            standards in force; when a clerk whose desk runs with the same counter (desk --counter NAME, or \
            $DESK_COUNTER) presses v on a complaint and chooses the kiosk, it shows that complaint's A-11 survey: \
            each statement answered 1–5 by digit, or by ← → then Enter (Space leaves one unanswered), an optional \
            comment, a thank-you, then a neutral screen with no data, then the standards again. After the quiet \
            timeout with no key the survey ends unrecorded on the neutral screen. The terminal runs in raw mode: \
            every other key, Esc, q, F-keys, Ctrl-C, Ctrl-Z and Ctrl-\\ included, is ignored. Stop it from elsewhere \
            (kill -TERM, or close its terminal).

            Example:
              desk kiosk --counter c1 --data /var/lib/desk
            """
    )

    @OptionGroup var options: DataOptions

    @Option(
        name: .long, help: ArgumentHelp("The counter this kiosk faces the customer at.", valueName: "NAME"))
    var counter: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds without a key before the survey clears (15–1800; else [kiosk] quiet_timeout, else 120).",
            valueName: "SECONDS"))
    var quietTimeout: Int?

    @Option(name: .long, help: ArgumentHelp("The colour theme (a file in themes/).", valueName: "NAME"))
    var theme: String?

    func validate() throws {
        if let problem = KioskCounter.problem(counter) { throw ValidationError("--\(problem)") }
        if let quietTimeout, !OfficeConfiguration.kioskQuietTimeoutBounds.contains(quietTimeout) {
            throw ValidationError("--quiet-timeout: \(quietTimeout) is outside 15–1800 seconds")
        }
    }

    func run() throws {
        ensureUTF8Locale()
        let session: DeskSession
        do {
            session = try DeskSession.open(options.directory, access: .readWrite)
        } catch {
            printError("desk kiosk: \(error)")
            throw ExitCode(error.exitCode)
        }
        guard session.role >= .clerk else {
            printError(
                "desk kiosk: \(session.identity.user) is a \(session.role.rawValue) at this desk and may not record the customer's answers; run the kiosk under an account the published roles make a clerk (README, \"The survey kiosk\")"
            )
            throw ExitCode(77)
        }
        if let problem = terminalProblem(environment: ProcessInfo.processInfo.environment) {
            printError("desk kiosk: \(problem). The kiosk needs a full-screen terminal.")
            throw ExitCode(64)
        }
        let (loaded, _) = loadTheme(explicit: theme, session: session, command: "desk kiosk")
        let watcher = session.makeWatcher()
        let kiosk = KioskScreen(
            desk: SessionDesk(session: session), counter: counter, quietTimeoutSeconds: quietTimeout)
        let terminal = CursesTerminal(theme: loaded)
        terminal.keyboardSignals = false
        terminal.run(
            WakingKiosk(kiosk, drain: { watcher.drain() }),
            options: TerminalLoopOptions(wakeUpDescriptor: watcher.descriptor, tickInterval: .seconds(1)))
        withExtendedLifetime(watcher) {}
    }
}

/// The kiosk, emptying the log watcher's descriptor before it catches up.
final class WakingKiosk: TerminalApplication {
    let kiosk: KioskScreen
    let drain: () -> Void

    init(_ kiosk: KioskScreen, drain: @escaping () -> Void) {
        self.kiosk = kiosk
        self.drain = drain
    }

    func render(size: ScreenSize) -> ScreenBuffer { kiosk.render(size: size) }
    func handle(_ key: Key) -> LoopDecision { kiosk.handle(key) }
    func wakeUp() -> LoopDecision {
        drain()
        return kiosk.wakeUp()
    }
    func tick() -> LoopDecision { kiosk.tick() }
}

/// The counter from `--counter`, else `DESK_COUNTER`; nil when neither is set.
func kioskCounter(option: String?) throws -> String? {
    let given =
        option ?? ProcessInfo.processInfo.environment["DESK_COUNTER"].flatMap { $0.isEmpty ? nil : $0 }
    guard let given else { return nil }
    if let problem = KioskCounter.problem(given) {
        printError("desk: \(option == nil ? "DESK_COUNTER: " : "--")\(problem)")
        throw ExitCode(64)
    }
    return given
}

/// What the desk needs to hand a survey to the customer: the counter, the clerk's PIN or login
/// password, raw mode.
func kioskSetup(session: DeskSession, counter: String?, terminal: CursesTerminal) -> KioskSetup {
    let pins = KioskPins(directory: session.directory)
    let user = session.identity.user
    var setup = KioskSetup(counter: counter)
    setup.hasPIN = { pins.hasPIN(for: user) }
    // The PIN, else the clerk's own login password through PAM.
    setup.checkPIN = { pins.check($0, for: user) || LoginPassword.check($0, for: user) }
    setup.keyboardSignals = { terminal.keyboardSignals = $0 }
    return setup
}
