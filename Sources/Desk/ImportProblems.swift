/// What an all-or-nothing import found wrong, as `line N: field: reason`: the first ``limit``
/// listed, every one counted. One definition for `desk import` and `desk survey import`.
public struct ImportProblems: Sendable {
    /// How many problems are listed; the rest are counted.
    public static let limit = 200

    /// The first ``limit`` problems, as `line N: field: reason`.
    public private(set) var listed: [String] = []
    /// Every problem found, listed or not.
    public private(set) var count = 0

    mutating func add(line: Int, field: String?, reason: String) {
        count += 1
        guard listed.count < Self.limit else { return }
        listed.append(field.map { "line \(line): \($0): \(reason)" } ?? "line \(line): \(reason)")
    }

    /// The problems for standard error, each after `source: ` when one is given (the file's
    /// name), and a last line counting those not listed.
    func report(source: String?) -> [String] {
        var lines = listed.map { problem in source.map { "\($0): \(problem)" } ?? problem }
        if count > listed.count {
            lines.append(
                "\(count - listed.count) more problems not listed (\(count) in all); nothing was recorded")
        }
        return lines
    }
}
