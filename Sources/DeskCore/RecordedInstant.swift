/// An instant a compact record may not hold yet ("not yet acknowledged"), in 8 bytes.
///
/// `Timestamp?` would take 16 (a tag byte after the 8, rounded up to the alignment) in every
/// record of 200,000, so "not yet" is kept inside as `Int64.min`, an instant no desk records.
/// "Not yet" orders before every instant.
struct RecordedInstant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since the epoch, `Int64.min` when not yet: for ordering in hot loops.
    private(set) var rawMilliseconds: Int64

    static let notYet = RecordedInstant(rawMilliseconds: .min)

    private init(rawMilliseconds: Int64) { self.rawMilliseconds = rawMilliseconds }

    init(_ t: Timestamp) { rawMilliseconds = t.milliseconds }

    init(_ t: Timestamp?) { rawMilliseconds = t?.milliseconds ?? .min }

    var isSet: Bool { rawMilliseconds != .min }

    /// The milliseconds since the epoch; nil when not yet.
    var milliseconds: Int64? { isSet ? rawMilliseconds : nil }

    var timestamp: Timestamp? { isSet ? Timestamp(milliseconds: rawMilliseconds) : nil }

    /// Whether the instant is set and lies in `lower..<upper` (milliseconds).
    func lies(from lower: Int64, below upper: Int64) -> Bool {
        isSet && rawMilliseconds >= lower && rawMilliseconds < upper
    }

    static func < (a: RecordedInstant, b: RecordedInstant) -> Bool { a.rawMilliseconds < b.rawMilliseconds }

    var description: String { timestamp.map { "\($0)" } ?? "not yet" }
}
