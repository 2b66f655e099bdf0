import Foundation

/// A free-text field a person fills in, with its rules: the length cap, whether it may be
/// empty, and whether it may span lines.
public struct TextField: Hashable, Sendable {
    /// The name used in error messages, e.g. `summary`.
    public var name: String
    /// At most this many characters (grapheme clusters).
    public var maxLength: Int
    public var required: Bool
    /// Newline and tab are accepted only in multi-line fields.
    public var multiline: Bool

    public init(_ name: String, maxLength: Int, required: Bool = false, multiline: Bool = false) {
        self.name = name
        self.maxLength = maxLength
        self.required = required
        self.multiline = multiline
    }

    public static let summary = TextField("summary", maxLength: 200, required: true)
    public static let details = TextField("details", maxLength: 4000, multiline: true)
    public static let remedySought = TextField("remedy_sought", maxLength: 2000, multiline: true)
    public static let customerName = TextField("customer", maxLength: 120, required: true)
    public static let email = TextField("email", maxLength: 254)
    public static let phone = TextField("phone", maxLength: 40)
    public static let accessibilityNeeds = TextField("accessibility_needs", maxLength: 500)
    public static let customerGroup = TextField("customer_group", maxLength: 80)
    public static let note = TextField("note", maxLength: 4000, required: true, multiline: true)
    public static let reason = TextField("reason", maxLength: 1000, multiline: true)
    public static let reasons = TextField("reasons", maxLength: 4000, required: true, multiline: true)
    public static let remedyOffered = TextField("remedy_offered", maxLength: 2000, multiline: true)
    public static let recourse = TextField("recourse", maxLength: 1000, multiline: true)
    public static let staffIdea = TextField("idea", maxLength: 4000, required: true, multiline: true)
    public static let surveyText = TextField("survey_text", maxLength: 1000, multiline: true)
    public static let userName = TextField("user", maxLength: 64, required: true)

    /// Checks `value` against the rules; the error names the field and says what is accepted.
    public func validate(_ value: String) throws(DeskError) {
        if required && value.allSatisfy({ $0.isWhitespace }) {
            throw DeskError(.invalidInput, "\(name): must not be empty", field: name)
        }
        var count = 0
        for _ in value {
            count += 1
            if count > maxLength { break }
        }
        if count > maxLength {
            throw DeskError(
                .invalidInput, "\(name): \(value.count) characters; at most \(maxLength) are accepted",
                field: name)
        }
        var position = 0
        for scalar in value.unicodeScalars {
            position += 1
            let v = scalar.value
            let isControl = v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x2028 || v == 0x2029
            if isControl && !(multiline && (v == 0x0A || v == 0x09)) {
                let hex = String(v, radix: 16, uppercase: true)
                let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                let accepted =
                    multiline
                    ? "printable text, newlines and tabs are accepted"
                    : "printable text on one line is accepted"
                throw DeskError(
                    .invalidInput, "\(name): control character \(code) at character \(position); \(accepted)",
                    field: name)
            }
        }
    }
}

/// Checks every field a person typed for a new complaint.
public func validate(_ intake: ComplaintIntake) throws(DeskError) {
    try TextField.summary.validate(intake.summary)
    try TextField.details.validate(intake.details)
    try TextField.remedySought.validate(intake.remedySought)
    try validate(intake.customer)
}

/// Checks a customer's details, including the shape of email and phone.
public func validate(_ customer: Customer) throws(DeskError) {
    try TextField.customerName.validate(customer.name)
    try TextField.email.validate(customer.email)
    try TextField.phone.validate(customer.phone)
    try TextField.accessibilityNeeds.validate(customer.accessibilityNeeds)
    try TextField.customerGroup.validate(customer.group)
    let email = customer.email.trimmingCharacters(in: .whitespaces)
    if !email.isEmpty {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !email.contains(" ") else {
            throw DeskError(
                .invalidInput, "email: \"\(email)\" is not an address like name@example.org", field: "email")
        }
    }
    if !customer.phone.isEmpty {
        let allowed = Set("0123456789+-() .")
        guard customer.phone.allSatisfy({ allowed.contains($0) }), customer.normalisedPhone.count >= 5 else {
            throw DeskError(
                .invalidInput,
                "phone: only digits, spaces and + - ( ) . are accepted, with at least 5 digits",
                field: "phone")
        }
    }
}
