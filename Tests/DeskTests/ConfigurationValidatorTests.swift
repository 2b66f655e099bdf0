import Desk
import DeskCore
import DeskTestSupport
import Foundation
import XCTest

/// The one validator: every problem of a file at once, each as `desk.toml:LINE: table.key: what
/// is wrong; what is accepted`, with durations, dates, text and ids held to their bounds.
final class ConfigurationValidatorTests: XCTestCase {
    static let sample = SampleConfiguration.text(supervisor: "maria", timeZone: "Europe/London")

    func problems(_ text: String) -> [ConfigurationError] {
        switch DeskConfiguration.check(text, file: "desk.toml") {
        case .success: return []
        case .failure(let found): return found.problems
        }
    }

    func lineOf(_ needle: String, in text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map {
            $0 + 1
        }
    }

    func replacing(_ pairs: [(String, String)], in text: String = sample) -> String {
        var out = text
        for (find, replacement) in pairs {
            XCTAssertTrue(out.contains(find), "the sample has \(find)")
            out = out.replacingOccurrences(of: find, with: replacement)
        }
        return out
    }

    func testEveryProblemIsListedEachOnItsOwnLineAndKey() {
        let text = replacing([
            ("name = \"Riverside", "nmae = \"Riverside"),
            ("\"2026-12-28\"", "\"2026-02-30\""),
            ("id = \"staff\"", "id = \"payments\""),
            ("id = \"respond-access\"", "id = \"respond\""),
            ("target = \"10d\"", "target = \"1.5d\""),
            ("title = \"Access and accessibility\"", "title = \"Access\\u0007\""),
        ])
        let found = problems(text)
        let expected: [(key: String, line: String, words: String)] = [
            ("office.nmae", "nmae = ", "did you mean name?"),
            ("office.name", "[office]", "is missing"),
            ("hours.holidays", "holidays = ", "\"2026-02-30\" is not a day of the calendar"),
            ("categories.id", "id = \"payments\"", "already the id of an earlier category (line"),
            ("categories.title", "Access\\u0007", "control character U+0007"),
            ("standards.target", "target = \"1.5d\"", "is not a whole number of working days"),
            ("standards.id", "id = \"respond\"\nwording = \"If", "already the id of an earlier standard"),
        ]
        XCTAssertEqual(
            Set(found.map(\.key)), Set(expected.map(\.key)), found.map(\.description).joined(separator: "\n"))
        for item in expected {
            guard let problem = found.first(where: { $0.key == item.key }) else { continue }
            XCTAssertTrue(problem.description.contains(item.words), problem.description)
            XCTAssertTrue(
                problem.description.hasPrefix("desk.toml:\(problem.line ?? -1): \(item.key): "),
                problem.description)
            let needle = item.line.components(separatedBy: "\n")[0]
            let candidates = text.split(separator: "\n", omittingEmptySubsequences: false).indices.filter {
                text.split(separator: "\n", omittingEmptySubsequences: false)[$0].contains(needle)
            }.map { $0 + 1 }
            XCTAssertTrue(
                candidates.contains(problem.line ?? -1),
                "\(problem) not on a line with \(needle): \(candidates)")
            XCTAssertTrue(problem.message.contains(";"), "says what is accepted: \(problem)")
        }
    }

