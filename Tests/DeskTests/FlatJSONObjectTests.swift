import Foundation
import XCTest

@testable import Desk

/// The byte-level reader of an imported JSON line agrees with `JSONSerialization` on every line
/// it takes, and leaves to it every line it does not (so messages stay the same).
final class FlatJSONObjectTests: XCTestCase {
    func serialization(_ line: String) -> [String: String]? {
        guard
            let object =
                (try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed]))
                as? [String: Any]
        else { return nil }
        var values: [String: String] = [:]
        for (key, value) in object {
            guard let string = value as? String else { return nil }
            values[key] = string
        }
        return values
    }

    func testEveryLineItTakesMeansWhatJSONSerializationReads() {
        let taken = [
            #"{}"#, #" { } "#, #"{"customer":"Ana","channel":"phone"}"#,
            "{ \"customer\" :\t\"Zoë Ångström\" , \"summary\" : \"名前 🙂\" }\r",
            #"{"summary":"quote \" backslash \\ slash \/ b\b f\f n\n r\r t\t end"}"#,
            #"{"summary":"=HYPERLINK(\"x\")","email":"a@b.org"}"#,
            "{\"summary\":\"DEL \u{7F} C1 \u{85} bidi \u{202E} sep \u{2028}\"}",
            #"{"":"empty key","a":""}"#,
        ]
        for line in taken {
            let fast = FlatJSONObject.strings(in: Substring(line))
            XCTAssertNotNil(fast, line)
            XCTAssertEqual(fast, serialization(line), line)
        }
    }

    func testEveryOtherLineIsLeftToJSONSerialization() {
        let left = [
            "", "[]", "\"text\"", "{", "}", #"{"a":"b""#, #"{"a":"b",}"#, #"{"a":"b"} x"#, #"{"a" "b"}"#,
            #"{"a":1}"#, #"{"a":null}"#, #"{"a":true}"#, #"{"a":{"b":"c"}}"#, #"{"a":["b"]}"#,
            #"{"a":"\u00e9"}"#, #"{"a":"\x"}"#, "{\"a\":\"raw\ttab\"}", "{\"a\":\"raw\u{1}\"}",
            #"{"a":"one","a":"two"}"#, "{\"caf\u{E9}\":\"1\",\"cafe\u{301}\":\"2\"}", #"{'a':'b'}"#,
            #"{a:"b"}"#,
            #"{"a":"b"}{"c":"d"}"#, #"{"a":"unterminated}"#, #"{"a":"b\"#,
        ]
        for line in left {
            XCTAssertNil(FlatJSONObject.strings(in: Substring(line)), line)
        }
    }
}
