import CSV
import DeskCore
import Foundation

/// Complaints arriving by phone, mail, email and web, read from JSON lines or CSV: every row is
/// checked before anything is written, and every problem of every row is reported as
/// `line N: field: reason` — the first ``listedProblems`` of them, with a count of the rest.
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
        "customer", "email", "phone", "address", "channel", "category", "summary", "details",
        "remedy_sought", "preferred_reply", "received_at", "group", "accessibility_needs",
    ]
    public static let requiredFields = ["customer", "channel", "category", "summary"]
    /// How many problems are listed; the rest are counted.
    public static let listedProblems = ImportProblems.limit
    /// A list of accepted values longer than this is named in the first message that needs it
    /// only; later messages point back to that line.
    static let shortList = 10

    /// One row that passed every check, with the line it came from.
    public struct Row: Sendable {
        public var line: Int
        public var intake: ComplaintIntake
    }

    public var rows: [Row] = []
    /// The first ``listedProblems`` problems, as `line N: field: reason`.
    public var problems: [String] { found.listed }
    /// Every problem found, listed or not.
    public var problemCount: Int { found.count }
    private var found = ImportProblems()
    /// The line whose message first named each long list of accepted values.
    private var listNamedAt: [String: Int] = [:]
    private let office: OfficeConfiguration
    private let categoryIDs: Set<String>
    private let now: Timestamp

    /// Whether every row passed.
    public var isValid: Bool { problemCount == 0 }

    /// Reads and checks `bytes` against the office's categories and channels; `now` bounds
    /// `received_at` (a complaint cannot arrive in the future) and is used when it is absent.
    /// A UTF-8 byte-order mark at the start (Excel's "CSV UTF-8") is skipped.
    public init(bytes: [UInt8], format: Format, office: OfficeConfiguration, now: Timestamp) {
        self.office = office
        self.now = now
        categoryIDs = Set(office.categories.map(\.id))
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard let text = String(validating: bytes[start...], as: UTF8.self) else {
            let line = Self.lineOfFirstInvalidUTF8(bytes[start...])
            report(line, nil, "the file is not valid UTF-8 (first bad byte on this line); save it as UTF-8")
            return
        }
        // Rows are checked at about 30,000 a second: a large file says how far it has got.
        var lines = 0
        for byte in bytes where byte == 10 { lines += 1 }
        let progress = ProgressLine("desk import: checking", total: Int64(lines), unit: .rows)
        defer { progress.finish() }
        switch format {
        case .jsonl: readJSONLines(text, progress: progress)
        case .csv: readCSV(text, progress: progress)
        }
        if rows.isEmpty && problemCount == 0 { report(1, nil, "the input has no complaints") }
    }

    /// The problems for standard error, each after `source: ` when one is given (the file's
    /// name), and a last line counting those not listed.
    public func report(source: String?) -> [String] { found.report(source: source) }

    private mutating func report(_ line: Int, _ field: String?, _ reason: String) {
        found.add(line: line, field: field, reason: reason)
    }

    /// `lead` and the accepted values ("use one of a, b, c"): a short list every time, a long one
    /// only the first time (later messages say where it was named), so 10,000 categories are not
    /// printed for every row.
    private mutating func accepted(
        _ lead: String, _ what: String, _ values: @autoclosure () -> [String], line: Int
    ) -> String {
        if let named = listNamedAt[what] { return "\(lead) the \(what) named at line \(named) above" }
        let all = values()
        if all.count > Self.shortList { listNamedAt[what] = line }
        return "\(lead) \(all.joined(separator: ", "))"
    }

    /// A domain error's field and its reason without the `field: ` its message starts with.
    static func fieldAndReason(_ error: DeskError) -> (field: String, reason: String) {
        let field = error.field ?? "complaint"
        let prefix = "\(field): "
        let reason =
            error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message
        return (field, reason)
    }

    private static func lineOfFirstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int {
        var line = 1
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == 10 {
            if String(validating: bytes[start..<index], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }

    // MARK: JSON lines

    private mutating func readJSONLines(_ text: String, progress: ProgressLine) {
        var line = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            progress.update(Int64(line))
            let trimmed: Substring
            if let first = rawLine.utf8.first, let last = rawLine.utf8.last, (0x21..<0x80).contains(first),
                (0x21..<0x80).contains(last)
            {
                trimmed = rawLine  // nothing to trim, and no trip through Foundation to find that out
            } else {
                trimmed = Substring(rawLine.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if trimmed.isEmpty { continue }
            if let values = FlatJSONObject.strings(in: trimmed) {
                reportUnknownFields(values, line: line)
                check(values, line: line, skipping: [])
                continue
            }
            let data = Data(trimmed.utf8)
            guard
                let object = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
                    as? [String: Any]
            else {
                report(
                    line, nil,
                    "not a JSON object; each line must be one object such as {\"customer\":\"…\",\"channel\":\"phone\",…}"
                )
                continue
            }
            for key in JSONKeys.duplicates(in: Array(trimmed.utf8)) {
                report(line, key, "appears more than once in this object; give each field once")
            }
            var values: [String: String] = [:]
            var mistyped: Set<String> = []
            for key in object.keys.sorted() {
                let value = object[key]
                if let string = value as? String {
                    values[key] = string
                } else if !(value is NSNull) {
                    report(line, key, "must be a JSON string")
                    mistyped.insert(key)
                }
            }
            reportUnknownFields(values, line: line)
            check(values, line: line, skipping: mistyped)
        }
    }

    private mutating func reportUnknownFields(_ values: [String: String], line: Int) {
        for key in values.keys.sorted() where !Self.fields.contains(key) {
            let fields = accepted("the fields are", "fields", Self.fields, line: line)
            report(line, key, "is not a field the desk takes; \(fields)")
        }
    }

    // MARK: CSV

    private mutating func readCSV(_ text: String, progress: ProgressLine) {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            report(
                1, nil,
                "not readable as CSV (\(error)); the first row must name the fields: \(Self.fields.joined(separator: ","))"
            )
            return
        }
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        var firstColumn: [String: Int] = [:]
        for (index, name) in header.enumerated() where !name.isEmpty {
            if let first = firstColumn[name] {
                report(
                    1, name,
                    "column \(index + 1) repeats column \(first + 1); each field may be given once, so one of them would be lost"
                )
            } else {
                firstColumn[name] = index
                if !Self.fields.contains(name) {
                    report(
                        1, name,
                        "is not a field the desk takes; the fields are \(Self.fields.joined(separator: ", "))"
                    )
                }
            }
        }
        // A required column missing from the header is said once, not once per row.
        let missing = Self.requiredFields.filter { firstColumn[$0] == nil }
        for field in missing {
            report(1, field, "is required, but no column of the header row names it")
        }
        var line = 1
        while let row = reader.next() {
            line += 1
            progress.update(Int64(line))
            if row.allSatisfy({ $0.isEmpty }) { continue }
            guard row.count == header.count else {
                report(line, nil, "\(row.count) fields, but the header names \(header.count)")
                continue
            }
            var values: [String: String] = [:]
            for (index, value) in row.enumerated() where !value.isEmpty {
                let name = header[index]
                if name.isEmpty {
                    report(
                        line, nil,
                        "column \(index + 1) has a value but no name in the header row; name it or leave it empty"
                    )
                } else if firstColumn[name] == index && Self.fields.contains(name) {
                    values[name] = value
                }
            }
            check(values, line: line, skipping: Set(missing))
        }
        if let error = reader.error {
            report(line + 1, nil, "not readable as CSV: \(error)")
        }
    }

    // MARK: One complaint

    /// Checks one complaint's fields; appends a row, or reports every problem found. Fields in
    /// `skipping` were already reported (a value of the wrong type).
    private mutating func check(_ values: [String: String], line: Int, skipping: Set<String>) {
        let before = problemCount
        let office = self.office
        var reported = skipping
        for field in Self.requiredFields
        where !skipping.contains(field) && (values[field] ?? "").allSatisfy(\.isWhitespace) {
            report(line, field, "is required")
            reported.insert(field)
        }
        var channel = Channel.counter
        if let name = values["channel"], !name.isEmpty {
            if let known = Channel(name: name), office.channels.contains(known) {
                channel = known
            } else {
                let offered = accepted("use one of", "channels", office.channels.map(\.name), line: line)
                report(line, "channel", "\"\(name)\" is not a channel this office takes; \(offered)")
            }
        }
        var preferred: Channel?
        if let name = values["preferred_reply"], !name.isEmpty {
            if let known = Channel(name: name) {
                preferred = known
            } else {
                let channels = accepted(
                    "use one of", "reply channels", Channel.allCases.map(\.name), line: line)
                report(line, "preferred_reply", "\"\(name)\" is not a channel; \(channels)")
            }
        }
        let category = values["category"] ?? ""
        if !category.isEmpty && !categoryIDs.contains(category) {
            let categories = accepted("use one of", "categories", office.categories.map(\.id), line: line)
            report(line, "category", "\"\(category)\" is not a category of this office; \(categories)")
        }
        let group = values["group"] ?? ""
        if !office.acceptsCustomerGroup(group) {
            let groups =
                office.customerGroups.isEmpty
                ? customerGroupsAccepted([])
                : accepted("use one of", "customer groups", office.customerGroups, line: line)
                    + ", or leave it empty"
            let shown = group.count > 40 ? String(group.prefix(40)) + "…" : group
            report(line, "group", "\"\(shown)\" is not a customer group of this office; \(groups)")
            reported.insert("group")
        }
        var receivedAt = now
        if let text = values["received_at"], !text.isEmpty {
            if let parsed = Timestamp(iso8601: text) {
                if parsed > now {
                    report(
                        line, "received_at",
                        "\(text) is in the future; a complaint can only be received up to now (\(now.iso8601))"
                    )
                } else {
                    receivedAt = parsed
                }
            } else {
                report(
                    line, "received_at",
                    "\"\(text)\" is not an ISO 8601 date-time; write e.g. 2026-11-25T10:42:00Z or 2026-11-25T10:42:00+01:00"
                )
            }
        }
        let intake = ComplaintIntake(
            channel: channel, category: category, summary: values["summary"] ?? "",
            details: values["details"] ?? "", remedySought: values["remedy_sought"] ?? "",
            customer: Customer(
                name: values["customer"] ?? "", email: values["email"] ?? "", phone: values["phone"] ?? "",
                preferredReply: preferred, accessibilityNeeds: values["accessibility_needs"] ?? "",
                group: group,
                address: values["address"] ?? ""),
            receivedAt: receivedAt)
        // The domain's own checks, every one of them, each once under the field it names.
        for error in DeskCore.problems(of: intake) {
            let (field, reason) = Self.fieldAndReason(error)
            if reported.insert(field).inserted { report(line, field, reason) }
        }
        if problemCount == before { rows.append(Row(line: line, intake: intake)) }
    }
}

/// The keys of a JSON object's top level, found in its text: JSONSerialization keeps one value
/// of a key given twice and drops the other without a word.
enum JSONKeys {
    /// Keys given more than once at the top level of the object in `bytes` (valid JSON), in order.
    static func duplicates(in bytes: [UInt8]) -> [String] {
        var seen: Set<String> = []
        var repeated: [String] = []
        var depth = 0
        var index = 0
        var lastString: Range<Int>?
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let start = index
                index += 1
                while index < bytes.count && bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                lastString = depth == 1 ? start..<(index + 1) : nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                lastString = nil
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                lastString = nil
            case UInt8(ascii: ":"):
                if let range = lastString, range.upperBound <= bytes.count,
                    let key =
                        (try? JSONSerialization.jsonObject(
                            with: Data(bytes[range]), options: [.fragmentsAllowed])) as? String
                {
                    if !seen.insert(key).inserted && !repeated.contains(key) { repeated.append(key) }
                }
                lastString = nil
            case 0x20, 0x09, 0x0A, 0x0D: break
            default: lastString = nil
            }
            index += 1
        }
        return repeated
    }
}

