import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

@testable import Desk

#if canImport(Glibc)
    import Glibc
#endif

/// `desk import` lists every problem of every row at once, within bounds, and reads what a
/// spreadsheet or a shell hands it: a byte-order mark, a pipe, a FIFO, a process substitution.
final class ImportProblemsTests: XCTestCase {
    /// Adds `count` categories to the data directory's desk.toml and publishes it.
    private func addCategories(_ count: Int, to data: String) throws {
        let extra = (0..<count).map { "\n[[categories]]\nid = \"extra-\($0)\"\ntitle = \"Extra \($0)\"\n" }
        let path = data + "/desk.toml"
        let text = try String(contentsOfFile: path, encoding: .utf8) + extra.joined()
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let published = try desk(["config", "publish"], data: data)
        XCTAssertEqual(published.status, 0, published.standardError)
    }

    private let good = "customer,channel,category,summary\nAda,phone,payments,Payment late\n"

    func testEveryProblemOfARowIsListedOnceWithItsOwnPrefix() throws {
        let (data, before) = try newDesk()
        let row =
            #"{"customer":"","email":"not-an-address","phone":"call me","channel":"pigeon","category":"parking","summary":"x","preferred_reply":"mail"}"#
        let result = try desk(["import", "--format", "jsonl", "-"], input: row, data: data.path)
        XCTAssertEqual(result.status, 65, result.standardError)
        let expected = [
            "desk import: line 1: customer: is required",
            "desk import: line 1: email: \"not-an-address\" is not an address like name@example.org",
            "desk import: line 1: phone: only digits",
            "desk import: line 1: channel: \"pigeon\" is not a channel this office takes",
            "desk import: line 1: category: \"parking\" is not a category of this office",
            "desk import: line 1: address: preferred reply by mail needs a postal address",
        ]
        for message in expected {
            XCTAssertTrue(
                result.standardError.contains(message), "missing «\(message)» in:\n\(result.standardError)")
        }
        XCTAssertFalse(result.standardError.contains("email: email:"), result.standardError)
        XCTAssertEqual(
            result.standardError.components(separatedBy: "customer:").count - 1, 1, result.standardError)
        XCTAssertEqual(try lastSequence(data.path), before, "nothing was committed")
    }

