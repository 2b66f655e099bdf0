/// What a screen that others may see (the supervisors' board) shows of a customer: who they are
/// only by initials, nothing to reach them by, and none of the words they or the clerks wrote
/// about them. One definition, used by every view the board can reach.
public enum CustomerPrivacy: Sendable {
    /// Everything, for the clerk's and the supervisor's own desk.
    case shown
    /// Initials only, no contact, no free text: the board shows what happened and how long it
    /// took, not to whom.
    case masked

    /// The customer's name as this policy shows it: whole, or initials such as "O. K." (the first
    /// character of up to three words).
    public func name(_ customer: Customer) -> String {
        switch self {
        case .shown: customer.name
        case .masked: Self.initials(of: customer.name)
        }
    }

    /// The first character of each of the first three words, each followed by a full stop;
    /// "—" for a name with no letters.
    public static func initials(of name: String) -> String {
        let words = name.split(whereSeparator: { $0.isWhitespace || $0 == "," })
        let letters = words.prefix(3).compactMap { word in word.first(where: { $0.isLetter }) }
        return letters.isEmpty ? "—" : letters.map { "\($0)." }.joined(separator: " ")
    }

    /// Whether contact data, addresses, accessibility needs, details, remedies, notes and
    /// reasons are shown.
    public var showsPersonalText: Bool { self == .shown }
}
