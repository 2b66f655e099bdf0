import CSV
import DeskCore
import Foundation

/// Every complaint with its status, dates and its result against each standard, as JSON lines
/// or CSV. Text is exported as the public gave it, made safe for where it goes: JSON lines
/// escape controls (``JSONText``); CSV keeps a spreadsheet from running a cell as a formula.
public enum ComplaintExport {
    public enum Format: String, Sendable, CaseIterable { case jsonl, csv }

    static func date(_ t: Timestamp?) -> String { t?.iso8601 ?? "" }

    /// Writes the export through `emit`, one chunk at a time.
    public static func write(_ state: DeskState, now: Timestamp, format: Format, emit: (String) -> Void)
        throws
    {
        let standards = state.standardIDs
        switch format {
        case .jsonl:
            for number in 0..<state.complaintCount {
                let id = ComplaintID(UInt32(number + 1))
                guard let complaint = state.complaint(id) else { continue }
                var members = fields(complaint).map { ($0.key, $0.value.json) }
                let clocks = state.clocks(of: id, now: now).map { clock -> JSONText in
                    .object([
                        ("standard", .string(clock.standard.id)),
                        ("version", .integer(Int(clock.standard.version))),
                        ("round", .integer(Int(clock.round))),
                        ("started_at", .string(clock.start.iso8601)), ("due_at", .string(clock.due.iso8601)),
                        ("stopped_at", .string(date(clock.stoppedAt))),
                        ("business_minutes_used", .integer(Int(clock.usedMinutes))),
                        ("target_minutes", .integer(Int(clock.standard.targetMinutes))),
                        ("result", .string(clock.state.name)),
                    ])
                }
                members.append(("standards", .array(clocks)))
                emit(JSONText.object(members).encoded() + "\n")
            }
        case .csv:
            let base = [
                "id", "status", "channel", "category", "customer", "email", "phone", "address",
                "preferred_reply", "group", "accessibility_needs",
                "summary", "holder",
                "severity", "urgent", "escalated", "decision", "received_at", "acknowledged_at",
                "first_responded_at",
                "responded_at", "closed_at", "withdrawn_at", "reopen_count",
            ]
            let header = base + standards.flatMap { ["\($0)_result", "\($0)_due_at"] }
            let csv = try CSVWriter(stream: .toMemory())
            try csv.write(row: header.map(spreadsheetSafe))
            var rowsSinceFlush = 0
            func flush() {
                csv.stream.close()
                if let data = csv.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data {
                    // Each writer ends without a line break; the next chunk starts a new line.
                    emit(String(decoding: data, as: UTF8.self) + "\n")
                }
            }
            var writer = csv
            for number in 0..<state.complaintCount {
                let id = ComplaintID(UInt32(number + 1))
                guard let complaint = state.complaint(id) else { continue }
                let values = Dictionary(uniqueKeysWithValues: fields(complaint))
                var row = base.map { values[$0]?.cell ?? "" }
                // The latest round of each standard: what the complaint stands at now.
                let clocks = state.clocks(of: id, now: now)
                for standard in standards {
                    let clock = clocks.last { $0.standard.id == standard }
                    row += [clock?.state.name ?? "", clock.map { $0.due.iso8601 } ?? ""]
                }
                writer.beginNewRow()
                for field in row { try writer.write(field: spreadsheetSafe(field)) }
                rowsSinceFlush += 1
                if rowsSinceFlush == 5000 {
                    flush()
                    writer = try CSVWriter(stream: .toMemory())
                    rowsSinceFlush = 0
                }
            }
            if rowsSinceFlush > 0 || state.complaintCount == 0 { flush() }
        }
    }

    /// One exported value: text, a count or a yes/no.
    enum Value {
        case text(String)
        case count(Int)
        case flag(Bool)

        var json: JSONText {
            switch self {
            case .text(let text): .string(text)
            case .count(let count): .integer(count)
            case .flag(let flag): .bool(flag)
            }
        }

        var cell: String {
            switch self {
            case .text(let text): text
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
            ("received_at", .text(date(complaint.receivedAt))),
            ("acknowledged_at", .text(date(complaint.acknowledgedAt))),
            ("first_responded_at", .text(date(complaint.firstRespondedAt))),
            ("responded_at", .text(date(complaint.respondedAt))),
            ("closed_at", .text(date(complaint.closedAt))),
            ("withdrawn_at", .text(date(complaint.withdrawnAt))),
            ("reopen_count", .count(complaint.reopenCount)),
        ]
    }
}
