import ArgumentParser
import Desk
import DeskCore
import Foundation

extension ReportKind: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The reports the order asks for: posted standards, service plan, survey report, receipt.",
        discussion: """
            standards: the notice to post at the counter (each standard in plain words, how to complain and \
            follow up, the period's results against the targets). plan: the customer service plan (customers, \
            standards, results and trend, benchmarks, surveys, staff barriers and ideas, future surveys). \
            surveys: per driver, channel and period, with counts; --format csv gives OMB A-11 §280's \
            quarterly shape (csv is for this report only: the others exit 64). receipt C-…: one complaint's \
            slip, reprintable at any time.

            --period takes \(ReportingPeriod.accepted) (default: the last full quarter in the office's time \
            zone); a year's survey report has a row per quarter. --at reports the desk as it stood at an ISO \
            8601 instant. Every report but the csv ends with a footer: the period, the instant, the log's \
            record number and chain head then; with --at the same log gives the same bytes, without it the \
            footer also says when and by whom it was generated (the csv's footer goes to standard error). \
            Written to standard output, or to --output FILE.

            Example:
              desk report standards --format html --output standards.html
              desk report surveys --period 2026-Q3 --format csv > a11-2026-Q3.csv
              desk report receipt C-000012 --format txt | lpr
            """
    )

    @OptionGroup var options: DataOptions

    @Argument(help: ArgumentHelp("standards, plan, surveys or receipt.", valueName: "REPORT"))
    var kind: ReportKind

    @Argument(help: ArgumentHelp("The complaint, for a receipt.", valueName: "C-…"))
    var complaint: String?

    @Option(help: "md, html, txt or csv (csv: surveys only).")
    var format: ReportFormat = .txt

    @Option(
        help: ArgumentHelp("The period to report on (default: the last full quarter).", valueName: "PERIOD"))
    var period: String?

    @Option(help: ArgumentHelp("Report the desk as it stood at this ISO 8601 instant.", valueName: "TIME"))
    var at: String?

    @Option(
        help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "FILE"))
    var output: String?

    func run() throws {
        guard format.fits(kind) else {
            printError(
                "desk report: --format csv is for the survey report only (desk report surveys --format csv); the \(kind.rawValue) report is written as md, html or txt"
            )
            throw ExitCode(64)
        }
        var id: ComplaintID?
        switch (kind, complaint) {
        case (.receipt, nil):
            printError(
                "desk report: the receipt report needs a complaint id, e.g. desk report receipt C-000012")
            throw ExitCode(64)
        case (.receipt, let text?):
            guard let parsed = ComplaintID(text) else {
                printError("desk report: \"\(text)\" is not a complaint id; ids look like C-000012")
                throw ExitCode(64)
            }
            id = parsed
        case (_, let text?):
            printError("desk report: only the receipt report takes a complaint id (\"\(text)\" given)")
            throw ExitCode(64)
        case (_, nil):
            break
        }
        if let output,
            ReportFiles.lies(
                URL(fileURLWithPath: output).deletingLastPathComponent().path, inside: options.directory.path)
        {
            printError(
                "desk report: --output \(output) is inside the data directory; reports are written elsewhere (the data directory holds only the log and desk.toml)"
            )
            throw ExitCode(64)
        }
        let desk = try AsItStood(options.directory, at: at, for: "report")
        let builder = ReportBuilder(
            state: desk.state, at: desk.at, lastSequence: desk.lastSequence, chainHead: desk.chainHead,
            generated: desk.isFixed ? nil : (desk.at, desk.session.identity.user))
        let chosen = try desk.period(period, for: "report") { builder.defaultPeriod() }
        let clerk = id.map { desk.session.receivedBy($0, in: desk.state) } ?? ""
        let text: String
        do throws(Report.Failure) {
            text = try Report.render(
                kind, format: format, builder: builder, period: chosen, complaint: id, clerk: clerk)
            if let output { try Report.write(text, to: output, private: kind == .receipt) }
        } catch {
            printError("desk report: \(error.message)")
            throw ExitCode(error.exitCode)
        }
        if format == .csv {
            for line in builder.footer(period: chosen).lines { printError("desk report: \(line)") }
        }
        if output == nil {
            var out = OutputBuffer()
            out.write(text, newline: false)
            out.flush()
        }
    }
}
