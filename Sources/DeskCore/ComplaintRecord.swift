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

// Each record's fields, one by one in declaration order at fixed places (never its memory, whose
// padding bytes are undefined and would make two equal states digest differently).
// `snapshotFields` is checked against the type's stored properties by a test, so a field added
// without its line here fails.
extension ComplaintRecord: SnapshotRecord {
    static let snapshotFields = 28
    static let snapshotSize = 10 * 8 + 8 + 6 * 4 + 3 * 4 + 8

    func write(into w: inout FieldWriter) {
        w.time(receivedAt)
        w.instant(acknowledgedAt)
        w.instant(firstRespondedAt)
        w.instant(firstClosedAt)
        w.time(roundStart)
        w.instant(respondedAt)
        w.instant(closedAt)
        w.instant(withdrawnAt)
        w.instant(pausedSince)
        w.time(lastChangeAt)
        w.ref(summary)
        w.put(customer)
        w.put(holder)
        w.put(lastActor)
        w.put(category)
        w.put(receivedCategory)
        w.put(revision)
        w.put(lastEvent)
        w.put(lastPause)
        w.put(lastRound)
        w.put(status.rawValue)
        w.put(statusBeforePause.rawValue)
        w.put(channel.rawValue)
        w.put(severity.rawValue)
        w.put(flags.rawValue)
        w.optional(lastKind?.rawValue)
        w.put(reopenCount)
        w.optional(decision?.rawValue)
    }

    init(from r: inout FieldReader) throws {
        receivedAt = r.time()
        acknowledgedAt = r.instant()
        firstRespondedAt = r.instant()
        firstClosedAt = r.instant()
        roundStart = r.time()
        respondedAt = r.instant()
        closedAt = r.instant()
        withdrawnAt = r.instant()
        pausedSince = r.instant()
        lastChangeAt = r.time()
        summary = r.ref()
        customer = r.take()
        holder = r.take()
        lastActor = r.take()
        category = r.take()
        receivedCategory = r.take()
        revision = r.take()
        lastEvent = r.take()
        lastPause = r.take()
        lastRound = r.take()
        status = try r.enumeration(ComplaintStatus.self)
        statusBeforePause = try r.enumeration(ComplaintStatus.self)
        channel = try r.enumeration(Channel.self)
        severity = try r.enumeration(Severity.self)
        flags = ComplaintFlags(rawValue: r.take())
        lastKind = try r.optional(EventCodec.Code.self)
        reopenCount = r.take()
        decision = try r.optional(Decision.self)
    }
}

extension PauseRecord: SnapshotRecord {
    static let snapshotFields = 3
    static let snapshotSize = 8 + 8 + 4

    func write(into w: inout FieldWriter) {
        w.time(start)
        w.time(end)
        w.put(previous)
    }

    init(from r: inout FieldReader) throws {
        self.init(start: r.time(), end: r.time(), previous: r.take())
    }
}

extension RoundRecord: SnapshotRecord {
    static let snapshotFields = 4
    static let snapshotSize = 8 * 3 + 4

    func write(into w: inout FieldWriter) {
        w.time(start)
        w.instant(respondedAt)
        w.instant(closedAt)
        w.put(previous)
    }

    init(from r: inout FieldReader) throws {
        self.init(start: r.time(), respondedAt: r.instant(), closedAt: r.instant(), previous: r.take())
    }
}

extension SurveyRecord: SnapshotRecord {
    static let snapshotFields = 5
    static let snapshotSize = 4 + 8 + 1 + 7 + 8

    func write(into w: inout FieldWriter) {
        w.put(complaint)
        w.time(at)
        w.put(channel.rawValue)
        w.put(scores.0)
        w.put(scores.1)
        w.put(scores.2)
        w.put(scores.3)
        w.put(scores.4)
        w.put(scores.5)
        w.put(scores.6)
        w.ref(freeText)
    }

    init(from r: inout FieldReader) throws {
        complaint = r.take()
        at = r.time()
        channel = try r.enumeration(Channel.self)
        scores = (r.take(), r.take(), r.take(), r.take(), r.take(), r.take(), r.take())
        freeText = r.ref()
    }
}

extension SurveyOffer: SnapshotRecord {
    static let snapshotFields = 3
    static let snapshotSize = 4 + 8 + 1

    func write(into w: inout FieldWriter) {
        w.put(complaint)
        w.time(at)
        w.put(channel.rawValue)
    }

    init(from r: inout FieldReader) throws {
        self.init(complaint: r.take(), at: r.time(), channel: try r.enumeration(Channel.self))
    }
}
