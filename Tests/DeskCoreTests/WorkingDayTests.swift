import DeskCore
import XCTest

/// `Nd` is N working days of the office calendar, whatever each day's hours (issue 9, item 1).
final class WorkingDayTests: XCTestCase {
    /// The sample office: weekdays 09:00–17:00, Friday closing 16:30, in London, with its holidays.
    static let sample = try! BusinessCalendar(
        timeZone: "Europe/London",
        hours: [
            .monday: OpeningHours(9, 0, 17, 0), .tuesday: OpeningHours(9, 0, 17, 0),
            .wednesday: OpeningHours(9, 0, 17, 0), .thursday: OpeningHours(9, 0, 17, 0),
            .friday: OpeningHours(9, 0, 16, 30),
        ],
        holidays: [
            CalendarDate(year: 2026, month: 12, day: 25), CalendarDate(year: 2026, month: 12, day: 28),
            CalendarDate(year: 2027, month: 1, day: 1),
        ])

    static func respond(days: Int, measure: Measure = .response) -> ServiceStandard {
        ServiceStandard(
            id: "respond", wording: "We will give you a full response within \(days) working days.",
            measure: measure, targetMinutes: days * 480, threshold: 0.9, version: 1, effective: Fixture.epoch,
            targetWorkingDays: days)
    }

    /// A desk on the sample calendar with one working-day standard.
    static func desk(at start: Timestamp, calendar: BusinessCalendar = sample, days: Int) -> Desk {
        let desk = Desk(at: start, standards: [])
        let office = OfficeConfiguration(
            name: "Riverside Public Service Office", calendar: calendar,
            categories: [Category(id: "parking", title: "Parking")], version: 2,
            customerGroups: Fixture.office.customerGroups)
        try! desk.run(.configureOffice(office), as: "boss")
        try! desk.run(.publishStandard(respond(days: days)), as: "boss")
        return desk
    }

    func due(_ days: Int, from t: Timestamp) -> Timestamp { due(Self.sample, days, from: t) }

    func due(_ calendar: BusinessCalendar, _ days: Int, from t: Timestamp) -> Timestamp {
        calendar.due(workingDays: days, from: t)
    }

    /// The example: received on Sunday 29 November 2026, 10 working days is Friday
    /// 11 December at 16:30 (the close of the 10th working day), not Monday 14 December 10:00.
    func testSundayComplaintUnderTenWorkingDaysIsDueFridayAtClose() {
        let desk = Self.desk(at: Fixture.gmt(11, 29, 11), days: 10)
        let id = desk.receive()
        let clock = desk.clock(id, "respond")!
        XCTAssertEqual(clock.start, Fixture.gmt(11, 30, 9))
        XCTAssertEqual(clock.due, Fixture.gmt(12, 11, 16, 30))
        XCTAssertNotEqual(clock.due, Fixture.gmt(12, 14, 10))
        // Ten days of hours, one of them a short Friday, twice: 78 hours.
        XCTAssertEqual(clock.targetMinutes, 8 * 8 * 60 + 2 * 450)
        XCTAssertEqual(clock.state, .onTrack)
    }

    func testAClockStartingAtOpeningIsDueAtTheCloseOfTheNthDayCountingTheFirst() {
        XCTAssertEqual(due(1, from: Fixture.gmt(11, 30, 9)), Fixture.gmt(11, 30, 17))  // Monday
        XCTAssertEqual(due(5, from: Fixture.gmt(11, 30, 9)), Fixture.gmt(12, 4, 16, 30))  // short Friday
        XCTAssertEqual(due(6, from: Fixture.gmt(11, 30, 9)), Fixture.gmt(12, 7, 17))
    }

    func testAClockStartingDuringADayIsDueAtTheSameTimeOnTheNthDayAfter() {
        // Wednesday 10:42:30 + 2 → Friday 10:42:30.
        let start = Fixture.gmt(12, 2, 10, 42).adding(milliseconds: 30_000)
        XCTAssertEqual(due(2, from: start), Fixture.gmt(12, 4, 10, 42).adding(milliseconds: 30_000))
        // Thursday 16:45 + 1 → Friday, which closes at 16:30 first.
        XCTAssertEqual(due(1, from: Fixture.gmt(12, 3, 16, 45)), Fixture.gmt(12, 4, 16, 30))
        // Friday 16:00 + 1 → Monday 16:00 (the weekend is no working day).
        XCTAssertEqual(due(1, from: Fixture.gmt(12, 4, 16)), Fixture.gmt(12, 7, 16))
    }

