import CSV
import Desk
import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

/// What the desk prints for other programs is safe to open: CSV cells a spreadsheet would run are
/// prefixed with `'`; JSON lines (export and dump) keep the raw text but escape every control,
/// bidi control and line separator, and still decode to the text as written.
final class SafeOutputTests: XCTestCase {
    static let c1Controls = String(String.UnicodeScalarView((0x80...0x9F).map { Unicode.Scalar($0)! }))
    static let bidiControls =
        "\u{061C}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}"

    /// Each complaint's name, e-mail, phone, summary, details and remedy sought.
    static let hostile = [
        "=HYPERLINK(\"http://x\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\tleading tab",
        "\rleading carriage return",
        "C1 controls: \(c1Controls) end",
        "bidi: abc\u{202E}fed\u{202C} and \(bidiControls)",
        "separators\u{2028}line\u{2029}paragraph, ESC \u{1B}[31m, BEL \u{07}, DEL \u{7F}, a\nb",
        "Núñez 名前 🙂 — plain text stays as it is",
    ]

    /// A scalar that must never stand raw in a JSON line the desk prints.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028,
            0x2029:
            return true
        default: return false
        }
    }

    /// Each line of `output`, checked for raw controls and parsed as a JSON object.
    private func jsonObjects(_ output: String, file: StaticString = #filePath, line: UInt = #line) throws
        -> [[String: Any]]
    {
        try output.split(separator: "\n").map { text in
            let unsafe = text.unicodeScalars.filter(Self.isUnsafe)
            XCTAssertTrue(
                unsafe.isEmpty,
                "raw \(unsafe.map { String($0.value, radix: 16) }) in \(text.debugDescription)",
                file: file, line: line)
            return try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], String(text),
                file: file,
                line: line)
        }
    }

    private func hostileDesk() throws -> TemporaryDirectory {
        let data = try TemporaryDirectory(prefix: "desk-output")
        _ = try LogSurgery.desk(in: data, texts: Self.hostile)
        return data
    }

    func testCSVPrefixesEveryCellASpreadsheetWouldRunAndParsesBack() throws {
        let data = try hostileDesk()
        let run = try ProductRun.run("desk", ["export", "--format", "csv", "--data", data.path])
        XCTAssertEqual(run.status, 0, run.standardError)
        let reader = try CSVReader(string: run.standardOutput, hasHeaderRow: true)
        let header = try XCTUnwrap(reader.headerRow)
        var rows: [[String: String]] = []
        while let row = reader.next() { rows.append(Dictionary(uniqueKeysWithValues: zip(header, row))) }
        XCTAssertEqual(rows.count, Self.hostile.count)
        for (text, row) in zip(Self.hostile, rows) {
            let runnable = "=+-@\t\r".unicodeScalars.contains(text.unicodeScalars.first!)
            for column in ["customer", "email", "phone", "summary"] {
                let cell = try XCTUnwrap(row[column], column)
                XCTAssertEqual(cell, runnable ? "'" + text : text, "\(column) of \(text.debugDescription)")
                XCTAssertEqual(runnable ? String(cell.unicodeScalars.dropFirst()) : cell, text)
            }
            for (column, cell) in row {
                if let first = cell.unicodeScalars.first {
                    XCTAssertFalse(
                        "=+-@\t\r".unicodeScalars.contains(first), "\(column) runs: \(cell.debugDescription)")
                }
            }
        }
    }

    func testJSONLinesExportEscapesControlsAndDecodesToTheText() throws {
        let data = try hostileDesk()
        let run = try ProductRun.run("desk", ["export", "--format", "jsonl", "--data", data.path])
        XCTAssertEqual(run.status, 0, run.standardError)
        let objects = try jsonObjects(run.standardOutput)
        XCTAssertEqual(objects.count, Self.hostile.count)
        for (text, object) in zip(Self.hostile, objects) {
            for key in ["customer", "email", "phone", "summary"] {
                XCTAssertEqual(object[key] as? String, text, key)
            }
            XCTAssertFalse((object["standards"] as? [Any] ?? []).isEmpty, "each clock is there")
        }
        XCTAssertTrue(run.standardOutput.contains("\\u202E"), "bidi overrides are written as escapes")
    }

    func testTheDumpEscapesControlsAndDecodesToTheText() throws {
        let data = try hostileDesk()
        let run = try ProductRun.run("desk", ["log", "dump", "--data", data.path])
        XCTAssertEqual(run.status, 0, run.standardError)
        let arrivals = try jsonObjects(run.standardOutput).filter {
            $0["type"] as? String == "complaintReceived"
        }
        XCTAssertEqual(arrivals.count, Self.hostile.count)
        for (text, object) in zip(Self.hostile, arrivals) {
            for key in ["summary", "details", "remedy_sought"] {
                XCTAssertEqual(object[key] as? String, text, key)
            }
            let customer = try XCTUnwrap(object["customer"] as? [String: Any])
            for key in ["name", "email", "phone"] { XCTAssertEqual(customer[key] as? String, text, key) }
        }
    }

    /// A crafted record whose text is not UTF-8 cannot be read as an event: the dump keeps its
    /// bytes whole, in base64, on a line that is still safe JSON.
    func testInvalidUTF8IsDumpedAsItsBytes() throws {
        let data = try TemporaryDirectory(prefix: "desk-output")
        _ = try LogSurgery.desk(in: data, texts: ["Ana Sousa"])
        let (sequence, _) = try Self.appendInvalidUTF8(data)
        let payload = try XCTUnwrap(LogSurgery.records(data).last { $0.sequence == sequence }?.payload)
        let run = try ProductRun.run("desk", ["log", "dump", "--data", data.path])
        XCTAssertEqual(run.status, 0, run.standardError)
        let last = try XCTUnwrap(jsonObjects(run.standardOutput).last)
        XCTAssertEqual(last["seq"] as? Int, Int(sequence))
        XCTAssertEqual(last["record"] as? String, "unreadable")
        XCTAssertTrue((last["error"] as? String ?? "").contains("UTF-8"), "\(last)")
        XCTAssertEqual(Data(base64Encoded: last["payload_base64"] as? String ?? ""), Data(payload))
    }

    /// Appends an arrival whose summary holds bytes that are not UTF-8 (an overlong NUL, a lone
    /// surrogate, 0xFF) in a record that is otherwise whole; returns its sequence and offset.
    static func appendInvalidUTF8(_ data: TemporaryDirectory) throws -> (sequence: UInt64, offset: Int64) {
        let marker = Array("MARKER-MARKER".utf8)
        var payload = EventCodec.encode(
            RecordedEvent(
                actor: "maria", at: Timestamp(Date()),
                event: .complaintReceived(
                    ComplaintID(999),
                    ComplaintIntake(
                        channel: .counter, category: "payments",
                        summary: String(decoding: marker, as: UTF8.self),
                        customer: Customer(name: "Crafted"), receivedAt: Timestamp(Date())))))
        let start = try XCTUnwrap(
            (0...(payload.count - marker.count)).first {
                payload[$0..<($0 + marker.count)].elementsEqual(marker)
            })
        payload.replaceSubrange(
            start..<(start + marker.count),
            with: [0x4D, 0xC0, 0x80, 0xED, 0xA0, 0x80, 0xFF, 0xFE, 0x41, 0x42, 0x43, 0x44, 0x45])
        let log = try EventLog.open(path: data.file("events.log"), access: .readWrite)
        _ = try log.readNew { _ in }
        let sequence = try XCTUnwrap(log.append([payload]).first)
        let offset = try XCTUnwrap(LogSurgery.records(data).last { $0.sequence == sequence }?.offset)
        return (sequence, offset)
    }

    // MARK: The writer itself

    func testTheWriterEscapesExactlyTheUnsafeScalars() throws {
        for value in UInt32(0)...0x2FFF {
            guard let scalar = Unicode.Scalar(value), scalar != "\"", scalar != "\\" else { continue }
            var quoted = ""
            JSONText.quote(String(Character(scalar)), into: &quoted)
            let raw = quoted.unicodeScalars.contains(scalar)
            XCTAssertEqual(
                raw, !Self.isUnsafe(scalar), "U+\(String(value, radix: 16)) quoted as \(Array(quoted.utf8))")
            let decoded = try JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String]
            XCTAssertEqual(decoded?.first?.unicodeScalars.first, scalar)
        }
    }

    func testAnotherWritersJSONIsMadeSafeAndKeepsItsMeaning() throws {
        let text = "{\"a\":\"x\u{202E}y\u{85}z\u{2029}\",\"b\":[1,\"\u{2066}\"]}"
        let safe = JSONText.escapingUnsafeScalars(in: text)
        XCTAssertEqual(safe, "{\"a\":\"x\\u202Ey\\u0085z\\u2029\",\"b\":[1,\"\\u2066\"]}")
        let before = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary
        let after = try JSONSerialization.jsonObject(with: Data(safe.utf8)) as? NSDictionary
        XCTAssertEqual(before, after)
    }

    func testPrettyAndCompactSayTheSame() throws {
        let value = JSONText.object([
            ("name", .string("Ana \u{202E}")), ("n", .integer(3)), ("share", .double(0.875)), ("none", .null),
            ("list", .array([.bool(true), .object([]), .array([])])),
        ])
        let compact = try JSONSerialization.jsonObject(with: Data(value.encoded().utf8)) as? NSDictionary
        let pretty =
            try JSONSerialization.jsonObject(with: Data(value.encoded(pretty: true).utf8)) as? NSDictionary
        XCTAssertEqual(compact, pretty)
        XCTAssertEqual(
            value.encoded(),
            "{\"name\":\"Ana \\u202E\",\"n\":3,\"share\":0.875,\"none\":null,\"list\":[true,{},[]]}")
    }
}
