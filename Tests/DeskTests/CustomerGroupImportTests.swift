import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

@testable import Desk

/// EO 12862 §1(a) through the real `desk`: `[office] customer_groups` checked by the one
/// validator and shown by `config show`; `desk import` takes `group` (one the office lists) and
/// `accessibility_needs`, and `desk export` writes both.
final class CustomerGroupImportTests: XCTestCase {
    static let sample = SampleConfiguration.text(supervisor: "maria", timeZone: "Europe/London")
    static let listed = #"customer_groups = ["resident", "business", "visitor"]"#

    private func problems(_ text: String) -> [ConfigurationError] {
        switch DeskConfiguration.check(text, file: "desk.toml") {
        case .success: return []
        case .failure(let found): return found.problems
        }
    }

    private func line(of needle: String, in text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map {
            $0 + 1
        }
    }

    // MARK: desk.toml

    func testTheSampleListsGroupsAndTheyReachTheOffice() throws {
        XCTAssertTrue(Self.sample.contains(Self.listed), "the sample shows the key")
        let office = try DeskConfiguration.check(Self.sample, file: "desk.toml").get().office
        XCTAssertEqual(office.customerGroups, ["resident", "business", "visitor"])
        let without = Self.sample.replacingOccurrences(of: Self.listed, with: "")
        XCTAssertEqual(
            try DeskConfiguration.check(without, file: "desk.toml").get().office.customerGroups, [])
    }

