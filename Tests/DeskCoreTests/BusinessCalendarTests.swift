import DeskCore
import XCTest

final class BusinessCalendarTests: XCTestCase {
    let cal = Fixture.calendar

    func testWithinOneDay() {
        let t = Fixture.gmt(11, 25, 10)  // Wednesday
        XCTAssertEqual(cal.add(businessMinutes: 90, to: t), Fixture.gmt(11, 25, 11, 30))
        XCTAssertEqual(cal.businessMinutes(from: t, to: Fixture.gmt(11, 25, 11, 30)), 90)
    }

    func testEndingAtClosingTimeIsClosingTimeNotNextMorning() {
        XCTAssertEqual(cal.add(businessMinutes: 60, to: Fixture.gmt(11, 25, 16)), Fixture.gmt(11, 25, 17))
    }

    func testAcrossAWeekend() {
        let friday = Fixture.gmt(11, 27, 16)
        XCTAssertEqual(cal.add(businessMinutes: 120, to: friday), Fixture.gmt(11, 30, 10))
        XCTAssertEqual(cal.businessMinutes(from: friday, to: Fixture.gmt(11, 30, 10)), 120)
    }

    func testAcrossHolidays() {
        // Thu 24 Dec 16:00 + 3 h: Fri 25 (holiday), weekend, Mon 28 (holiday) → Tue 29 11:00.
        XCTAssertEqual(cal.add(businessMinutes: 180, to: Fixture.gmt(12, 24, 16)), Fixture.gmt(12, 29, 11))
        XCTAssertEqual(cal.businessMinutes(from: Fixture.gmt(12, 24, 9), to: Fixture.gmt(12, 30, 9)), 16 * 60)
    }

    func testOutOfHoursArrivalStartsAtNextOpeningMinute() {
        XCTAssertEqual(cal.nextOpening(after: Fixture.gmt(11, 25, 18, 30)), Fixture.gmt(11, 26, 9))
        XCTAssertEqual(cal.nextOpening(after: Fixture.gmt(11, 28, 12)), Fixture.gmt(11, 30, 9))  // Saturday
        XCTAssertEqual(cal.nextOpening(after: Fixture.gmt(11, 25, 7)), Fixture.gmt(11, 25, 9))
        XCTAssertEqual(cal.nextOpening(after: Fixture.gmt(11, 25, 10)), Fixture.gmt(11, 25, 10))  // open now
        XCTAssertEqual(cal.add(businessMinutes: 30, to: Fixture.gmt(11, 28, 12)), Fixture.gmt(11, 30, 9, 30))
    }

    func testSpringForwardInLondonKeepsLocalOpeningHours() throws {
        // 29 March 2026: clocks go forward. Friday 27th is GMT, Monday 30th is BST (UTC+1).
        let friday = Timestamp(utcYear: 2026, month: 3, day: 27, hour: 16)  // 16:00 local
        let due = cal.add(businessMinutes: 120, to: friday)
        XCTAssertEqual(due, Timestamp(utcYear: 2026, month: 3, day: 30, hour: 9))  // 10:00 BST
        XCTAssertEqual(cal.businessMinutes(from: friday, to: due), 120)
        XCTAssertEqual(
            cal.nextOpening(after: friday.adding(minutes: 120)),
            Timestamp(utcYear: 2026, month: 3, day: 30, hour: 8))
    }

    func testFallBackInNewYork() throws {
        let ny = try BusinessCalendar.weekdays9to5(timeZone: "America/New_York")
        // 1 Nov 2026: clocks go back. Fri 30 Oct 16:00 EDT = 20:00 UTC; Mon 2 Nov 10:00 EST = 15:00 UTC.
        let friday = Timestamp(utcYear: 2026, month: 10, day: 30, hour: 20)
        XCTAssertEqual(
            ny.add(businessMinutes: 120, to: friday), Timestamp(utcYear: 2026, month: 11, day: 2, hour: 15))
        // A whole week across the change holds exactly 5 × 8 hours.
        let monday = Timestamp(utcYear: 2026, month: 10, day: 26, hour: 13)  // 09:00 EDT
        let nextMonday = Timestamp(utcYear: 2026, month: 11, day: 2, hour: 14)  // 09:00 EST
        XCTAssertEqual(ny.businessMinutes(from: monday, to: nextMonday), 5 * 480)
    }

    func testAddAndMeasureAgreeOnRandomInstants() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let t = Timestamp(
                milliseconds: Fixture.gmt(1, 1, 0).milliseconds + Int64(rng.next() % (400 * 86_400_000)))
            let n = Int(rng.next() % 5000)
            let due = cal.add(businessMinutes: n, to: t)
            XCTAssertEqual(cal.businessMinutes(from: t, to: due), n, "from \(t) adding \(n)")
            XCTAssertTrue(due >= t)
        }
    }

    func testRefusesUnknownZoneAndBadHours() {
        assertThrowsDeskError(
            try BusinessCalendar.weekdays9to5(timeZone: "Mars/Olympus"), kind: .invalidInput,
            contains: "Mars/Olympus")
        assertThrowsDeskError(
            try BusinessCalendar(timeZone: "UTC", hours: [.monday: OpeningHours(opens: 600, closes: 500)]),
            kind: .invalidInput, contains: "monday")
        assertThrowsDeskError(
            try BusinessCalendar(timeZone: "UTC", hours: [:]), kind: .invalidInput,
            contains: "no opening hours")
    }

    func testClocksAreInjectable() {
        let manual = ManualClock(Fixture.gmt(11, 25, 10))
        let clocks: [any Clock] = [manual, SystemClock()]
        manual.advance(minutes: 90)
        XCTAssertEqual(clocks[0].now, Fixture.gmt(11, 25, 11, 30))
        XCTAssertGreaterThan(clocks[1].now, Fixture.gmt(1, 1, 0))
    }

    func testTimestampISO8601() {
        let t = Timestamp(utcYear: 2026, month: 11, day: 25, hour: 10, minute: 42)
        XCTAssertEqual(t.iso8601, "2026-11-25T10:42:00Z")
        XCTAssertEqual(Timestamp(iso8601: "2026-11-25T10:42:00Z"), t)
        XCTAssertEqual(Timestamp(iso8601: "2026-11-25T11:42+01:00"), t)
        XCTAssertEqual(Timestamp(iso8601: "2026-11-25T10:42:00.5Z")?.milliseconds, t.milliseconds + 500)
        XCTAssertEqual(Timestamp(iso8601: "2026-11-25T10:42:00.123456Z")?.milliseconds, t.milliseconds + 123)
        XCTAssertNil(Timestamp(iso8601: "2026-11-25T10:42:00"))
        XCTAssertNil(Timestamp(iso8601: "2026-02-30T10:42:00Z"))
        XCTAssertNil(Timestamp(iso8601: "yesterday"))
        XCTAssertEqual(Timestamp(milliseconds: -1).iso8601, "1969-12-31T23:59:59.999Z")
    }
}
