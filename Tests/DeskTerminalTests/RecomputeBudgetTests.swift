import XCTest

@testable import DeskTerminal

/// The board's glance and the dashboard recompute for arriving events at most about a tenth of the
/// time (issue 13 item 4: an idle board's processor while others write).
final class RecomputeBudgetTests: XCTestCase {
    func testArrivingEventsWaitTenTimesWhatTheLastPassTook() {
        var budget = RecomputeBudget()
        XCTAssertTrue(budget.allows(force: false), "the first pass is never held back")
        // A pass that takes 5 ms (the sleep stands for the work being budgeted).
        budget.measure { usleep(5_000) }
        XCTAssertFalse(budget.allows(force: false), "an event at once after it waits")
        XCTAssertTrue(budget.owed, "and is owed, for the next tick")
        XCTAssertTrue(budget.allows(force: true), "a new minute or period is never held back")
        let start = ContinuousClock.now
        while !budget.allows(force: false) {
            XCTAssertLessThan(ContinuousClock.now - start, .seconds(2), "never allowed again")
            usleep(1_000)
        }
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(40))
        budget.measure {}
        XCTAssertFalse(budget.owed)
    }
}
