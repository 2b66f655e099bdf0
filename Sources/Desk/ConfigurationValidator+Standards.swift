import DeskCore
import Foundation
import TOMLKit

// The service standards: ids, wording, what they measure, and durations within their bounds.
extension ConfigurationValidator {
    static let standardKeys = [
        "id", "wording", "measure", "target", "threshold", "benchmark", "benchmark_source", "version",
        "effective",
        "categories", "channels",
    ]
    /// A standard's version is 1 to a million: it is raised by one at each change.
    static let versionBounds = 1...1_000_000

    mutating func readStandards(_ root: TOMLTable) -> [ServiceStandard] {
        var standards: [ServiceStandard] = []
        var firstOfID: [String: Int] = [:]
        for (index, entry) in tables(root, "standards").enumerated() {
            let before = problems.count
            refuseUnknownKeys(entry, table: "standards", occurrence: index, known: Self.standardKeys)
            let id = string(entry, "id", table: "standards", occurrence: index, required: true)
            if let id {
                if !Self.isIdentifier(id) {
                    problem(
                        "\"\(id.prefix(60))\" is not a standard id; use 1 to 40 lowercase letters, digits, - and _",
                        table: "standards", key: "id", occurrence: index)
                } else if let first = firstOfID[id] {
                    let place = outline.line(ofKey: "id", inTable: ["standards"], occurrence: first).map {
                        " (line \($0))"
                    }
                    problem(
                        "\"\(id)\" is already the id of an earlier standard\(place ?? ""); give each standard its own id (a new version of a standard replaces the old one in the same [[standards]])",
                        table: "standards", key: "id", occurrence: index)
                } else {
                    firstOfID[id] = index
                }
            }
            let wording = text(
                entry, "wording", table: "standards", occurrence: index, field: .standardWording)
            var measure: Measure?
            if let name = string(entry, "measure", table: "standards", occurrence: index, required: true) {
                measure = Measure(name: name)
                if measure == nil {
                    problem(
                        "\"\(name.prefix(40))\" is not a measure; use \(Measure.allCases.map(\.name).joined(separator: ", "))",
                        table: "standards", key: "measure", occurrence: index)
                }
            }
            let target = string(entry, "target", table: "standards", occurrence: index, required: true)
                .flatMap {
                    span($0, key: "target", occurrence: index)
                }
            let threshold = readThreshold(entry, occurrence: index)
            let benchmark = string(entry, "benchmark", table: "standards", occurrence: index).flatMap {
                span($0, key: "benchmark", occurrence: index)
            }
            let source =
                text(
                    entry, "benchmark_source", table: "standards", occurrence: index, field: .benchmarkSource)
                ?? ""
            let version = readVersion(entry, occurrence: index)
            var effective = Timestamp(milliseconds: 0)
            if let text = string(entry, "effective", table: "standards", occurrence: index), !text.isEmpty,
                let day = date(text, table: "standards", key: "effective", occurrence: index)
            {
                effective = Timestamp(utcYear: day.year, month: day.month, day: day.day)
            }
            let categories = strings(entry, "categories", table: "standards", occurrence: index)
            for category in categories where !categoryIDs.contains(category) {
                problem(
                    "\"\(category.prefix(40))\" is not one of the [[categories]] ids (\(categoryIDs.sorted().joined(separator: ", ")))",
                    table: "standards", key: "categories", occurrence: index)
            }
            var channels: [Channel] = []
            for name in strings(entry, "channels", table: "standards", occurrence: index) {
                if let channel = Channel(name: name) {
                    channels.append(channel)
                } else {
                    problem(
                        "\"\(name.prefix(40))\" is not a channel; use \(Self.channelNames)",
                        table: "standards",
                        key: "channels", occurrence: index)
                }
            }
            guard problems.count == before, let id, let wording, let measure, let target, let threshold,
                let version
            else { continue }
            standards.append(
                ServiceStandard(
                    id: id, wording: wording, measure: measure, categories: categories, channels: channels,
                    targetMinutes: target.minutes, threshold: threshold, benchmarkMinutes: benchmark?.minutes,
                    benchmarkSource: source, version: version, effective: effective,
                    targetWorkingDays: target.workingDays, benchmarkWorkingDays: benchmark?.workingDays))
        }
        return standards
    }

