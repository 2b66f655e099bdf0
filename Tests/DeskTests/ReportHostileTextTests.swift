import CSV
import Desk
import DeskCore
import DeskTestSupport
import Foundation
import XCTest

/// Issue 12, "done when": hostile text (markup, a script tag, terminal escapes, spreadsheet
/// formulas) in every complaint field and in the office's own words is escaped in HTML and CSV and
/// made visible in the text formats, in every report that shows it.
final class ReportHostileTextTests: XCTestCase {
    static let hostile =
        "<script>alert(1)</script> \u{1B}[31mRED\u{1B}[0m **bold** [link](http://x.example) | # =cmd|' /C calc'!A0 \u{202E}fed"
    static let formulaOffice = "=cmd|' /C calc'!A0 <b>Office</b>"

    /// A desk whose one complaint has the hostile text as name, e-mail, phone, summary, details and
    /// remedy sought, and whose office (published without the validator, as a crafted log could)
    /// has a formula for a name and the hostile text as its contact and escalation.
    func hostileDesk() throws -> TemporaryDirectory {
        let data = try TemporaryDirectory(prefix: "desk-report-hostile")
        let session = try LogSurgery.desk(in: data, texts: [Self.hostile])
        let office = try OfficeConfiguration(
            name: Self.formulaOffice, calendar: .weekdays9to5(timeZone: "UTC"),
            categories: [Category(id: "payments", title: Self.hostile)], version: 2, contact: Self.hostile,
            escalation: Self.hostile)
        _ = try session.appendGenerated([
            RecordedEvent(actor: "maria", at: session.clock.now, event: .officeConfigured(office))
        ])
        return data
    }

    func run(_ arguments: [String], _ data: TemporaryDirectory) throws -> String {
        let run = try desk(["report"] + arguments + ["--period", "this-quarter"], data: data.path)
        XCTAssertEqual(run.status, 0, "\(arguments): \(run.standardError)")
        return run.standardOutput
    }

    /// `text` with each run of white space as one space: a report wraps long text at 80 columns.
    func flat(_ text: String) -> String {
        text.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }

    /// No scalar that acts on a terminal stands raw (line breaks aside).
    func assertNothingRaw(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line)
    {
        let raw = text.unicodeScalars.filter { $0 != "\n" && JSONText.mustEscape($0) }
        XCTAssertTrue(
            raw.isEmpty, "\(what): raw \(raw.map { String($0.value, radix: 16) })", file: file, line: line)
    }

    func testHostileTextIsEscapedInHTMLAndMadeVisibleInTextAndMarkdown() throws {
        let data = try hostileDesk()
        for arguments in [["receipt", "C-000001"], ["standards"], ["plan"], ["surveys"]] {
            let html = try run(arguments + ["--format", "html"], data)
            assertNothingRaw(html, "\(arguments) html")
            XCTAssertFalse(html.contains("<script"), "\(arguments) html")
            XCTAssertFalse(html.contains("<b>"), "\(arguments) html")
            XCTAssertTrue(html.contains("&lt;b&gt;Office&lt;/b&gt;"), "\(arguments) html: the office escaped")
            XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"), "\(arguments) html")
            XCTAssertEqual(html.components(separatedBy: "<style>").count, 2, "one inline style sheet")
            XCTAssertFalse(html.contains("src="), "nothing loaded from elsewhere")

            let text = try run(arguments + ["--format", "txt"], data)
            assertNothingRaw(text, "\(arguments) txt")
            XCTAssertTrue(
                flat(text).contains("=cmd|' /C calc'!A0 <b>Office</b>"), "\(arguments) txt: the office")

            let markdown = try run(arguments + ["--format", "md"], data)
            assertNothingRaw(markdown, "\(arguments) md")
            XCTAssertTrue(markdown.contains("\\<b\\>Office\\</b\\>"), "\(arguments) md")
            XCTAssertFalse(markdown.contains("<b>"), "\(arguments) md")
        }
        // Where the complaint's and the contact's words are shown: each piece visible or escaped.
        for arguments in [["receipt", "C-000001"], ["standards"]] {
            let html = flat(try run(arguments + ["--format", "html"], data))
            XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(arguments) html")
            XCTAssertTrue(html.contains("\\u001B[31mRED\\u001B[0m"), "\(arguments) html: escapes visible")
            XCTAssertTrue(html.contains("\\u202Efed"), "\(arguments) html: bidi control visible")
            let text = flat(try run(arguments + ["--format", "txt"], data))
            XCTAssertTrue(text.contains("\\u001B[31mRED\\u001B[0m"), "\(arguments) txt")
            XCTAssertTrue(
                text.contains("<script>alert(1)</script>"), "\(arguments) txt: the words as written")
            let markdown = flat(try run(arguments + ["--format", "md"], data))
            XCTAssertTrue(markdown.contains("\\<script\\>alert(1)\\</script\\>"), "\(arguments) md")
            XCTAssertTrue(
                markdown.contains("\\*\\*bold\\*\\* \\[link\\](http://x.example) \\| \\#"), "\(arguments) md")
            XCTAssertTrue(
                markdown.contains("\\\\u001B\\[31mRED"), "\(arguments) md: the escape's backslash escaped")
        }
        let receipt = flat(try run(["receipt", "C-000001", "--format", "txt"], data))
        for label in ["Name:", "About:", "Taken by:"] {
            XCTAssertTrue(receipt.contains(label), label)
        }
        XCTAssertTrue(receipt.contains("Name: <script>alert(1)</script> \\u001B[31mRED"), receipt)
    }

    func testTheSurveyCSVNeutralisesAFormulaInTheOfficesName() throws {
        let data = try hostileDesk()
        let csv = try run(["surveys", "--format", "csv"], data)
        let reader = try CSVReader(string: csv, hasHeaderRow: true)
        var offices: [String] = []
        while let row = reader.next() { offices.append(row[0]) }
        XCTAssertFalse(offices.isEmpty)
        for office in offices { XCTAssertEqual(office, "'" + Self.formulaOffice) }
        XCTAssertFalse(csv.contains("\n=") || csv.hasPrefix("="), "no cell starts a formula")
    }
}
