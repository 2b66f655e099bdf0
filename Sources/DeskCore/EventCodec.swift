import Foundation

/// Turns a `RecordedEvent` into the opaque bytes the log stores, and back.
///
/// Layout (all integers LEB128 varints; signed ones zigzag-encoded):
///
///     payload = schema u8 · event type u8 · at (signed) · actor (string) · field count · fields
///     field   = key u8 · tag u8 · value
///     tag 0   = unsigned varint, tag 1 = length-prefixed bytes (UTF-8 text or a nested
///               field list), tag 2 = signed varint
///
/// A reader skips fields whose key it does not know, so a later desk may add fields without
/// breaking this one; keys and type codes are never reused. Schema 1 is the only one so far;
/// a newer schema is refused with a message saying so.
public enum EventCodec {
    public static let schemaVersion: UInt8 = 1

    // MARK: Type codes (stable: written to logs)

    enum Code: UInt8, CaseIterable {
        case officeConfigured = 1
        case standardPublished = 2
        case rolesPublished = 3
        case complaintReceived = 10
        case acknowledged = 11
        case assessed = 12
        case claimed = 13
        case transferred = 14
        case escalated = 15
        case noteAdded = 16
        case paused = 17
        case resumed = 18
        case responded = 19
        case closed = 20
        case reopened = 21
        case withdrawn = 22
        case surveyOffered = 30
        case surveyRecorded = 31
        case staffIdeaSubmitted = 40
        case staffIdeaStatusChanged = 41
        case idsReserved = 50
    }

    static func code(of event: DeskEvent) -> Code {
        switch event {
        case .officeConfigured: .officeConfigured
        case .rolesPublished: .rolesPublished
        case .standardPublished: .standardPublished
        case .complaintReceived: .complaintReceived
        case .acknowledged: .acknowledged
        case .assessed: .assessed
        case .claimed: .claimed
        case .transferred: .transferred
        case .escalated: .escalated
        case .noteAdded: .noteAdded
        case .paused: .paused
        case .resumed: .resumed
        case .responded: .responded
        case .closed: .closed
        case .reopened: .reopened
        case .withdrawn: .withdrawn
        case .surveyOffered: .surveyOffered
        case .surveyRecorded: .surveyRecorded
        case .staffIdeaSubmitted: .staffIdeaSubmitted
        case .staffIdeaStatusChanged: .staffIdeaStatusChanged
        case .idsReserved: .idsReserved
        }
    }

    static func typeCode(of event: DeskEvent) -> UInt8 { code(of: event).rawValue }

    /// The name an event type has in `desk log dump`, e.g. `complaintReceived`.
    public static func typeName(of event: DeskEvent) -> String { "\(code(of: event))" }

    /// Every event type's name, as `desk log dump` writes it.
    public static var typeNames: [String] { Code.allCases.map { "\($0)" } }

    /// A past-tense verb for the last change of a complaint ("claimed").
    static func verb(_ code: UInt8) -> String {
        switch Code(rawValue: code) {
        case .complaintReceived: "received"
        case .acknowledged: "acknowledged"
        case .assessed: "assessed"
        case .claimed: "claimed"
        case .transferred: "transferred"
        case .escalated: "escalated"
        case .noteAdded: "annotated"
        case .paused: "paused"
        case .resumed: "resumed"
        case .responded: "responded to"
        case .closed: "closed"
        case .reopened: "reopened"
        case .withdrawn: "withdrawn"
        case .surveyOffered: "offered the survey"
        case .surveyRecorded: "surveyed"
        default: "changed"
        }
    }

    // MARK: Encoding

    public static func encode(_ recorded: RecordedEvent) -> [UInt8] {
        var w = Writer()
        w.bytes.reserveCapacity(96)
        w.bytes.append(schemaVersion)
        w.bytes.append(typeCode(of: recorded.event))
        w.signed(recorded.at.milliseconds)
        w.string(recorded.actor)
        var f = Writer()
        let count = encodeFields(recorded.event, into: &f)
        w.unsigned(UInt64(count))
        w.bytes.append(contentsOf: f.bytes)
        return w.bytes
    }

