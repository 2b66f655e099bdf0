import DeskCore
import XCTest

/// The byte-level fast paths of `TextField.validate` and the customer checks (issue 13, P2) give
/// the verdicts the character-by-character rules give, on text chosen to sit at their edges.
final class ValidationFastPathTests: XCTestCase {
    /// The rule as written before the fast paths: the oracle.
    func slowVerdict(_ field: TextField, _ value: String) -> String? {
        if field.required && value.allSatisfy({ $0.isWhitespace }) { return "empty" }
        if value.count > field.maxLength { return "long" }
        for scalar in value.unicodeScalars {
            let v = scalar.value
            let isControl = v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x2028 || v == 0x2029
            if isControl && !(field.multiline && (v == 0x0A || v == 0x09)) { return "control" }
        }
        return nil
    }

    func verdict(_ field: TextField, _ value: String) -> String? {
        do {
            try field.validate(value)
            return nil
        } catch {
            if error.message.contains("must not be empty") { return "empty" }
            if error.message.contains("are accepted") && error.message.contains("characters;") {
                return "long"
            }
            return "control"
        }
    }

    func testTheFastPathsAgreeWithTheRules() {
        let edges = [
            "", " ", "   ", "\u{00A0}", "\u{2003}", "a", " a ", "\t", "x\ny", "x\ty", "\u{7F}", "\u{85}",
            "\u{2028}", "é", "e\u{301}", "👩‍👩‍👧", "\u{1b}[31m", String(repeating: "a", count: 200),
            String(repeating: "a", count: 201), String(repeating: "é", count: 200),
            String(repeating: "é", count: 201),
            String(repeating: "👍", count: 120), String(repeating: "👍", count: 121), "ok~", "ok\u{0}",
        ]
        for field in [TextField.summary, .details, .customerName, .email, .phone] {
            for value in edges {
                XCTAssertEqual(
                    verdict(field, value), slowVerdict(field, value),
                    "\(field.name): \(value.debugDescription)")
            }
        }
    }

    func testEmailAndPhoneShapesAsBefore() {
        func problems(email: String = "", phone: String = "") -> [String] {
            DeskCore.problems(of: Customer(name: "Ann", email: email, phone: phone)).map(\.message)
        }
        XCTAssertEqual(problems(email: "ann@example.org"), [])
        XCTAssertEqual(problems(email: " ann@example.org "), [])
        XCTAssertEqual(problems(email: "\u{00A0}ann@example.org\u{00A0}"), [], "trimmed as before")
        XCTAssertEqual(
            problems(email: "ann@example"), ["email: \"ann@example\" is not an address like name@example.org"]
        )
        XCTAssertEqual(problems(email: "a nn@example.org").count, 1)
        XCTAssertEqual(problems(phone: "+44 (0)20 7946-0958"), [])
        XCTAssertEqual(problems(phone: "1234").count, 1, "fewer than 5 digits")
        XCTAssertEqual(problems(phone: "12345x").count, 1, "a letter")
        XCTAssertEqual(problems(phone: "١٢٣٤٥٦").count, 1, "digits of another script are refused, as before")
    }
}
