import ArgumentParser
import Desk
import DeskCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The bytes of `file` (standard input for `-`); or `desk COMMAND: why` on standard error and the
/// failure's exit code (66 for a file that cannot be read).
func readInput(_ file: String, for command: String) throws -> [UInt8] {
    switch ComplaintImport.readInput(file == "-" ? nil : file) {
    case .success(let bytes): return bytes
    case .failure(let failure):
        printError("desk \(command): \(failure.message)")
        throw ExitCode(failure.exitCode)
    }
}

/// Runs `body`, turning a desk failure into its message on standard error and its exit code.
func reportingFailures<T>(_ command: String, _ body: () throws(DeskFailure) -> T) throws -> T {
    do {
        return try body()
    } catch {
        printError(
            "desk \(command): \(error.description.replacingOccurrences(of: "\n", with: "\ndesk \(command): "))"
        )
        throw ExitCode(error.exitCode)
    }
}

extension ComplaintImport.Format: ExpressibleByArgument {}
extension ComplaintExport.Format: ExpressibleByArgument {}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record complaints that arrived by phone, mail, email or web, from JSON lines or CSV.",
        discussion: """
            One complaint per line (JSON lines) or row (CSV with a header row). Fields: \(ComplaintImport.fields.joined(separator: ", ")). \
            Required: \(ComplaintImport.requiredFields.joined(separator: ", ")). received_at is ISO 8601 (default: now). \
            Prints one complaint id per line, only after the whole file is durably recorded. If any row is \
            invalid, nothing is recorded, the exit status is 65, and every problem of every row is listed as \
            `line N: field: reason` (the first 200, then a count of the rest). FILE may be a pipe, a FIFO, \
            /dev/stdin or a process substitution; a UTF-8 byte-order mark is skipped. A reply by email, phone \
            or mail needs the email, phone or postal address.

            Example:
              desk import --format csv phone-log.csv
              desk import - < web-forms.jsonl
            """
    )

    @OptionGroup var options: DataOptions

    @Option(help: "jsonl or csv (default: from the file name, else jsonl).")
    var format: ComplaintImport.Format?

    @Argument(
        help: ArgumentHelp("The file to read, or - for standard input.", valueName: "FILE"),
        completion: .file())
    var file: String = "-"

    func run() throws {
        let bytes = try readInput(file, for: "import")
        let chosen = ComplaintImport.Format.choose(explicit: format, fileName: file == "-" ? nil : file)
        var unmeasured = 0
        let ids = try reportingFailures("import") { () throws(DeskFailure) -> [ComplaintID] in
            let session = try DeskSession.open(
                options.directory, access: .readWrite, verifyChainInBackground: false)
            session.lockWaiting = { printError("desk import: \($0)") }
            let parsed = ComplaintImport(
                bytes: bytes, format: chosen, office: session.state.office ?? session.configuration.office,
                now: session.clock.now)
            if !parsed.isValid {
                throw DeskFailure.invalidInput(parsed.report(source: file == "-" ? nil : file))
            }
            let ids = try session.importComplaints(parsed)
            unmeasured = ids.filter { session.state.isUnmeasured($0) }.count
            return ids
        }
        var output = OutputBuffer()
        for id in ids { output.write(id.description) }
        output.flush()
        if unmeasured > 0 {
            printError(
                "desk import: \(unmeasured) of \(ids.count) complaints were received before any standard was in force: they are recorded but not measured (shown as \"not measured\", counted under unmeasured by desk status --period for the period they were received in)"
            )
        }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Every complaint with its status, dates and each standard's result.",
        discussion: """
            JSON lines carry every clock (standard, version, round, due, result); CSV has one column pair \
            (<standard>_result, <standard>_due_at) per standard, for the latest round. Text is exported as the \
            public gave it, but a CSV cell starting with =, +, -, @, tab or CR gets a leading ' (so a spreadsheet \
            does not run it) and JSON lines write controls and bidi controls as \\u escapes. A record of the log \
            that cannot be read stops the export: exit 74, its byte offset and record number, nothing printed.

            Example:
              desk export --format csv > complaints.csv
            """
    )

    @OptionGroup var options: DataOptions

    @Option(help: "jsonl or csv.")
    var format: ComplaintExport.Format

    func run() throws {
        let session = try openWholeLog(options.directory, for: "export")
        var output = OutputBuffer()
        do {
            try ComplaintExport.write(session.state, now: session.clock.now, format: format) { chunk in
                output.write(chunk, newline: false)
            }
        } catch {
            printError("desk export: \(error)")
            throw ExitCode(74)
        }
        output.flush()
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Open complaints, overdue and at risk, and the service dashboard's figures for a period.",
        discussion: """
            The period's figures (standards, volumes, channels, categories, surveys, staff ideas) are the \
            dashboard's: a measure counts in the period it was decided. --period takes \
            \(ReportingPeriod.accepted) (default: this month in the office's time zone). --at reports the desk \
            as it stood at an ISO 8601 instant: only the records up to it, "now" being that instant. --json \
            prints one object; its keys are listed in the README ("desk status --json").

            Example:
              desk status --period last-month --json | jq '.standards[] | {id, share_met, threshold}'
              desk status --at 2026-10-31T17:00:00Z --period 2026-10
            """
    )

    @OptionGroup var options: DataOptions

    @Option(help: ArgumentHelp("The period to report on (default: this month).", valueName: "PERIOD"))
    var period: String?

    @Option(help: ArgumentHelp("Report the desk as it stood at this ISO 8601 instant.", valueName: "TIME"))
    var at: String?

    @Flag(help: "Print a JSON object instead of text.")
    var json = false

    func run() throws {
        let desk = try AsItStood(options.directory, at: at, for: "status")
        let chosen = try desk.period(period, for: "status") {
            ReportingPeriod.containing(desk.at, length: .month, calendar: desk.state.reportingCalendar)
        }
        let status = DeskStatus(
            state: desk.state, period: chosen, now: desk.at, lastSequence: desk.lastSequence,
            chainHead: desk.chainHead, setAside: desk.session.standingSetAside)
        for note in status.setAside { printError(note.warning) }
        for warning in status.warnings { printError(warning) }
        var output = OutputBuffer()
        output.write(json ? status.json.encoded(pretty: true) : status.text)
        output.flush()
    }
}

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write a realistic, deterministic history into the log, to try the desk or measure it.",
        discussion: """
            Complaints from customers with names in many scripts, on every channel and category, with \
            acknowledgements, pauses, transfers, responses, reopenings, breaches, surveys and staff ideas, ending \
            near now, or at --until (an ISO 8601 instant up to now): then the same seed gives the same log on \
            any day, its records stamped no later than that instant. Refuses a log that already has complaints.

            Example:
              desk demo --data /tmp/desk-demo --complaints 2000 && desk status --data /tmp/desk-demo
              desk demo --data /tmp/desk-fixed --until 2026-10-01T12:00:00Z
            """
    )

    @OptionGroup var options: DataOptions

    @Option(help: "How many complaints.")
    var complaints = 2000

    @Option(help: "The random seed.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("End the history at this ISO 8601 instant instead of now.", valueName: "TIME"))
    var until: String?

    func validate() throws {
        guard complaints >= 1 && complaints <= 2_000_000 else {
            throw ValidationError("--complaints must be between 1 and 2000000")
        }
    }

    func run() throws {
        let started = Date()
        var end = Timestamp(Date())
        if let until {
            guard let instant = Timestamp(iso8601: until), instant <= end else {
                printError(
                    "desk demo: --until \"\(until)\" is not an ISO 8601 instant up to now; use a date and time with its zone, e.g. 2026-10-01T12:00:00Z"
                )
                throw ExitCode(64)
            }
            end = instant
        }
        let (count, written) = try reportingFailures("demo") { () throws(DeskFailure) -> (Int, Int) in
            let now = end
            let start = DemoHistory.start(forComplaints: complaints, endingNear: now)
            // With --until, the desk's own records (the configuration it publishes) are stamped at
            // that instant too, so the log is the same on any day.
            let session = try DeskSession.open(
                options.directory, access: .readWrite,
                clock: until == nil ? SystemClock() as any Clock : ManualClock(now),
                firstUse: .generatedHistory(DemoHistory.office, DemoHistory.standards(effective: start)),
                verifyChainInBackground: false)
            if let office = session.state.office, office.name != DemoHistory.office.name {
                throw DeskFailure.dataDirectory(
                    "\(options.directory.logPath) already holds the office \"\(office.name)\"; the demo brings an office of its own and never mixes into a real one: give it a new directory, e.g. desk demo --data /tmp/desk-demo"
                )
            }
            guard session.state.complaintCount == 0 else {
                throw DeskFailure.dataDirectory(
                    "\(options.directory.logPath) already has \(session.state.complaintCount) complaints; the demo writes only into an empty desk (try --data /tmp/desk-demo)"
                )
            }
            // A real office has no events from the future: the last complaints' follow-ups stop at now.
            let history = DemoHistory(seed: seed, complaints: complaints, start: start).lazy.prefix {
                $0.at <= now
            }
            let count = try session.appendGenerated(history)
            // The history's office was configured by "supervisor"; the account that made the demo
            // supervises it, as its desk.toml says.
            try session.publishConfiguration(checkingRole: false)
            return (count, session.state.complaintCount)
        }
        let seconds = Date().timeIntervalSince(started)
        print(
            "wrote \(count) events for \(written) complaints (seed \(seed)) in \(String(format: "%.1f", seconds)) s to \(options.directory.logPath)"
                + (written < complaints
                    ? "; the other \(complaints - written) would have arrived after \(until == nil ? "now" : end.iso8601)"
                    : "")
        )
        print(
            "next: desk status --data \(options.directory.path)   or   desk --data \(options.directory.path)")
    }
}