    private static func encodeFields(_ event: DeskEvent, into w: inout Writer) -> Int {
        let start = w.fields
        switch event {
        case .officeConfigured(let o):
            w.field(1, o.name)
            w.field(2, o.calendar.timeZoneIdentifier)
            for day in Weekday.allCases {
                guard let h = o.calendar.weeklyHours[day.rawValue] else { continue }
                var n = Writer()
                n.field(1, UInt64(day.rawValue))
                n.field(2, UInt64(h.opens))
                n.field(3, UInt64(h.closes))
                w.field(3, nested: n)
            }
            for d in o.calendar.holidays.sorted() { w.field(4, signed: Int64(d.dayNumber)) }
            for c in o.categories {
                var n = Writer()
                n.field(1, c.id)
                n.field(2, c.title)
                w.field(5, nested: n)
            }
            for c in o.channels { w.field(6, UInt64(c.rawValue)) }
            w.field(7, UInt64(max(0, o.version)))
        case .rolesPublished(let roles):
            for name in roles.supervisors { w.field(1, name) }
            w.field(2, roles.supervisorGroup)
            for name in roles.clerks { w.field(3, name) }
            w.field(4, roles.clerkGroup)
        case .standardPublished(let s):
            w.field(1, s.id)
            w.field(2, s.wording)
            w.field(3, UInt64(s.measure.rawValue))
            for c in s.categories { w.field(4, c) }
            for c in s.channels { w.field(5, UInt64(c.rawValue)) }
            w.field(6, UInt64(max(0, s.targetMinutes)))
            w.field(7, UInt64(max(0, (s.threshold * 1_000_000).rounded())))
            if let b = s.benchmarkMinutes { w.field(8, UInt64(max(0, b))) }
            if !s.benchmarkSource.isEmpty { w.field(9, s.benchmarkSource) }
            w.field(10, UInt64(max(0, s.version)))
            w.field(11, signed: s.effective.milliseconds)
        case .complaintReceived(let id, let i):
            w.field(1, UInt64(id.number))
            w.field(2, signed: i.receivedAt.milliseconds)
            w.field(3, UInt64(i.channel.rawValue))
            w.field(4, i.category)
            w.field(5, i.summary)
            if !i.details.isEmpty { w.field(6, i.details) }
            if !i.remedySought.isEmpty { w.field(7, i.remedySought) }
            var n = Writer()
            n.field(1, i.customer.name)
            if !i.customer.email.isEmpty { n.field(2, i.customer.email) }
            if !i.customer.phone.isEmpty { n.field(3, i.customer.phone) }
            if let p = i.customer.preferredReply { n.field(4, UInt64(p.rawValue)) }
            if !i.customer.accessibilityNeeds.isEmpty { n.field(5, i.customer.accessibilityNeeds) }
            if !i.customer.group.isEmpty { n.field(6, i.customer.group) }
            w.field(8, nested: n)
        case .acknowledged(let id), .resumed(let id):
            w.field(1, UInt64(id.number))
        case .assessed(let id, let severity, let urgent):
            w.field(1, UInt64(id.number))
            w.field(2, UInt64(severity.rawValue))
            w.field(3, urgent ? 1 : 0)
        case .claimed(let id, let clerk):
            w.field(1, UInt64(id.number))
            w.field(2, clerk)
        case .transferred(let id, let category, let clerk, let reason):
            w.field(1, UInt64(id.number))
            w.field(2, category)
            if let clerk { w.field(3, clerk) }
            w.field(4, reason)
        case .escalated(let id, let reason), .paused(let id, let reason), .reopened(let id, let reason),
            .withdrawn(let id, let reason):
            w.field(1, UInt64(id.number))
            w.field(2, reason)
        case .noteAdded(let id, let text, let visible):
            w.field(1, UInt64(id.number))
            w.field(2, text)
            w.field(3, visible ? 1 : 0)
        case .responded(let id, let decision, let reasons, let remedy):
            w.field(1, UInt64(id.number))
            w.field(2, UInt64(decision.rawValue))
            w.field(3, reasons)
            if !remedy.isEmpty { w.field(4, remedy) }
        case .closed(let id, let acceptance, let recourse):
            w.field(1, UInt64(id.number))
            w.field(2, UInt64(acceptance.rawValue))
            if !recourse.isEmpty { w.field(3, recourse) }
        case .surveyOffered(let id, let channel):
            w.field(1, UInt64(id.number))
            w.field(2, UInt64(channel.rawValue))
        case .surveyRecorded(let id, let channel, let answers):
            w.field(1, UInt64(id.number))
            w.field(2, UInt64(channel.rawValue))
            w.field(3, bytes: answers.scores)
            for t in answers.freeText { w.field(4, t) }
        case .staffIdeaSubmitted(let id, let kind, let text):
            w.field(1, UInt64(id.number))
            w.field(2, UInt64(kind.rawValue))
            w.field(3, text)
        case .staffIdeaStatusChanged(let id, let status, let note):
            w.field(1, UInt64(id.number))
            w.field(2, UInt64(status.rawValue))
            if !note.isEmpty { w.field(3, note) }
        case .idsReserved(let complaints, let ideas):
            if let complaints { w.field(1, UInt64(complaints.number)) }
            if let ideas { w.field(2, UInt64(ideas.number)) }
        }
        return w.fields - start
    }

