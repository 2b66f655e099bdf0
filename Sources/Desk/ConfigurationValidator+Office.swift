import DeskCore
import Foundation
import TOMLKit

// The office, its calendar and its categories.
extension ConfigurationValidator {
    mutating func readOffice(_ root: TOMLTable) -> OfficeConfiguration? {
        let before = problems.count
        let entry = table(root, "office")
        refuseUnknownKeys(entry, table: "office", known: Self.officeKeys)
        let name = text(entry, "name", table: "office", field: .officeName)
        let zone = string(entry, "time_zone", table: "office", required: true)
        var channels: [Channel] = []
        for channelName in strings(entry, "channels", table: "office") {
            guard let channel = Channel(name: channelName) else {
                problem(
                    "\"\(channelName.prefix(40))\" is not a channel; use \(Self.channelNames)",
                    table: "office",
                    key: "channels")
                continue
            }
            if channels.contains(channel) {
                problem(
                    "\"\(channel.name)\" is listed twice; list each channel once", table: "office",
                    key: "channels")
            }
            channels.append(channel)
        }
        if channels.isEmpty { channels = Channel.allCases }
        var window = OfficeConfiguration.defaultBackdatingWindowDays
        if let text = string(entry, "backdating_window", table: "office") {
            window = backdatingWindow(text) ?? window
        }
        let contact = text(entry, "contact", table: "office", field: .officeContact) ?? ""
        let escalation = text(entry, "escalation", table: "office", field: .officeEscalation) ?? ""
        let groups = customerGroups(entry)
        var printer = string(entry, "printer", table: "office") ?? ""
        if !printer.isEmpty && !OfficeConfiguration.isPrinterName(printer) {
            let shown = printer.count > 40 ? String(printer.prefix(40)) + "…" : printer
            problem(
                "\"\(shown)\" is not a printer name; \(OfficeConfiguration.printerRule)", table: "office",
                key: "printer")
            printer = ""
        }
        let calendar = readCalendar(root, zone: zone)
        let categories = readCategories(root)
        categoryIDs.formUnion(categories.map(\.id))
        if let calendar { minutesPerWorkingDay = calendar.minutesPerWorkingDay }
        guard problems.count == before, let name, let calendar else { return nil }
        return OfficeConfiguration(
            name: name, calendar: calendar, categories: categories, channels: channels,
            backdatingWindowDays: window, contact: contact, escalation: escalation, customerGroups: groups,
            printer: printer)
    }

    /// `customer_groups = ["resident", "business", "visitor"]`: ids, each once, at most
    /// ``maximumCustomerGroups``; left out, the office lists none.
    mutating func customerGroups(_ entry: TOMLTable) -> [String] {
        let accepted =
            "write 1 to 40 lowercase letters, digits, - and _ for each group, e.g. customer_groups = [\"resident\", \"business\", \"visitor\"]"
        if let value = entry["customer_groups"], !(value.array?.allSatisfy({ $0.string != nil }) ?? false) {
            problem("must be a list of quoted strings; \(accepted)", table: "office", key: "customer_groups")
            return []
        }
        var groups: [String] = []
        for group in strings(entry, "customer_groups", table: "office") {
            guard Self.isIdentifier(group) else {
                let shown = group.count > 40 ? String(group.prefix(40)) + "…" : group
                problem(
                    "\"\(shown)\" is not a customer group id; \(accepted)", table: "office",
                    key: "customer_groups")
                continue
            }
            guard !groups.contains(group) else {
                problem(
                    "\"\(group)\" is listed twice; list each customer group once", table: "office",
                    key: "customer_groups")
                continue
            }
            groups.append(group)
        }
        if groups.count > Self.maximumCustomerGroups {
            problem(
                "lists \(groups.count) groups; at most \(Self.maximumCustomerGroups) are accepted",
                table: "office",
                key: "customer_groups")
        }
        return groups
    }

    /// The most customer groups an office may list: a choice a clerk goes through key by key.
    static let maximumCustomerGroups = 50

    /// `"365d"`: whole calendar days, within `OfficeConfiguration.backdatingWindowBounds`.
    mutating func backdatingWindow(_ text: String) -> Int? {
        let bounds = OfficeConfiguration.backdatingWindowBounds
        let accepted =
            "write whole calendar days from \(bounds.lowerBound)d to \(bounds.upperBound)d (ten years), e.g. \"365d\""
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("d"), let number = Self.wholeNumber(trimmed.dropLast()) else {
            problem(
                "\"\(text.prefix(40))\" is not a number of days; \(accepted)", table: "office",
                key: "backdating_window")
            return nil
        }
        guard let days = number, bounds.contains(days) else {
            problem(
                "\"\(text.prefix(40))\" is outside the window the desk accepts; \(accepted)", table: "office",
                key: "backdating_window")
            return nil
        }
        return days
    }

