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
        case clockAccepted = 51
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
        case .clockAccepted: .clockAccepted
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
            w.field(8, UInt64(max(0, o.backdatingWindowDays)))
            if !o.contact.isEmpty { w.field(9, o.contact) }
            if !o.escalation.isEmpty { w.field(10, o.escalation) }
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
            if let d = s.targetWorkingDays { w.field(12, UInt64(max(0, d))) }
            if let d = s.benchmarkWorkingDays { w.field(13, UInt64(max(0, d))) }
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
            if !i.customer.address.isEmpty { n.field(7, i.customer.address) }
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
        case .clockAccepted(let latest):
            w.field(1, signed: latest.milliseconds)
        }
        return w.fields - start
    }
}
