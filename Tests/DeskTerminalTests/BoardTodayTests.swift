import Desk
import DeskCore
import TerminalUI
import XCTest

@testable import DeskTerminal

/// Item 2 of issue 11: the board gives each standard's result today and in the period named on
/// screen, from the dashboard's projection, and today's figures start afresh when the day turns.
final class BoardTodayTests: XCTestCase {
    let small = ScreenSize(rows: 24, columns: 80)

    func line(_ standard: String, on desk: MemoryDesk) throws -> (text: String, roles: [Role]) {
        let buffer = try DeskRouter(desk: desk, isBoard: true).render(size: small)
        let row = try XCTUnwrap(
            (0..<small.rows).first { buffer.text(row: $0).hasPrefix(" \(standard): ") },
            buffer.lines().joined(separator: "\n"))
        return (buffer.text(row: row), buffer.roles(row: row))
    }

    func testTodayAndThePeriodSideBySideAndTheDayTurns() throws {
        let desk = makeDesk()
        let quick = try receive(desk, name: "Ann Example", summary: "Quick")
        let slow = try receive(desk, name: "Bo Example", summary: "Slow")
        desk.now = desk.now.adding(minutes: 10)
        _ = try desk.execute(.acknowledge(quick, revision: desk.state.complaint(quick)!.revision))

        var shown = try line("acknowledge", on: desk)
        XCTAssertTrue(
            shown.text.contains(
                "acknowledge: today 1/1 met · month 100% (goal 95%) · met 1 missed 0 running 1"), shown.text)
        XCTAssertEqual(shown.roles[2], .text)
        XCTAssertFalse(shown.roles.contains(.statusWarning), "at or over the goal does not warn")

        // Two days later (business time passes), the slow one is acknowledged late: the month
        // falls below its goal, and today holds only what was decided today.
        desk.now = desk.now.adding(minutes: 2 * 24 * 60)
        _ = try desk.execute(.acknowledge(slow, revision: desk.state.complaint(slow)!.revision))
        shown = try line("acknowledge", on: desk)
        XCTAssertTrue(
            shown.text.contains("acknowledge: today 0/1 met · month 50% (goal 95%) BELOW"), shown.text)
        XCTAssertTrue(shown.roles.contains(.statusWarning), "under the goal stands out")

        // The next day nothing has been decided yet; the month keeps its result.
        desk.now = desk.now.adding(minutes: 24 * 60)
        shown = try line("acknowledge", on: desk)
        XCTAssertTrue(shown.text.contains("acknowledge: today — · month 50% (goal 95%) BELOW"), shown.text)

        // The same projection as the dashboard and `desk status --period today`.
        let calendar = desk.state.reportingCalendar
        let yesterday = ReportingPeriod.containing(desk.now, length: .day, calendar: calendar).previous
        let figures = desk.state.serviceDashboard(period: yesterday, now: desk.now).standards
        let acknowledge = try XCTUnwrap(figures.first { $0.standard.id == "acknowledge" })
        XCTAssertEqual([acknowledge.met, acknowledge.missed], [0, 1])
    }
}
