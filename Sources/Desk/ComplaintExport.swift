import DeskCore
import Foundation

/// Every complaint with its status, dates and its result against each standard, as JSON lines
/// or CSV. Text is exported as the public gave it, made safe for where it goes: JSON lines
/// escape controls (``JSONText``); CSV keeps a spreadsheet from running a cell as a formula.
public enum ComplaintExport {
    public enum Format: String, Sendable, CaseIterable { case jsonl, csv }

    static func date(_ t: Timestamp?) -> String { t?.iso8601 ?? "" }

    /// The CSV header's columns before the standards' pairs, in the order of ``fields(_:)``.
    static let baseColumns = [
        "id", "status", "channel", "category", "customer", "email", "phone", "address",
        "preferred_reply", "group", "accessibility_needs",
        "summary", "holder",
        "severity", "urgent", "escalated", "decision", "received_at", "acknowledged_at",
        "first_responded_at",
        "responded_at", "closed_at", "withdrawn_at", "reopen_count",
    ]

    /// Writes the export through `emit`, a chunk of whole lines (about a megabyte) at a time.
    /// Each complaint's clocks are computed once; nothing else is kept between complaints.
    public static func write(
        _ state: DeskState, now: Timestamp, format: Format, emit: (String) -> Void
    ) throws {
        var out = ExportWriter()
        let standards = state.standardIDs
        if format == .csv {
            let header = baseColumns + standards.flatMap { ["\($0)_result", "\($0)_due_at"] }
            for (index, column) in header.enumerated() {
                out.csvCell(spreadsheetSafe(column), first: index == 0)
            }
            out.raw("\n")
        }
        let progress = ProgressLine("desk export", total: Int64(state.complaintCount), unit: .rows)
        defer { progress.finish() }
        for number in 0..<state.complaintCount {
            progress.update(Int64(number))
            let id = ComplaintID(UInt32(number + 1))
            guard let complaint = state.complaint(id) else { continue }
            let clocks = state.clocks(of: id, now: now)
            switch format {
            case .jsonl: jsonLine(complaint, clocks: clocks, into: &out)
            case .csv: csvRow(complaint, clocks: clocks, standards: standards, into: &out)
            }
            out.raw("\n")
            if out.bytes.count >= ExportWriter.chunk { emit(out.take()) }
        }
        emit(out.take())
    }

    /// One complaint as a JSON object on one line: its fields, then every clock.
    static func jsonLine(_ complaint: ComplaintView, clocks: [ServiceClock], into out: inout ExportWriter) {
        out.raw("{")
        for (index, (key, value)) in fields(complaint).enumerated() {
            if index > 0 { out.raw(",") }
            out.jsonString(key)
            out.raw(":")
            switch value {
            case .text(let text): out.jsonString(text)
            case .time(let time): out.jsonTime(time)
            case .count(let count): out.integer(count)
            case .flag(let flag): out.raw(flag ? "true" : "false")
            }
        }
        out.key("standards")
        out.raw("[")
        for (index, clock) in clocks.enumerated() {
            if index > 0 { out.raw(",") }
            out.raw("{")
            out.key("standard", first: true)
            out.jsonString(clock.standard.id)
            out.key("version")
            out.integer(Int(clock.standard.version))
            out.key("round")
            out.integer(Int(clock.round))
            out.key("started_at")
            out.jsonTime(clock.start)
            out.key("due_at")
            out.jsonTime(clock.due)
            out.key("stopped_at")
            out.jsonTime(clock.stoppedAt)
            out.key("business_minutes_used")
            out.integer(Int(clock.usedMinutes))
            out.key("target_minutes")
            out.integer(Int(clock.standard.targetMinutes))
            out.key("result")
            out.jsonString(clock.state.name)
            out.raw("}")
        }
        out.raw("]}")
    }

    /// One complaint as a CSV row: its fields, then each standard's latest round (what the
    /// complaint stands at now): result and due time.
    static func csvRow(
        _ complaint: ComplaintView, clocks: [ServiceClock], standards: [String], into out: inout ExportWriter
    ) {
        for (index, field) in fields(complaint).enumerated() {
            if case .time(let time) = field.value {
                out.csvTime(time)
            } else {
                out.csvCell(spreadsheetSafe(field.value.cell), first: index == 0)
            }
        }
        for standard in standards {
            let clock = clocks.last { $0.standard.id == standard }
            out.csvCell(spreadsheetSafe(clock?.state.name ?? ""))
            out.csvTime(clock?.due)
        }
    }

    /// One exported value: text, a time (none: empty), a count or a yes/no.
    enum Value {
        case text(String)
        case time(Timestamp?)
        case count(Int)
        case flag(Bool)

        var cell: String {
            switch self {
            case .text(let text): text
            case .time(let time): date(time)
            case .count(let count): String(count)
            case .flag(let flag): flag ? "yes" : "no"
            }
        }
    }

    /// A cell a spreadsheet would run as a formula (a leading `=`, `+`, `-`, `@`, tab or carriage
    /// return) gets a leading `'`, which spreadsheets take as "text follows" (OWASP, CSV injection).
    static func spreadsheetSafe(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else {
            return cell
        }
        return "'" + cell
    }

    /// The complaint's columns, in the CSV header's order.
    static func fields(_ complaint: ComplaintView) -> [(key: String, value: Value)] {
        [
            ("id", .text(complaint.id.description)), ("status", .text(complaint.status.name)),
            ("channel", .text(complaint.channel.name)), ("category", .text(complaint.category)),
            ("customer", .text(complaint.customer.name)), ("email", .text(complaint.customer.email)),
            ("phone", .text(complaint.customer.phone)), ("address", .text(complaint.customer.address)),
            ("preferred_reply", .text(complaint.customer.preferredReply?.name ?? "")),
            ("group", .text(complaint.customer.group)),
            ("accessibility_needs", .text(complaint.customer.accessibilityNeeds)),
            ("summary", .text(complaint.summary)), ("holder", .text(complaint.holder ?? "")),
            ("severity", .text("\(complaint.severity)")),
            ("urgent", .flag(complaint.isUrgent)), ("escalated", .flag(complaint.isEscalated)),
            ("decision", .text(complaint.decision?.name ?? "")),
            ("received_at", .time(complaint.receivedAt)),
            ("acknowledged_at", .time(complaint.acknowledgedAt)),
            ("first_responded_at", .time(complaint.firstRespondedAt)),
            ("responded_at", .time(complaint.respondedAt)),
            ("closed_at", .time(complaint.closedAt)),
            ("withdrawn_at", .time(complaint.withdrawnAt)),
            ("reopen_count", .count(complaint.reopenCount)),
        ]
    }
}
