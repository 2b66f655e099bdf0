import CSV
import DeskCore
import Foundation

/// Complaints arriving by phone, mail, email and web, read from JSON lines or CSV: every row is
/// checked before anything is written, and every problem is reported as `line N: field: reason`.
public struct ComplaintImport: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case jsonl, csv

        /// `--format` when given, else the file's extension, else JSON lines.
        public static func choose(explicit: Format?, fileName: String?) -> Format {
            if let explicit { return explicit }
            if let fileName, fileName.lowercased().hasSuffix(".csv") { return .csv }
            return .jsonl
        }
    }

    public static let fields = [
        "customer", "email", "phone", "channel", "category", "summary", "details", "remedy_sought",
        "preferred_reply", "received_at",
    ]
    public static let requiredFields = ["customer", "channel", "category", "summary"]

    /// One row that passed every check, with the line it came from.
    public struct Row: Sendable {
        public var line: Int
        public var intake: ComplaintIntake
    }

    public var rows: [Row] = []
    public var problems: [String] = []

    /// Reads and checks `bytes` against the office's categories and channels; `now` bounds
    /// `received_at` (a complaint cannot arrive in the future) and is used when it is absent.
    public init(bytes: [UInt8], format: Format, office: OfficeConfiguration, now: Timestamp) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = Self.lineOfFirstInvalidUTF8(bytes)
            problems.append(
                "line \(line): the file is not valid UTF-8 (first bad byte on this line); save it as UTF-8")
            return
        }
        switch format {
        case .jsonl: readJSONLines(text, office: office, now: now)
        case .csv: readCSV(text, office: office, now: now)
        }
        if rows.isEmpty && problems.isEmpty { problems.append("line 1: the input has no complaints") }
    }

    private static func lineOfFirstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 10 {
            if String(validating: bytes[start..<index], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }

    private mutating func readJSONLines(_ text: String, office: OfficeConfiguration, now: Timestamp) {
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let trimmed = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            guard let data = trimmed.data(using: .utf8),
                let object = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
                    as? [String: Any]
            else {
                problems.append(
                    "line \(line): not a JSON object; each line must be one object such as {\"customer\":\"…\",\"channel\":\"phone\",…}"
                )
                continue
            }
            var values: [String: String] = [:]
            var bad = false
            for (key, value) in object {
                if let string = value as? String {
                    values[key] = string
                } else if value is NSNull {
                    continue
                } else {
                    problems.append("line \(line): \(key): must be a JSON string")
                    bad = true
                }
            }
            if !bad { check(values, line: line, office: office, now: now) }
        }
    }

    private mutating func readCSV(_ text: String, office: OfficeConfiguration, now: Timestamp) {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            problems.append(
                "line 1: not readable as CSV (\(error)); the first row must name the fields: \(Self.fields.joined(separator: ","))"
            )
            return
        }
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        var line = 1
        while let row = reader.next() {
            line += 1
            if row.allSatisfy({ $0.isEmpty }) { continue }
            guard row.count == header.count else {
                problems.append("line \(line): \(row.count) fields, but the header names \(header.count)")
                continue
            }
            var values: [String: String] = [:]
            for (key, value) in zip(header, row) where !value.isEmpty { values[key] = value }
            check(values, line: line, office: office, now: now)
        }
        if let error = reader.error {
            problems.append("line \(line + 1): not readable as CSV: \(error)")
        }
    }

    /// Checks one complaint's fields; appends a row or the problems found.
    private mutating func check(
        _ values: [String: String], line: Int, office: OfficeConfiguration, now: Timestamp
    ) {
        var rowProblems: [String] = []
        func problem(_ field: String, _ reason: String) {
            rowProblems.append("line \(line): \(field): \(reason)")
        }
        for key in values.keys.sorted() where !Self.fields.contains(key) {
            problem(
                key, "is not a field the desk takes; the fields are \(Self.fields.joined(separator: ", "))")
        }
        for field in Self.requiredFields where (values[field] ?? "").allSatisfy(\.isWhitespace) {
            problem(field, "is required")
        }
        func text(_ field: TextField, _ key: String) -> String {
            let value = values[key] ?? ""
            do { try field.validate(value) } catch {
                let message =
                    error.message.hasPrefix("\(field.name): ")
                    ? String(error.message.dropFirst(field.name.count + 2)) : error.message
                if !(field.required && value.isEmpty) { problem(key, message) }
            }
            return value
        }
        let name = text(.customerName, "customer")
        let email = text(.email, "email")
        let phone = text(.phone, "phone")
        let summary = text(.summary, "summary")
        let details = text(.details, "details")
        let remedy = text(.remedySought, "remedy_sought")
        let offered = office.channels.map(\.name).joined(separator: ", ")
        var channel = Channel.counter
        if let channelName = values["channel"], !channelName.isEmpty {
            if let known = Channel(name: channelName), office.channels.contains(known) {
                channel = known
            } else {
                problem(
                    "channel", "\"\(channelName)\" is not a channel this office takes; use one of \(offered)")
            }
        }
        var preferred: Channel?
        if let replyName = values["preferred_reply"], !replyName.isEmpty {
            if let known = Channel(name: replyName) {
                preferred = known
            } else {
                problem(
                    "preferred_reply",
                    "\"\(replyName)\" is not a channel; use one of \(Channel.allCases.map(\.name).joined(separator: ", "))"
                )
            }
        }
        let category = values["category"] ?? ""
        if !category.isEmpty && !office.categories.contains(where: { $0.id == category }) {
            problem(
                "category",
                "\"\(category)\" is not a category of this office; use one of \(office.categories.map(\.id).joined(separator: ", "))"
            )
        }
        var receivedAt = now
        if let text = values["received_at"], !text.isEmpty {
            if let parsed = Timestamp(iso8601: text) {
                if parsed > now {
                    problem(
                        "received_at",
                        "\(text) is in the future; a complaint can only be received up to now (\(now.iso8601))"
                    )
                } else {
                    receivedAt = parsed
                }
            } else {
                problem(
                    "received_at",
                    "\"\(text)\" is not an ISO 8601 date-time; write e.g. 2026-11-25T10:42:00Z or 2026-11-25T10:42:00+01:00"
                )
            }
        }
        let intake = ComplaintIntake(
            channel: channel, category: category, summary: summary, details: details, remedySought: remedy,
            customer: Customer(name: name, email: email, phone: phone, preferredReply: preferred),
            receivedAt: receivedAt)
        if rowProblems.isEmpty {
            do { try validate(intake) } catch {
                rowProblems.append("line \(line): \(error.field ?? "complaint"): \(error.message)")
            }
        }
        if rowProblems.isEmpty {
            rows.append(Row(line: line, intake: intake))
        } else {
            problems.append(contentsOf: rowProblems)
        }
    }
}

extension DeskSession {
    /// Records every row as one batch — all of it or, when any row is refused, none of it — and
    /// returns the new complaint ids once they are durable.
    public func importComplaints(_ parsed: ComplaintImport) throws(DeskFailure) -> [ComplaintID] {
        guard parsed.problems.isEmpty else { throw .invalidInput(parsed.problems) }
        let lines = parsed.rows.map(\.line)
        let decided = try executeAll(parsed.rows.map { .receive($0.intake) }) { index, error in
            "line \(lines[index]): \(error.field ?? "complaint"): \(error.message)"
        }
        return decided.flatMap { events in
            events.compactMap { recorded -> ComplaintID? in
                if case .complaintReceived(let id, _) = recorded.event { return id }
                return nil
            }
        }
    }
}
