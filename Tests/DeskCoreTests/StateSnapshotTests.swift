import XCTest

@testable import DeskCore

/// Issue 13 item 2: a snapshot of the projected state, read back and followed by the rest of the
/// log, is the state a whole replay builds — byte for byte and in every answer it gives.
final class StateSnapshotTests: XCTestCase {
    func bytes(of state: DeskState) throws -> [UInt8] {
        var out: [UInt8] = []
        let w = SnapshotWriter { out.append(contentsOf: $0) }
        try state.writeSnapshot(to: w)
        try w.flush()
        XCTAssertEqual(w.written, out.count)
        return out
    }

    func read(_ bytes: [UInt8], chunk: Int = 1 << 20) throws -> DeskState {
        var at = 0
        let r = SnapshotReader { buffer in
            let n = min(buffer.count, chunk, bytes.count - at)
            bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + at, byteCount: n) }
            at += n
            return n
        }
        let state = try DeskState(snapshot: r)
        XCTAssertEqual(at, bytes.count, "every byte read")
        return state
    }

    /// A field added to a record without its line in the snapshot fails here.
    func testEveryStoredFieldIsWritten() {
        XCTAssertEqual(Mirror(reflecting: ComplaintRecord()).children.count, ComplaintRecord.snapshotFields)
        let t = Timestamp(milliseconds: 0)
        XCTAssertEqual(
            Mirror(reflecting: PauseRecord(start: t, end: t, previous: 0)).children.count,
            PauseRecord.snapshotFields)
        XCTAssertEqual(
            Mirror(reflecting: RoundRecord(start: t, respondedAt: .notYet, closedAt: .notYet, previous: 0))
                .children
                .count, RoundRecord.snapshotFields)
        XCTAssertEqual(
            Mirror(
                reflecting: SurveyRecord(
                    complaint: 1, at: t, channel: .web, scores: (0, 0, 0, 0, 0, 0, 0), freeText: .empty)
            ).children.count, SurveyRecord.snapshotFields)
        XCTAssertEqual(
            Mirror(reflecting: SurveyOffer(complaint: 1, at: t, channel: .web)).children.count,
            SurveyOffer.snapshotFields)
        XCTAssertEqual(
            Mirror(
                reflecting: CustomerRecord(
                    name: .empty, email: .empty, phone: .empty, accessibility: .empty, address: .empty,
                    group: 0,
                    complaints: 0, preferredReply: nil)
            ).children.count, CustomerRecord.snapshotFields)
        XCTAssertEqual(
            Mirror(reflecting: DeskState()).children.count, 14, "DeskState's fields, in writeSnapshot")
    }

    func testASnapshotAndTheRestOfTheLogGiveTheStateOfAWholeReplay() throws {
        let start = Timestamp(utcYear: 2025, month: 1, day: 6, hour: 9)
        let events = Array(DemoHistory(seed: 7, complaints: 200, start: start))
        XCTAssertGreaterThan(events.count, 800)
        var whole = DeskState()
        for (i, e) in events.enumerated() { whole.apply(e, position: UInt64(i + 1)) }
        // The history reaches every part of the state.
        XCTAssertFalse(whole.book.pauses.isEmpty)
        XCTAssertFalse(whole.book.surveys.isEmpty)
        XCTAssertFalse(whole.book.surveyOffers.isEmpty)
        XCTAssertFalse(whole.staffIdeas.isEmpty)
        XCTAssertFalse(whole.customers.isEmpty)
        let wholeBytes = try bytes(of: whole)
        let now = events.last!.at.adding(minutes: 60)
        let month = ReportingPeriod.containing(now, length: .month, calendar: whole.reportingCalendar)

        for cut in stride(from: 0, through: events.count, by: 97) {
            var head = DeskState()
            for (i, e) in events.prefix(cut).enumerated() { head.apply(e, position: UInt64(i + 1)) }
            // Read back through a small buffer, so values straddle refills.
            var restored = try read(try bytes(of: head), chunk: 7)
            for (i, e) in events.enumerated().dropFirst(cut) { restored.apply(e, position: UInt64(i + 1)) }

            XCTAssertEqual(try bytes(of: restored), wholeBytes, "cut at \(cut)")
            XCTAssertEqual(restored.eventCount, whole.eventCount)
            XCTAssertEqual(restored.office, whole.office)
            XCTAssertEqual(restored.staffIdeas, whole.staffIdeas)
            XCTAssertEqual(restored.queue(now: now), whole.queue(now: now), "cut at \(cut)")
            for n in 1...UInt32(whole.complaintCount) {
                XCTAssertEqual(
                    restored.complaint(ComplaintID(n)), whole.complaint(ComplaintID(n)), "C\(n), cut \(cut)")
            }
            XCTAssertEqual(
                restored.serviceDashboard(period: month, now: now),
                whole.serviceDashboard(period: month, now: now))
        }
    }

    func testADamagedSnapshotIsRefusedNeverTrusted() throws {
        let start = Timestamp(utcYear: 2025, month: 1, day: 6, hour: 9)
        var state = DeskState()
        for e in DemoHistory(seed: 7, complaints: 20, start: start) { state.apply(e) }
        let good = try bytes(of: state)
        // Cut short anywhere: refused.
        for length in stride(from: 0, to: good.count, by: max(1, good.count / 97)) {
            XCTAssertThrowsError(try read(Array(good.prefix(length))), "cut at \(length)") { error in
                XCTAssertTrue(error is SnapshotDamage, "\(error)")
            }
        }
        // Another format: refused, naming both.
        var other = good
        other[0] = 99
        XCTAssertThrowsError(try read(other)) { error in
            XCTAssertEqual("\(error)", "snapshot format 99, this desk writes \(DeskState.snapshotFormat)")
        }
    }
}
