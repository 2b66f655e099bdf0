import DeskTestSupport
import Foundation
import XCTest

/// Issue 12, "done when": each report in each format on a fixed log and time, compared byte for
/// byte with its golden file in `Golden/reports/`. The log there was made once with
/// `desk demo --complaints 120 --seed 3 --until 2026-10-01T12:00:00Z` and is checked in (a new
/// log file has its own id and so its own chain head). After an intended change refresh with
/// `DESK_UPDATE_GOLDEN=1 swift test --filter ReportGolden` and review `git diff`.
final class ReportGoldenTests: XCTestCase {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/reports")
    static let at = "2026-10-01T12:00:00Z"
    static let period = "2026-Q3"
    static let receipt = "C-000010"

    /// A data directory holding a copy of the checked-in log and its desk.toml.
    static func fixedDesk() throws -> TemporaryDirectory {
        let data = try TemporaryDirectory(prefix: "desk-report")
        for name in ["events.log", "desk.toml"] {
            try FileManager.default.copyItem(
                atPath: golden.appendingPathComponent(name).path, toPath: data.file(name))
        }
        return data
    }

    /// `desk report` on the fixed desk at the fixed time and period.
    static func report(_ arguments: [String], data: TemporaryDirectory) throws -> ProductRun {
        try desk(["report"] + arguments + ["--at", at, "--period", period], data: data.path)
    }

    static let cases: [(kind: String, formats: [String])] = [
        ("standards", ["txt", "md", "html"]), ("plan", ["txt", "md", "html"]),
        ("surveys", ["txt", "md", "html", "csv"]), ("receipt", ["txt", "md", "html"]),
    ]

    func testEveryReportInEveryFormatMatchesItsGoldenFile() throws {
        let data = try Self.fixedDesk()
        let update = ProcessInfo.processInfo.environment["DESK_UPDATE_GOLDEN"] == "1"
        var checked = 0
        for (kind, formats) in Self.cases {
            for format in formats {
                let arguments = [kind] + (kind == "receipt" ? [Self.receipt] : []) + ["--format", format]
                let run = try Self.report(arguments, data: data)
                XCTAssertEqual(run.status, 0, "\(arguments): \(run.standardError)")
                let name = "\(kind == "receipt" ? "receipt-\(Self.receipt)" : kind).\(format)"
                let file = Self.golden.appendingPathComponent(name)
                if update {
                    try Data(run.standardOutput.utf8).write(to: file)
                    continue
                }
                let expected = try String(contentsOf: file, encoding: .utf8)
                if run.standardOutput != expected {
                    let got = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
                    let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
                    let first =
                        zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                        ?? min(got.count, want.count)
                    XCTFail(
                        "\(name) differs from its golden file at line \(first + 1):\n  got:  \(first < got.count ? String(got[first]) : "(end)")\n  want: \(first < want.count ? String(want[first]) : "(end)")\n(DESK_UPDATE_GOLDEN=1 swift test --filter ReportGolden refreshes it)"
                    )
                }
                checked += 1
            }
        }
        if !update { XCTAssertEqual(checked, 13) }
    }

    func testTextAndMarkdownKeepTo80Columns() throws {
        for (kind, formats) in Self.cases {
            for format in formats where format == "txt" || format == "md" {
                let name = "\(kind == "receipt" ? "receipt-\(Self.receipt)" : kind).\(format)"
                let text = try String(contentsOf: Self.golden.appendingPathComponent(name), encoding: .utf8)
                // A Markdown table row cannot be wrapped; its text version is within 80 columns.
                for line in text.split(separator: "\n") where !line.hasPrefix("|") {
                    XCTAssertLessThanOrEqual(line.count, 80, "\(name): \(line)")
                }
            }
        }
    }

    func testTheSameLogAndAtGiveTheSameBytesTwice() throws {
        let data = try Self.fixedDesk()
        for format in ["txt", "md", "html"] {
            let first = try Self.report(["plan", "--format", format], data: data)
            let second = try Self.report(["plan", "--format", format], data: data)
            XCTAssertEqual(first.status, 0, first.standardError)
            XCTAssertEqual(first.standardOutput, second.standardOutput, format)
            XCTAssertFalse(first.standardOutput.contains("Generated at"), "no generation time with --at")
        }
    }

    func testWithoutAtTheFooterSaysWhenAndByWhomItWasGenerated() throws {
        let data = try Self.fixedDesk()
        let run = try desk(["report", "standards", "--period", Self.period], data: data.path)
        XCTAssertEqual(run.status, 0, run.standardError)
        let generated = try XCTUnwrap(
            run.standardOutput.split(separator: "\n").last { $0.hasPrefix("Generated at ") })
        XCTAssertTrue(generated.contains(" by "), String(generated))
        XCTAssertTrue(run.standardOutput.contains("Log record: 561\n"), "the whole log: its last record")
    }

    func testCSVIsRefusedForEveryReportButTheSurveys() throws {
        let data = try Self.fixedDesk()
        for kind in [["standards"], ["plan"], ["receipt", Self.receipt]] {
            let run = try Self.report(kind + ["--format", "csv"], data: data)
            XCTAssertEqual(run.status, 64, "\(kind)")
            XCTAssertEqual(run.standardOutput, "")
            XCTAssertTrue(
                run.standardError.contains("--format csv is for the survey report only"), run.standardError)
        }
    }

    func testAReceiptForAnUnknownComplaintSaysSo() throws {
        let data = try Self.fixedDesk()
        let unknown = try Self.report(["receipt", "C-009999"], data: data)
        XCTAssertEqual(unknown.status, 65)
        XCTAssertEqual(unknown.standardOutput, "")
        XCTAssertEqual(
            unknown.standardError,
            "desk report: C-009999 is not in the log as it stood at 2026-10-01T12:00:00Z; check the reference on the slip (the queue shows every open complaint)\n"
        )
        let malformed = try Self.report(["receipt", "X-12"], data: data)
        XCTAssertEqual(malformed.status, 64)
        XCTAssertTrue(
            malformed.standardError.contains("\"X-12\" is not a complaint id"), malformed.standardError)
        let missing = try Self.report(["receipt"], data: data)
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.standardError.contains("needs a complaint id"), missing.standardError)
    }

    func testOutputGoesToTheFileAndNeverIntoTheDataDirectory() throws {
        let data = try Self.fixedDesk()
        let elsewhere = try TemporaryDirectory(prefix: "desk-report-out")
        let file = elsewhere.file("standards.html")
        let run = try Self.report(["standards", "--format", "html", "--output", file], data: data)
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertEqual(run.standardOutput, "")
        let written = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertEqual(
            written,
            try String(contentsOf: Self.golden.appendingPathComponent("standards.html"), encoding: .utf8))
        let inside = try Self.report(["standards", "--output", data.file("standards.txt")], data: data)
        XCTAssertEqual(inside.status, 64)
        XCTAssertFalse(FileManager.default.fileExists(atPath: data.file("standards.txt")))
    }
}
