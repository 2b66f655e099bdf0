import CSV
import DeskCore
import Foundation

/// Every complaint with its status, dates and its result against each standard, as JSON lines
/// or CSV. Text is exported raw (as the public gave it), for auditors and spreadsheets.
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
                var object: [String: Any] = fields(complaint)
                object["standards"] = state.clocks(of: id, now: now).map { clock -> [String: Any] in
                    [
                        "standard": clock.standard.id, "version": clock.standard.version,
                        "round": clock.round,
                        "started_at": clock.start.iso8601, "due_at": clock.due.iso8601,
                        "stopped_at": date(clock.stoppedAt), "business_minutes_used": clock.usedMinutes,
                        "target_minutes": clock.standard.targetMinutes, "result": clock.state.name,
                    ]
                }
                let data = try JSONSerialization.data(
                    withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                emit(String(decoding: data, as: UTF8.self) + "\n")
            }
        case .csv:
            let base = [
                "id", "status", "channel", "category", "customer", "email", "phone", "preferred_reply",
                "summary", "holder",
                "severity", "urgent", "escalated", "decision", "received_at", "acknowledged_at",
                "first_responded_at",
                "responded_at", "closed_at", "withdrawn_at", "reopen_count",
            ]
            let header = base + standards.flatMap { ["\($0)_result", "\($0)_due_at"] }
            let csv = try CSVWriter(stream: .toMemory())
            try csv.write(row: header)
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
                let values = fields(complaint)
                var row = base.map { key -> String in
                    switch values[key] {
                    case let string as String: return string
                    case let int as Int: return String(int)
                    case let bool as Bool: return bool ? "yes" : "no"
                    default: return ""
                    }
                }
                // The latest round of each standard: what the complaint stands at now.
                let clocks = state.clocks(of: id, now: now)
                for standard in standards {
                    let clock = clocks.last { $0.standard.id == standard }
                    row += [clock?.state.name ?? "", clock.map { $0.due.iso8601 } ?? ""]
                }
                writer.beginNewRow()
                for field in row { try writer.write(field: field) }
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

    static func fields(_ complaint: ComplaintView) -> [String: Any] {
        [
            "id": complaint.id.description, "status": complaint.status.name,
            "channel": complaint.channel.name,
            "category": complaint.category, "customer": complaint.customer.name,
            "email": complaint.customer.email,
            "phone": complaint.customer.phone,
            "preferred_reply": complaint.customer.preferredReply?.name ?? "",
            "summary": complaint.summary, "holder": complaint.holder ?? "",
            "severity": "\(complaint.severity)",
            "urgent": complaint.isUrgent, "escalated": complaint.isEscalated,
            "decision": complaint.decision?.name ?? "",
            "received_at": date(complaint.receivedAt), "acknowledged_at": date(complaint.acknowledgedAt),
            "first_responded_at": date(complaint.firstRespondedAt),
            "responded_at": date(complaint.respondedAt),
            "closed_at": date(complaint.closedAt), "withdrawn_at": date(complaint.withdrawnAt),
            "reopen_count": complaint.reopenCount,
        ]
    }
}
