import Desk
import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

/// Damage is never silent: `desk export` and `desk status` stop at a record they cannot read, with
/// exit 74, its byte offset and record number, and nothing on standard output; a complaint's
/// timeline names such a record instead of leaving it out.
final class DamageReportTests: XCTestCase {
    private let reports: [[String]] = [
        ["export", "--format", "csv"], ["export", "--format", "jsonl"], ["status"], ["status", "--json"],
    ]

    private func assertEveryReportStops(
        _ data: TemporaryDirectory, atByte offset: Int64, record sequence: UInt64,
        file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        for report in reports {
            let run = try ProductRun.run("desk", report + ["--data", data.path])
            let what = "desk \(report.joined(separator: " ")): \(run.standardError)"
            XCTAssertEqual(run.status, 74, what, file: file, line: line)
            XCTAssertEqual(
                run.standardOutput, "", "a stopped report prints no figures", file: file, line: line)
            XCTAssertTrue(run.standardError.contains("byte \(offset)"), what, file: file, line: line)
            XCTAssertTrue(run.standardError.contains("record \(sequence)"), what, file: file, line: line)
        }
    }

    func testDamageInTheFirstRecordStopsExportAndStatus() throws {
        let data = try TemporaryDirectory(prefix: "desk-damage")
        _ = try LogSurgery.desk(in: data, texts: ["Ana Sousa", "Omar Haddad"])
        for report in reports {
            XCTAssertEqual(try ProductRun.run("desk", report + ["--data", data.path]).status, 0, "\(report)")
        }
        let first = try XCTUnwrap(LogSurgery.records(data).first)
        try LogSurgery.damageRecord(at: first.offset, in: data)
        try assertEveryReportStops(data, atByte: first.offset, record: first.sequence)
    }

    /// The arrival of a complaint among others: a record the detail view also reads back.
    func testDamageInTheMiddleStopsExportAndStatus() throws {
        let data = try TemporaryDirectory(prefix: "desk-damage")
        _ = try LogSurgery.desk(in: data, texts: (1...5).map { "Customer \($0)" })
        let arrival = try LogSurgery.arrival(of: ComplaintID(3), in: data)
        XCTAssertLessThan(arrival.sequence, try XCTUnwrap(LogSurgery.records(data).last?.sequence))
        try LogSurgery.damageRecord(at: arrival.offset, in: data)
        try assertEveryReportStops(data, atByte: arrival.offset, record: arrival.sequence)
    }

    /// Intact records that this desk cannot read as events (here text that is not UTF-8) stop the
    /// reports too, named by offset and record.
    func testAnUnreadableEventStopsExportAndStatus() throws {
        let data = try TemporaryDirectory(prefix: "desk-damage")
        _ = try LogSurgery.desk(in: data, texts: ["Ana Sousa"])
        let (sequence, offset) = try SafeOutputTests.appendInvalidUTF8(data)
        try assertEveryReportStops(data, atByte: offset, record: sequence)
    }

    /// The detail reads a complaint's records back by offset when it is opened; one damaged since
    /// the replay is named at its place, with what was wrong.
    func testATimelineNamesARecordItCannotReadBack() throws {
        let data = try TemporaryDirectory(prefix: "desk-damage")
        let session = try LogSurgery.desk(in: data, texts: ["Ana Sousa", "Omar Haddad"])
        let id = ComplaintID(2)
        try session.execute(.claim(id, revision: try XCTUnwrap(session.state.complaint(id)?.revision)))
        let arrival = try LogSurgery.arrival(of: id, in: data)
        XCTAssertEqual(
            session.events(at: session.state.timeline(of: id)).filter { !$0.event.isSuccess }.count, 0)

        try LogSurgery.damageRecord(at: arrival.offset, in: data)
        let timeline = session.events(at: session.state.timeline(of: id))
        XCTAssertEqual(timeline.map(\.sequence), session.state.timeline(of: id), "nothing is left out")
        guard case .failure(let unreadable) = timeline.first?.event else { return XCTFail("\(timeline)") }
        XCTAssertEqual(unreadable.sequence, arrival.sequence)
        XCTAssertEqual(unreadable.offset, arrival.offset)
        XCTAssertTrue(unreadable.description.contains("byte \(arrival.offset)"), unreadable.description)
        XCTAssertTrue(unreadable.description.contains("checksum"), unreadable.description)
        guard case .success(let claim) = timeline.last?.event, case .claimed = claim.event else {
            return XCTFail("the claim after it is still read: \(timeline)")
        }
    }
}

extension Result {
    fileprivate var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