    func testTheReplyChannelNeedsItsContactAndTheAddressIsKeptAndExported() throws {
        let (data, before) = try newDesk()
        let rows = [
            "customer,email,phone,address,channel,category,summary,preferred_reply",
            "No Mail,,,,phone,payments,Lost letter,email",
            "No Phone,,,,phone,payments,Lost letter,phone",
            "No Address,a@example.org,,,phone,payments,Lost letter,mail",
        ].joined(separator: "\n")
        let refused = try desk(["import", "--format", "csv", "-"], input: rows, data: data.path)
        XCTAssertEqual(refused.status, 65, refused.standardError)
        for message in [
            "line 2: email: preferred reply by e-mail needs an e-mail address",
            "line 3: phone: preferred reply by phone needs a phone number",
            "line 4: address: preferred reply by mail needs a postal address",
        ] {
            XCTAssertTrue(
                refused.standardError.contains(message), "missing «\(message)» in:\n\(refused.standardError)")
        }
        XCTAssertEqual(try lastSequence(data.path), before)

        let fine = [
            "customer,email,phone,address,channel,category,summary,preferred_reply",
            "Ada Post,,,\"2 Side St\nSpringfield\",mail,payments,Lost letter,mail",
        ].joined(separator: "\n")
        let imported = try desk(["import", "--format", "csv", "-"], input: fine, data: data.path)
        XCTAssertEqual(imported.status, 0, imported.standardError)
        let csv = try desk(["export", "--format", "csv"], data: data.path)
        XCTAssertEqual(csv.status, 0, csv.standardError)
        let lines = csv.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines[0].contains(",phone,address,preferred_reply,"), String(lines[0]))
        XCTAssertTrue(csv.standardOutput.contains(",\"2 Side St\nSpringfield\",mail,"), csv.standardOutput)
        let json = try desk(["export", "--format", "jsonl"], data: data.path)
        XCTAssertTrue(
            json.standardOutput.contains(#""address":"2 Side St\nSpringfield""#), json.standardOutput)
    }

    func testProblemsAreCappedAt200LinesWithACountOfTheRest() throws {
        let (data, _) = try newDesk()
        let rows = (0..<300).map { #"{"customer":"C\#($0)","channel":"phone","category":"payments"}"# }
        let result = try desk(["import", "-"], input: rows.joined(separator: "\n"), data: data.path)
        XCTAssertEqual(result.status, 65)
        let lines = result.standardError.split(separator: "\n")
        XCTAssertEqual(lines.count, 201, result.standardError)
        XCTAssertEqual(lines[199], "desk import: line 200: summary: is required")
        XCTAssertEqual(
            lines[200], "desk import: 100 more problems not listed (300 in all); nothing was recorded")
    }

    func testALongListOfAcceptedValuesIsNamedOnce() throws {
        let (data, _) = try newDesk()
        try addCategories(30, to: data.path)
        let rows = (0..<5).map {
            #"{"customer":"C","channel":"phone","category":"nowhere-\#($0)","summary":"s"}"#
        }
        let result = try desk(["import", "-"], input: rows.joined(separator: "\n"), data: data.path)
        XCTAssertEqual(result.status, 65)
        let lines = result.standardError.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5, result.standardError)
        XCTAssertTrue(lines[0].contains("use one of payments, "), lines[0])
        XCTAssertTrue(lines[0].contains("extra-29"), lines[0])
        for line in lines.dropFirst() {
            XCTAssertTrue(line.hasSuffix("use one of the categories named at line 1 above"), line)
        }
    }

    /// The issue's case: 5,000 bad rows against 10,000 categories printed 345 MB and took 2 GB.
    func testFiveThousandBadRowsAgainstTenThousandCategoriesStayWithinBounds() throws {
        let (data, _) = try newDesk()
        try addCategories(10_000, to: data.path)
        let rows = (0..<5_000).map {
            #"{"customer":"C\#($0)","email":"bad-\#($0)","channel":"phone","category":"none-\#($0)","summary":"s","preferred_reply":"email"}"#
        }
        let file = data.file("bad.jsonl")
        try rows.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let binary = try ProductsDirectory.executable("desk")
        let result = try ProductRun.runExecutable(
            "/usr/bin/time", ["-v", binary, "import", file, "--data", data.path])
        XCTAssertTrue(
            result.standardError.contains("Exit status: 65"), result.standardError.suffix(2000).description)
        XCTAssertLessThan(result.standardError.utf8.count, 2_000_000, "a few MB at most")
        let peak = result.standardError.split(separator: "\n").first {
            $0.contains("Maximum resident set size")
        }
        let kilobytes = peak.flatMap {
            Int($0.split(separator: ":").last!.trimmingCharacters(in: .whitespaces))
        }
        XCTAssertLessThan(try XCTUnwrap(kilobytes), 100 * 1024, "peak memory under 100 MB")
        XCTAssertTrue(result.standardError.contains("9800 more problems not listed (10000 in all)"))
    }

    func testAByteOrderMarkIsSkipped() throws {
        let (data, _) = try newDesk()
        let file = data.file("excel.csv")
        try Data([0xEF, 0xBB, 0xBF] + Array(good.utf8)).write(to: URL(fileURLWithPath: file))
        let result = try desk(["import", file], data: data.path)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardOutput, "C-000001\n")
    }

    func testDuplicateColumnsAndKeysAreRefusedByLineAndKey() throws {
        let (data, before) = try newDesk()
        let csv =
            "customer,email,channel,category,summary,email\nAda,a@example.org,phone,payments,s,b@example.org\n"
        let columns = try desk(["import", "--format", "csv", "-"], input: csv, data: data.path)
        XCTAssertEqual(columns.status, 65)
        XCTAssertTrue(
            columns.standardError.contains("line 1: email: column 6 repeats column 2"), columns.standardError)
        let json = [
            #"{"customer":"Ada","channel":"phone","category":"payments","summary":"s"}"#,
            #"{"customer":"Ada","channel":"phone","category":"payments","summary":"s","customer":"Bob"}"#,
        ].joined(separator: "\n")
        let keys = try desk(["import", "-"], input: json, data: data.path)
        XCTAssertEqual(keys.status, 65)
        XCTAssertTrue(
            keys.standardError.contains("line 2: customer: appears more than once in this object"),
            keys.standardError)
        XCTAssertFalse(keys.standardError.contains("line 1:"), keys.standardError)
        XCTAssertEqual(try lastSequence(data.path), before)
    }

