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
/// Each event type's fields are defined once, in its `EventSchema` (EventCodec+Schemas.swift and
/// EventCodec+ComplaintSchemas.swift): key, tag, name in `desk log dump`, and how the field is
/// taken from and put into the event. Encoding, decoding and the dump all read that definition.
///
/// A reader skips fields whose key it does not know, so a later desk may add fields without
/// breaking this one; a known key with another tag than its own is refused. Keys and type codes
/// are never reused. Schema 1 is the only one so far; a newer schema is refused with a message
/// saying so.
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
    static func verb(_ code: Code?) -> String {
        switch code {
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
        let code = code(of: recorded.event)
        var w = Writer()
        w.bytes.reserveCapacity(96)
        w.bytes.append(schemaVersion)
        w.bytes.append(code.rawValue)
        w.signed(recorded.at.milliseconds)
        w.string(recorded.actor)
        var f = Writer()
        schema(code).encode(recorded.event, &f)
        w.unsigned(UInt64(f.fields))
        w.bytes.append(contentsOf: f.bytes)
        return w.bytes
    }
}
