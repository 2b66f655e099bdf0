import DeskCore
import Foundation
import TOMLKit

/// The office configuration people edit, read from `DATA/desk.toml` (or a file a supervisor
/// edited). What in it changes a figure or a permission (office, calendar, categories,
/// channels, standards, roles) takes effect only when a supervisor publishes it into the log;
/// only the theme applies as soon as the file is read.
public struct DeskConfiguration: Sendable {
    public var office: OfficeConfiguration
    public var standards: [ServiceStandard]
    public var supervisors: [String]
    public var supervisorGroup: String
    /// Empty: any account that can open the log is a clerk.
    public var clerks: [String]
    public var clerkGroup: String
    public var theme: String?

    /// The roles this file would publish.
    public var roles: RolePolicy {
        RolePolicy(
            supervisors: supervisors, supervisorGroup: supervisorGroup, clerks: clerks, clerkGroup: clerkGroup
        )
    }
}

/// A mistake in `desk.toml`, placed by file, line and key, saying what would be accepted.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var key: String
    public var message: String

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}

extension DeskConfiguration {
    /// Reads and checks `desk.toml`.
    public static func load(path: String) throws(ConfigurationError) -> DeskConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(
                file: path, line: nil, key: "",
                message: "cannot be read (\(error.localizedDescription)); it must be UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses configuration text; `file` is used in error messages.
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> DeskConfiguration {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(
                file: file, line: error.source.begin.line, key: "",
                message: "not valid TOML: \(error.description)")
        } catch {
            throw ConfigurationError(file: file, line: nil, key: "", message: "not valid TOML: \(error)")
        }
        var reader = ConfigurationReader(text: text, file: file)
        return try reader.read(root)
    }
}

/// Reads typed values out of the TOML tree, turning every mistake into a placed `ConfigurationError`.
private struct ConfigurationReader {
    let lines: [Substring]
    let file: String

    init(text: String, file: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        self.file = file
    }

