import Desk
import DeskCore
import TerminalUI

// Reports and receipts from the desk: written to files (``ReportFiles``) and printed with lpr
// where the office names a printer, else the file's path is said.
extension DeskEnvironment {
    /// The reports as this desk stands now, by the account at it.
    func reportBuilder() -> ReportBuilder {
        let position = desk.logPosition
        return ReportBuilder(
            state: state, at: now, lastSequence: position.lastSequence, chainHead: position.chainHead,
            generated: (now, desk.user))
    }

    /// The printer the office names, if any.
    var printer: String? {
        guard let name = state.office?.printer, !name.isEmpty else { return nil }
        return name
    }

    /// The formats the desk writes each report in.
    static let reportFormats: [ReportFormat] = [.html, .txt]

    /// Writes the standards notice, the plan and the survey report of `period`, each as HTML and
    /// text, and prints the text files where the office has a printer; says what was done.
    func writeReports(period: ReportingPeriod) {
        let builder = reportBuilder()
        var written: [String] = []
        do throws(Report.Failure) {
            for kind in [ReportKind.standards, .plan, .surveys] {
                for format in Self.reportFormats {
                    let text = try Report.render(kind, format: format, builder: builder, period: period)
                    let name = "\(kind.fileStem(period: period, complaint: nil)).\(format.rawValue)"
                    written.append(try reportFiles.write(text, name: name, private: false))
                }
            }
            let destination =
                "\(written.count) reports for \(period.name) written to \(reportFiles.directory)/"
            guard let printer else {
                say("\(destination) (standards, plan, surveys; .html and .txt)", .statusOK)
                return
            }
            for path in written where path.hasSuffix(".txt") { try ReportFiles.print(path, printer: printer) }
            say("\(destination); the .txt ones sent to printer \(printer)", .statusOK)
        } catch {
            say("Reports not written: \(error.message)", .statusError)
        }
    }

    /// Writes complaint `id`'s receipt as text and prints it where the office has a printer; says
    /// where it went.
    func printReceipt(_ id: ComplaintID) {
        var clerk = ""
        if case .success(let received)? = desk.events(of: id).first?.1 { clerk = received.actor }
        do throws(Report.Failure) {
            let text = try Report.render(
                .receipt, format: .txt, builder: reportBuilder(), period: nil, complaint: id, clerk: clerk)
            let path = try reportFiles.write(text, name: "receipt-\(id).txt", private: true)
            if let printer {
                try ReportFiles.print(path, printer: printer)
                say("Receipt \(id) sent to printer \(printer) (file: \(path)).", .statusOK)
            } else {
                say("Receipt written to \(path) — print it from there.", .statusOK)
            }
        } catch {
            say("Receipt not printed: \(error.message)", .statusError)
        }
    }
}

extension DashboardView {
    /// Supervisors only: every report of the period shown, into files (and to the printer).
    static let reportsAction = Action<DashboardView, ViewEffect>(
        id: "reports",
        title: "Write the standards notice, plan and survey report for this period (html, txt); print them",
        keys: .character("R"), permission: DeskRole.supervisor.rawValue
    ) { view, _ in
        view.environment.writeReports(period: view.dashboard?.period ?? view.period)
        return .stay
    }
}
