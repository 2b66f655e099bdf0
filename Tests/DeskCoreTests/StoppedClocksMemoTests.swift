import XCTest

@testable import DeskCore

/// Issue 13 item 4: the queue remembers what it measured of complaints whose clocks have stopped,
/// and gives exactly the entries it gives without the memo, as events reopen complaints and the
/// office changes its standards.
final class StoppedClocksMemoTests: XCTestCase {
    func testTheMemoNeverChangesTheQueue() throws {
        let start = Timestamp(utcYear: 2025, month: 1, day: 6, hour: 9)
        let events = Array(DemoHistory(seed: 9, complaints: 300, start: start))
        let memo = StoppedClocksMemo()
        var state = DeskState()
        let all = QueueFilter(statuses: Set(ComplaintStatus.allCases))
        let closed = QueueFilter(statuses: [.closed, .withdrawn])
        var compared = 0
        for (i, e) in events.enumerated() {
            state.apply(e)
            guard i % 50 == 0 || i == events.count - 1 else { continue }
            let now = e.at.adding(minutes: 30)
            for filter in [all, closed] {
                XCTAssertEqual(
                    state.queue(now: now, filter: filter, stopped: memo),
                    state.queue(now: now, filter: filter))
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 20)
        // Reopening a closed complaint changes its revision: measured again, now with running clocks.
        let now = events.last!.at.adding(minutes: 60)
        let closedOne = try XCTUnwrap(state.queue(now: now, filter: closed).first { _ in true })
        let before = state.queue(now: now, filter: all, stopped: memo)
        let revision = try XCTUnwrap(state.complaint(closedOne.id)).revision
        state.apply(
            RecordedEvent(actor: "maria", at: now, event: .reopened(closedOne.id, reason: "New facts")))
        XCTAssertNotEqual(state.complaint(closedOne.id)?.revision, revision)
        let after = state.queue(now: now, filter: all, stopped: memo)
        XCTAssertEqual(after, state.queue(now: now, filter: all))
        XCTAssertNotEqual(after, before)
        // A stricter version of a standard, effective from the start: every complaint is measured again.
        var stricter = try XCTUnwrap(DemoHistory.standards(effective: start).first)
        stricter.version += 1
        stricter.targetMinutes = 1
        stricter.targetWorkingDays = nil
        state.apply(RecordedEvent(actor: "supervisor", at: now, event: .standardPublished(stricter)))
        XCTAssertEqual(state.queue(now: now, filter: all, stopped: memo), state.queue(now: now, filter: all))
        XCTAssertEqual(
            state.queue(now: now, filter: closed, stopped: memo), state.queue(now: now, filter: closed))
    }
}
