import DeskCore

/// The receipt given to the customer, the one definition the desk's receipt screen and
/// `desk report receipt` share: the office and how to reach it, the reference, who took the
/// complaint and when (with the time zone), what the office promised and by when, and how to
/// take the complaint further.
public struct ReceiptSlip: Sendable, Equatable {
    public var office: String
    /// How to reach the office, one line each (`[office] contact`).
    public var contact: [String]
    public var reference: ComplaintID
    /// When it was received, in the office's time zone, with the zone.
    public var received: String
    public var name: String
    public var about: String
    /// The account that recorded the complaint's receipt ("" when unknown).
    public var clerk: String
    /// Each standard that applies and the time it promises, in the office's time zone.
    public var promises: [(wording: String, due: String)]
    /// What to say when no promise applies.
    public var noPromise: String
    /// How to take the complaint further (`[office] escalation`, "" when the office gives none).
    public var escalation: String

    public static let followUp = "Quote the reference whenever you contact us."

    public init(
        office: String, complaint: ComplaintView, clocks: [ServiceClock], calendar: BusinessCalendar?,
        configuration: OfficeConfiguration?, clerk: String
    ) {
        self.office = office
        let contactText = configuration?.contact ?? ""
        contact =
            contactText.isEmpty
            ? [] : contactText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        reference = complaint.id
        received =
            ReportText.time(complaint.receivedAt, calendar: calendar)
            + (calendar.map { " (\($0.timeZoneIdentifier))" } ?? "")
        name = complaint.customer.name
        about = complaint.summary
        self.clerk = clerk
        promises = clocks.map { ($0.standard.wording, ReportText.time($0.due, calendar: calendar)) }
        noPromise =
            complaint.isUnmeasured
            ? "(not measured: received before any standard was in force)" : "(no published standard applies)"
        escalation = configuration?.escalation ?? ""
    }

    /// The slip as lines of text, as the screen shows it and the desk writes it for printing
    /// (text as the log has it: the screen sanitises at its boundary, a report as its format needs).
    public var lines: [String] {
        var lines = [office] + contact
        lines += [
            "Complaint receipt",
            "",
            "Reference: \(reference)",
            "Received:  \(received)",
            "Name:      \(name)",
            "About:     \(about)",
        ]
        if !clerk.isEmpty { lines.append("Taken by:  \(clerk)") }
        lines += ["", "What we promise:"]
        if promises.isEmpty { lines.append("  \(noPromise)") }
        for promise in promises {
            lines.append("  \(promise.wording)")
            lines.append("    by \(promise.due)")
        }
        lines.append("")
        lines.append(Self.followUp)
        if !escalation.isEmpty { lines.append("If you are not satisfied with our answer: \(escalation)") }
        return lines
    }

    public static func == (a: ReceiptSlip, b: ReceiptSlip) -> Bool { a.lines == b.lines }
}