    func testAMissingOrUnknownColumnIsSaidOnceNotForEveryRow() throws {
        let (data, before) = try newDesk()
        let csv = "customer,channel,category,colour,colour\nA,phone,payments,red,blue\nB,phone,payments,,\n"
        let result = try desk(["import", "--format", "csv", "-"], input: csv, data: data.path)
        XCTAssertEqual(result.status, 65)
        XCTAssertEqual(
            result.standardError.split(separator: "\n").map(String.init),
            [
                "desk import: line 1: colour: is not a field the desk takes; the fields are customer, email, phone, address, channel, category, summary, details, remedy_sought, preferred_reply, received_at, group, accessibility_needs",
                "desk import: line 1: colour: column 5 repeats column 4; each field may be given once, so one of them would be lost",
                "desk import: line 1: summary: is required, but no column of the header row names it",
            ])
        XCTAssertEqual(try lastSequence(data.path), before)
    }

    func testTopLevelKeysAreFoundInTheText() {
        func duplicates(_ text: String) -> [String] { JSONKeys.duplicates(in: Array(text.utf8)) }
        XCTAssertEqual(duplicates(#"{"a":"1","b":{"a":"2"},"c":["a","a"]}"#), [])
        XCTAssertEqual(duplicates(#"{"a":"x\"y","\u0061":"2"}"#), ["a"])
        XCTAssertEqual(duplicates(#"{ "k" : "v" , "k" : null, "k": "again" }"#), ["k"])
    }

    func testPipesFIFOsAndProcessSubstitutionAreReadLikeFiles() throws {
        let (data, _) = try newDesk()
        let csvFile = data.file("rows.csv")
        try good.write(toFile: csvFile, atomically: true, encoding: .utf8)
        let binary = try ProductsDirectory.executable("desk")
        // Process substitution: bash hands the desk /dev/fd/63, a pipe.
        let substituted = try ProductRun.runExecutable(
            "/bin/bash",
            ["-c", "\"$0\" import --format csv --data \"$1\" <(cat \"$2\")", binary, data.path, csvFile])
        XCTAssertEqual(substituted.status, 0, substituted.standardError)
        XCTAssertEqual(substituted.standardOutput, "C-000001\n")
        // /dev/stdin, fed by a pipe.
        let stdin = try ProductRun.run(
            "desk", ["import", "--format", "csv", "--data", data.path, "/dev/stdin"], input: Array(good.utf8))
        XCTAssertEqual(stdin.status, 0, stdin.standardError)
        XCTAssertEqual(stdin.standardOutput, "C-000002\n")
        // A FIFO, written by another process.
        let fifo = data.file("rows.fifo")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let writer = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", "cat \"$0\" > \"$1\"", csvFile, fifo],
            stderrDirectory: data.path)
        let fromFIFO = try desk(["import", "--format", "csv", fifo], data: data.path)
        XCTAssertEqual(fromFIFO.status, 0, fromFIFO.standardError)
        XCTAssertEqual(fromFIFO.standardOutput, "C-000003\n")
        XCTAssertEqual(try writer.wait(timeout: 30), .exited(0))
        // What cannot be read says so, with 66.
        let missing = try desk(["import", data.file("nothing.csv")], data: data.path)
        XCTAssertEqual(missing.status, 66)
        XCTAssertTrue(missing.standardError.contains("cannot open"), missing.standardError)
        XCTAssertTrue(missing.standardError.contains("No such file"), missing.standardError)
        let directory = try desk(["import", data.path], data: data.path)
        XCTAssertEqual(directory.status, 66)
        XCTAssertTrue(directory.standardError.contains("is a directory"), directory.standardError)
    }
}
