import Foundation

/// "No time yet" in the compact records.
let never: Int64 = .min

/// Text stored once in one growing buffer; records keep 8-byte references.
struct TextArena: Sendable {
    var bytes: [UInt8] = []

    struct Ref: Hashable, Sendable {
        var offset: UInt32
        var length: UInt32
        static let empty = Ref(offset: 0, length: 0)
    }

    mutating func store(_ s: String) -> Ref {
        if s.isEmpty { return .empty }
        let offset = UInt32(bytes.count)
        bytes.append(contentsOf: s.utf8)
        return Ref(offset: offset, length: UInt32(bytes.count) - offset)
    }

    /// Whether `r` holds exactly `s` (no allocation).
    func holds(_ r: Ref, _ s: String) -> Bool {
        var s = s
        return s.withUTF8 { u in
            guard u.count == Int(r.length) else { return false }
            return bytes.withUnsafeBufferPointer { b in
                u.isEmpty || memcmp(b.baseAddress! + Int(r.offset), u.baseAddress!, u.count) == 0
            }
        }
    }

    func string(_ r: Ref) -> String {
        if r.length == 0 { return "" }
        return bytes.withUnsafeBufferPointer {
            String(
                decoding: UnsafeBufferPointer(rebasing: $0[Int(r.offset)..<Int(r.offset + r.length)]),
                as: UTF8.self)
        }
    }
}

/// Small sets of repeated names (users, categories, customer groups) as 4-byte numbers;
/// 0 stands for "none".
struct Interner: Sendable {
    private var numbers: [String: UInt32] = [:]
    private(set) var names: [String] = [""]

    mutating func intern(_ s: String) -> UInt32 {
        if s.isEmpty { return 0 }
        if let n = numbers[s] { return n }
        let n = UInt32(names.count)
        names.append(s)
        numbers[s] = n
        return n
    }

    func number(_ s: String) -> UInt32? { s.isEmpty ? 0 : numbers[s] }
    subscript(n: UInt32) -> String { names[Int(n)] }
}

/// One complaint, laid out compactly (about 130 bytes); see `ComplaintView` for reading.
struct ComplaintRecord: Sendable {
    var receivedAt: Int64 = never
    var acknowledgedAt: Int64 = never
    var firstRespondedAt: Int64 = never
    var firstClosedAt: Int64 = never
    /// Start of the current measure: receipt, or the latest reopening.
    var roundStart: Int64 = never
    var respondedAt: Int64 = never
    var closedAt: Int64 = never
    var withdrawnAt: Int64 = never
    var pausedSince: Int64 = never
    var lastChangeAt: Int64 = never
    var summary = TextArena.Ref.empty
    var customer: UInt32 = 0
    var holder: UInt32 = 0
    var lastActor: UInt32 = 0
    var category: UInt32 = 0
    var receivedCategory: UInt32 = 0
    var revision: UInt32 = 0
    var lastEvent: Int32 = -1
    var lastPause: Int32 = -1
    var lastRound: Int32 = -1
    var status: UInt8 = 0
    var statusBeforePause: UInt8 = 0
    var channel: UInt8 = 0
    var severity: UInt8 = Severity.normal.rawValue
    var flags: UInt8 = 0
    var lastKind: UInt8 = 0
    var reopenCount: UInt8 = 0
    var decision: UInt8 = 255

    static let exists: UInt8 = 1
    static let urgent: UInt8 = 2
    static let escalated: UInt8 = 4
    static let surveyOffered: UInt8 = 8
    static let surveyed: UInt8 = 16

    func has(_ f: UInt8) -> Bool { flags & f != 0 }
}

struct PauseRecord: Sendable {
    var start: Int64
    var end: Int64
    var previous: Int32
}

/// A finished measure of a complaint reopened more than once.
struct RoundRecord: Sendable {
    var start: Int64
    var respondedAt: Int64
    var closedAt: Int64
    var previous: Int32
}

struct CustomerRecord: Sendable {
    var name: TextArena.Ref
    var email: TextArena.Ref
    var phone: TextArena.Ref
    var accessibility: TextArena.Ref
    var address: TextArena.Ref
    var group: UInt32
    var complaints: UInt32
    var preferredReply: UInt8
}

