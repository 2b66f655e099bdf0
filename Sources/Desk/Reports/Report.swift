import DeskCore
import EventLog
import Foundation

/// One report made: `desk report` and the desk's report keys both come here.
public enum Report {
    /// What stops a report, with the exit code `desk report` gives.
    public struct Failure: Error, Sendable {
        public var message: String
        public var exitCode: Int32
    }

    /// The report `kind` in `format`, for `period` (the last full quarter when nil), from `builder`;
    /// for a receipt, of `complaint`, taken by `clerk`.
    public static func render(
        _ kind: ReportKind, format: ReportFormat, builder: ReportBuilder, period: ReportingPeriod?,
        complaint: ComplaintID? = nil, clerk: String = ""
    ) throws(Failure) -> String {
        guard format.fits(kind) else {
            throw Failure(
                message:
                    "--format csv is for the survey report only (desk report surveys --format csv); the \(kind.rawValue) report is written as md, html or txt",
                exitCode: 64)
        }
        let period = period ?? builder.defaultPeriod()
        let document: ReportDocument
        switch kind {
        case .standards: document = builder.standards(period: period)
        case .plan: document = builder.plan(period: period)
        case .surveys:
            if format == .csv {
                do {
                    return try SurveyCSV.text(
                        office: builder.officeName, rows: builder.surveyRows(period: period))
                } catch {
                    throw Failure(message: "could not write the CSV: \(error)", exitCode: 74)
                }
            }
            document = builder.surveys(period: period)
        case .receipt:
            guard let complaint else {
                throw Failure(
                    message: "the receipt report needs a complaint id, e.g. desk report receipt C-000012",
                    exitCode: 64)
            }
            guard let receipt = builder.receipt(complaint, clerk: clerk) else {
                throw Failure(
                    message:
                        "\(complaint) is not in the log\(builder.generated == nil ? " as it stood at \(builder.at.iso8601)" : ""); check the reference on the slip (the queue shows every open complaint)",
                    exitCode: 65)
            }
            document = receipt
        }
        switch format {
        case .md: return document.markdown
        case .html: return document.html
        case .txt, .csv: return document.text
        }
    }

    /// Writes `text` to `path` whole (a temporary file renamed into place), readable by its owner
    /// only when it names a customer (a receipt), else by the owner's group as well.
    public static func write(_ text: String, to path: String, private isPrivate: Bool) throws(Failure) {
        // The mode is set before the file takes its name (`WholeFile.replace`): a receipt is never
        // readable by others, not even for a moment.
        do {
            try WholeFile.replace(at: path, mode: isPrivate ? 0o600 : 0o640) { fd in
                try WholeFile.writeAll(Array(text.utf8), to: fd, path: path)
            }
        } catch {
            throw Failure(message: "cannot write \(path): \(error)", exitCode: 73)
        }
    }
}
