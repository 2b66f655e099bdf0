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

// MARK: Snapshots

// Each record's fields, one by one in declaration order (never its memory, whose padding bytes are
// undefined and would make two equal states digest differently). `snapshotFields` is checked
// against the type's stored properties by a test, so a field added without its line here fails.
extension ComplaintRecord {
    static let snapshotFields = 28

    func write(to w: SnapshotWriter) throws {
        try w.time(receivedAt)
        for instant in [acknowledgedAt, firstRespondedAt, firstClosedAt] { try w.instant(instant) }
        try w.time(roundStart)
        for instant in [respondedAt, closedAt, withdrawnAt, pausedSince] { try w.instant(instant) }
        try w.time(lastChangeAt)
        try w.ref(summary)
        for n in [customer, holder, lastActor, category, receivedCategory, revision] { try w.u32(n) }
        for n in [lastEvent, lastPause, lastRound] { try w.i32(n) }
        for n in [
            status.rawValue, statusBeforePause.rawValue, channel.rawValue, severity.rawValue, flags.rawValue,
        ] {
            try w.u8(n)
        }
        try w.optional(lastKind?.rawValue)
        try w.u8(reopenCount)
        try w.optional(decision?.rawValue)
    }

    init(snapshot r: SnapshotReader) throws {
        receivedAt = try r.time()
        acknowledgedAt = try r.instant()
        firstRespondedAt = try r.instant()
        firstClosedAt = try r.instant()
        roundStart = try r.time()
        respondedAt = try r.instant()
        closedAt = try r.instant()
        withdrawnAt = try r.instant()
        pausedSince = try r.instant()
        lastChangeAt = try r.time()
        summary = try r.ref()
        customer = try r.u32()
        holder = try r.u32()
        lastActor = try r.u32()
        category = try r.u32()
        receivedCategory = try r.u32()
        revision = try r.u32()
        lastEvent = try r.i32()
        lastPause = try r.i32()
        lastRound = try r.i32()
        status = try r.enumeration(ComplaintStatus.self)
        statusBeforePause = try r.enumeration(ComplaintStatus.self)
        channel = try r.enumeration(Channel.self)
        severity = try r.enumeration(Severity.self)
        flags = ComplaintFlags(rawValue: try r.u8())
        lastKind = try r.optional(EventCodec.Code.self)
        reopenCount = try r.u8()
        decision = try r.optional(Decision.self)
    }
}

extension PauseRecord {
    static let snapshotFields = 3

    func write(to w: SnapshotWriter) throws {
        try w.time(start)
        try w.time(end)
        try w.i32(previous)
    }

    init(snapshot r: SnapshotReader) throws {
        self.init(start: try r.time(), end: try r.time(), previous: try r.i32())
    }
}

extension RoundRecord {
    static let snapshotFields = 4

    func write(to w: SnapshotWriter) throws {
        try w.time(start)
        try w.instant(respondedAt)
        try w.instant(closedAt)
        try w.i32(previous)
    }

    init(snapshot r: SnapshotReader) throws {
        self.init(
            start: try r.time(), respondedAt: try r.instant(), closedAt: try r.instant(),
            previous: try r.i32())
    }
}

extension SurveyRecord {
    static let snapshotFields = 5

    func write(to w: SnapshotWriter) throws {
        try w.u32(complaint)
        try w.time(at)
        try w.u8(channel.rawValue)
        let s = scores
        for score in [s.0, s.1, s.2, s.3, s.4, s.5, s.6] { try w.u8(score) }
        try w.ref(freeText)
    }

    init(snapshot r: SnapshotReader) throws {
        complaint = try r.u32()
        at = try r.time()
        channel = try r.enumeration(Channel.self)
        scores = (try r.u8(), try r.u8(), try r.u8(), try r.u8(), try r.u8(), try r.u8(), try r.u8())
        freeText = try r.ref()
    }
}

extension SurveyOffer {
    static let snapshotFields = 3

    func write(to w: SnapshotWriter) throws {
        try w.u32(complaint)
        try w.time(at)
        try w.u8(channel.rawValue)
    }

    init(snapshot r: SnapshotReader) throws {
        self.init(complaint: try r.u32(), at: try r.time(), channel: try r.enumeration(Channel.self))
    }
}