extension ComplaintImport {
    /// Why the input could not be read.
    public struct ReadFailure: Error, Sendable {
        public var message: String
        /// sysexits: 66 for a missing or unopenable input, 74 for a failing read.
        public var exitCode: Int32
    }

    /// Reads all of `path` — a file, a FIFO, a pipe, `/dev/stdin`, a process substitution
    /// (`<(…)`, `/dev/fd/N`) — or standard input when `path` is nil, to its end.
    public static func readInput(_ path: String?) -> Result<[UInt8], ReadFailure> {
        let descriptor: Int32
        if let path {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                let reason = String(cString: strerror(errno))
                return .failure(ReadFailure(message: "cannot open \(path): \(reason)", exitCode: 66))
            }
        } else {
            descriptor = 0
        }
        defer { if path != nil { close(descriptor) } }
        var status = stat()
        if fstat(descriptor, &status) == 0 && (status.st_mode & 0o170000) == 0o040000 {
            return .failure(
                ReadFailure(message: "\(path ?? "standard input") is a directory; give a file", exitCode: 66))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                return .success(bytes)
            } else if errno != EINTR {
                let reason = String(cString: strerror(errno))
                return .failure(
                    ReadFailure(message: "cannot read \(path ?? "standard input"): \(reason)", exitCode: 74))
            }
        }
    }
}

extension DeskSession {
    /// Records every row as one batch — all of it or, when any row is refused, none of it — and
    /// returns the new complaint ids once they are durable.
    public func importComplaints(_ parsed: ComplaintImport) throws(DeskFailure) -> [ComplaintID] {
        guard parsed.isValid else { throw .invalidInput(parsed.report(source: nil)) }
        let lines = parsed.rows.map(\.line)
        let decided = try executeAll(parsed.rows.map { .receive($0.intake) }) { index, error in
            let (field, reason) = ComplaintImport.fieldAndReason(error)
            return "line \(lines[index]): \(field): \(reason)"
        }
        return decided.flatMap { events in
            events.compactMap { recorded -> ComplaintID? in
                if case .complaintReceived(let id, _) = recorded.event { return id }
                return nil
            }
        }
    }
}