    func testOutOfHoursStartsCountFromTheNextOpening() {
        // Friday evening and Saturday: day 1 is Monday.
        XCTAssertEqual(due(1, from: Fixture.gmt(12, 4, 18)), Fixture.gmt(12, 7, 17))
        XCTAssertEqual(due(1, from: Fixture.gmt(12, 5, 12)), Fixture.gmt(12, 7, 17))
        // Before opening on a Tuesday: the Tuesday is day 1.
        XCTAssertEqual(due(2, from: Fixture.gmt(12, 1, 7)), Fixture.gmt(12, 2, 17))
        // Exactly at closing: the next day is day 1.
        XCTAssertEqual(due(1, from: Fixture.gmt(12, 1, 17)), Fixture.gmt(12, 2, 17))
    }

    func testHolidaysAndWeekendsAreNoWorkingDays() {
        // Thursday 24 December 13:00 + 1: Christmas, the weekend and the 28th are skipped.
        XCTAssertEqual(due(1, from: Fixture.gmt(12, 24, 13)), Fixture.gmt(12, 29, 13))
        // Received on Christmas Day: day 1 is Tuesday 29th; 3 days → Thursday 31st at close.
        XCTAssertEqual(due(3, from: Fixture.gmt(12, 25, 10)), Fixture.gmt(12, 31, 17))
        // Across New Year's Day (a Friday holiday): Thursday 31st 12:00 + 1 → Monday 4 January 12:00.
        XCTAssertEqual(
            due(1, from: Fixture.gmt(12, 31, 12)), Timestamp(utcYear: 2027, month: 1, day: 4, hour: 12))
    }

    func testShortDaysAndLateOpeningsKeepTheDueTimeInsideTheDay() throws {
        // Monday 09:00–17:00, Tuesday 13:00–15:00.
        let calendar = try BusinessCalendar(
            timeZone: "UTC",
            hours: [.monday: OpeningHours(9, 0, 17, 0), .tuesday: OpeningHours(13, 0, 15, 0)])
        // Monday 16:00 + 1 → Tuesday's close (15:00), earlier than 16:00.
        XCTAssertEqual(due(calendar, 1, from: Fixture.gmt(11, 30, 16)), Fixture.gmt(12, 1, 15))
        // Monday 10:00 + 1 → Tuesday's opening (13:00), later than 10:00.
        XCTAssertEqual(due(calendar, 1, from: Fixture.gmt(11, 30, 10)), Fixture.gmt(12, 1, 13))
        // Monday 14:00 + 1 → Tuesday 14:00, inside its hours.
        XCTAssertEqual(due(calendar, 1, from: Fixture.gmt(11, 30, 14)), Fixture.gmt(12, 1, 14))
        // From opening, two working days are Monday and Tuesday, whatever their length.
        XCTAssertEqual(due(calendar, 2, from: Fixture.gmt(11, 30, 9)), Fixture.gmt(12, 1, 15))
    }

