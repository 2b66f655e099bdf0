import ArgumentParser
import Desk
import DeskCore

struct IdeaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idea",
        abstract: "Raise a staff barrier or idea (anonymously if you wish), or change one's status.",
        discussion: """
            Any clerk raises one and gets its reference (S-0001) on standard output. With --anonymous no account \
            is recorded for it anywhere, not even in the log. Only a supervisor changes a status (exit 77 for \
            anyone else): submitted, under_review, adopted, declined or done, with an optional note.

            Example:
              desk idea --barrier --anonymous "The queue ticket printer jams every morning"
              desk idea --status S-0001 under_review --note "Ordered a new printer"
            """
    )

    @OptionGroup var options: DataOptions

    @Flag(help: "A barrier (something in the way of serving the public) rather than an idea.")
    var barrier = false

    @Flag(help: "Record no account for it, not even in the log.")
    var anonymous = false

    @Option(
        name: .customLong("status"),
        help: ArgumentHelp("Change the status of this barrier or idea (supervisors).", valueName: "ID"))
    var statusOf: String?

    @Option(help: ArgumentHelp("The supervisor's note with a status change.", valueName: "TEXT"))
    var note: String?

    @Argument(
        help: ArgumentHelp("The barrier or idea in words; with --status, the new STATUS.", valueName: "TEXT"))
    var words: [String] = []

    func validate() throws {
        if let statusOf {
            guard StaffIdeaID(statusOf) != nil else {
                throw ValidationError("--status: \"\(statusOf)\" is not a reference such as S-0001")
            }
            guard !barrier, !anonymous else {
                throw ValidationError("--barrier and --anonymous are for raising one, not with --status")
            }
            let accepted = StaffIdeaStatus.allCases.map(\.key).joined(separator: ", ")
            guard words.count == 1, StaffIdeaStatus.allCases.contains(where: { $0.key == words[0] }) else {
                throw ValidationError(
                    "--status \(statusOf) needs one STATUS after it: \(accepted) (got \(words.isEmpty ? "none" : "\"\(words.joined(separator: " "))\""))"
                )
            }
        } else {
            guard note == nil else { throw ValidationError("--note goes with --status ID STATUS") }
            guard !words.joined().allSatisfy(\.isWhitespace) else {
                throw ValidationError(
                    "say what the barrier or idea is, e.g. desk idea \"Forms run out by noon\"")
            }
        }
    }

    func run() throws {
        let command: Command
        if let statusOf, let id = StaffIdeaID(statusOf),
            let status = StaffIdeaStatus.allCases.first(where: { $0.key == words.first })
        {
            command = .changeStaffIdeaStatus(id, status: status, note: note ?? "")
        } else {
            command = .submitStaffIdea(
                kind: barrier ? .barrier : .idea, text: words.joined(separator: " "), anonymous: anonymous)
        }
        let events = try reportingFailures("idea") { () throws(DeskFailure) -> [RecordedEvent] in
            let session = try DeskSession.open(
                options.directory, access: .readWrite, verifyChainInBackground: false)
            session.lockWaiting = { printError("desk idea: \($0)") }
            return try session.execute(command)
        }
        var output = OutputBuffer()
        for recorded in events {
            switch recorded.event {
            case .staffIdeaSubmitted(let id, _, _): output.write(id.description)
            case .staffIdeaStatusChanged(let id, let status, _): output.write("\(id) \(status.key)")
            default: break
            }
        }
        output.flush()
    }
}