    // MARK: Decoding

    /// Decodes a payload held in an array, slice or `Data`.
    public static func decode(_ bytes: some ContiguousBytes) throws(DeskError) -> RecordedEvent {
        do {
            return try bytes.withUnsafeBytes { try decode($0) }
        } catch let e as DeskError {
            throw e
        } catch {
            throw corrupt("\(error)")
        }
    }

    /// Decodes one payload; any damage is a `.corruptEvent` error saying what was wrong.
    public static func decode(_ buffer: UnsafeRawBufferPointer) throws(DeskError) -> RecordedEvent {
        var r = Reader(buffer)
        let schema = try r.byte()
        guard schema == schemaVersion else {
            if schema > schemaVersion {
                throw corrupt(
                    "event written with schema \(schema) by a newer desk; this desk reads schema \(schemaVersion)"
                )
            }
            throw corrupt("unknown event schema \(schema)")
        }
        let typeByte = try r.byte()
        guard let code = Code(rawValue: typeByte) else { throw corrupt("unknown event type \(typeByte)") }
        let at = try r.signed()
        let actor = try r.string()
        let count = try r.unsigned()
        guard count <= UInt64(buffer.count) else { throw corrupt("field count \(count) exceeds the payload") }
        let event = try decodeEvent(code, &r, count: Int(count))
        guard r.atEnd else { throw corrupt("\(r.remaining) unexpected bytes after the event") }
        return RecordedEvent(actor: actor, at: Timestamp(milliseconds: at), event: event)
    }

    static func corrupt(_ message: String) -> DeskError {
        DeskError(.corruptEvent, "unreadable event: " + message)
    }