    func testADaylightSavingChangeKeepsTheLocalClockTime() {
        let calendar = Fixture.calendar  // London, 09:00–17:00
        // Spring forward on Sunday 28 March 2027: Friday 10:00 GMT + 1 → Monday 10:00 BST (09:00 UTC).
        let friday = Timestamp(utcYear: 2027, month: 3, day: 26, hour: 10)
        XCTAssertEqual(due(calendar, 1, from: friday), Timestamp(utcYear: 2027, month: 3, day: 29, hour: 9))
        // From Friday's opening, 2 days close on Monday at 17:00 BST (16:00 UTC).
        XCTAssertEqual(
            due(calendar, 2, from: Timestamp(utcYear: 2027, month: 3, day: 26, hour: 9)),
            Timestamp(utcYear: 2027, month: 3, day: 29, hour: 16))
        // Open every day: a start on the day of the change, and a due time on it, keep 12:00 local.
        let everyDay = try! BusinessCalendar(
            timeZone: "Europe/London",
            hours: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, OpeningHours(8, 0, 18, 0)) }))
        XCTAssertEqual(
            due(everyDay, 1, from: Timestamp(utcYear: 2027, month: 3, day: 27, hour: 12)),
            Timestamp(utcYear: 2027, month: 3, day: 28, hour: 11))
        XCTAssertEqual(
            due(everyDay, 1, from: Timestamp(utcYear: 2027, month: 3, day: 28, hour: 11)),
            Timestamp(utcYear: 2027, month: 3, day: 29, hour: 11))
        XCTAssertEqual(
            due(everyDay, 1, from: Timestamp(utcYear: 2026, month: 10, day: 25, hour: 12)),
            Timestamp(utcYear: 2026, month: 10, day: 26, hour: 12))
        // Fall back on Sunday 25 October 2026: Friday 10:00 BST (09:00 UTC) + 1 → Monday 10:00 GMT.
        XCTAssertEqual(
            due(calendar, 1, from: Timestamp(utcYear: 2026, month: 10, day: 23, hour: 9)),
            Timestamp(utcYear: 2026, month: 10, day: 26, hour: 10))
    }

    /// Pauses move the due time on by the business time they covered.
    func testPausesMoveTheDueTimeOnByTheBusinessTimeTheyCovered() throws {
        let desk = Self.desk(at: Fixture.gmt(11, 29, 11), days: 10)
        let id = desk.receive()
        desk.clock.set(Fixture.gmt(11, 30, 9))
        try desk.run(.pause(id, revision: desk.revision(id), reason: "Asked for the permit number"))
        desk.clock.set(Fixture.gmt(11, 30, 11))
        try desk.run(.resume(id, revision: desk.revision(id)))
        // Two business hours paused: Friday 16:30 + 2h → Monday 14 December 11:00.
        XCTAssertEqual(desk.clock(id, "respond")!.due, Fixture.gmt(12, 14, 11))
        // A pause over a weekend covers no business time and moves nothing.
        desk.clock.set(Fixture.gmt(12, 4, 16, 30))
        try desk.run(.pause(id, revision: desk.revision(id), reason: "Waiting for a letter"))
        desk.clock.set(Fixture.gmt(12, 7, 9))
        try desk.run(.resume(id, revision: desk.revision(id)))
        XCTAssertEqual(desk.clock(id, "respond")!.due, Fixture.gmt(12, 14, 11))
        XCTAssertEqual(desk.clock(id, "respond")!.usedMinutes, 5 * 480 - 30 - 120)
    }

    func testAPauseStartedAfterTheDueTimeChangesNothing() throws {
        let desk = Self.desk(at: Fixture.gmt(11, 30, 9), days: 1)
        let id = desk.receive()
        desk.clock.set(Fixture.gmt(12, 1, 10))
        XCTAssertEqual(desk.clock(id, "respond")!.state, .overdue)
        try desk.run(.pause(id, revision: desk.revision(id), reason: "Waiting on the customer"))
        desk.clock.set(Fixture.gmt(12, 2, 10))
        let clock = desk.clock(id, "respond")!
        XCTAssertEqual(clock.due, Fixture.gmt(11, 30, 17))
        XCTAssertEqual(clock.state, .overdue)
    }

    /// At risk at 75 % of the clock's own business time; met or missed against the due time.
    func testAtRiskShareAndResultsOfAWorkingDayClock() throws {
        let desk = Self.desk(at: Fixture.gmt(11, 30, 9), days: 2)  // Monday opening: due Tuesday 17:00
        let id = desk.receive()
        XCTAssertEqual(desk.clock(id, "respond")!.due, Fixture.gmt(12, 1, 17))
        XCTAssertEqual(desk.clock(id, "respond")!.targetMinutes, 960)
        desk.clock.set(Fixture.gmt(12, 1, 12, 59))
        XCTAssertEqual(desk.clock(id, "respond")!.state, .onTrack)
        desk.clock.set(Fixture.gmt(12, 1, 13))  // 720 of 960 minutes
        XCTAssertEqual(desk.clock(id, "respond")!.state, .atRisk)
        XCTAssertEqual(desk.clock(id, "respond")!.minutesLeft, 240)
        XCTAssertEqual(desk.state.queue(now: desk.clock.now).first?.urgency, .atRisk)
        desk.clock.set(Fixture.gmt(12, 1, 16, 59))
        try desk.run(
            .respond(
                id, revision: desk.revision(id), decision: .upheld, reasons: "Renewed", remedyOffered: ""))
        XCTAssertEqual(desk.clock(id, "respond")!.state, .met)
        let late = desk.receive()
        desk.clock.set(Fixture.gmt(12, 3, 9, 30))
        XCTAssertEqual(desk.clock(late, "respond")!.due, Fixture.gmt(12, 3, 16, 59))
        desk.clock.set(Fixture.gmt(12, 4, 9))
        try desk.run(
            .respond(
                late, revision: desk.revision(late), decision: .upheld, reasons: "Late", remedyOffered: ""))
        XCTAssertEqual(desk.clock(late, "respond")!.state, .missed)
        let results = desk.state.standardResults(now: desk.clock.now)
        XCTAssertEqual(results.first?.met, 1)
        XCTAssertEqual(results.first?.missed, 1)
    }

    /// Standards published before working days keep their minutes.
    func testAStandardInMinutesKeepsBusinessTime() {
        let desk = Desk(at: Fixture.gmt(11, 29, 11), standards: [Fixture.respond(minutes: 10 * 480)])
        let id = desk.receive()
        XCTAssertEqual(desk.clock(id, "respond")!.due, Fixture.gmt(12, 11, 17))
    }
}
