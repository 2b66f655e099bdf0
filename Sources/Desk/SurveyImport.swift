import DeskCore
import Foundation

/// Customer survey answers collected on the web or by mail, one JSON object per line: every line
/// is checked against the desk before anything is written, and every problem is reported as
/// `line N: field: reason` (the first ``ImportProblems/limit``, then a count).
public struct SurveyImport: Sendable {
    /// The A-11 driver keys, each answered 1–5 (or left out / null).
    public static let driverFields = SurveyDriver.allCases.map(\.key)
    public static let fields = ["complaint", "channel", "answered_at"] + driverFields + ["comment"]
    public static let requiredFields = ["complaint", "channel"]
    /// Channels a survey can arrive by here; the kiosk records its own, and the counter hands over
    /// to the kiosk.
    public static let channels: [Channel] = [.web, .mail, .email, .phone]

    /// One survey that passed every check, with the line it came from.
    public struct Row: Sendable {
        public var line: Int
        public var complaint: ComplaintID
        public var channel: Channel
        public var answers: SurveyAnswers
        /// When the customer answered (also in `answers`; the log records the survey when it is
        /// imported, and keeps this as the survey's `answered_at`).
        public var answeredAt: Timestamp?
    }

    public private(set) var rows: [Row] = []
    public var problems: [String] { found.listed }
    public var problemCount: Int { found.count }
    private var found = ImportProblems()
    private let state: DeskState
    private let now: Timestamp
    /// The line each complaint was first given on.
    private var lineOf: [ComplaintID: Int] = [:]

    public var isValid: Bool { problemCount == 0 }

