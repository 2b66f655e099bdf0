import Foundation

/// A domain refusal with a message a clerk can act on: what happened, to what, what to do.
public struct DeskError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    public enum Kind: Sendable, Hashable {
        /// The command was decided on an older revision of the complaint.
        case conflict
        /// The complaint's status does not allow this step.
        case invalidTransition
        case notFound
        /// A field failed validation; `field` names it.
        case invalidInput
        /// Bytes in the log could not be read as an event.
        case corruptEvent
    }

    public var kind: Kind
    public var message: String
    /// The field at fault, for input errors (e.g. `summary`).
    public var field: String?

    public init(_ kind: Kind, _ message: String, field: String? = nil) {
        self.kind = kind
        self.message = message
        self.field = field
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}

/// A complaint's public reference, e.g. `C-000042`, allocated in order of receipt.
public struct ComplaintID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var number: UInt32

    public init(_ number: UInt32) {
        self.number = number
    }

    /// Parses `C-000042` (or `c-42`, or `42`).
    public init?(_ text: String) {
        var t = Substring(text)
        if t.hasPrefix("C-") || t.hasPrefix("c-") { t = t.dropFirst(2) }
        guard !t.isEmpty, t.count <= 10, let n = UInt32(t), n > 0 else { return nil }
        number = n
    }

    public var description: String { "C-" + pad(Int(number), 6) }

    public static func < (a: ComplaintID, b: ComplaintID) -> Bool { a.number < b.number }
}

/// A staff barrier or idea's reference, e.g. `S-0007`.
public struct StaffIdeaID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var number: UInt32

    public init(_ number: UInt32) {
        self.number = number
    }

    public init?(_ text: String) {
        var t = Substring(text)
        if t.hasPrefix("S-") || t.hasPrefix("s-") { t = t.dropFirst(2) }
        guard !t.isEmpty, let n = UInt32(t), n > 0 else { return nil }
        number = n
    }

    public var description: String { "S-" + pad(Int(number), 4) }

    public static func < (a: StaffIdeaID, b: StaffIdeaID) -> Bool { a.number < b.number }
}

/// The person who complained (EO 12862 §1(a)).
public struct Customer: Hashable, Sendable {
    public var name: String
    public var email: String
    public var phone: String
    /// How they want to be answered; nil when they did not say.
    public var preferredReply: Channel?
    public var accessibilityNeeds: String
    /// E.g. "resident", "business", "visitor".
    public var group: String
    /// A postal address, one or more lines; needed when the reply is to go by mail.
    public var address: String

    public init(
        name: String, email: String = "", phone: String = "", preferredReply: Channel? = nil,
        accessibilityNeeds: String = "", group: String = "", address: String = ""
    ) {
        self.name = name
        self.email = email
        self.phone = phone
        self.preferredReply = preferredReply
        self.accessibilityNeeds = accessibilityNeeds
        self.group = group
        self.address = address
    }

    /// Email, trimmed and lowercased; empty when none.
    public var normalisedEmail: String {
        email.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Phone digits only (a leading `+` becomes nothing); empty when fewer than 5 digits.
    public var normalisedPhone: String {
        let digits = String(
            phone.unicodeScalars.filter { $0.value >= 48 && $0.value <= 57 }.map(Character.init))
        return digits.count >= 5 ? digits : ""
    }
}

/// Where a complaint is in its life (SERVICE.md).
public enum ComplaintStatus: UInt8, CaseIterable, Sendable, Hashable {
    case received = 0
    case acknowledged, assessed, inProgress, waitingOnCustomer, responded, closed, withdrawn, reopened

    public var name: String {
        switch self {
        case .received: "received"
        case .acknowledged: "acknowledged"
        case .assessed: "assessed"
        case .inProgress: "in progress"
        case .waitingOnCustomer: "waiting on customer"
        case .responded: "responded"
        case .closed: "closed"
        case .withdrawn: "withdrawn"
        case .reopened: "reopened"
        }
    }

