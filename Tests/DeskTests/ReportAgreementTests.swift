import CSV
import DeskTestSupport
import Foundation
import XCTest

/// Issue 12, "done when": the figures in each report equal those of
/// `desk status --json --at T --period P` on the same log, time and period.
final class ReportAgreementTests: XCTestCase {
    var data: TemporaryDirectory!
    var status: [String: Any] = [:]

    override func setUpWithError() throws {
        data = try ReportGoldenTests.fixedDesk()
        let run = try desk(
            ["status", "--json", "--at", ReportGoldenTests.at, "--period", ReportGoldenTests.period],
            data: data.path)
        XCTAssertEqual(run.status, 0, run.standardError)
        status = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    }

    func report(_ arguments: [String]) throws -> String {
        let run = try ReportGoldenTests.report(arguments, data: data)
        XCTAssertEqual(run.status, 0, run.standardError)
        return run.standardOutput
    }

    /// The cells of the Markdown table row whose first cell is `first`.
    func row(_ first: String, in markdown: String) throws -> [String] {
        let line = try XCTUnwrap(
            markdown.split(separator: "\n").first { $0.hasPrefix("| \(first) |") }, first)
        return line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    var standards: [[String: Any]] { status["standards"] as? [[String: Any]] ?? [] }

    func testEachStandardsMetAndMissedEqualStatusInTheNoticeAndThePlan() throws {
        XCTAssertEqual(standards.count, 3)
        for kind in ["standards", "plan"] {
            let markdown = try report([kind, "--format", "md"])
            for standard in standards {
                let id = try XCTUnwrap(standard["id"] as? String)
                let cells = try row(id, in: markdown)
                // Standard, Target, Aim, Met, Missed, Met %, Aim met.
                XCTAssertEqual(cells[3], "\(standard["met"] as? Int ?? -1)", "\(kind) \(id) met")
                XCTAssertEqual(cells[4], "\(standard["missed"] as? Int ?? -1)", "\(kind) \(id) missed")
                let met = try XCTUnwrap(standard["met"] as? Int)
                XCTAssertGreaterThan(met, 0, "the period has figures to compare")
            }
        }
    }

    func testThePlansVolumesAndChannelsEqualStatus() throws {
        let text = try report(["plan", "--format", "md"]).replacingOccurrences(of: "\n", with: " ")
        let volumes = try XCTUnwrap(status["volumes"] as? [String: Int])
        XCTAssertTrue(
            text.contains(
                "complaints received \(volumes["received"]!), closed \(volumes["closed"]!), withdrawn \(volumes["withdrawn"]!);"
            ),
            text)
        let channels = try XCTUnwrap(status["channels"] as? [String: [String: Int]])
        for (name, figures) in channels {
            let cells = try row(name, in: try report(["plan", "--format", "md"]))
            XCTAssertEqual(
                cells[1...3].map { $0 }, ["received", "met", "missed"].map { "\(figures[$0]!)" }, name)
        }
    }

    func testTheSurveyCSVAddsUpToStatusAndItsVolumesAreTheChannels() throws {
        let csv = try report(["surveys", "--format", "csv"])
        let reader = try CSVReader(string: csv, hasHeaderRow: true)
        let header = try XCTUnwrap(reader.headerRow)
        var rows: [[String: String]] = []
        while let row = reader.next() { rows.append(Dictionary(uniqueKeysWithValues: zip(header, row))) }
        let surveys = try XCTUnwrap(status["surveys"] as? [String: Any])
        let channels = try XCTUnwrap(status["channels"] as? [String: [String: Int]])
        XCTAssertEqual(rows.count, channels.count, "one row per channel and period")
        func sum(_ column: String) -> Int { rows.reduce(0) { $0 + (Int($1[column] ?? "") ?? -1_000_000) } }
        XCTAssertEqual(sum("surveys_offered"), surveys["offered"] as? Int)
        XCTAssertEqual(sum("responses"), surveys["responses"] as? Int)
        XCTAssertGreaterThan(sum("responses"), 0)
        let drivers = try XCTUnwrap(surveys["drivers"] as? [String: [String: Int]])
        XCTAssertEqual(drivers.count, 7)
        for (key, figures) in drivers {
            XCTAssertEqual(sum("\(key)_favourable"), figures["favourable"], key)
            XCTAssertEqual(sum("\(key)_answered"), figures["answered"], key)
        }
        for row in rows {
            XCTAssertEqual(Int(row["volume"]!), channels[row["channel"]!]?["received"], row["channel"]!)
            XCTAssertEqual(row["period"], ReportGoldenTests.period)
        }
        XCTAssertEqual(
            header,
            ["office", "channel", "period", "volume", "surveys_offered", "responses"]
                + [
                    "satisfaction", "trust", "effectiveness", "ease", "efficiency", "equity",
                    "employee_helpfulness",
                ].flatMap { ["\($0)_favourable", "\($0)_answered"] })
    }

    func testAYearsSurveyCSVHasARowPerChannelAndQuarterBegun() throws {
        let run = try desk(
            ["report", "surveys", "--format", "csv", "--at", ReportGoldenTests.at, "--period", "2026"],
            data: data.path)
        XCTAssertEqual(run.status, 0, run.standardError)
        let lines = run.standardOutput.split(separator: "\n")
        // 2026-Q4 began (in London) at 2026-09-30T23:00:00Z, before the instant: four quarters.
        XCTAssertEqual(lines.count, 1 + 6 * 4)
        let quarter = try report(["surveys", "--format", "csv"]).split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.contains(",2026-Q3,") }, Array(quarter.dropFirst()))
        XCTAssertEqual(
            Set(lines.dropFirst().map { $0.split(separator: ",")[2] }),
            ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
    }

    func testTheSurveyReportsDriverTableEqualsStatus() throws {
        let markdown = try report(["surveys", "--format", "md"])
        let surveys = try XCTUnwrap(status["surveys"] as? [String: Any])
        XCTAssertTrue(
            markdown.contains(
                "Surveys offered: \(surveys["offered"]!); responses: \(surveys["responses"]!)."), markdown)
        let drivers = try XCTUnwrap(surveys["drivers"] as? [String: [String: Int]])
        let cells = try row("satisfaction", in: markdown)
        XCTAssertEqual(cells[1], "\(drivers["satisfaction"]!["favourable"]!)")
        XCTAssertEqual(cells[2], "\(drivers["satisfaction"]!["answered"]!)")
    }

    func testEveryFooterNamesTheRecordAndChainHeadStatusReportsAt() throws {
        let log = try XCTUnwrap(status["log"] as? [String: Any])
        for arguments in [["standards"], ["plan"], ["surveys"], ["receipt", ReportGoldenTests.receipt]] {
            for format in ["txt", "md", "html"] {
                let text = try report(arguments + ["--format", format])
                XCTAssertTrue(text.contains("Log record: \(log["last_sequence"]!)"), "\(arguments) \(format)")
                XCTAssertTrue(text.contains("Chain head: \(log["chain_head"]!)"), "\(arguments) \(format)")
                XCTAssertTrue(
                    text.contains("As the desk stood at \(ReportGoldenTests.at)"), "\(arguments) \(format)")
            }
        }
    }
}
