import DeskTestSupport
import Foundation
import XCTest

/// `desk demo --until TIME` (issue 12): the same seed gives the same events on any day, none after
/// the instant; an instant that cannot be read, or lies after now, is refused.
final class ReportDemoUntilTests: XCTestCase {
    func testTheSameSeedAndUntilGiveTheSameEvents() throws {
        var dumps: [String] = []
        for _ in 0..<2 {
            let data = try TemporaryDirectory(prefix: "desk-demo-until")
            let made = try desk(
                ["demo", "--complaints", "40", "--seed", "7", "--until", "2026-06-30T12:00:00Z"],
                data: data.path)
            XCTAssertEqual(made.status, 0, made.standardError)
            XCTAssertTrue(made.standardOutput.contains("for 40 complaints"), made.standardOutput)
            let dump = try desk(["log", "dump"], data: data.path)
            XCTAssertEqual(dump.status, 0, dump.standardError)
            dumps.append(dump.standardOutput)
        }
        XCTAssertEqual(dumps[0], dumps[1])
        let times = dumps[0].split(separator: "\n").compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            else {
                return nil
            }
            return object["at"] as? String
        }
        XCTAssertGreaterThan(times.count, 40)
        XCTAssertTrue(times.allSatisfy { $0 <= "2026-06-30T12:00:00Z" }, "nothing after --until")
        XCTAssertEqual(times.last, "2026-06-30T12:00:00Z", "the configuration it publishes is stamped then")
    }

    func testAnUntilThatCannotBeReadOrLiesAheadIsRefused() throws {
        let data = try TemporaryDirectory(prefix: "desk-demo-until")
        for bad in ["yesterday", "2999-01-01T00:00:00Z"] {
            let run = try desk(["demo", "--until", bad], data: data.path)
            XCTAssertEqual(run.status, 64, bad)
            XCTAssertTrue(
                run.standardError.contains("is not an ISO 8601 instant up to now"), run.standardError)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: data.file("events.log")), "nothing written")
    }
}
