import ArgumentParser
import Desk

/// `desk watch`: the live board, read-only and masked, for supervisors and anyone watching.
struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The live board, read-only: the queue and each service standard's figures.",
        discussion: """
            Nothing here changes anything: the board opens the log read-only and binds no action that \
            would, whatever the account's role. Customers are masked: initials only, no contact \
            data, no details, notes or reasons; the full desk is where personal data is read. Safe \
            to leave running over SSH, on a screen others can see.

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