    func testBadGroupsAreRefusedWithLineKeyAndWhatIsAccepted() throws {
        let cases: [(String, String)] = [
            (
                #"customer_groups = ["resident", "Small Business"]"#,
                #""Small Business" is not a customer group id"#
            ),
            (#"customer_groups = ["resident", "resident"]"#, #""resident" is listed twice"#),
            (#"customer_groups = ["resident", ""]"#, #""" is not a customer group id"#),
            (#"customer_groups = "resident""#, "must be a list of quoted strings"),
            (#"customer_groups = [1, 2]"#, "must be a list of quoted strings"),
            (
                "customer_groups = [" + (0..<51).map { "\"g\($0)\"" }.joined(separator: ", ") + "]",
                "lists 51 groups; at most 50 are accepted"
            ),
        ]
        for (written, words) in cases {
            let text = Self.sample.replacingOccurrences(of: Self.listed, with: written)
            let found = problems(text)
            XCTAssertEqual(found.count, 1, "\(written): \(found)")
            guard let problem = found.first else { continue }
            XCTAssertEqual(problem.key, "office.customer_groups", "\(problem)")
            XCTAssertEqual(problem.line, line(of: "customer_groups =", in: text), "\(problem)")
            XCTAssertTrue(
                problem.description.hasPrefix("desk.toml:\(problem.line ?? -1): office.customer_groups: "))
            XCTAssertTrue(problem.message.contains(words), "\(written): \(problem)")
            XCTAssertTrue(problem.message.contains(";"), "says what is accepted: \(problem)")
        }
        // A misspelt key is caught with the others.
        let misspelt = Self.sample.replacingOccurrences(of: "customer_groups =", with: "customer_group =")
        XCTAssertTrue(
            problems(misspelt).contains {
                $0.key == "office.customer_group" && $0.message.contains("customer_groups")
            },
            "\(problems(misspelt))")
    }

    func testPublishedGroupsAreShownAndAChangedListIsPublished() throws {
        let (data, _) = try newDesk()
        var shown = try desk(["config", "show"], data: data.path)
        XCTAssertEqual(shown.status, 0, shown.standardError)
        XCTAssertTrue(shown.standardOutput.contains(Self.listed), shown.standardOutput)
        let path = data.path + "/desk.toml"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: Self.listed, with: #"customer_groups = ["resident", "landlord"]"#)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let published = try desk(["config", "publish"], data: data.path)
        XCTAssertEqual(published.status, 0, published.standardError)
        XCTAssertTrue(
            published.standardOutput.contains("office configuration version 2"), published.standardOutput)
        shown = try desk(["config", "show"], data: data.path)
        XCTAssertTrue(shown.standardOutput.contains(#"customer_groups = ["resident", "landlord"]"#))
        let dump = try desk(["log", "dump"], data: data.path)
        XCTAssertTrue(dump.standardOutput.contains(#""customer_groups":["resident","landlord"]"#))
    }

    // MARK: desk import and export

    func testAGroupAndAccessibilityNeedsAreImportedAndExported() throws {
        let (data, before) = try newDesk()
        let csv = [
            "customer,channel,category,summary,group,accessibility_needs",
            "Ada,phone,payments,Payment late,business,Large print please",
            "Bea,phone,payments,Payment late,,",
            "Cy,phone,payments,Payment late,visitor,=Needs BSL",
        ].joined(separator: "\n")
        let imported = try desk(["import", "--format", "csv", "-"], input: csv, data: data.path)
        XCTAssertEqual(imported.status, 0, imported.standardError)
        XCTAssertEqual(try lastSequence(data.path), before + 3)
        let json =
            #"{"customer":"Dee","channel":"web","category":"payments","summary":"x","group":"resident","accessibility_needs":"Wheelchair"}"#
        XCTAssertEqual(try desk(["import", "-"], input: json, data: data.path).status, 0)

        let exported = try desk(["export", "--format", "csv"], data: data.path)
        XCTAssertEqual(exported.status, 0, exported.standardError)
        let lines = exported.standardOutput.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].contains(",preferred_reply,group,accessibility_needs,summary,"), lines[0])
        XCTAssertTrue(lines[1].contains(",business,Large print please,Payment late,"), lines[1])
        XCTAssertTrue(lines[2].contains(",,,Payment late,"), lines[2])
        // A cell a spreadsheet would run gets its leading ' like every other cell.
        XCTAssertTrue(lines[3].contains(",visitor,'=Needs BSL,"), lines[3])
        let jsonl = try desk(["export", "--format", "jsonl"], data: data.path)
        XCTAssertTrue(
            jsonl.standardOutput.contains(#""group":"resident","accessibility_needs":"Wheelchair""#),
            jsonl.standardOutput)
    }

    func testAGroupTheOfficeDoesNotListIsRefusedAndNothingIsRecorded() throws {
        let (data, before) = try newDesk()
        let csv = [
            "customer,channel,category,summary,group,accessibility_needs",
            "Ada,phone,payments,Payment late,business,",
            "Bob,phone,payments,Payment late,landlord,",
            "Cy,phone,payments,Payment late,Resident,\"two\nlines\"",
        ].joined(separator: "\n")
        let refused = try desk(["import", "--format", "csv", "-"], input: csv, data: data.path)
        XCTAssertEqual(refused.status, 65, refused.standardError)
        XCTAssertEqual(
            refused.standardError.split(separator: "\n").map(String.init),
            [
                "desk import: line 3: group: \"landlord\" is not a customer group of this office; use one of resident, business, visitor, or leave it empty",
                "desk import: line 4: group: \"Resident\" is not a customer group of this office; use one of resident, business, visitor, or leave it empty",
                "desk import: line 4: accessibility_needs: control character U+000A at character 4; printable text on one line is accepted",
            ])
        XCTAssertEqual(try lastSequence(data.path), before, "nothing was recorded")
    }

    func testALongListOfGroupsIsNamedOnceThenPointedBackTo() throws {
        let (data, _) = try newDesk()
        let groups = (0..<20).map { "g\($0)" }
        let path = data.path + "/desk.toml"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: Self.listed,
            with: "customer_groups = [" + groups.map { "\"\($0)\"" }.joined(separator: ", ") + "]")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try desk(["config", "publish"], data: data.path).status, 0)
        let rows = (0..<3).map {
            #"{"customer":"C\#($0)","channel":"phone","category":"payments","summary":"x","group":"nope"}"#
        }
        let refused = try desk(["import", "-"], input: rows.joined(separator: "\n"), data: data.path)
        XCTAssertEqual(refused.status, 65)
        let lines = refused.standardError.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, refused.standardError)
        XCTAssertTrue(lines[0].contains("use one of g0, g1, "), lines[0])
        XCTAssertTrue(
            lines[1].hasSuffix("use one of the customer groups named at line 1 above, or leave it empty"),
            lines[1])
        XCTAssertEqual(refused.standardError.components(separatedBy: "g19").count - 1, 1)
    }
}
