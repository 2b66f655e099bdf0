import Desk
import DeskCore
import DeskTestSupport
import Foundation
import XCTest

/// The real `desk` in tmux: `d` opens the dashboard on this month, `[` goes to the month before
/// and the title says so.
final class DashboardInTmuxTests: DeskInTmuxTestCase {
    func testTheDashboardOpensWithDAndChangesPeriodWithTheBracket() throws {
        let desk = try startDesk()
        try desk.waitFor("No complaints yet")
        // The desk created the office (in the terminal's zone, Europe/London); read it back.
        let session = try openSession(as: "bob")
        let calendar = session.state.reportingCalendar
        let month = ReportingPeriod.containing(session.clock.now, length: .month, calendar: calendar)
        try desk.type("d")
        var screen = try desk.waitFor("Dashboard: \(month.label)")
        XCTAssertTrue(screen.contains("Standard"), screen)
        XCTAssertTrue(screen.contains("▁") || screen.contains("12 months"), screen)
        try desk.type("[")
        screen = try desk.waitFor("Dashboard: \(month.previous.label)")
        XCTAssertFalse(screen.contains("Dashboard: \(month.label) "), screen)
        try desk.sendKeys("Escape")
        try desk.waitFor("Queue · 0 · open")
    }
}
