import DeskCore

/// One entry of a complaint's timeline: its event, or why its record could not be read back.
public typealias TimelineRecord = (sequence: UInt64, event: Result<RecordedEvent, UnreadableRecord>)

/// A record of a complaint's history that could not be read back from the log.
public struct UnreadableRecord: Error, Sendable, Equatable, CustomStringConvertible {
    public var sequence: UInt64
    /// Where this desk found the record when it replayed the log; nil when it never did.
    public var offset: Int64?
    public var reason: String

    public init(sequence: UInt64, offset: Int64?, reason: String) {
        self.sequence = sequence
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        "record \(sequence)\(offset.map { " at byte \($0)" } ?? "") of the log cannot be read: \(reason)"
    }
}
