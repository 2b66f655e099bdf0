import DeskCore
import Foundation
import SafeTOML
import TOMLKit

/// The one check of a configuration, used by `desk config check`, `desk config publish` and
/// start-up: reads the whole file, keeps going after a mistake, and lists every problem as
/// `FILE:LINE: table.key: what is wrong; what is accepted`. What publishing would refuse is
/// refused here, so `check` and `publish` always agree.
struct ConfigurationValidator {
    let text: String
    let file: String
    private(set) var problems: [ConfigurationError] = []
    var outline = TOMLOutline()
    /// What the standards are checked against, known once the office has been read (when the
    /// office has mistakes: its categories as written, and a day of 09:00-17:00).
    var categoryIDs: Set<String> = [DeskCore.Category.other.id]
    var minutesPerWorkingDay = 480

    static let tables = ["office", "hours", "categories", "standards", "roles", "display", "kiosk"]
    static let officeKeys = [
        "name", "time_zone", "channels", "backdating_window", "contact", "escalation", "customer_groups",
        "printer",
    ]
    static let categoryKeys = ["id", "title"]
    static let roleKeys = ["supervisors", "supervisor_group", "clerks", "clerk_group"]
    static let displayKeys = ["theme"]
    static let channelNames = Channel.allCases.map(\.name).joined(separator: ", ")
    /// Problems listed at most; the rest are counted.
    static let maximumProblems = 200

    init(text: String, file: String) {
        self.text = text
        self.file = file
    }

    // MARK: Reporting

    /// Records a problem with `table.key`, placed on the key's line, else its table's.
    mutating func problem(_ message: String, table: String, key: String, occurrence: Int = 0) {
        let path = table.isEmpty ? [] : [table]
        let line =
            outline.line(ofKey: key, inTable: path, occurrence: occurrence)
            ?? (table.isEmpty ? outline.line(ofTable: [key]) : outline.line(ofTable: path + [key]))
            ?? outline.line(ofTable: path, occurrence: occurrence)
        let name = table.isEmpty ? key : (key.isEmpty ? table : "\(table).\(key)")
        problems.append(ConfigurationError(file: file, line: line, key: name, message: message))
    }

    // MARK: Reading values

    mutating func table(_ root: TOMLTable, _ name: String) -> TOMLTable {
        guard let value = root[name] else { return TOMLTable() }
        guard let table = value.table else {
            problem("must be a table, written [\(name)] on a line of its own", table: "", key: name)
            return TOMLTable()
        }
        return table
    }

    mutating func refuseUnknownKeys(_ entry: TOMLTable, table: String, occurrence: Int = 0, known: [String]) {
        for key in entry.keys where !known.contains(key) {
            let close = known.first { Self.isCloseSpelling(key, of: $0) }
            let hint = close.map { "did you mean \($0)? " } ?? ""
            problem(
                "is not a setting the desk knows; \(hint)[\(table)] takes \(known.joined(separator: ", "))",
                table: table, key: key, occurrence: occurrence)
        }
    }

    /// A transposition, one letter more, less or different: `nmae` for `name`.
    static func isCloseSpelling(_ a: String, of b: String) -> Bool {
        let x = Array(a)
        let y = Array(b)
        guard abs(x.count - y.count) <= 1, a != b else { return false }
        if x.count == y.count {
            let differing = x.indices.filter { x[$0] != y[$0] }
            if differing.count == 1 { return true }
            return differing.count == 2 && differing[1] == differing[0] + 1
                && x[differing[0]] == y[differing[1]] && x[differing[1]] == y[differing[0]]
        }
        let (long, short) = x.count > y.count ? (x, y) : (y, x)
        for skip in long.indices where Array(long[..<skip] + long[(skip + 1)...]) == short { return true }
        return false
    }

    mutating func string(
        _ entry: TOMLTable, _ key: String, table: String, occurrence: Int = 0, required: Bool = false
    ) -> String? {
        guard let value = entry[key] else {
            if required {
                problem(
                    "is missing; write \(key) = \"…\"", table: table, key: key, occurrence: occurrence)
            }
            return nil
        }
        guard let string = value.string else {
            problem(
                "must be a quoted string, e.g. \(key) = \"…\"", table: table, key: key, occurrence: occurrence
            )
            return nil
        }
        return string
    }

    /// A string that a person reads (a name, a title, wording), checked against `field`.
    mutating func text(
        _ entry: TOMLTable, _ key: String, table: String, occurrence: Int = 0, field: TextField
    ) -> String? {
        guard let value = string(entry, key, table: table, occurrence: occurrence, required: field.required)
        else { return nil }
        guard let wrong = Self.textProblem(value, field: field) else { return value }
        problem(wrong, table: table, key: key, occurrence: occurrence)
        return nil
    }