    private static func decodeEvent(_ code: Code, _ r: inout Reader, count: Int) throws(DeskError)
        -> DeskEvent
    {
        var id: UInt64 = 0
        var u2: UInt64 = 0
        var u3: UInt64 = 0
        var s2 = ""
        var s3 = ""
        var s4 = ""
        var has3 = false
        switch code {
        case .officeConfigured: return try decodeOffice(&r, count: count)
        case .rolesPublished:
            var roles = RolePolicy(supervisors: [])
            try r.fields(count) { (key, tag, r) throws(DeskError) in
                switch (key, tag) {
                case (1, 1): roles.supervisors.append(try r.string())
                case (2, 1): roles.supervisorGroup = try r.string()
                case (3, 1): roles.clerks.append(try r.string())
                case (4, 1): roles.clerkGroup = try r.string()
                default: try r.skip(tag)
                }
            }
            return .rolesPublished(roles)
        case .standardPublished: return try decodeStandard(&r, count: count)
        case .complaintReceived: return try decodeReceived(&r, count: count)
        case .surveyRecorded:
            var scores: [UInt8] = []
            var texts: [String] = []
            try r.fields(count) { (key, tag, r) throws(DeskError) in
                switch (key, tag) {
                case (1, 0): id = try r.unsigned()
                case (2, 0): u2 = try r.unsigned()
                case (3, 1): scores = Array(try r.bytes())
                case (4, 1): texts.append(try r.string())
                default: try r.skip(tag)
                }
            }
            var answers = SurveyAnswers(freeText: texts)
            for d in SurveyDriver.allCases where Int(d.rawValue) < scores.count {
                let v = Int(scores[Int(d.rawValue)])
                guard v <= 5 else { throw corrupt("survey score \(v) is outside 1–5") }
                answers[d] = v == 0 ? nil : v
            }
            return .surveyRecorded(try complaintID(id), channel: try channel(u2), answers: answers)
        default:
            try r.fields(count) { (key, tag, r) throws(DeskError) in
                switch (key, tag) {
                case (1, 0): id = try r.unsigned()
                case (2, 0): u2 = try r.unsigned()
                case (2, 1): s2 = try r.string()
                case (3, 0): u3 = try r.unsigned()
                case (3, 1):
                    s3 = try r.string()
                    has3 = true
                case (4, 1): s4 = try r.string()
                default: try r.skip(tag)
                }
            }
        }
        switch code {
        case .acknowledged: return .acknowledged(try complaintID(id))
        case .resumed: return .resumed(try complaintID(id))
        case .assessed:
            guard let s = Severity(rawValue: UInt8(clamping: u2)) else {
                throw corrupt("unknown severity \(u2)")
            }
            return .assessed(try complaintID(id), severity: s, urgent: u3 != 0)
        case .claimed: return .claimed(try complaintID(id), clerk: s2)
        case .transferred:
            return .transferred(try complaintID(id), category: s2, clerk: has3 ? s3 : nil, reason: s4)
        case .escalated: return .escalated(try complaintID(id), reason: s2)
        case .paused: return .paused(try complaintID(id), reason: s2)
        case .reopened: return .reopened(try complaintID(id), reason: s2)
        case .withdrawn: return .withdrawn(try complaintID(id), reason: s2)
        case .noteAdded: return .noteAdded(try complaintID(id), text: s2, customerVisible: u3 != 0)
        case .responded:
            guard let d = Decision(rawValue: UInt8(clamping: u2)) else {
                throw corrupt("unknown decision \(u2)")
            }
            return .responded(try complaintID(id), decision: d, reasons: s3, remedyOffered: s4)
        case .closed:
            guard let a = Acceptance(rawValue: UInt8(clamping: u2)) else {
                throw corrupt("unknown acceptance \(u2)")
            }
            return .closed(try complaintID(id), acceptance: a, recourse: s3)
        case .surveyOffered: return .surveyOffered(try complaintID(id), channel: try channel(u2))
        case .staffIdeaSubmitted:
            guard let k = StaffIdeaKind(rawValue: UInt8(clamping: u2)) else {
                throw corrupt("unknown idea kind \(u2)")
            }
            return .staffIdeaSubmitted(try ideaID(id), kind: k, text: s3)
        case .staffIdeaStatusChanged:
            guard let s = StaffIdeaStatus(rawValue: UInt8(clamping: u2)) else {
                throw corrupt("unknown idea status \(u2)")
            }
            return .staffIdeaStatusChanged(try ideaID(id), status: s, note: s3)
        case .idsReserved:
            return .idsReserved(
                complaintsThrough: id == 0 ? nil : try complaintID(id),
                ideasThrough: u2 == 0 ? nil : try ideaID(u2))
        case .officeConfigured, .rolesPublished, .standardPublished, .complaintReceived, .surveyRecorded:
            throw corrupt("internal: unreachable event type")
        }
    }