struct SurveyRecord: Sendable {
    var complaint: UInt32
    var at: Int64
    var channel: UInt8
    var scores: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)
    var freeText: TextArena.Ref
}

struct SurveyOffer: Sendable {
    var complaint: UInt32
    var at: Int64
    var channel: UInt8
}

/// A staff barrier or idea (EO 12862 §1(e)).
public struct StaffIdea: Hashable, Sendable {
    public var id: StaffIdeaID
    public var kind: StaffIdeaKind
    public var text: String
    /// nil when submitted anonymously.
    public var submittedBy: String?
    public var submittedAt: Timestamp
    public var status: StaffIdeaStatus
    public var statusNote: String
    public var statusChangedAt: Timestamp
    public var statusChangedBy: String
}

/// Everything the desk knows, rebuilt by applying events in log order.
///
/// `apply` is pure and cheap; it trusts events (deciding already checked them) and ignores
/// ones that refer to nothing it knows, so a damaged log never stops a replay. Complaint
/// details, notes and response texts are not held here: `timeline(of:)` gives the log
/// positions of a complaint's events, to be read back when a clerk opens it.
public struct DeskState: Sendable {
    public private(set) var office: OfficeConfiguration?
    /// Every published version of every standard, by id, in publication order.
    private(set) var standardVersions: [String: [ServiceStandard]] = [:]
    /// Standard ids in the order first published.
    public private(set) var standardIDs: [String] = []
    /// How many events have been applied.
    public private(set) var eventCount = 0
    /// The roles last published, if any.
    public private(set) var publishedRoles: RolePolicy?
    /// Who configured the office first: the desk's first supervisor until roles are published.
    public private(set) var founder: String?

    var names = Interner()
    var text = TextArena()
    var complaints: [ComplaintRecord] = []
    var pauses: [PauseRecord] = []
    var rounds: [RoundRecord] = []
    var eventPositions: [UInt64] = []
    var eventPrevious: [Int32] = []
    var customers: [CustomerRecord] = []
    var customerByContact: [UInt64: UInt32] = [:]
    var surveys: [SurveyRecord] = []
    var surveyOffers: [SurveyOffer] = []
    public private(set) var staffIdeas: [StaffIdea] = []
    /// The highest complaint and staff idea numbers reserved by `idsReserved` (0: none).
    public private(set) var complaintsReservedThrough: UInt32 = 0
    public private(set) var ideasReservedThrough: UInt32 = 0
    /// The latest instant any event in the log was recorded at (`never` before the first).
    var latestRecordedAt: Int64 = never
    /// The latest `clockAccepted` instant: records up to it no longer refuse a clock behind them.
    var clockAcceptedUpTo: Int64 = never
    /// The earliest instant any standard version took effect (`Int64.max` before the first):
    /// a complaint received before it is not measured.
    var firstStandardEffective: Int64 = .max

    public init() {}

    /// Applies events in order.
    public init(replaying events: some Sequence<RecordedEvent>) {
        for e in events { apply(e) }
    }

    /// The number the next complaint will get.
    public var nextComplaintID: ComplaintID { ComplaintID(UInt32(complaints.count + 1)) }
    public var nextStaffIdeaID: StaffIdeaID {
        StaffIdeaID(max(staffIdeas.last?.id.number ?? 0, ideasReservedThrough) + 1)
    }
    /// How many complaint numbers are taken: received ones and reserved ones not yet restored.
    public var complaintCount: Int { complaints.count }

    /// Whether `id` is reserved and no complaint with it has been received (a restore may fill it).
    public func isReservedAndEmpty(_ id: ComplaintID) -> Bool {
        id.number <= complaintsReservedThrough && record(id) == nil
    }

    /// The staff idea with this id, if one was submitted.
    public func staffIdea(_ id: StaffIdeaID) -> StaffIdea? {
        staffIdeaIndex(id).map { staffIdeas[$0] }
    }

