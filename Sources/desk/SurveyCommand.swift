import ArgumentParser
import Desk
import DeskCore

struct SurveyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey",
        abstract: "Customer survey answers collected on the web or by mail.",
        subcommands: [SurveyImportCommand.self]
    )
}

struct SurveyImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record survey answers from JSON lines, all of them or none.",
        discussion: """
            One survey per line: complaint (C-000042), channel (\(SurveyImport.channels.map(\.name).joined(separator: ", ")); \
            paper counts as mail), answered_at (ISO 8601, optional: not in the future nor before the response; kept with the answers in \
            the log), \
            one field per A-11 driver (\(SurveyImport.driverFields.joined(separator: ", "))) with a whole number 1–5 \
            or left out, and comment. The complaint must have had a response and have no survey yet; one survey per \
            complaint. Prints the complaints surveyed, one per line, only after the whole file is durably recorded. \
            If any line is invalid nothing is recorded, the exit status is 65, and every problem is listed as \
            `line N: field: reason`.

            Example:
              desk survey import web-answers.jsonl
            """
    )

    @OptionGroup var options: DataOptions

    @Argument(
        help: ArgumentHelp("The file to read, or - for standard input.", valueName: "FILE"),
        completion: .file())
    var file: String = "-"

    func run() throws {
        let bytes = try readInput(file, for: "survey import")
        let ids = try reportingFailures("survey import") { () throws(DeskFailure) -> [ComplaintID] in
            let session = try DeskSession.open(
                options.directory, access: .readWrite, verifyChainInBackground: false)
            session.lockWaiting = { printError("desk survey import: \($0)") }
            let parsed = SurveyImport(bytes: bytes, state: session.state, now: session.clock.now)
            if !parsed.isValid {
                throw DeskFailure.invalidInput(parsed.report(source: file == "-" ? nil : file))
            }
            return try session.importSurveys(parsed)
        }
        var output = OutputBuffer()
        for id in ids { output.write(id.description) }
        output.flush()
    }
}
