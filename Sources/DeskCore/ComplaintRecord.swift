/// What a compact complaint record has had happen to it, one bit each.
struct ComplaintFlags: OptionSet, Hashable, Sendable {
    let rawValue: UInt8

    /// The slot holds a received complaint (a reserved number not yet restored does not).
    static let exists = ComplaintFlags(rawValue: 1)
    static let urgent = ComplaintFlags(rawValue: 2)
    static let escalated = ComplaintFlags(rawValue: 4)
    static let surveyOffered = ComplaintFlags(rawValue: 8)
    static let surveyed = ComplaintFlags(rawValue: 16)
}

/// One complaint, laid out compactly (136 bytes a record); see `ComplaintView` for reading.
///
/// The order of the fields is the layout: 8-byte instants first, then 4-byte numbers, then the
/// 1-byte enums, so no padding falls between them.
struct ComplaintRecord: Sendable {
    /// Meaningless in an empty (reserved) slot; set on every received complaint.
    var receivedAt = Timestamp(milliseconds: .min)
    var acknowledgedAt = RecordedInstant.notYet
    var firstRespondedAt = RecordedInstant.notYet
    var firstClosedAt = RecordedInstant.notYet
    /// Start of the current measure: receipt, or the latest reopening.
    var roundStart = Timestamp(milliseconds: .min)
    var respondedAt = RecordedInstant.notYet
    var closedAt = RecordedInstant.notYet
    var withdrawnAt = RecordedInstant.notYet
    var pausedSince = RecordedInstant.notYet
    var lastChangeAt = Timestamp(milliseconds: .min)
    var summary = TextArena.Ref.empty
    var customer: UInt32 = 0
    var holder: UInt32 = 0
    var lastActor: UInt32 = 0
    var category: UInt32 = 0
    var receivedCategory: UInt32 = 0
    var revision: UInt32 = 0
    /// The complaint's latest entry in the `EventIndex` (-1: none).
    var lastEvent: Int32 = -1
    /// The latest finished pause in `ComplaintBook.pauses` (-1: none).
    var lastPause: Int32 = -1
    /// The latest finished middle round in `ComplaintBook.rounds` (-1: none).
    var lastRound: Int32 = -1
    var status = ComplaintStatus.received
    var statusBeforePause = ComplaintStatus.received
    var channel = Channel.counter
    var severity = Severity.normal
    var flags: ComplaintFlags = []
    /// The type of the latest event on the complaint; nil before the first.
    var lastKind: EventCodec.Code?
    var reopenCount: UInt8 = 0
    var decision: Decision?

    var exists: Bool { flags.contains(.exists) }
    var isPaused: Bool { pausedSince.isSet }
}

/// A finished pause of a complaint; `previous` chains to the one before (-1: none).
struct PauseRecord: Sendable {
    var start: Timestamp
    var end: Timestamp
    var previous: Int32
}

/// A finished measure of a complaint reopened more than once.
struct RoundRecord: Sendable {
    var start: Timestamp
    var respondedAt: RecordedInstant
    var closedAt: RecordedInstant
    var previous: Int32
}

struct SurveyRecord: Sendable {
    var complaint: UInt32
    var at: Timestamp
    var channel: Channel
    var scores: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)
    var freeText: TextArena.Ref
}

struct SurveyOffer: Sendable {
    var complaint: UInt32
    var at: Timestamp
    var channel: Channel
}
