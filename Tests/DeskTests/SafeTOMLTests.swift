import DeskTestSupport
import Foundation
import SafeTOML
import TOMLKit
import TerminalUI
import XCTest

/// Text that would abort inside toml++ (TOMLKit 0.6.0) is refused with its line before it gets
/// there; every other text is parsed exactly as TOMLKit parses it.
final class SafeTOMLTests: XCTestCase {
    /// Each of these aborted the process in toml++'s `parse_key` assertion (debug builds; undefined
    /// behaviour with NDEBUG) before SafeTOML: a header whose bracket is followed by neither a name
    /// nor a quote.
    static let hazards: [(text: String, line: Int)] = [
        ("[[", 1), ("[[\n", 1), ("[\n", 1), ("[", 1), ("a = 1\n[[\n", 2), ("[#comment]\n", 1), ("[=]\n", 1),
        ("[.a]\n", 1), ("[[[a]]]\n", 1), ("[ \t\n", 1), ("[\r\n", 1), ("[[ ,]]\n", 1), ("[{]\n", 1),
        ("x = 1\n\n   [[  \n", 3), ("[é]\n", 1), ("[a]\nb = 1\n[\n", 3),
    ]

    func testEveryHeaderThatWouldAbortTheParserIsRefusedWithItsLine() {
        for (text, line) in Self.hazards {
            let problems = SafeTOML.scan(text).problems
            // A lone "[" or "[[" at the very end is the parser's own error (end of file), not a hazard.
            if text == "[[" || text == "[" {
                XCTAssertThrowsError(try SafeTOML.parse(text), text.debugDescription)
                continue
            }
            XCTAssertEqual(problems.map(\.line), [line], text.debugDescription)
            XCTAssertTrue(
                problems.first?.message.contains("a table header needs its name right after the bracket")
                    == true,
                "\(problems)")
            XCTAssertThrowsError(try SafeTOML.parse(text)) { error in
                XCTAssertEqual((error as? TOMLProblem)?.line, line, text.debugDescription)
            }
        }
    }

    /// Found by libFuzzer on toml++ itself: a value toml++ takes for a date-time by its characters,
    /// whose T is followed by no digit, aborted in `parse_time`.
    func testADateTimeWithoutItsTimeIsRefusedWithItsLine() throws {
        for text in [
            "d = 1979-05-27Tw7[:7[Aa[:32:[[-0Z\n", "x = 1\nd = 1979-05-27t:\n", "a = [1979-05-27T:00]\n",
            "t = { d = 1979-05-27Tx:1 }\n",
        ] {
            let problems = SafeTOML.scan(text).problems
            XCTAssertEqual(problems.count, 1, text.debugDescription)
            XCTAssertTrue(
                problems.first?.message.contains("a date-time needs its time") == true, "\(problems)")
            XCTAssertEqual(problems.first?.line, text.hasPrefix("x = 1") ? 2 : 1)
        }
        // A date, a space and one digit; a } where an array expects a value; NEL, LS and PS outside
        // strings and comments: each aborted in toml++ (parse_value, "!is_value_terminator").
        for text in [
            "a = 1979-05-27 1\n", "d = 1979-02-d= 7\n", "a = [}]\n", "a = [1, }]\n", "a = {b = [}]}\n",
            "a = [\n# x\n}]\n", "a = [\u{2028}]\n", "a = [\u{85}]\n", "a = [\u{2029}]\n",
        ] {
            XCTAssertEqual(SafeTOML.scan(text).problems.count, 1, text.debugDescription)
            XCTAssertThrowsError(try SafeTOML.parse(text), text.debugDescription)
        }
        for text in [
            "# a comment\u{2028}with a line separator\nx = \"\u{2028}\"\n", "a = [{b = 1}, {c = [2]}]\n",
        ] {
            XCTAssertEqual(SafeTOML.scan(text).problems, [], text.debugDescription)
            XCTAssertNoThrow(try SafeTOML.parse(text), text.debugDescription)
        }
        for text in [
            "d = 1979-05-27T07:32:00Z\n", "d = 1979-05-27 07:32:00\n", "s = \"1979-05-27Tx:\"\n",
            "d = 1979-05-27\n",
        ] {
            XCTAssertEqual(SafeTOML.scan(text).problems, [], text)
            XCTAssertNoThrow(try SafeTOML.parse(text), text)
        }
    }