    private static func complaintID(_ v: UInt64) throws(DeskError) -> ComplaintID {
        guard v > 0, v <= UInt64(UInt32.max) else {
            throw corrupt("complaint number \(v) is missing or out of range")
        }
        return ComplaintID(UInt32(v))
    }

    private static func ideaID(_ v: UInt64) throws(DeskError) -> StaffIdeaID {
        guard v > 0, v <= UInt64(UInt32.max) else {
            throw corrupt("staff idea number \(v) is missing or out of range")
        }
        return StaffIdeaID(UInt32(v))
    }

    private static func channel(_ v: UInt64) throws(DeskError) -> Channel {
        guard let c = Channel(rawValue: UInt8(clamping: v)) else { throw corrupt("unknown channel \(v)") }
        return c
    }

    private static func decodeReceived(_ r: inout Reader, count: Int) throws(DeskError) -> DeskEvent {
        var id: UInt64 = 0
        var receivedAt: Int64 = 0
        var ch: UInt64 = 0
        var category = ""
        var summary = ""
        var details = ""
        var remedy = ""
        var customer = Customer(name: "")
        try r.fields(count) { (key, tag, r) throws(DeskError) in
            switch (key, tag) {
            case (1, 0): id = try r.unsigned()
            case (2, 2): receivedAt = try r.signed()
            case (3, 0): ch = try r.unsigned()
            case (4, 1): category = try r.string()
            case (5, 1): summary = try r.string()
            case (6, 1): details = try r.string()
            case (7, 1): remedy = try r.string()
            case (8, 1):
                var n = Reader(try r.bytes())
                try n.fieldsToEnd { (key, tag, n) throws(DeskError) in
                    switch (key, tag) {
                    case (1, 1): customer.name = try n.string()
                    case (2, 1): customer.email = try n.string()
                    case (3, 1): customer.phone = try n.string()
                    case (4, 0): customer.preferredReply = try channel(try n.unsigned())
                    case (5, 1): customer.accessibilityNeeds = try n.string()
                    case (6, 1): customer.group = try n.string()
                    default: try n.skip(tag)
                    }
                }
            default: try r.skip(tag)
            }
        }
        return .complaintReceived(
            try complaintID(id),
            ComplaintIntake(
                channel: try channel(ch), category: category, summary: summary, details: details,
                remedySought: remedy,
                customer: customer, receivedAt: Timestamp(milliseconds: receivedAt)))
    }