    func testDurationsAreWholeWorkingDaysOrBusinessTimeWithinTheirBounds() throws {
        func standard(target: String) -> Result<ServiceStandard, ConfigurationProblems> {
            DeskConfiguration.check(
                replacing([("target = \"10d\"", "target = \"\(target)\"")]), file: "desk.toml"
            )
            .map { $0.standards[1] }
        }
        let day = 8 * 60
        let accepted: [(String, Int, Int?)] = [
            ("10d", 10 * day, 10), ("1d", day, 1), ("260d", 260 * day, 260), ("90m", 90, nil), ("1m", 1, nil),
            ("4h", 240, nil), ("1.5h", 90, nil), ("0.25h", 15, nil), ("010d", 10 * day, 10),
            ("\(260 * day)m", 260 * day, nil),
        ]
        for (text, minutes, days) in accepted {
            let parsed = try standard(target: text).get()
            XCTAssertEqual(parsed.targetMinutes, minutes, text)
            XCTAssertEqual(parsed.targetWorkingDays, days, text)
        }
        let refused: [(String, String)] = [
            ("1.5d", "not a whole number of working days"), ("261d", "more than a year of working days"),
            ("10000000000000d", "more than a year"), ("99999999999999999999d", "more than a year"),
            ("1e300m", "not a number"), ("0m", "less than a business minute"), ("0d", "less than"),
            ("-1d", "not a number"), ("\(260 * day + 1)m", "more than a year"),
            ("1.01h", "whole number of minutes"),
            ("ten days", "no unit"), ("d", "not a number"), ("nan", "no unit"),
            ("1.5m", "whole number of minutes"),
            ("99999999999999999999999999999999999999h", "more than a year"), ("", "no unit"),
        ]
        for (text, words) in refused {
            guard case .failure(let found) = standard(target: text) else {
                XCTFail("\(text) was accepted")
                continue
            }
            XCTAssertEqual(found.problems.map(\.key), ["standards.target"], "\(text): \(found)")
            XCTAssertTrue(found.description.contains(words), "\(text): \(found)")
            XCTAssertTrue(
                found.description.contains("at most 260d, a year of working days"), found.description)
        }
        // Benchmarks keep the same bounds, and days are kept as days.
        let benchmark = try DeskConfiguration.parse(
            replacing([("benchmark = \"5d\"", "benchmark = \"3d\"")]), file: "desk.toml")
        XCTAssertEqual(benchmark.standards[1].benchmarkWorkingDays, 3)
        XCTAssertEqual(benchmark.standards[1].benchmarkMinutes, 3 * day)
        XCTAssertThrowsError(
            try DeskConfiguration.parse(
                replacing([("benchmark = \"5d\"", "benchmark = \"1e300m\"")]), file: "d")
        ) { XCTAssertTrue("\($0)".contains("standards.benchmark"), "\($0)") }
        XCTAssertEqual(ServiceStandard.maximumWorkingDays, 260)
    }

    func testTheNewOfficeKeysAreReadAndBounded() throws {
        let text = replacing([
            ("backdating_window = \"365d\"", "backdating_window = \"30d\""),
            ("contact = \"Riverside", "contact = \"Town Hall, Riverside"),
        ])
        let office = try DeskConfiguration.parse(text, file: "desk.toml").office
        XCTAssertEqual(office.backdatingWindowDays, 30)
        XCTAssertTrue(office.contact.hasPrefix("Town Hall, Riverside"))
        for (value, words) in [
            ("0d", "outside the window"), ("3651d", "outside the window"), ("1y", "not a number of days"),
            ("99999999999999999999d", "outside the window"), ("1.5d", "not a number of days"),
        ] {
            let found = problems(
                replacing([("backdating_window = \"365d\"", "backdating_window = \"\(value)\"")]))
            XCTAssertEqual(found.map(\.key), ["office.backdating_window"], value)
            XCTAssertTrue(found.first?.description.contains(words) == true, "\(found)")
            XCTAssertTrue(found.first?.description.contains("from 1d to 3650d") == true, "\(found)")
        }
        let long = String(repeating: "x", count: 501)
        let found = problems(replacing([("escalation = \"If", "escalation = \"\(long)If")]))
        XCTAssertEqual(found.map(\.key), ["office.escalation"])
        XCTAssertTrue(found[0].description.contains("at most 500 are accepted"), found[0].description)
    }

