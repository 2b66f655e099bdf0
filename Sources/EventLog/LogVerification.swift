/// The result of walking a whole log: how much is intact, and the first damage if any.
public struct LogVerification: Sendable {
    public var header: LogFileHeader
    /// Whole, verified records (events and log notes).
    public var records: Int
    /// Of those, notes the log wrote about itself (repairs).
    public var notes: Int
    /// The position after the last verified record: its sequence number and the chain head.
    public var position: LogPosition
    public var fileSize: Int64
    /// The first damage found, or `nil` when the log is intact to its last byte.
    public var damage: LogDamage?
    /// Acknowledged records the log no longer holds, by its commit mark, as of the verified end
    /// (``EventLog/lostRecords()``): nil when nothing is lost or the log cannot tell.
    public var lostRecords: LostRecords? = nil

    public var isIntact: Bool { damage == nil }
}

extension EventLog {
    /// Walks the log at `path` from its header to its last byte, checking every length, checksum,
    /// sequence number and chain link, and classifies the first damage found. A damaged region
    /// that is all zero bytes to the end of the file counts as an incomplete tail (space a crash
    /// allocated but never filled), not as corruption.
    public static func verify(path: String, visit: (LogRecordView) throws -> Void = { _ in }) throws
        -> LogVerification
    {
        let log = try EventLog.open(path: path, access: .readOnly)
        var records = 0
        var notes = 0
        let summary = try log.readNew { record in
            records += 1
            if record.kind == .logNote { notes += 1 }
            try visit(record)
        }
        let size = log.currentFileSize
        var damage: LogDamage?
        let position = log.position
        switch summary.alarm {
        case .damaged(let found):
            // `readNew` already counts a zero-filled tail as pending bytes, not as damage.
            damage = found
        case .replaced, .shrank:
            damage = LogDamage(
                kind: .format, offset: position.offset, sequence: position.lastSequence + 1,
                detail: "the file changed while it was read")
        case nil:
            if summary.pendingBytes > 0 {
                damage = LogDamage(
                    kind: .incompleteTail, offset: position.offset, sequence: position.lastSequence + 1,
                    detail:
                        "\(summary.pendingBytes) bytes after the last whole record do not form a whole record or batch"
                )
            }
        }
        return LogVerification(
            header: log.header, records: records, notes: notes, position: position, fileSize: size,
            damage: damage, lostRecords: log.lostRecords())
    }
}
