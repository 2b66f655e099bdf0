import EventLog
import Foundation

/// How `desk log dump` shows a record: one JSON object per line.
public enum LogDumpFormat {
    public static func line(for record: LogRecordView) -> String {
        let prefix = "{\"seq\":\(record.sequence),\"record\":"
        switch record.kind {
        case .logNote:
            let note = String(decoding: record.payload, as: UTF8.self)
            return prefix + "\"log-note\",\"note\":" + note + "}"
        case .event:
            return prefix + "\"event\",\"payload_base64\":\"" + Data(record.payload).base64EncodedString()
                + "\"}"
        }
    }
}