    /// Still the office's to handle (not closed, not withdrawn).
    public var isOpen: Bool { self != .closed && self != .withdrawn }
}

public enum Severity: UInt8, CaseIterable, Sendable, Hashable {
    case low = 0
    case normal, high, critical

    public var name: String { "\(self)" }
}

/// The office's decision on a complaint.
public enum Decision: UInt8, CaseIterable, Sendable, Hashable {
    case upheld = 0
    case partlyUpheld, notUpheld

    public var name: String {
        switch self {
        case .upheld: "upheld"
        case .partlyUpheld: "partly upheld"
        case .notUpheld: "not upheld"
        }
    }
}

/// Whether the customer accepted the response when the complaint was closed.
public enum Acceptance: UInt8, CaseIterable, Sendable, Hashable {
    case accepted = 0
    case notAccepted, notKnown

    public var name: String {
        switch self {
        case .accepted: "accepted"
        case .notAccepted: "not accepted"
        case .notKnown: "not known"
        }
    }
}

/// The OMB A-11 §280 drivers, with their published statements.
public enum SurveyDriver: UInt8, CaseIterable, Sendable, Hashable {
    case satisfaction = 0
    case trust, effectiveness, ease, efficiency, equity, employeeHelpfulness

    public var name: String {
        switch self {
        case .satisfaction: "satisfaction"
        case .trust: "trust"
        case .effectiveness: "effectiveness"
        case .ease: "ease"
        case .efficiency: "efficiency"
        case .equity: "equity/transparency"
        case .employeeHelpfulness: "employee helpfulness"
        }
    }

    /// The published statement; `[office]` is replaced by the office's name.
    public func statement(office: String) -> String {
        switch self {
        case .satisfaction: "I am satisfied with the service I received from \(office)."
        case .trust: "This interaction increased my confidence in \(office)."
        case .effectiveness: "My need was addressed."
        case .ease: "It was easy to complete what I needed to do."
        case .efficiency: "It took a reasonable amount of time to do what I needed to do."
        case .equity: "I was treated fairly."
        case .employeeHelpfulness: "Employees I interacted with were helpful."
        }
    }
}

/// One customer's survey answers: 1 (strongly disagree) … 5 (strongly agree) per driver, any
/// driver may be left out, and up to two free-text answers.
public struct SurveyAnswers: Hashable, Sendable {
    /// Seven bytes, index = driver raw value, 0 = not answered.
    public private(set) var scores: [UInt8]
    public var freeText: [String]
    /// When the customer answered, if known (the kiosk: the moment they finished; the clerk's
    /// form: when it was recorded, or a time the clerk gives; an import: its `answered_at`). The
    /// log records the survey when it is written, which may be later.
    public var answeredAt: Timestamp?

    public init(_ answers: [SurveyDriver: Int] = [:], freeText: [String] = [], answeredAt: Timestamp? = nil) {
        scores = [UInt8](repeating: 0, count: SurveyDriver.allCases.count)
        for (d, v) in answers where (1...5).contains(v) { scores[Int(d.rawValue)] = UInt8(v) }
        self.freeText = freeText
        self.answeredAt = answeredAt
    }

    public subscript(driver: SurveyDriver) -> Int? {
        get {
            let v = scores[Int(driver.rawValue)]
            return v == 0 ? nil : Int(v)
        }
        set {
            scores[Int(driver.rawValue)] = newValue.map { (1...5).contains($0) ? UInt8($0) : 0 } ?? 0
        }
    }
}

public enum StaffIdeaKind: UInt8, CaseIterable, Sendable, Hashable {
    /// Something that stops staff serving the public well.
    case barrier = 0
    case idea

    public var name: String { "\(self)" }
}

public enum StaffIdeaStatus: UInt8, CaseIterable, Sendable, Hashable {
    case submitted = 0
    case underReview, adopted, declined, done

