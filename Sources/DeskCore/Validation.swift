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
    /// Named `group` as in `desk import` and the form; an id of `[office] customer_groups`.
    public static let customerGroup = TextField("group", maxLength: 80)
    /// A postal address: lines of text (the form takes it on one line, commas between).
    public static let address = TextField("address", maxLength: 500, multiline: true)
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
        // Fast paths for the common case, with the same verdicts: a value with printable ASCII
        // and no more bytes than `maxLength` has no control character and is not too long.
        var plainASCII = true
        var nonSpace = false
        for byte in value.utf8 {
            if byte < 0x20 || byte >= 0x7F { plainASCII = false }
            if byte != 0x20 { nonSpace = true }
        }
        if required && !(plainASCII && nonSpace) && value.allSatisfy({ $0.isWhitespace }) {
            throw DeskError(.invalidInput, "\(name): must not be empty", field: name)
        }
        if plainASCII && value.utf8.count <= maxLength { return }
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

/// Checks every field a person typed for a new complaint; throws the first problem.
public func validate(_ intake: ComplaintIntake) throws(DeskError) {
    if let first = problems(of: intake).first { throw first }
}

/// Checks a customer's details, including the shape of email and phone and that the preferred
/// reply channel has its contact; throws the first problem.
public func validate(_ customer: Customer) throws(DeskError) {
    if let first = problems(of: customer).first { throw first }
}

/// Every problem of a new complaint's fields, in the order of the fields (none when it is fine).
/// Each message starts with the field's name, as `field: reason`.
public func problems(of intake: ComplaintIntake) -> [DeskError] {
    var found: [DeskError] = []
    func check(_ rule: TextField, _ value: String) {
        do { try rule.validate(value) } catch { found.append(error) }
    }
    check(.summary, intake.summary)
    check(.details, intake.details)
    check(.remedySought, intake.remedySought)
    return found + problems(of: intake.customer)
}

/// Every problem of a customer's details (none when they are fine), as `validate` checks them.
public func problems(of customer: Customer) -> [DeskError] {
    var found: [DeskError] = []
    func check(_ rule: TextField, _ value: String) {
        do { try rule.validate(value) } catch { found.append(error) }
    }
    check(.customerName, customer.name)
    check(.email, customer.email)
    check(.phone, customer.phone)
    check(.address, customer.address)
    check(.accessibilityNeeds, customer.accessibilityNeeds)
    check(.customerGroup, customer.group)
    // Trimmed only when it may need it: an address that starts and ends with printable,
    // non-space ASCII has no whitespace at either end.
    let printable: ClosedRange<UInt8> = 0x21...0x7E
    let untrimmed =
        customer.email.utf8.first.map(printable.contains) == true
        && customer.email.utf8.last.map(printable.contains) == true
    let email = untrimmed ? customer.email : customer.email.trimmingCharacters(in: .whitespaces)
    if !email.isEmpty && !found.contains(where: { $0.field == "email" }) {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        if !(parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !email.contains(" ")) {
            found.append(
                DeskError(
                    .invalidInput, "email: \"\(email)\" is not an address like name@example.org",
                    field: "email"))
        }
    }
    if !customer.phone.isEmpty && !found.contains(where: { $0.field == "phone" }) {
        // Only ASCII is allowed, so the bytes tell: digits and + - ( ) . and spaces, 5 digits.
        var digits = 0
        var allowed = true
        for byte in customer.phone.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"),
                UInt8(ascii: " "),
                UInt8(ascii: "."):
                break
            default: allowed = false
            }
        }
        if !(allowed && digits >= 5) {
            found.append(
                DeskError(
                    .invalidInput,
                    "phone: only digits, spaces and + - ( ) . are accepted, with at least 5 digits",
                    field: "phone"))
        }
    }
    if let missing = missingContact(for: customer) { found.append(missing) }
    return found
}

