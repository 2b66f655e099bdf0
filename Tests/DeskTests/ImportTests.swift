import Desk
import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

final class ImportTests: XCTestCase {
    private func row(_ name: String, _ extra: String = "") -> String {
        #"{"customer":"\#(name)","channel":"phone","category":"payments","summary":"Payment has not arrived"\#(extra)}"#
    }

    func testAValidFileIsRecordedAndItsIdsPrintedInOrder() throws {
        let data = try TemporaryDirectory(prefix: "desk-import")
        let input = [
            row("José Muñoz"),
            row(
                "Αλέξανδρος Παπαδόπουλος",
                #","email":"alex@example.org","received_at":"2026-01-05T10:00:00Z""#), row("王秀英"),
        ]
        .joined(separator: "\n")
        let result = try desk(["import", "-"], input: input, data: data.path)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardOutput, "C-000001\nC-000002\nC-000003\n")
        let session = try DeskSession.open(DataDirectory(path: data.path), access: .readOnly)
        XCTAssertEqual(session.state.complaint(ComplaintID(2))?.customer.name, "Αλέξανδρος Παπαδόπουλος")
        XCTAssertEqual(
            session.state.complaint(ComplaintID(2))?.receivedAt, Timestamp(iso8601: "2026-01-05T10:00:00Z"))
        XCTAssertEqual(session.state.complaint(ComplaintID(3))?.channel, .phone)
    }

    func testEveryBadRowIsListedAndNothingIsRecorded() throws {
        let data = try TemporaryDirectory(prefix: "desk-import")
        _ = try desk(["import", "-"], input: row("First customer"), data: data.path)
        let before = try lastSequence(data.path)
        let longSummary = String(repeating: "x", count: 201)
        let lines = [
            row("Fine"),  // 1
            #"{"customer":"No channel","category":"payments","summary":"x"}"#,  // 2
            row("Bad \u{7}bell"),  // 3: JSON escape of a control character
            #"{"customer":"A","channel":"pigeon","category":"payments","summary":"x"}"#,  // 4
            #"{"customer":"A","channel":"phone","category":"parking","summary":"x"}"#,  // 5
            row("A", #","received_at":"2099-01-01T00:00:00Z""#),  // 6
            row("A", #","received_at":"yesterday""#),  // 7
            #"{"customer":"A","channel":"phone","category":"payments","summary":"\#(longSummary)"}"#,  // 8
            "not json at all",  // 9
            row("A", #","colour":"blue""#),  // 10
        ]
        let input = lines.joined(separator: "\n").replacingOccurrences(of: "\u{7}", with: "\\u0007")
        let result = try desk(["import", "--format", "jsonl", "-"], input: input, data: data.path)
        XCTAssertEqual(result.status, 65, result.standardError)
        XCTAssertEqual(result.standardOutput, "", "no id is printed when nothing is recorded")
        let expected = [
            "line 2: channel: is required",
            "line 3: customer: control character U+0007",
            "line 4: channel: \"pigeon\" is not a channel this office takes; use one of counter, phone, mail, email, web, kiosk",
            "line 5: category: \"parking\" is not a category of this office; use one of payments",
            "line 6: received_at: 2099-01-01T00:00:00Z is in the future",
            "line 7: received_at: \"yesterday\" is not an ISO 8601 date-time",
            "line 8: summary: 201 characters; at most 200 are accepted",
            "line 9: not a JSON object",
            "line 10: colour: is not a field the desk takes; the fields are customer, email",
        ]
        for message in expected {
            XCTAssertTrue(
                result.standardError.contains(message), "missing «\(message)» in:\n\(result.standardError)")
        }
        XCTAssertFalse(result.standardError.contains("line 1:"), result.standardError)
        XCTAssertEqual(try lastSequence(data.path), before, "nothing was committed")
    }

    func testCSVAndInvalidUTF8() throws {
        let data = try TemporaryDirectory(prefix: "desk-import")
        let csv =
            "customer,channel,category,summary,details\n\"Nguyễn, Văn An\",mail,payments,Letter lost,\"Two lines,\nwith a comma\"\nFatima Zahra,web,appointments,Waited three hours,\n"
        let file = data.path + "/from-mail.csv"
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try desk(["import", file], data: data.path)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardOutput, "C-000001\nC-000002\n", "the .csv name chose the format")
        let session = try DeskSession.open(DataDirectory(path: data.path), access: .readOnly)
        XCTAssertEqual(session.state.complaint(ComplaintID(1))?.customer.name, "Nguyễn, Văn An")

        let bad = Array("{\"customer\":\"ok\"}\n{\"customer\":\"".utf8) + [0xC3, 0x28] + Array("\"}\n".utf8)
        let invalid = try ProductRun.run("desk", ["import", "-", "--data", data.path], input: bad)
        XCTAssertEqual(invalid.status, 65)
        XCTAssertTrue(
            invalid.standardError.contains("line 2: the file is not valid UTF-8"), invalid.standardError)
    }

    /// `desk import` killed with kill -9 mid-file leaves the whole file or none of it.
    func testAnImportKilledMidFileLeavesAllOrNothing() throws {
        let data = try TemporaryDirectory(prefix: "desk-import-kill")
        XCTAssertEqual(try desk(["import", "-"], input: row("Seed"), data: data.path).status, 0)
        let rows = 5_000
        let file = data.path + "/big.jsonl"
        let body = (0..<rows).map {
            row("Customer \($0)", #","details":"\#(String(repeating: "d", count: 150))""#)
        }.joined(separator: "\n")
        try body.write(toFile: file, atomically: true, encoding: .utf8)
        let binary = try ProductsDirectory.executable("desk")
        // How long a whole import takes here, into a scratch desk, to aim the kills across it.
        let timing = try TemporaryDirectory(prefix: "desk-import-timing")
        let started = monotonicSeconds()
        XCTAssertEqual(try desk(["import", file], data: timing.path).status, 0)
        let duration = monotonicSeconds() - started
        var generator = SystemRandomNumberGenerator()
        var outcomes: [String: Int] = [:]
        let trials = ProcessInfo.processInfo.environment["DESK_LONG_TESTS"] == "1" ? 60 : 10
        for trial in 0..<trials {
            let before = try DeskSession.open(DataDirectory(path: data.path), access: .readOnly).state
                .complaintCount
            let child = try ChildProcess(
                executable: binary, arguments: ["import", file, "--data", data.path],
                stderrDirectory: data.path)
            // Aim the kill across the whole run: parsing, deciding, writing, syncing.
            usleep(UInt32(Double.random(in: 0.3...1.1, using: &generator) * duration * 1_000_000))
            child.kill()
            _ = try child.wait(timeout: 60)
            // The next desk to write repairs any torn tail; then count.
            let session = try DeskSession.open(DataDirectory(path: data.path), access: .readWrite)
            try session.execute(.submitStaffIdea(kind: .idea, text: "after trial \(trial)", anonymous: true))
            let added = session.state.complaintCount - before
            XCTAssertTrue(
                added == 0 || added == rows, "trial \(trial): \(added) of \(rows) complaints were recorded")
            outcomes[added == 0 ? "none" : "all", default: 0] += 1
            XCTAssertTrue(try EventLog.verify(path: data.path + "/events.log").isIntact)
        }
        print(
            "import kill -9: \(trials) trials of \(rows) rows (a whole import takes \(String(format: "%.2f", duration)) s): \(outcomes)"
        )
    }
}