    func testControlCharactersAndNULEscapesAreRefusedWithTheirLines() {
        let cases: [(String, [Int])] = [
            ("a = 1\nb = \"x\u{0}y\"\n", [2]), ("a = 1\u{7}\n", [1]), ("# bell \u{7}\nx = 1\n", [1]),
            ("t = \"a\\u0000b\"\n", [1]), ("t = \"\"\"\nab\\U00000000\n\"\"\"\n", [2]),
            ("a = 1\u{7F}\n", [1]),
            ("a = \"\u{1B}[31m\"\n\n\u{8}\n", [1, 3]),
        ]
        for (text, lines) in cases {
            XCTAssertEqual(SafeTOML.scan(text).problems.map(\.line), lines, text.debugDescription)
        }
        // Tabs, CRLF line ends and escapes other than NUL are TOML.
        XCTAssertEqual(SafeTOML.scan("a\t= \"x\\u0007\"\r\nb = 'c'\r\n").problems, [])
    }

    /// A `[` at the start of a line inside an array or a multi-line string is not a header:
    /// valid documents pass untouched and parse as TOMLKit parses them.
    func testValidDocumentsWithBracketsInValuesPassAndParseTheSame() throws {
        let documents = [
            "a = [\n  [\n    1, 2],\n  [#c\n 3]\n]\n",
            "s = \"\"\"\n[\n[[ not a header\n\"\"\"\n[t]\nx = 1\n",
            "s = '''\n[=]\n'''\n",
            "s = \"\"\"a\"\"\"\"\"\n[t]\n",
            "q = \"[\"\n[ \"quoted . key\" . b ]\nc = { d = [ [ ] ] }\n",
            "c = [\n{ d = 1 },\n[\n]]\n",
            "[a]\n[[b]]\n[[b]]\n['c'.\"d\"]\n",
            "\u{FEFF}[a]\nx = 1\n",
            "x = \"a\\\"[\"\n[y]\n",
        ]
        for document in documents {
            XCTAssertEqual(SafeTOML.scan(document).problems, [], document.debugDescription)
            let safe = try SafeTOML.parse(document)
            let direct = try TOMLTable(string: document)
            XCTAssertEqual(safe.convert(to: .json), direct.convert(to: .json), document.debugDescription)
        }
    }

    func testTheOutlinePlacesHeadersAndKeys() {
        let text =
            "top = 1\n[office]\nname = \"x\"\n[[standards]]\nid = \"a\"\n[[standards]]\n  \"id\" = \"b\"\n"
        let outline = SafeTOML.scan(text).outline
        XCTAssertEqual(outline.line(ofKey: "top", inTable: []), 1)
        XCTAssertEqual(outline.line(ofTable: ["office"]), 2)
        XCTAssertEqual(outline.line(ofKey: "name", inTable: ["office"]), 3)
        XCTAssertEqual(outline.line(ofKey: "id", inTable: ["standards"], occurrence: 0), 5)
        XCTAssertEqual(outline.line(ofKey: "id", inTable: ["standards"], occurrence: 1), 7)
        XCTAssertEqual(outline.line(ofTable: ["standards"], occurrence: 1), 6)
        XCTAssertNil(outline.line(ofKey: "id", inTable: ["standards"], occurrence: 2))
    }

    /// The theme loader reads TOML too: a broken theme is reported, never a crash.
    func testTheThemeLoaderRefusesWhatWouldAbortTheParser() throws {
        for (text, line) in Self.hazards where text != "[[" && text != "[" {
            XCTAssertThrowsError(try Theme.parse(text, file: "t.toml", knownRoles: Role.toolkit)) { error in
                let problems = (error as? ThemeErrors)?.problems ?? []
                XCTAssertEqual(problems.first?.line, line, text.debugDescription)
            }
        }
        let folder = try TemporaryDirectory(prefix: "desk-theme-hazard")
        try "[[\n".write(toFile: folder.file("broken.toml"), atomically: true, encoding: .utf8)
        let loaded = ThemeCatalog(directories: [URL(fileURLWithPath: folder.path)]).load(named: "broken")
        XCTAssertEqual(loaded.theme, .plain)
        XCTAssertEqual(loaded.problems.map(\.line), [1])
    }
}