/// A customer's group is empty or one the office lists (`[office] customer_groups`): the one
/// rule the form, `desk import` and the `receive` command apply (through
/// ``OfficeConfiguration/acceptsCustomerGroup(_:)``). The problem names what is accepted.
public func customerGroupProblem(_ group: String, office: OfficeConfiguration?) -> DeskError? {
    let groups = office?.customerGroups ?? []
    guard !(office?.acceptsCustomerGroup(group) ?? group.isEmpty) else { return nil }
    let shown = group.count > 40 ? String(group.prefix(40)) + "…" : group
    return DeskError(
        .invalidInput,
        "group: \"\(shown)\" is not a customer group of this office; \(customerGroupsAccepted(groups))",
        field: "group")
}

/// What a customer's group may be, in the words of a refusal.
public func customerGroupsAccepted(_ groups: [String]) -> String {
    groups.isEmpty
        ? "the office lists none ([office] customer_groups in desk.toml), so leave it empty"
        : "use one of \(groups.joined(separator: ", ")), or leave it empty"
}

/// The preferred reply channel needs its contact: e-mail an address, phone a number, mail a
/// postal address. The problem is put on the missing contact's field.
func missingContact(for customer: Customer) -> DeskError? {
    let field: String
    let what: String
    let contact: String
    switch customer.preferredReply {
    case .email?: (field, what, contact) = ("email", "an e-mail address", customer.email)
    case .phone?: (field, what, contact) = ("phone", "a phone number", customer.phone)
    case .mail?: (field, what, contact) = ("address", "a postal address", customer.address)
    default: return nil
    }
    guard contact.allSatisfy(\.isWhitespace) else { return nil }
    let channel = customer.preferredReply?.name ?? ""
    return DeskError(
        .invalidInput,
        "\(field): preferred reply by \(channel == "email" ? "e-mail" : channel) needs \(what); give \(field) or choose another reply channel",
        field: field)
}

// The clerks a complaint can be transferred to.
extension DeskState {
    /// The accounts a complaint can be transferred to: those the published roles name (and the
    /// desk's founder), and those who have worked at the desk — acted on or held a complaint, or
    /// handled a staff idea — sorted.
    public var knownClerks: [String] {
        var known = Set(roles.supervisors + roles.clerks)
        if let founder { known.insert(founder) }
        for idea in staffIdeas {
            if let by = idea.submittedBy { known.insert(by) }
            known.insert(idea.statusChangedBy)
        }
        // Every account that acted on a complaint is among the names the state keeps as numbers,
        // with the categories and customer groups; those are told apart by where they are used.
        var actors = Set<UInt32>()
        var notAccounts = Set<UInt32>([0])
        for record in complaints {
            actors.insert(record.holder)
            actors.insert(record.lastActor)
            notAccounts.insert(record.category)
            notAccounts.insert(record.receivedCategory)
        }
        for customer in customers { notAccounts.insert(customer.group) }
        let categories = Set(office?.categories.map(\.id) ?? [])
        for (index, name) in names.names.enumerated() {
            let n = UInt32(index)
            if actors.contains(n) || (!notAccounts.contains(n) && !categories.contains(name)) {
                known.insert(name)
            }
        }
        known.remove("")
        return known.sorted()
    }

    /// Whether `clerk` is one the desk knows (see ``knownClerks``).
    public func isKnownClerk(_ clerk: String) -> Bool {
        if roles.supervisors.contains(clerk) || roles.clerks.contains(clerk) || founder == clerk {
            return true
        }
        guard
            names.number(clerk) != nil
                || staffIdeas.contains(where: { $0.submittedBy == clerk || $0.statusChangedBy == clerk })
        else {
            return false
        }
        return knownClerks.contains(clerk)
    }
}

/// A transfer goes to a clerk the desk knows: named in the roles, or one who has worked at the
/// desk. To be checked where a `transfer` command is decided, with the clerk it names.
public func validateTransfer(toClerk clerk: String, in state: DeskState) throws(DeskError) {
    try TextField("clerk", maxLength: 64, required: true).validate(clerk)
    guard state.isKnownClerk(clerk) else {
        let known = state.knownClerks
        let list =
            known.count <= 20
            ? known.joined(separator: ", ")
            : known.prefix(20).joined(separator: ", ") + ", … (\(known.count) in all)"
        throw DeskError(
            .invalidInput,
            "clerk: \"\(clerk)\" is not a clerk of this desk (not in the published roles and has not worked here); choose one of \(list)",
            field: "clerk")
    }
}
