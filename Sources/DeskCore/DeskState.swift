import Foundation

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

struct CustomerRecord: Sendable {
    var name: TextArena.Ref
    var email: TextArena.Ref
    var phone: TextArena.Ref
    var accessibility: TextArena.Ref
    var address: TextArena.Ref
    var group: UInt32
    var complaints: UInt32
    var preferredReply: Channel?
}

extension CustomerRecord: SnapshotRecord {
    static let snapshotFields = 8
    static let snapshotSize = 5 * 8 + 4 + 4 + 1

    func write(into w: inout FieldWriter) {
        w.ref(name)
        w.ref(email)
        w.ref(phone)
        w.ref(accessibility)
        w.ref(address)
        w.put(group)
        w.put(complaints)
        w.optional(preferredReply?.rawValue)
    }

    init(from r: inout FieldReader) throws {
        self.init(
            name: r.ref(), email: r.ref(), phone: r.ref(), accessibility: r.ref(), address: r.ref(),
            group: r.take(),
            complaints: r.take(), preferredReply: try r.optional(Channel.self))
    }
}

/// Everything the desk knows, rebuilt by applying events in log order.
///
/// `apply` is pure and cheap; it trusts events (deciding already checked them) and ignores
/// ones that refer to nothing it knows, so a damaged log never stops a replay. Complaint
/// details, notes and response texts are not held here: `timeline(of:)` gives the log
/// positions of a complaint's events, to be read back when a clerk opens it.
public struct DeskState: Sendable {
    public private(set) var office: OfficeConfiguration?
    /// How many events have been applied.
    public private(set) var eventCount = 0
    /// The roles last published, if any.
    public private(set) var publishedRoles: RolePolicy?
    /// Who configured the office first: the desk's first supervisor until roles are published.
    public private(set) var founder: String?

    var names = Interner()
    var text = TextArena()
    private(set) var book = ComplaintBook()
    private(set) var standards = StandardBook()
    private(set) var ideas = StaffIdeaBook()
    private(set) var events = EventIndex()
    var customers: [CustomerRecord] = []
    var customerByContact: [UInt64: UInt32] = [:]
    /// The latest instant any event in the log was recorded at.
    private(set) var latestRecordedAt = RecordedInstant.notYet
    /// The latest `clockAccepted` instant: records up to it no longer refuse a clock behind them.
    private(set) var clockAcceptedUpTo = RecordedInstant.notYet

    public init() {}

    /// Applies events in order.
    public init(replaying events: some Sequence<RecordedEvent>) {
        for e in events { apply(e) }
    }

    /// Complaint slots, number n at n - 1 (reserved empty slots included).
    var complaints: [ComplaintRecord] { book.records }
    var surveys: [SurveyRecord] { book.surveys }
    var surveyOffers: [SurveyOffer] { book.surveyOffers }
    /// Standard ids in the order first published.
    public var standardIDs: [String] { standards.ids }
    public var staffIdeas: [StaffIdea] { ideas.ideas }
    /// The highest complaint and staff idea numbers reserved by `idsReserved` (0: none).
    public var complaintsReservedThrough: UInt32 { book.reservedThrough }
    public var ideasReservedThrough: UInt32 { ideas.reservedThrough }

    /// The number the next complaint will get.
    public var nextComplaintID: ComplaintID { ComplaintID(UInt32(book.count + 1)) }
    public var nextStaffIdeaID: StaffIdeaID { ideas.nextID }
    /// How many complaint numbers are taken: received ones and reserved ones not yet restored.
    public var complaintCount: Int { book.count }

    /// Whether `id` is reserved and no complaint with it has been received (a restore may fill it).
    public func isReservedAndEmpty(_ id: ComplaintID) -> Bool {
        id.number <= complaintsReservedThrough && record(id) == nil
    }

    /// The staff idea with this id, if one was submitted.
    public func staffIdea(_ id: StaffIdeaID) -> StaffIdea? { ideas.idea(id) }

    /// Reserves room before a long replay.
    public mutating func reserve(complaints n: Int, events m: Int) {
        book.reserveCapacity(n)
        events.reserve(m)
        text.bytes.reserveCapacity(n * 64)
    }

