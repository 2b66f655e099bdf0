import DeskCore
import EventLog
import Foundation

/// How `desk log dump` shows a record: one JSON object per line, the record's sequence number and
/// kind first, then the event's own fields.
public enum LogDumpFormat {
    public static func line(for record: LogRecordView) -> String {
        let prefix = "{\"seq\":\(record.sequence),\"record\":"
        switch record.kind {
        case .logNote:
            let note = String(decoding: record.payload, as: UTF8.self)
            return prefix + "\"log-note\",\"note\":" + note + "}"
        case .event:
            do {
                let event = try EventCodec.jsonLine(Array(record.payload))
                return prefix + "\"event\"," + event.dropFirst()
            } catch {
                // Intact in the log but not readable by this desk (a newer schema?): keep the bytes.
                let reason = error.message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                    of: "\"", with: "\\\"")
                return prefix + "\"unreadable\",\"error\":\"" + reason + "\",\"payload_base64\":\""
                    + Data(record.payload).base64EncodedString() + "\"}"
            }
        }
    }
}