    func testOfficeNamesTitlesAndWordingKeepTheLimitsPublishKeeps() {
        let cases: [(String, String, String, String)] = [
            ("name = \"Riverside Public Service Office\"", "name = \"\"", "office.name", "is empty"),
            ("name = \"Riverside Public Service Office\"", "name = \"   \"", "office.name", "is empty"),
            (
                "name = \"Riverside Public Service Office\"",
                "name = \"\(String(repeating: "n", count: 100_000))\"", "office.name",
                "100000 characters long; at most 200"
            ),
            (
                "title = \"Staff conduct\"", "title = \"\(String(repeating: "t", count: 81))\"",
                "categories.title", "at most 80"
            ),
            ("title = \"Staff conduct\"", "title = \"Staff\\u001b[31m\"", "categories.title", "U+001B"),
            ("title = \"Staff conduct\"", "title = \"Staff\\u0085\"", "categories.title", "U+0085"),
            ("wording = \"We will give", "wording = \"\\u2028We will give", "standards.wording", "U+2028"),
            ("id = \"staff\"", "id = \"Staff!\"", "categories.id", "lowercase letters"),
            ("id = \"respond\"", "id = \"\(String(repeating: "r", count: 41))\"", "standards.id", "1 to 40"),
            (
                "supervisors = [\"maria\"]\nsupervisor_group = \"desk-supervisors\"",
                "supervisors = []\nsupervisor_group = \"\"", "roles.supervisors", "nobody left"
            ),
            ("supervisors = [\"maria\"]", "supervisors = [\"\"]", "roles.supervisors", "is empty"),
            (
                "version = 1\n\n[[standards]]\nid = \"respond\"",
                "version = 0\n\n[[standards]]\nid = \"respond\"", "standards.version", "from 1 to 1000000"
            ),
            (
                "version = 1\n\n[[standards]]\nid = \"respond\"",
                "version = 9223372036854775807\n\n[[standards]]\nid = \"respond\"", "standards.version",
                "from 1"
            ),
            ("threshold = 0.95\n", "threshold = nan\n", "standards.threshold", "more than 0 and at most 1"),
            ("[display]", "[display]\ntheme = \"../etc/passwd\"", "display.theme", "not a theme name"),
            ("time_zone = \"Europe/London\"", "time_zone = \"Mars/Olympus\"", "office.time_zone", "IANA"),
            ("monday = \"09:00-17:00\"", "monday = \"9-5\"", "hours.monday", "HH:MM-HH:MM"),
            ("\"2026-12-25\"", "\"2026-13-01\"", "hours.holidays", "YYYY-MM-DD"),
            ("\"2026-12-25\"", "\"0001-01-01\"", "hours.holidays", "between 1900 and 2200"),
            ("\"2026-12-25\"", "\"2027-02-29\"", "hours.holidays", "a date that exists"),
            ("[roles]", "[roles]\nadmins = [\"x\"]", "roles.admins", "[roles] takes supervisors"),
            ("[office]", "[ofice]\nname = \"x\"\n[office]", "ofice", "did you mean [office]?"),
            (
                "channels = [\"counter\",", "channels = [\"counter\", \"counter\",", "office.channels",
                "listed twice"
            ),
        ]
        for (find, replacement, key, words) in cases {
            let text = replacing([(find, replacement)])
            let found = problems(text)
            XCTAssertEqual(found.map(\.key), [key], "\(replacement.prefix(60)): \(found)")
            XCTAssertTrue(found.first?.description.contains(words) == true, "\(words): \(found)")
        }
    }

    /// Every problem is listed up to 200, then counted: a file of thousands of mistakes is
    /// answered at once, with its first problems and how many more there are.
    func testThousandsOfMistakesAreListedUpToALimitThenCounted() {
        let categories = (0..<300).map { "[[categories]]\nid = \"Bad \($0)\"\ntitle = \"x\"\n" }.joined()
        let found = problems(Self.sample + categories)
        XCTAssertEqual(found.count, 201)
        XCTAssertEqual(
            found.last?.message, "and 100 more problems; fix these and run desk config check again")
        let headers = String(repeating: "[\n", count: 100_000)
        let scanned = problems(headers)
        XCTAssertEqual(scanned.count, 50)
        XCTAssertEqual(scanned.last?.message, "and 99951 more problems")
    }

    func testConfigShowWritesTheNewKeysAndWorkingDaysAndParsesBackTheSame() throws {
        let original = try DeskConfiguration.parse(
            replacing([("backdating_window = \"365d\"", "backdating_window = \"90d\"")]), file: "desk.toml")
        let shown = SampleConfiguration.text(
            describing: original.office, standards: original.standards, roles: original.roles,
            heading: ["# shown"])
        XCTAssertTrue(shown.contains("target = \"10d\""), shown)
        XCTAssertTrue(shown.contains("backdating_window = \"90d\""), shown)
        XCTAssertFalse(
            shown.split(separator: "\n").contains { $0.hasPrefix("theme") }, "no active theme line: \(shown)")
        let again = try DeskConfiguration.parse(shown, file: "shown.toml")
        XCTAssertEqual(again.office, original.office)
        for (a, b) in zip(again.standards, original.standards) {
            var b = b
            b.effective = a.effective
            XCTAssertEqual(a, b)
        }
        // A control character an older desk let into the log is written escaped, so the file stays TOML.
        var office = original.office
        office.name = "Bell\u{7}Office"
        let escaped = SampleConfiguration.text(
            describing: office, standards: [], roles: original.roles, heading: [])
        XCTAssertTrue(escaped.contains(#"name = "Bell\u0007Office""#), escaped)
        XCTAssertEqual(problems(escaped).map(\.key), ["office.name"])
    }
}