    public var name: String {
        switch self {
        case .submitted: "submitted"
        case .underReview: "under review"
        case .adopted: "adopted"
        case .declined: "declined"
        case .done: "done"
        }
    }
}

/// What the customer told the office when complaining.
public struct ComplaintIntake: Hashable, Sendable {
    public var channel: Channel
    public var category: String
    public var summary: String
    public var details: String
    public var remedySought: String
    public var customer: Customer
    /// When the customer complained; may be earlier than the recording (mail, imports).
    public var receivedAt: Timestamp

    public init(
        channel: Channel, category: String, summary: String, details: String = "", remedySought: String = "",
        customer: Customer, receivedAt: Timestamp
    ) {
        self.channel = channel
        self.category = category
        self.summary = summary
        self.details = details
        self.remedySought = remedySought
        self.customer = customer
        self.receivedAt = receivedAt
    }
}

/// Something that happened at the desk. Every figure the desk shows derives from these.
public enum DeskEvent: Hashable, Sendable {
    case officeConfigured(OfficeConfiguration)
    /// Who supervises and who clerks from now on.
    case rolesPublished(RolePolicy)
    case standardPublished(ServiceStandard)
    case complaintReceived(ComplaintID, ComplaintIntake)
    case acknowledged(ComplaintID)
    case assessed(ComplaintID, severity: Severity, urgent: Bool)
    case claimed(ComplaintID, clerk: String)
    /// To another category and/or clerk; a nil clerk leaves the complaint unheld.
    case transferred(ComplaintID, category: String, clerk: String?, reason: String)
    case escalated(ComplaintID, reason: String)
    case noteAdded(ComplaintID, text: String, customerVisible: Bool)
    /// Waiting on the customer: service clocks stop until `resumed`.
    case paused(ComplaintID, reason: String)
    case resumed(ComplaintID)
    case responded(ComplaintID, decision: Decision, reasons: String, remedyOffered: String)
    case closed(ComplaintID, acceptance: Acceptance, recourse: String)
    case reopened(ComplaintID, reason: String)
    case withdrawn(ComplaintID, reason: String)
    /// On channel kiosk, `counter` names the counter whose kiosk is to show the survey (empty:
    /// the clerk's own terminal was handed over).
    case surveyOffered(ComplaintID, channel: Channel, counter: String = "")
    case surveyRecorded(ComplaintID, channel: Channel, answers: SurveyAnswers)
    case staffIdeaSubmitted(StaffIdeaID, kind: StaffIdeaKind, text: String)
    case staffIdeaStatusChanged(StaffIdeaID, status: StaffIdeaStatus, note: String)
    /// Complaint and staff idea ids up to these were taken by records a repair set aside (they may
    /// have been acknowledged), so they are never given out again; a restore may still fill them.
    case idsReserved(complaintsThrough: ComplaintID?, ideasThrough: StaffIdeaID?)
    /// A supervisor accepted the host's clock although the log's latest record is later
    /// (`latestInLog`): commands are no longer refused because of it.
    case clockAccepted(latestInLog: Timestamp)

    /// The complaint this event belongs to, if any.
    public var complaint: ComplaintID? {
        switch self {
        case .officeConfigured, .rolesPublished, .standardPublished, .staffIdeaSubmitted,
            .staffIdeaStatusChanged, .idsReserved, .clockAccepted:
            nil
        case .complaintReceived(let c, _), .acknowledged(let c), .assessed(let c, _, _), .claimed(let c, _),
            .transferred(let c, _, _, _), .escalated(let c, _), .noteAdded(let c, _, _), .paused(let c, _),
            .resumed(let c), .responded(let c, _, _, _), .closed(let c, _, _), .reopened(let c, _),
            .withdrawn(let c, _), .surveyOffered(let c, _, _), .surveyRecorded(let c, _, _):
            c
        }
    }
}

/// An event as stored: who did it (the Unix account; empty for an anonymous staff idea), when.
public struct RecordedEvent: Hashable, Sendable {
    public var actor: String
    public var at: Timestamp
    public var event: DeskEvent

    public init(actor: String, at: Timestamp, event: DeskEvent) {
        self.actor = actor
        self.at = at
        self.event = event
    }
}