    /// Ideas are kept in id order but reserved ids leave gaps, so the index is searched for.
    private func staffIdeaIndex(_ id: StaffIdeaID) -> Int? {
        var low = 0
        var high = staffIdeas.count
        while low < high {
            let mid = (low + high) / 2
            if staffIdeas[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < staffIdeas.count && staffIdeas[low].id == id ? low : nil
    }

    /// Reserves room before a long replay.
    public mutating func reserve(complaints n: Int, events m: Int) {
        complaints.reserveCapacity(n)
        eventPositions.reserveCapacity(m)
        eventPrevious.reserveCapacity(m)
        text.bytes.reserveCapacity(n * 64)
    }

    /// Applies one event. `position` is where the event sits in the log (its sequence number),
    /// kept so a complaint's timeline can be read back; it defaults to the count of events
    /// applied so far.
    public mutating func apply(_ recorded: RecordedEvent, position: UInt64? = nil) {
        let pos = position ?? UInt64(eventCount)
        eventCount += 1
        let at = recorded.at.milliseconds
        if at > latestRecordedAt { latestRecordedAt = at }
        switch recorded.event {
        case .officeConfigured(let config):
            if office == nil, founder == nil { founder = recorded.actor }
            office = config
            for c in config.categories { _ = names.intern(c.id) }
            return
        case .rolesPublished(let roles):
            publishedRoles = roles
            return
        case .standardPublished(let s):
            if standardVersions[s.id] == nil { standardIDs.append(s.id) }
            standardVersions[s.id, default: []].append(s)
            firstStandardEffective = min(firstStandardEffective, s.effective.milliseconds)
            return
        case .clockAccepted(let latest):
            clockAcceptedUpTo = max(clockAcceptedUpTo, latest.milliseconds)
            return
        case .idsReserved(let complaintsThrough, let ideasThrough):
            if let n = complaintsThrough?.number, n > complaintsReservedThrough {
                complaintsReservedThrough = n
                // Empty slots (not `exists`) hold the reserved numbers until a restore fills them.
                while complaints.count < Int(n) { complaints.append(ComplaintRecord()) }
            }
            if let n = ideasThrough?.number { ideasReservedThrough = max(ideasReservedThrough, n) }
            return
        case .staffIdeaSubmitted(let id, let kind, let t):
            guard id == nextStaffIdeaID else { return }
            staffIdeas.append(
                StaffIdea(
                    id: id, kind: kind, text: t, submittedBy: recorded.actor.isEmpty ? nil : recorded.actor,
                    submittedAt: recorded.at, status: .submitted, statusNote: "",
                    statusChangedAt: recorded.at,
                    statusChangedBy: recorded.actor))
            return
        case .staffIdeaStatusChanged(let id, let status, let note):
            guard let i = staffIdeaIndex(id) else { return }
            staffIdeas[i].status = status
            staffIdeas[i].statusNote = note
            staffIdeas[i].statusChangedAt = recorded.at
            staffIdeas[i].statusChangedBy = recorded.actor
            return
        case .complaintReceived(let id, let intake):
            let n = Int(id.number)
            // Ids are allocated in order, or fill a reserved number (a restore); anything else is
            // a damaged log and is skipped.
            let fillsReserved = n <= Int(complaintsReservedThrough) && record(id) == nil
            guard n == complaints.count + 1 || fillsReserved else { return }
            var c = ComplaintRecord()
            c.flags = ComplaintRecord.exists
            c.receivedAt = intake.receivedAt.milliseconds
            c.roundStart = c.receivedAt
            c.channel = intake.channel.rawValue
            c.category = names.intern(intake.category)
            c.receivedCategory = c.category
            c.summary = text.store(intake.summary)
            c.customer = recordCustomer(intake.customer)
            if fillsReserved { complaints[n - 1] = c } else { complaints.append(c) }
        default:
            break
        }
        guard let id = recorded.event.complaint else { return }
        let index = Int(id.number) - 1
        guard index >= 0, index < complaints.count, complaints[index].has(ComplaintRecord.exists) else {
            return
        }
        var c = complaints[index]
        applyToComplaint(&c, recorded.event, at: at, actor: recorded.actor, position: pos, index: index)
        complaints[index] = c
    }

    private mutating func applyToComplaint(
        _ c: inout ComplaintRecord, _ event: DeskEvent, at: Int64, actor: String, position: UInt64, index: Int
    ) {
        switch event {
        case .complaintReceived, .officeConfigured, .rolesPublished, .standardPublished, .staffIdeaSubmitted,
            .staffIdeaStatusChanged, .idsReserved, .clockAccepted:
            break
        case .acknowledged:
            if c.acknowledgedAt == never { c.acknowledgedAt = at }
            if c.status == ComplaintStatus.received.rawValue {
                c.status = ComplaintStatus.acknowledged.rawValue
            }
        case .assessed(_, let severity, let urgent):
            c.severity = severity.rawValue
            c.flags = urgent ? c.flags | ComplaintRecord.urgent : c.flags & ~ComplaintRecord.urgent
            if c.status <= ComplaintStatus.acknowledged.rawValue {
                c.status = ComplaintStatus.assessed.rawValue
            }
        case .claimed(_, let clerk):
            c.holder = names.intern(clerk)
            if c.status <= ComplaintStatus.assessed.rawValue || c.status == ComplaintStatus.reopened.rawValue
            {
                c.status = ComplaintStatus.inProgress.rawValue
            }
        case .transferred(_, let category, let clerk, _):
            c.category = names.intern(category)
            c.holder = clerk.map { names.intern($0) } ?? 0
        case .escalated:
            c.flags |= ComplaintRecord.escalated
        case .noteAdded:
            break
        case .paused:
            if c.pausedSince == never {
                c.pausedSince = at
                c.statusBeforePause = c.status
                c.status = ComplaintStatus.waitingOnCustomer.rawValue
            }
        case .resumed:
            if c.pausedSince != never {
                endPause(&c, at: at)
                c.status = c.statusBeforePause
            }
        case .responded(_, let decision, _, _):
            if c.firstRespondedAt == never { c.firstRespondedAt = at }
            if c.respondedAt == never { c.respondedAt = at }
            c.decision = decision.rawValue
            c.status = ComplaintStatus.responded.rawValue
        case .closed:
            endPause(&c, at: at)
            if c.firstClosedAt == never { c.firstClosedAt = at }
            c.closedAt = at
            c.holder = 0
            c.status = ComplaintStatus.closed.rawValue
        case .reopened:
            if c.reopenCount >= 1 {
                rounds.append(
                    RoundRecord(
                        start: c.roundStart, respondedAt: c.respondedAt, closedAt: c.closedAt,
                        previous: c.lastRound))
                c.lastRound = Int32(rounds.count - 1)
            }
            c.reopenCount &+= c.reopenCount == 255 ? 0 : 1
            c.roundStart = at
            c.respondedAt = never
            c.closedAt = never
            c.withdrawnAt = never
            c.status = ComplaintStatus.reopened.rawValue
        case .withdrawn:
            endPause(&c, at: at)
            c.withdrawnAt = at
            c.holder = 0
            c.status = ComplaintStatus.withdrawn.rawValue
        case .surveyOffered(_, let channel):
            if !c.has(ComplaintRecord.surveyOffered) {
                c.flags |= ComplaintRecord.surveyOffered
                surveyOffers.append(
                    SurveyOffer(complaint: UInt32(index + 1), at: at, channel: channel.rawValue))
            }
        case .surveyRecorded(_, let channel, let answers):
            if !c.has(ComplaintRecord.surveyed) {
                c.flags |= ComplaintRecord.surveyed
                let s = answers.scores
                surveys.append(
                    SurveyRecord(
                        complaint: UInt32(index + 1), at: at, channel: channel.rawValue,
                        scores: (s[0], s[1], s[2], s[3], s[4], s[5], s[6]),
                        freeText: text.store(answers.freeText.joined(separator: "\n"))))
            }
        }
        c.revision &+= 1
        c.lastChangeAt = at
        c.lastActor = names.intern(actor)
        c.lastKind = EventCodec.typeCode(of: event)
        eventPositions.append(position)
        eventPrevious.append(c.lastEvent)
        c.lastEvent = Int32(eventPositions.count - 1)
    }

    private mutating func endPause(_ c: inout ComplaintRecord, at: Int64) {
        if c.pausedSince != never {
            pauses.append(
                PauseRecord(start: c.pausedSince, end: max(at, c.pausedSince), previous: c.lastPause))
            c.lastPause = Int32(pauses.count - 1)
            c.pausedSince = never
        }
    }
}
