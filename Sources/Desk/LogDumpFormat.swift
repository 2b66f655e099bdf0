import DeskCore
import EventLog
import Foundation

/// How `desk log dump` shows a record: one JSON object per line, the record's sequence number and
/// kind first, then the event's own fields. Text is kept raw but with controls escaped, as
/// ``JSONText`` writes it.
public enum LogDumpFormat {
    public static func line(for record: LogRecordView) -> String {
        let prefix = "{\"seq\":\(record.sequence),\"record\":"
        switch record.kind {
        case .logNote:
            // The log's own JSON (a repair it recorded), which may quote a path.
            let note = JSONText.escapingUnsafeScalars(in: String(decoding: record.payload, as: UTF8.self))
            return prefix + "\"log-note\",\"note\":" + note + "}"
        case .event:
            do {
                let event = try EventCodec.jsonLine(Array(record.payload))
                return prefix + "\"event\"," + event.dropFirst()
            } catch {
                // Intact in the log but not readable by this desk (a newer schema, text that is not
                // UTF-8): keep the bytes.
                return JSONText.object([
                    ("seq", .int(Int64(clamping: record.sequence))), ("record", .string("unreadable")),
                    ("error", .string(error.message)),
                    ("payload_base64", .string(Data(record.payload).base64EncodedString())),
                ]).encoded()
            }
        }
    }
}