    /// Reads and checks `bytes` against `state` (the complaint exists, has had a response and has
    /// no survey yet) at `now`. A UTF-8 byte-order mark is skipped.
    public init(bytes: [UInt8], state: DeskState, now: Timestamp) {
        self.state = state
        self.now = now
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard let text = String(validating: bytes[start...], as: UTF8.self) else {
            report(1, nil, "the file is not valid UTF-8; save it as UTF-8")
            return
        }
        var line = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            let trimmed = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { read(trimmed, line: line) }
        }
        if rows.isEmpty && problemCount == 0 { report(1, nil, "the input has no survey answers") }
    }

    /// The problems for standard error, each after `source: ` when given, and a count of the rest.
    public func report(source: String?) -> [String] { found.report(source: source) }

    private mutating func report(_ line: Int, _ field: String?, _ reason: String) {
        found.add(line: line, field: field, reason: reason)
    }

    private mutating func read(_ text: String, line: Int) {
        guard
            let object =
                (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]))
                as? [String: Any]
        else {
            report(
                line, nil,
                "not a JSON object; each line must be one object such as {\"complaint\":\"C-000042\",\"channel\":\"web\",\"satisfaction\":4}"
            )
            return
        }
        let before = problemCount
        for key in JSONKeys.duplicates(in: Array(text.utf8)) {
            report(line, key, "appears more than once in this object; give each field once")
        }
        for key in object.keys.sorted() where !Self.fields.contains(key) {
            report(
                line, key, "is not a field of a survey; the fields are \(Self.fields.joined(separator: ", "))"
            )
        }
        func string(_ key: String) -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            if let text = value as? String { return text }
            report(line, key, "must be a JSON string")
            return nil
        }
        var complaint: ComplaintID?
        if let value = object["complaint"] as? Int, !Self.isBoolean(object["complaint"]!), value > 0,
            let id = ComplaintID("\(value)")
        {
            complaint = id
        } else if let text = string("complaint"), !text.isEmpty {
            complaint = ComplaintID(text)
            if complaint == nil {
                report(line, "complaint", "\"\(text)\" is not a complaint reference; write e.g. C-000042")
            }
        } else if object["complaint"] == nil || object["complaint"] is NSNull
            || object["complaint"] as? String == ""
        {
            report(line, "complaint", "is required")
        }
        var channel: Channel?
        let accepted = Self.channels.map(\.name).joined(separator: ", ")
        if let name = string("channel"), !name.isEmpty {
            channel = Channel(name: name).flatMap { Self.channels.contains($0) ? $0 : nil }
            if channel == nil {
                report(
                    line, "channel",
                    "\"\(name)\" is not a channel survey answers are imported from; use one of \(accepted) (paper forms count as mail)"
                )
            }
        } else if object["channel"] == nil || object["channel"] is NSNull
            || object["channel"] as? String == ""
        {
            report(line, "channel", "is required; use one of \(accepted)")
        }
        var answeredAt: Timestamp?
        if let text = string("answered_at"), !text.isEmpty {
            if let parsed = Timestamp(iso8601: text) {
                if parsed > now {
                    report(line, "answered_at", "\(text) is in the future; the time now is \(now.iso8601)")
                } else {
                    answeredAt = parsed
                }
            } else {
                report(
                    line, "answered_at",
                    "\"\(text)\" is not an ISO 8601 date-time; write e.g. 2026-11-25T10:42:00Z or 2026-11-25T10:42:00+01:00"
                )
            }
        }
        var answers = SurveyAnswers()
        for driver in SurveyDriver.allCases {
            guard let value = object[driver.key], !(value is NSNull) else { continue }
            if let score = Self.score(value) {
                answers[driver] = score
            } else {
                let shown =
                    (value as? String).map { "\"\($0)\"" }
                    ?? (Self.isBoolean(value)
                        ? ((value as? NSNumber)?.boolValue == true ? "true" : "false") : "\(value)")
                report(
                    line, driver.key,
                    "\(shown) is not an answer; use a whole number from 1 (strongly disagree) to 5 (strongly agree), or leave the field out"
                )
            }
        }
        if let comment = string("comment"), !comment.allSatisfy(\.isWhitespace) {
            answers.freeText = [comment]
            do { try TextField.surveyText.validate(comment) } catch {
                report(line, "comment", ComplaintImport.fieldAndReason(error).reason)
            }
        }
        guard problemCount == before, let complaint, let channel else { return }
        if let first = lineOf[complaint] {
            report(
                line, "complaint",
                "\(complaint) is also on line \(first); one survey per complaint")
            return
        }
        lineOf[complaint] = line
        // The domain's own rules: the complaint exists, has had a response, has no survey yet,
        // something was answered.
        do {
            _ = try state.decide(
                .recordSurvey(complaint, channel: channel, answers: answers), actor: "survey-import", now: now
            )
        } catch {
            let (field, reason) = ComplaintImport.fieldAndReason(error)
            report(line, field, reason)
            return
        }
        if let answeredAt, let responded = state.complaint(complaint)?.firstRespondedAt,
            answeredAt < responded
        {
            report(
                line, "answered_at",
                "\(answeredAt.iso8601) is before \(complaint) was first responded to (\(responded.iso8601)); the survey comes after the response"
            )
            return
        }
        // Stored with the answers (the survey's `answered_at` in the log).
        answers.answeredAt = answeredAt
        rows.append(
            Row(line: line, complaint: complaint, channel: channel, answers: answers, answeredAt: answeredAt))
    }
}

extension SurveyImport {
    /// A JSON whole number 1–5 (not `true`, not `"4"`, not 4.5).
    static func score(_ value: Any) -> Int? {
        guard let number = value as? NSNumber, !isBoolean(value),
            let score = Int(exactly: number.doubleValue), (1...5).contains(score)
        else { return nil }
        return score
    }

    /// JSON `true`/`false`: on Linux they arrive as NSNumber too, and `1 is Bool` holds there, so
    /// the type is what tells them apart.
    static func isBoolean(_ value: Any) -> Bool {
        String(describing: type(of: value)).contains("Bool")
    }
}

extension DeskSession {
    /// Records every survey as one batch — all of it, or none when any is refused — and returns
    /// the complaints surveyed once they are durable.
    public func importSurveys(_ parsed: SurveyImport) throws(DeskFailure) -> [ComplaintID] {
        guard parsed.isValid else { throw .invalidInput(parsed.report(source: nil)) }
        let lines = parsed.rows.map(\.line)
        _ = try executeAll(
            parsed.rows.map { .recordSurvey($0.complaint, channel: $0.channel, answers: $0.answers) }
        ) { index, error in
            let (field, reason) = ComplaintImport.fieldAndReason(error)
            return "line \(lines[index]): \(field): \(reason)"
        }
        return parsed.rows.map(\.complaint)
    }
}