    /// Digits only: nil when `text` is not a whole number, `.some(nil)` when it is one too large
    /// for the desk (more than 9 digits once leading zeros are dropped).
    static func wholeNumber(_ text: Substring) -> Int?? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let significant = text.drop { $0 == "0" }
        guard significant.count <= 9 else { return .some(nil) }
        return .some(Int(significant) ?? 0)
    }

    mutating func readCalendar(_ root: TOMLTable, zone: String?) -> BusinessCalendar? {
        let entry = table(root, "hours")
        let before = problems.count
        refuseUnknownKeys(entry, table: "hours", known: Weekday.allCases.map(\.name) + ["holidays"])
        var weekly: [Weekday: OpeningHours] = [:]
        for day in Weekday.allCases {
            guard let value = entry[day.name] else { continue }
            guard let text = value.string else {
                problem(
                    "must be quoted opening hours, e.g. \(day.name) = \"09:00-17:00\"", table: "hours",
                    key: day.name)
                continue
            }
            if let hours = Self.openingHours(text) {
                weekly[day] = hours
            } else {
                problem(
                    "\"\(text.prefix(40))\" is not opening hours; write \"HH:MM-HH:MM\" with opening before closing, within 00:00-24:00, e.g. \"09:00-17:00\"",
                    table: "hours", key: day.name)
            }
        }
        var holidays: Set<CalendarDate> = []
        for text in strings(entry, "holidays", table: "hours") {
            if let day = date(text, table: "hours", key: "holidays") { holidays.insert(day) }
        }
        var zoneIsKnown = false
        if let zone {
            let plausible =
                !zone.isEmpty && zone.count <= 64 && !zone.contains("..")
                && zone.unicodeScalars.allSatisfy {
                    $0.isASCII
                        && (CharacterSet.alphanumerics.contains($0) || "/_-+".unicodeScalars.contains($0))
                }
            zoneIsKnown = plausible && TimeZone(identifier: zone) != nil
            if !zoneIsKnown {
                problem(
                    "time zone \"\(zone.prefix(64))\" is unknown; use an IANA name such as Europe/London or America/New_York",
                    table: "office", key: "time_zone")
            }
        }
        if weekly.isEmpty && problems.count == before {
            problem(
                "the office is never open; give opening hours for at least one weekday, e.g. monday = \"09:00-17:00\"",
                table: "hours", key: "")
        }
        guard zoneIsKnown, let zone, problems.count == before else { return nil }
        do {
            return try BusinessCalendar(timeZone: zone, hours: weekly, holidays: holidays)
        } catch {
            problem(error.message, table: "hours", key: "")
            return nil
        }
    }

    /// "09:00-17:00" as minutes after midnight.
    static func openingHours(_ text: String) -> OpeningHours? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        func minutes(_ s: String) -> Int? {
            let hm = s.split(separator: ":", omittingEmptySubsequences: false)
            guard hm.count == 2, hm[0].count <= 2, hm[1].count == 2,
                hm.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
                let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h), (0..<60).contains(m),
                h * 60 + m <= 1440
            else { return nil }
            return h * 60 + m
        }
        guard parts.count == 2, let opens = minutes(parts[0]), let closes = minutes(parts[1]), opens < closes
        else { return nil }
        return OpeningHours(opens: opens, closes: closes)
    }

    mutating func readCategories(_ root: TOMLTable) -> [DeskCore.Category] {
        var categories: [DeskCore.Category] = []
        var firstOfID: [String: Int] = [:]
        for (index, entry) in tables(root, "categories").enumerated() {
            refuseUnknownKeys(entry, table: "categories", occurrence: index, known: Self.categoryKeys)
            let id = string(entry, "id", table: "categories", occurrence: index, required: true)
            let title = text(entry, "title", table: "categories", occurrence: index, field: .categoryTitle)
            guard let id else { continue }
            guard Self.isIdentifier(id) else {
                problem(
                    "\"\(id.prefix(60))\" is not a category id; use 1 to 40 lowercase letters, digits, - and _",
                    table: "categories", key: "id", occurrence: index)
                continue
            }
            if let first = firstOfID[id] {
                let place = outline.line(ofKey: "id", inTable: ["categories"], occurrence: first).map {
                    " (line \($0))"
                }
                problem(
                    "\"\(id)\" is already the id of an earlier category\(place ?? ""); give each category its own id",
                    table: "categories", key: "id", occurrence: index)
                continue
            }
            firstOfID[id] = index
            categoryIDs.insert(id)
            if let title { categories.append(DeskCore.Category(id: id, title: title)) }
        }
        return categories
    }

    /// The tables of an array of tables (`[[name]]`), reporting anything else written there.
    mutating func tables(_ root: TOMLTable, _ name: String) -> [TOMLTable] {
        guard let value = root[name] else { return [] }
        guard let array = value.array, array.allSatisfy({ $0.table != nil }) else {
            problem("must be an array of tables, each written [[\(name)]]", table: "", key: name)
            return []
        }
        return array.compactMap(\.table)
    }

    /// 1 to 40 lowercase letters, digits, `-` and `_`: category and standard ids.
    static func isIdentifier(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 40
            && id.utf8.allSatisfy {
                ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F
            }
    }
}
