import Desk
import DeskTestSupport
import EventLog
import Foundation
import XCTest

@testable import DeskTerminal

/// Every screen's alarm line names the quarantine file once a repair set complete records aside.
final class SetAsideAlarmTests: XCTestCase {
    func testTheAlarmLineNamesTheQuarantineFileAndHowToRestoreIt() throws {
        let data = try TemporaryDirectory(prefix: "desk-aside-alarm")
        func importRows(_ rows: ClosedRange<Int>) throws -> ProductRun {
            let input = rows.map {
                #"{"customer":"Customer \#($0)","channel":"phone","category":"payments","summary":"Payment"}"#
            }.joined(separator: "\n")
            return try ProductRun.run(
                "desk", ["import", "--data", data.path, "-"], input: Array(input.utf8), environment: [:])
        }
        XCTAssertEqual(try importRows(1...1).status, 0)
        XCTAssertEqual(try importRows(2...6).status, 0)
        let size = try EventLog.verify(path: data.file("events.log")).fileSize
        XCTAssertEqual(truncate(data.file("events.log"), off_t(size - 1)), 0)
        let session = try DeskSession.open(
            DataDirectory(path: data.path), access: .readOnly, verifyChainInBackground: false)
        // The commit mark beside the log shows the cut took acknowledged bytes, before any repair.
        let early = try XCTUnwrap(SessionDesk(session: session).alarmText, "no repair yet, yet known")
        XCTAssertTrue(early.hasPrefix("ACKNOWLEDGED RECORDS LOST: records "), early)
        XCTAssertTrue(early.contains("(through C-000006) were committed but are no longer in the log"), early)

        XCTAssertEqual(try importRows(7...7).standardOutput, "C-000007\n")
        try session.catchUp()
        let quarantine = try XCTUnwrap(data.entries().first { $0.hasPrefix("events.log.quarantine-") })
        let alarm = try XCTUnwrap(SessionDesk(session: session).alarmText)
        // The import's last record lost its last byte: 4 of its 5 records are complete.
        XCTAssertTrue(alarm.hasPrefix("ACKNOWLEDGED RECORDS LOST: records "), alarm)
        XCTAssertTrue(
            alarm.contains(" | RECORDS SET ASIDE: 4 complete records were moved to \(quarantine)"), alarm)
        XCTAssertTrue(alarm.hasSuffix("desk log restore \(quarantine)"), alarm)
    }
}