    /// The line of `key` inside table `table` (the `occurrence`-th one for an array of tables).
    func line(of key: String, in table: String, occurrence: Int = 0) -> Int? {
        var current = ""
        var seen: [String: Int] = [:]
        var currentOccurrence = 0
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let name =
                    line.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).components(
                        separatedBy: "]"
                    ).first ?? ""
                current = name.trimmingCharacters(in: .whitespaces)
                currentOccurrence = seen[current, default: -1] + 1
                seen[current] = currentOccurrence
                if key.isEmpty && current == table && currentOccurrence == occurrence { return index + 1 }
                continue
            }
            guard current == table, currentOccurrence == occurrence || table.isEmpty else { continue }
            let name =
                line.split(separator: "=", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces) ?? ""
            if name == key || name == "\"\(key)\"" { return index + 1 }
        }
        return nil
    }

    func fail(_ message: String, key: String, table: String, occurrence: Int = 0) -> ConfigurationError {
        let line =
            line(of: key, in: table, occurrence: occurrence)
            ?? line(of: "", in: table, occurrence: occurrence)
        let name = table.isEmpty ? key : (key.isEmpty ? table : "\(table).\(key)")
        return ConfigurationError(file: file, line: line, key: name, message: message)
    }

    func table(_ root: TOMLTable, _ name: String) throws(ConfigurationError) -> TOMLTable {
        guard let value = root[name] else { return TOMLTable() }
        guard let table = value.table else {
            throw fail("must be a table, written [\(name)]", key: name, table: "")
        }
        return table
    }

    func string(
        _ table: TOMLTable, _ key: String, in name: String, occurrence: Int = 0,
        default fallback: String? = nil
    ) throws(ConfigurationError) -> String {
        guard let value = table[key] else {
            if let fallback { return fallback }
            throw fail(
                "is missing; it must be a quoted string", key: key, table: name, occurrence: occurrence)
        }
        guard let string = value.string else {
            throw fail(
                "must be a quoted string, e.g. \(key) = \"…\"", key: key, table: name, occurrence: occurrence)
        }
        return string
    }

    func strings(_ table: TOMLTable, _ key: String, in name: String, occurrence: Int = 0)
        throws(ConfigurationError) -> [String]
    {
        guard let value = table[key] else { return [] }
        guard let array = value.array else {
            throw fail(
                "must be a list of quoted strings, e.g. [\"a\", \"b\"]", key: key, table: name,
                occurrence: occurrence)
        }
        var out: [String] = []
        for element in array {
            guard let string = element.string else {
                throw fail(
                    "must be a list of quoted strings, e.g. [\"a\", \"b\"]", key: key, table: name,
                    occurrence: occurrence)
            }
            out.append(string)
        }
        return out
    }

    /// "09:00-17:00" as minutes after midnight.
    func hours(_ text: String, key: String) throws(ConfigurationError) -> OpeningHours {
        let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        func minutes(_ s: String) -> Int? {
            let hm = s.split(separator: ":")
            guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h),
                (0..<60).contains(m), h * 60 + m <= 1440
            else { return nil }
            return h * 60 + m
        }
        guard parts.count == 2, let opens = minutes(parts[0]), let closes = minutes(parts[1]), opens < closes
        else {
            throw fail(
                "\"\(text)\" is not opening hours; write \"HH:MM-HH:MM\" with opening before closing, e.g. \"09:00-17:00\"",
                key: key, table: "hours")
        }
        return OpeningHours(opens: opens, closes: closes)
    }

    func date(_ text: String, key: String, table: String, occurrence: Int = 0) throws(ConfigurationError)
        -> CalendarDate
    {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
            throw fail(
                "\"\(text)\" is not a date; write YYYY-MM-DD, e.g. \"2026-12-25\"", key: key, table: table,
                occurrence: occurrence)
        }
        return CalendarDate(year: parts[0], month: parts[1], day: parts[2])
    }

    /// "90m", "4h" or "2d" (working days of `dayMinutes`) as business minutes.
    func duration(_ text: String, key: String, occurrence: Int, dayMinutes: Int) throws(ConfigurationError)
        -> Int
    {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = trimmed.last, let amount = Double(trimmed.dropLast()), amount > 0 else {
            throw fail(
                "\"\(text)\" is not a business-time span; write minutes, hours or working days, e.g. \"90m\", \"4h\", \"2d\"",
                key: key, table: "standards", occurrence: occurrence)
        }
        switch unit {
        case "m": return Int(amount.rounded())
        case "h": return Int((amount * 60).rounded())
        case "d": return Int((amount * Double(dayMinutes)).rounded())
        default:
            throw fail(
                "\"\(text)\" has an unknown unit; use m (minutes), h (hours) or d (working days)", key: key,
                table: "standards", occurrence: occurrence)
        }
    }

    mutating func read(_ root: TOMLTable) throws(ConfigurationError) -> DeskConfiguration {
        let known = ["office", "hours", "categories", "standards", "roles", "display"]
        for key in root.keys where !known.contains(key) {
            throw fail(
                "is not a setting the desk knows; the tables are \(known.map { "[\($0)]" }.joined(separator: ", "))",
                key: key, table: "")
        }
        let officeTable = try table(root, "office")
        let name = try string(officeTable, "name", in: "office")
        let zone = try string(officeTable, "time_zone", in: "office")
        let channelNames = try strings(officeTable, "channels", in: "office")
        var channels: [Channel] = []
        for channelName in channelNames {
            guard let channel = Channel(name: channelName) else {
                throw fail(
                    "\"\(channelName)\" is not a channel; use \(Channel.allCases.map(\.name).joined(separator: ", "))",
                    key: "channels", table: "office")
            }
            channels.append(channel)
        }
        if channels.isEmpty { channels = Channel.allCases }

        let hoursTable = try table(root, "hours")
        var weekly: [Weekday: OpeningHours] = [:]
        for day in Weekday.allCases {
            if let value = hoursTable[day.name] {
                guard let text = value.string else {
                    throw fail("must be a quoted \"HH:MM-HH:MM\"", key: day.name, table: "hours")
                }
                weekly[day] = try hours(text, key: day.name)
            }
        }
        for key in hoursTable.keys where key != "holidays" && Weekday.allCases.allSatisfy({ $0.name != key })
        {
            throw fail("is not a weekday; use monday … sunday, or holidays", key: key, table: "hours")
        }
        var holidays: Set<CalendarDate> = []
        for text in try strings(hoursTable, "holidays", in: "hours") {
            holidays.insert(try date(text, key: "holidays", table: "hours"))
        }
        let calendar: BusinessCalendar
        do {
            calendar = try BusinessCalendar(timeZone: zone, hours: weekly, holidays: holidays)
        } catch {
            let key = error.message.contains("time zone") ? "time_zone" : ""
            throw fail(error.message, key: key, table: key.isEmpty ? "hours" : "office")
        }

        var categories: [DeskCore.Category] = []
        if let value = root["categories"] {
            guard let array = value.array else {
                throw fail("must be an array of tables, written [[categories]]", key: "categories", table: "")
            }
            for (index, element) in array.enumerated() {
                guard let entry = element.table else {
                    throw fail(
                        "must be an array of tables, written [[categories]]", key: "categories", table: "")
                }
                let id = try string(entry, "id", in: "categories", occurrence: index)
                let title = try string(entry, "title", in: "categories", occurrence: index)
                guard !id.isEmpty,
                    id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") })
                else {
                    throw fail(
                        "\"\(id)\" is not a category id; use lowercase letters, digits, - and _", key: "id",
                        table: "categories", occurrence: index)
                }
                categories.append(DeskCore.Category(id: id, title: title))
            }
        }
        let office = OfficeConfiguration(
            name: name, calendar: calendar, categories: categories, channels: channels)

        var standards: [ServiceStandard] = []
        if let value = root["standards"] {
            guard let array = value.array else {
                throw fail("must be an array of tables, written [[standards]]", key: "standards", table: "")
            }
            for (index, element) in array.enumerated() {
                guard let entry = element.table else {
                    throw fail(
                        "must be an array of tables, written [[standards]]", key: "standards", table: "")
                }
                standards.append(try standard(entry, index: index, office: office))
            }
        }

        let roles = try table(root, "roles")
        let display = try table(root, "display")
        return DeskConfiguration(
            office: office,
            standards: standards,
            supervisors: try strings(roles, "supervisors", in: "roles"),
            supervisorGroup: try string(roles, "supervisor_group", in: "roles", default: ""),
            clerks: try strings(roles, "clerks", in: "roles"),
            clerkGroup: try string(roles, "clerk_group", in: "roles", default: ""),
            theme: display["theme"]?.string
        )
    }

    func standard(_ entry: TOMLTable, index: Int, office: OfficeConfiguration) throws(ConfigurationError)
        -> ServiceStandard
    {
        let id = try string(entry, "id", in: "standards", occurrence: index)
        let wording = try string(entry, "wording", in: "standards", occurrence: index)
        let measureName = try string(entry, "measure", in: "standards", occurrence: index)
        guard let measure = Measure(name: measureName) else {
            throw fail(
                "\"\(measureName)\" is not a measure; use \(Measure.allCases.map(\.name).joined(separator: ", "))",
                key: "measure", table: "standards", occurrence: index)
        }
        let dayMinutes = office.calendar.minutesPerWorkingDay
        let target = try duration(
            try string(entry, "target", in: "standards", occurrence: index), key: "target", occurrence: index,
            dayMinutes: dayMinutes)
        guard let threshold = entry["threshold"]?.double ?? entry["threshold"]?.int.map(Double.init),
            threshold > 0, threshold <= 1
        else {
            throw fail(
                "must be the share that must meet the target, between 0 and 1, e.g. 0.9", key: "threshold",
                table: "standards", occurrence: index)
        }
        var benchmark: Int?
        if let text = entry["benchmark"]?.string {
            benchmark = try duration(text, key: "benchmark", occurrence: index, dayMinutes: dayMinutes)
        }
        let source = try string(entry, "benchmark_source", in: "standards", occurrence: index, default: "")
        guard let version = entry["version"]?.int ?? (entry["version"] == nil ? 1 : nil), version >= 1 else {
            throw fail(
                "must be a whole number from 1, raised each time the standard changes", key: "version",
                table: "standards", occurrence: index)
        }
        let effectiveText = try string(entry, "effective", in: "standards", occurrence: index, default: "")
        var effective = Timestamp(milliseconds: 0)
        if !effectiveText.isEmpty {
            let day = try date(effectiveText, key: "effective", table: "standards", occurrence: index)
            effective = Timestamp(utcYear: day.year, month: day.month, day: day.day)
        }
        let categoryIDs = try strings(entry, "categories", in: "standards", occurrence: index)
        for category in categoryIDs where !office.categories.contains(where: { $0.id == category }) {
            throw fail(
                "\"\(category)\" is not one of the [[categories]] ids (\(office.categories.map(\.id).joined(separator: ", ")))",
                key: "categories", table: "standards", occurrence: index)
        }
        var channels: [Channel] = []
        for channelName in try strings(entry, "channels", in: "standards", occurrence: index) {
            guard let channel = Channel(name: channelName) else {
                throw fail(
                    "\"\(channelName)\" is not a channel; use \(Channel.allCases.map(\.name).joined(separator: ", "))",
                    key: "channels", table: "standards", occurrence: index)
            }
            channels.append(channel)
        }
        return ServiceStandard(
            id: id, wording: wording, measure: measure, categories: categoryIDs, channels: channels,
            targetMinutes: target,
            threshold: threshold, benchmarkMinutes: benchmark, benchmarkSource: source, version: version,
            effective: effective)
    }
}