    mutating func readThreshold(_ entry: TOMLTable, occurrence: Int) -> Double? {
        let accepted =
            "the share of complaints that must meet the target, more than 0 and at most 1, e.g. 0.9"
        guard let value = entry["threshold"] else {
            problem(
                "is missing; write \(accepted)", table: "standards", key: "threshold", occurrence: occurrence)
            return nil
        }
        guard let threshold = value.double ?? value.int.map(Double.init), threshold > 0, threshold <= 1 else {
            problem("must be \(accepted)", table: "standards", key: "threshold", occurrence: occurrence)
            return nil
        }
        return threshold
    }

    mutating func readVersion(_ entry: TOMLTable, occurrence: Int) -> Int? {
        guard let value = entry["version"] else { return 1 }
        guard let version = value.int, Self.versionBounds.contains(version) else {
            problem(
                "must be a whole number from 1 to \(Self.versionBounds.upperBound), raised by one each time the standard changes",
                table: "standards", key: "version", occurrence: occurrence)
            return nil
        }
        return version
    }

    /// A target or benchmark: whole working days (`"10d"`), hours (`"4h"`, `"1.5h"`) or minutes
    /// (`"90m"`), from one business minute to a year of working days of this calendar. Days are
    /// kept as working days, with their business minutes (days × the longest opening day) for
    /// readers that know only minutes. All arithmetic is checked: nothing can overflow.
    mutating func span(_ text: String, key: String, occurrence: Int) -> (minutes: Int, workingDays: Int?)? {
        let maximumDays = ServiceStandard.maximumWorkingDays
        let dayMinutes = max(1, min(minutesPerWorkingDay, 24 * 60))
        let maximumMinutes = maximumDays * dayMinutes
        let accepted =
            "write whole working days (\"2d\", at most \(maximumDays)d, a year of working days), hours (\"4h\", \"1.5h\") or minutes (\"90m\"), from 1m to \(maximumMinutes)m"
        let shown = "\"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\""
        func refuse(_ what: String) -> (minutes: Int, workingDays: Int?)? {
            problem("\(shown) \(what); \(accepted)", table: "standards", key: key, occurrence: occurrence)
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = trimmed.last, "mhd".contains(unit) else {
            return refuse("is not a span of business time (no unit m, h or d at its end)")
        }
        let number = trimmed.dropLast()
        let parts = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = Self.wholeNumber(parts[0]), parts.count == 1 || Self.wholeNumber(parts[1]) != nil
        else {
            return refuse("is not a number followed by m, h or d")
        }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard let amount = whole else { return refuse("is more than a year of working days") }
        var minutes: Int
        var days: Int?
        switch unit {
        case "d":
            guard fraction.isEmpty else { return refuse("is not a whole number of working days") }
            guard amount <= maximumDays else { return refuse("is more than a year of working days") }
            days = amount
            minutes = amount * dayMinutes
        case "h":
            guard fraction.count <= 4 else { return refuse("is not a whole number of minutes") }
            let scale = [1, 10, 100, 1000, 10000][fraction.count]
            let sixtieths = (Int(fraction) ?? 0) * 60
            guard sixtieths % scale == 0 else { return refuse("is not a whole number of minutes") }
            guard amount <= maximumMinutes / 60 + 1 else {
                return refuse("is more than a year of working days")
            }
            minutes = amount * 60 + sixtieths / scale
        default:
            guard fraction.isEmpty else { return refuse("is not a whole number of minutes") }
            minutes = amount
        }
        guard minutes >= ServiceStandard.minimumTargetMinutes else {
            return refuse("is less than a business minute")
        }
        guard minutes <= maximumMinutes else { return refuse("is more than a year of working days") }
        if let days, days < 1 { return refuse("is less than a working day") }
        return (minutes, days)
    }
}