    private static func decodeOffice(_ r: inout Reader, count: Int) throws(DeskError) -> DeskEvent {
        var name = ""
        var zone = ""
        var hours: [Weekday: OpeningHours] = [:]
        var holidays: Set<CalendarDate> = []
        var categories: [Category] = []
        var channels: [Channel] = []
        var version: UInt64 = 1
        try r.fields(count) { (key, tag, r) throws(DeskError) in
            switch (key, tag) {
            case (1, 1): name = try r.string()
            case (2, 1): zone = try r.string()
            case (3, 1):
                var n = Reader(try r.bytes())
                var day: UInt64 = 99
                var opens: UInt64 = 0
                var closes: UInt64 = 0
                try n.fieldsToEnd { (key, tag, n) throws(DeskError) in
                    switch (key, tag) {
                    case (1, 0): day = try n.unsigned()
                    case (2, 0): opens = try n.unsigned()
                    case (3, 0): closes = try n.unsigned()
                    default: try n.skip(tag)
                    }
                }
                guard let d = Weekday(rawValue: Int(clamping: day)), opens < 1441, closes < 1441 else {
                    throw corrupt("opening hours out of range")
                }
                hours[d] = OpeningHours(opens: Int(opens), closes: Int(closes))
            case (4, 2):
                let n = try r.signed()
                guard abs(n) < 3_000_000 else { throw corrupt("holiday out of range") }
                holidays.insert(CalendarDate(dayNumber: Int(n)))
            case (5, 1):
                var n = Reader(try r.bytes())
                var c = Category(id: "", title: "")
                try n.fieldsToEnd { (key, tag, n) throws(DeskError) in
                    switch (key, tag) {
                    case (1, 1): c.id = try n.string()
                    case (2, 1): c.title = try n.string()
                    default: try n.skip(tag)
                    }
                }
                categories.append(c)
            case (6, 0): channels.append(try channel(try r.unsigned()))
            case (7, 0): version = try r.unsigned()
            default: try r.skip(tag)
            }
        }
        let calendar: BusinessCalendar
        do {
            calendar = try BusinessCalendar(timeZone: zone, hours: hours, holidays: holidays)
        } catch {
            throw corrupt("office calendar: \(error.message)")
        }
        return .officeConfigured(
            OfficeConfiguration(
                name: name, calendar: calendar, categories: categories, channels: channels,
                version: Int(clamping: version)))
    }

    private static func decodeStandard(_ r: inout Reader, count: Int) throws(DeskError) -> DeskEvent {
        var s = ServiceStandard(
            id: "", wording: "", measure: .acknowledgement, targetMinutes: 0, threshold: 0, version: 0,
            effective: Timestamp(milliseconds: 0))
        try r.fields(count) { (key, tag, r) throws(DeskError) in
            switch (key, tag) {
            case (1, 1): s.id = try r.string()
            case (2, 1): s.wording = try r.string()
            case (3, 0):
                let v = try r.unsigned()
                guard let m = Measure(rawValue: UInt8(clamping: v)) else {
                    throw corrupt("unknown measure \(v)")
                }
                s.measure = m
            case (4, 1): s.categories.append(try r.string())
            case (5, 0): s.channels.append(try channel(try r.unsigned()))
            case (6, 0): s.targetMinutes = Int(clamping: try r.unsigned())
            case (7, 0): s.threshold = Double(try r.unsigned()) / 1_000_000
            case (8, 0): s.benchmarkMinutes = Int(clamping: try r.unsigned())
            case (9, 1): s.benchmarkSource = try r.string()
            case (10, 0): s.version = Int(clamping: try r.unsigned())
            case (11, 2): s.effective = Timestamp(milliseconds: try r.signed())
            default: try r.skip(tag)
            }
        }
        return .standardPublished(s)
    }
}

/// Appends varints, strings and fields.
struct Writer {
    var bytes: [UInt8] = []
    var fields = 0

    mutating func unsigned(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func signed(_ v: Int64) { unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { u in
            unsigned(UInt64(u.count))
            bytes.append(contentsOf: u)
        }
    }

    mutating func field(_ key: UInt8, _ v: UInt64) {
        bytes.append(key)
        bytes.append(0)
        unsigned(v)
        fields += 1
    }

    mutating func field(_ key: UInt8, signed v: Int64) {
        bytes.append(key)
        bytes.append(2)
        signed(v)
        fields += 1
    }

    mutating func field(_ key: UInt8, _ s: String) {
        bytes.append(key)
        bytes.append(1)
        string(s)
        fields += 1
    }

    mutating func field(_ key: UInt8, bytes b: [UInt8]) {
        bytes.append(key)
        bytes.append(1)
        unsigned(UInt64(b.count))
        bytes.append(contentsOf: b)
        fields += 1
    }

    /// A nested field list: its own count, then its fields, as one length-prefixed value.
    mutating func field(_ key: UInt8, nested n: Writer) {
        var inner = Writer()
        inner.unsigned(UInt64(n.fields))
        inner.bytes.append(contentsOf: n.bytes)
        field(key, bytes: inner.bytes)
    }
}

/// Reads varints, strings and fields from a buffer, refusing anything that runs past its end.
struct Reader {
    let base: UnsafeRawBufferPointer
    var position = 0

