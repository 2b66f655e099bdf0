import ArgumentParser
import Desk

/// `desk watch`: the supervisors' live board, read-only.
struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The live board, read-only: the queue and each service standard's figures.",
        discussion: """
            Nothing here changes anything: the board opens the log read-only and binds no action that \
            would. Safe to leave running over SSH.

            Example:
              desk watch --data /var/lib/desk
            """
    )

    @OptionGroup var options: DataOptions

    @Option(name: .long, help: ArgumentHelp("The colour theme (a file in themes/).", valueName: "NAME"))
    var theme: String?

    func run() throws {
        try runDesk(directory: options.directory, theme: theme, access: .readOnly)
    }
}
