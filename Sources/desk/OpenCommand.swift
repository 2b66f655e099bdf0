import ArgumentParser
import Desk
import DeskCore
import DeskTerminal
import EventLog
import Foundation
import TerminalUI

/// `desk [--data DIR] [--theme NAME]`: the full desk in the terminal, opening on the queue.
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the desk in the terminal (the default): queue, intake form, complaint detail, live.",
        discussion: """
            Keys are shown in the bottom bar; ? or F1 lists them all. What other desks do appears at once.

            --counter (else $DESK_COUNTER) names the counter this desk serves at: `v` on a complaint's detail \
            view then offers to hand its survey to the kiosk at that counter (`desk kiosk --counter NAME`) or to \
            this terminal. Without a counter, `v` hands over this terminal. A handed-over terminal comes back only \
            with the clerk's PIN (set with `desk pin`, which handing over needs) or login password.

            Example:
              desk --data /var/lib/desk --theme high-contrast
              desk --counter c1
            """
    )

    @OptionGroup var options: DataOptions

    @Option(name: .long, help: ArgumentHelp("The colour theme (a file in themes/).", valueName: "NAME"))
    var theme: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The counter this desk serves at (else $DESK_COUNTER): `v` can hand a survey to its kiosk.",
            valueName: "NAME"))
    var counter: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where report and receipt files go (default: desk-reports in your home directory).",
            valueName: "DIR"),
        completion: .directory)
    var reportsDir: String?

    func run() throws {
        let counter = try kioskCounter(option: counter)
        try runDesk(
            directory: options.directory, theme: theme, access: .readWrite, counter: counter,
            reportsDirectory: reportsDir)
    }
}

/// Opens the session and runs the terminal loop until the clerk leaves.
func runDesk(
    directory: DataDirectory, theme explicitTheme: String?, access: EventLog.Access, counter: String? = nil,
    reportsDirectory: String? = nil
) throws {
    ensureUTF8Locale()
    if let problem = terminalProblem(environment: ProcessInfo.processInfo.environment) {
        printError(
            "desk: \(problem). The desk needs a full-screen terminal; for a text summary use `desk status` "
                + "(or `desk status --json`).")
        throw ExitCode(64)
    }
    let session: DeskSession
    do {
        session = try DeskSession.open(directory, access: access, showsProgress: true)
    } catch {
        printError("desk: \(error)")
        throw ExitCode(error.exitCode)
    }
    let (theme, problems) = loadTheme(explicit: explicitTheme, session: session, command: "desk")
    // Said on the first screen too: standard error is hidden behind the full-screen desk.
    var notices = problems.map { "Theme: \($0) — using the default theme." }
    if let first = session.configuration.problems.first {
        let count = session.configuration.problems.count
        notices.append(
            "desk.toml cannot be used (\(count == 1 ? "1 problem" : "\(count) problems"), first: \(first)); running on the configuration published in the log. `desk config check` lists them."
        )
    }
    let watcher = session.makeWatcher()
    let desk = SessionDesk(session: session)
    let application = try DeskRouter(
        desk: desk, isBoard: access == .readOnly, notices: notices, drainWakeUp: { watcher.drain() })
    application.environment.repertoire = Repertoire.of(environment: ProcessInfo.processInfo.environment)
    if let reportsDirectory {
        application.environment.reportFiles.directory =
            URL(fileURLWithPath: reportsDirectory).standardizedFileURL.path
    }
    let terminal = CursesTerminal(theme: theme)
    application.environment.kiosk = kioskSetup(session: session, counter: counter, terminal: terminal)
    // A save that waits for another desk's write says so on screen while it waits.
    session.lockWaiting = { [weak application] message in
        guard let application else { return }
        application.environment.say(message, .statusWarning)
        terminal.showNow(application)
    }
    terminal.run(
        application,
        options: TerminalLoopOptions(wakeUpDescriptor: watcher.descriptor, tickInterval: .seconds(1)))
    withExtendedLifetime(watcher) {}
}

/// The theme a full-screen command uses: `--theme`, else desk.toml's, else the environment's
/// choice, from the installed catalogue; each problem with it is said on standard error as
/// "COMMAND: theme: …" and returned (the default theme stands in).
func loadTheme(explicit: String?, session: DeskSession, command: String) -> (Theme, problems: [ThemeProblem])
{
    let name = chooseThemeName(
        explicit: explicit, configured: session.configuration.theme,
        environment: ProcessInfo.processInfo.environment)
    let (theme, problems) = ThemeCatalog.standard().load(named: name)
    for problem in problems { printError("\(command): theme: \(problem)") }
    return (theme, problems)
}