    init(_ base: UnsafeRawBufferPointer) {
        self.base = base
    }

    var atEnd: Bool { position == base.count }
    var remaining: Int { base.count - position }

    mutating func byte() throws(DeskError) -> UInt8 {
        guard position < base.count else {
            throw EventCodec.corrupt("payload ends early (\(base.count) bytes)")
        }
        let b = base[position]
        position += 1
        return b
    }

    mutating func unsigned() throws(DeskError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            if shift == 63 && b > 1 { throw EventCodec.corrupt("number too large at byte \(position)") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw EventCodec.corrupt("number too long at byte \(position)") }
        }
    }

    mutating func signed() throws(DeskError) -> Int64 {
        let u = try unsigned()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    mutating func bytes() throws(DeskError) -> UnsafeRawBufferPointer {
        let n = try unsigned()
        guard n <= UInt64(remaining) else {
            throw EventCodec.corrupt("a value of \(n) bytes runs past the end at byte \(position)")
        }
        let slice = UnsafeRawBufferPointer(rebasing: base[position..<(position + Int(n))])
        position += Int(n)
        return slice
    }

    mutating func string() throws(DeskError) -> String {
        let b = try bytes()
        if b.isEmpty { return "" }
        guard isValidUTF8(b) else {
            throw EventCodec.corrupt("text is not valid UTF-8 near byte \(position)")
        }
        return String(decoding: b, as: UTF8.self)
    }

    mutating func skip(_ tag: UInt8) throws(DeskError) {
        switch tag {
        case 0, 2: _ = try unsigned()
        case 1: _ = try bytes()
        default: throw EventCodec.corrupt("unknown field tag \(tag) at byte \(position)")
        }
    }

    /// Reads `count` fields, handing each key and tag to `body`, which must consume the value.
    mutating func fields(
        _ count: Int, _ body: (UInt8, UInt8, inout Reader) throws(DeskError) -> Void
    ) throws(DeskError) {
        for _ in 0..<count {
            let key = try byte()
            let tag = try byte()
            try body(key, tag, &self)
        }
    }

    /// Reads a nested field list: its count, then the fields, which must fill the buffer.
    mutating func fieldsToEnd(_ body: (UInt8, UInt8, inout Reader) throws(DeskError) -> Void)
        throws(DeskError)
    {
        let count = try unsigned()
        guard count <= UInt64(remaining) else {
            throw EventCodec.corrupt("nested field count \(count) is too large")
        }
        try fields(Int(count), body)
        guard atEnd else { throw EventCodec.corrupt("unexpected bytes in a nested value") }
    }
}

/// Strict UTF-8 check (no overlongs, no surrogates, nothing above U+10FFFF), with a fast
/// path for ASCII, so that invalid text in a payload is refused rather than repaired.
func isValidUTF8(_ b: UnsafeRawBufferPointer) -> Bool {
    var i = 0
    let n = b.count
    while i < n {
        let c = b[i]
        if c < 0x80 {
            i += 1
            continue
        }
        let need: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: need = 1
        case 0xE0:
            need = 2
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED:
            need = 2
            upper = 0x9F
        case 0xF0:
            need = 3
            lower = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4:
            need = 3
            upper = 0x8F
        default: return false
        }
        guard i + need < n else { return false }
        let second = b[i + 1]
        guard second >= lower && second <= upper else { return false }
        var k = 2
        while k <= need {
            let x = b[i + k]
            guard x >= 0x80 && x <= 0xBF else { return false }
            k += 1
        }
        i += need + 1
    }
    return true
}
