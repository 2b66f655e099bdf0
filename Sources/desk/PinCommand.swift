import ArgumentParser
import Desk
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `desk pin`: the clerk's PIN that takes back a terminal handed to a customer.
struct PinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract:
            "Set your PIN, which takes back your terminal after you hand it to a customer for the survey.",
        discussion: """
            Asks for the PIN twice without showing it (on a terminal), or reads one line from standard input. A PIN \
            is 4 to 12 digits. It is kept for your account in DATA/kiosk-pins (mode 0660, written only by desk) as a \
            salted PBKDF2-SHA256 hash, never in the log; setting it again replaces it. A clerk with no PIN cannot hand \
            over their own terminal; one with a PIN takes it back with the PIN or their login password.

            Example:
              desk pin
              echo 4821 | desk pin --data /var/lib/desk
            """
    )

    @OptionGroup var options: DataOptions

    func run() throws {
        let pin: String
        if isatty(0) != 0 {
            guard let first = readHidden("New PIN (4–12 digits): ") else { throw ExitCode(64) }
            if let problem = KioskPins.problem(first) {
                printError("desk pin: \(problem)")
                throw ExitCode(65)
            }
            guard let second = readHidden("The same PIN again: ") else { throw ExitCode(64) }
            guard first == second else {
                printError("desk pin: the two PINs differ; nothing was changed")
                throw ExitCode(65)
            }
            pin = first
        } else {
            pin = (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces)
        }
        try reportingFailures("pin") { () throws(DeskFailure) in
            try Privilege.check(options.directory)
            // The desk must exist and this account must be at it (a viewer hands nothing over).
            let session = try DeskSession.open(
                options.directory, access: .readOnly, verifyChainInBackground: false)
            try KioskPins(directory: options.directory).set(pin, for: session.identity.user)
        }
        print("desk pin: your PIN is set; it takes back your terminal after a survey (v, then t).")
    }

    /// A line typed with echo off; nil at end of input.
    private func readHidden(_ prompt: String) -> String? {
        var saved = termios()
        let haveModes = tcgetattr(0, &saved) == 0
        if haveModes {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSAFLUSH, &quiet)
        }
        FileHandle.standardError.write(Data(prompt.utf8))
        let line = readLine(strippingNewline: true)
        if haveModes { tcsetattr(0, TCSAFLUSH, &saved) }
        FileHandle.standardError.write(Data("\n".utf8))
        return line
    }
}