    /// Applies one event. `position` is where the event sits in the log (its sequence number),
    /// kept so a complaint's timeline can be read back; it defaults to the count of events
    /// applied so far.
    public mutating func apply(_ recorded: RecordedEvent, position: UInt64? = nil) {
        let pos = position ?? UInt64(eventCount)
        eventCount += 1
        latestRecordedAt = max(latestRecordedAt, RecordedInstant(recorded.at))
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
            standards.publish(s)
            return
        case .clockAccepted(let latest):
            clockAcceptedUpTo = max(clockAcceptedUpTo, RecordedInstant(latest))
            return
        case .idsReserved(let complaintsThrough, let ideasThrough):
            if let n = complaintsThrough?.number { book.reserve(through: n) }
            if let n = ideasThrough?.number { ideas.reserve(through: n) }
            return
        case .staffIdeaSubmitted(let id, let kind, let t):
            ideas.submit(id, kind: kind, text: t, by: recorded.actor, at: recorded.at)
            return
        case .staffIdeaStatusChanged(let id, let status, let note):
            ideas.change(id, to: status, note: note, by: recorded.actor, at: recorded.at)
            return
        case .complaintReceived(let id, let intake):
            guard book.accepts(id) else { return }
            var c = ComplaintRecord()
            c.flags = .exists
            c.receivedAt = intake.receivedAt
            c.roundStart = c.receivedAt
            c.channel = intake.channel
            c.category = names.intern(intake.category)
            c.receivedCategory = c.category
            c.summary = text.store(intake.summary)
            c.customer = recordCustomer(intake.customer)
            book.receive(id, c)
        default:
            break
        }
        guard let id = recorded.event.complaint, let index = book.index(of: id) else { return }
        book.apply(
            recorded.event, toIndex: index, at: recorded.at, actor: recorded.actor, position: pos,
            names: &names, text: &text, events: &events)
    }
}

// MARK: Snapshots

/// The state as a snapshot (issue 13): everything `apply` has built, written field by field so that
/// two equal states give the same bytes (the background check compares a replay's bytes with the
/// snapshot's), and read back into a state that answers every question as the replayed one does.
///
/// The office, the roles and the standards are written as the events that set them (the codec is
/// the one definition of their fields); records are written by their own `write(to:)`, next to
/// their declarations.
extension DeskState {
    /// Bumped whenever what is written here changes.
    public static let snapshotFormat: UInt32 = 3

    public func writeSnapshot(to w: SnapshotWriter) throws {
        try w.u32(Self.snapshotFormat)
        try w.count(eventCount)
        try Self.writeEvent(office.map { .officeConfigured($0) }, to: w)
        try Self.writeEvent(publishedRoles.map { .rolesPublished($0) }, to: w)
        try w.u8(founder == nil ? 0 : 1)
        try w.text(founder ?? "")
        try w.count(names.names.count)
        for name in names.names.dropFirst() { try w.text(name) }
        try w.array(text.bytes)
        try book.write(to: w)
        try standards.write(to: w)
        try ideas.write(to: w)
        try events.write(to: w)
        try w.records(customers)
        let contacts = customerByContact.sorted { $0.key < $1.key }
        try w.array(contacts.map(\.key))
        try w.array(contacts.map(\.value))
        try w.instant(latestRecordedAt)
        try w.instant(clockAcceptedUpTo)
    }

    public init(snapshot r: SnapshotReader) throws {
        let format = try r.u32()
        guard format == Self.snapshotFormat else {
            throw SnapshotDamage("snapshot format \(format), this desk writes \(Self.snapshotFormat)")
        }
        self.init()
        eventCount = try r.count()
        if case .officeConfigured(let o)? = try Self.readEvent(r) { office = o }
        if case .rolesPublished(let roles)? = try Self.readEvent(r) { publishedRoles = roles }
        let hasFounder = try r.u8() == 1
        let founderName = try r.text()
        founder = hasFounder ? founderName : nil
        let nameCount = try r.count(limit: 1 << 28)
        for _ in 1..<max(1, nameCount) { _ = names.intern(try r.text()) }
        guard names.names.count == max(1, nameCount) else { throw SnapshotDamage("a name is written twice") }
        text.bytes = try r.array()
        book = try ComplaintBook(snapshot: r)
        standards = try StandardBook(snapshot: r)
        ideas = try StaffIdeaBook(snapshot: r)
        events = try EventIndex(snapshot: r)
        customers = try r.records()
        let keys: [UInt64] = try r.array()
        let values: [UInt32] = try r.array()
        guard keys.count == values.count else { throw SnapshotDamage("the contact index does not pair up") }
        customerByContact = Dictionary(uniqueKeysWithValues: zip(keys, values))
        latestRecordedAt = try r.instant()
        clockAcceptedUpTo = try r.instant()
    }

    private static func writeEvent(_ event: DeskEvent?, to w: SnapshotWriter) throws {
        guard let event else { return try w.array([UInt8]()) }
        try w.array(EventCodec.encode(RecordedEvent(actor: "", at: Timestamp(milliseconds: 0), event: event)))
    }

    private static func readEvent(_ r: SnapshotReader) throws -> DeskEvent? {
        let bytes: [UInt8] = try r.array()
        if bytes.isEmpty { return nil }
        do { return try EventCodec.decode(bytes).event } catch { throw SnapshotDamage("\(error)") }
    }

    static func snapshotEvent(_ r: SnapshotReader) throws -> DeskEvent {
        guard let event = try readEvent(r) else { throw SnapshotDamage("an event is missing") }
        return event
    }
}