    /// What is wrong with `value` as `field`, in the words of a configuration message.
    static func textProblem(_ value: String, field: TextField) -> String? {
        if field.required && value.allSatisfy(\.isWhitespace) {
            return "is empty; write 1 to \(field.maxLength) characters"
        }
        var count = 0
        for _ in value {
            count += 1
            if count > field.maxLength {
                return "is \(value.count) characters long; at most \(field.maxLength) are accepted"
            }
        }
        for (position, scalar) in value.unicodeScalars.enumerated() {
            let v = scalar.value
            let isControl = v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x2028 || v == 0x2029
            guard isControl, !(field.multiline && (v == 0x0A || v == 0x09)) else { continue }
            let hex = String(v, radix: 16, uppercase: true)
            return
                "holds the control character U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex) at character \(position + 1); printable text on one line is accepted"
        }
        return nil
    }

    mutating func strings(_ entry: TOMLTable, _ key: String, table: String, occurrence: Int = 0) -> [String] {
        guard let value = entry[key] else { return [] }
        guard let array = value.array, array.allSatisfy({ $0.string != nil }) else {
            problem(
                "must be a list of quoted strings, e.g. [\"a\", \"b\"]", table: table, key: key,
                occurrence: occurrence)
            return []
        }
        return array.compactMap(\.string)
    }

    /// Account and group names of `[roles]`: 1 to 64 printable characters.
    mutating func names(_ entry: TOMLTable, _ key: String) -> [String] {
        var names: [String] = []
        for name in strings(entry, key, table: "roles") {
            if let wrong = Self.textProblem(name, field: .userName) {
                problem("\"\(name.prefix(80))\" \(wrong)", table: "roles", key: key)
            } else {
                names.append(name)
            }
        }
        return names
    }

    /// `YYYY-MM-DD`, a day that exists, 1900–2200.
    mutating func date(_ text: String, table: String, key: String, occurrence: Int = 0) -> CalendarDate? {
        let digitsAndDashes = text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        guard digitsAndDashes, let date = CalendarDate(text), (1900...2200).contains(date.year) else {
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            problem(
                "\"\(shown)\" is not a day of the calendar; write YYYY-MM-DD, a date that exists between 1900 and 2200, e.g. \"2026-12-25\"",
                table: table, key: key, occurrence: occurrence)
            return nil
        }
        return date
    }

    // MARK: The file

    mutating func read() -> DeskConfiguration? {
        let scanned = SafeTOML.scan(text)
        outline = scanned.outline
        let root: TOMLTable
        do {
            root = try SafeTOML.parse(text)
        } catch {
            let found = scanned.problems.isEmpty ? [error] : scanned.problems
            problems = found.map {
                ConfigurationError(file: file, line: $0.line, key: "", message: $0.message)
            }
            return nil
        }
        for key in root.keys where !Self.tables.contains(key) {
            let close = Self.tables.first { Self.isCloseSpelling(key, of: $0) }
            problem(
                "is not a table the desk knows; \(close.map { "did you mean [\($0)]? " } ?? "")the tables are \(Self.tables.map { $0 == "categories" || $0 == "standards" ? "[[\($0)]]" : "[\($0)]" }.joined(separator: ", "))",
                table: "", key: key)
        }
        var office = readOffice(root)
        office?.kioskQuietTimeoutSeconds = readKiosk(root)
        let standards = readStandards(root)
        let roles = table(root, "roles")
        refuseUnknownKeys(roles, table: "roles", known: Self.roleKeys)
        let supervisors = names(roles, "supervisors")
        let clerks = names(roles, "clerks")
        var groups: [String] = []
        for key in ["supervisor_group", "clerk_group"] {
            let group = string(roles, key, table: "roles") ?? ""
            if !group.isEmpty, let wrong = Self.textProblem(group, field: .userName) {
                problem(wrong, table: "roles", key: key)
                groups.append("")
            } else {
                groups.append(group)
            }
        }
        if supervisors.isEmpty && groups[0].isEmpty
            && !problems.contains(where: { $0.key.hasPrefix("roles.supervisor") })
        {
            problem(
                "names no supervisor and no supervisor_group; the desk would have nobody left to publish the configuration or the roles; name at least one account, e.g. supervisors = [\"maria\"], or a group",
                table: "roles", key: "supervisors")
        }
        let display = table(root, "display")
        refuseUnknownKeys(display, table: "display", known: Self.displayKeys)
        var theme = string(display, "theme", table: "display")
        if let name = theme,
            name.isEmpty || name.count > 64 || name.contains("/")
                || Self.textProblem(name, field: .userName) != nil
        {
            problem(
                "\"\(name.prefix(80))\" is not a theme name; write the name of a file in themes/ without .toml, e.g. \"high-contrast\"",
                table: "display", key: "theme")
            theme = nil
        }
        // In the order of the file (a problem with no line, such as a missing table, first).
        problems = problems.enumerated().sorted {
            ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset)
        }
        .map(\.element)
        if problems.count > Self.maximumProblems {
            let rest = problems.count - Self.maximumProblems
            problems = Array(problems.prefix(Self.maximumProblems))
            problems.append(
                ConfigurationError(
                    file: file, line: nil, key: "",
                    message: "and \(rest) more problems; fix these and run desk config check again"))
        }
        guard problems.isEmpty, let office else { return nil }
        return DeskConfiguration(
            office: office, standards: standards, supervisors: supervisors, supervisorGroup: groups[0],
            clerks: clerks, clerkGroup: groups[1], theme: theme)
    }
}
