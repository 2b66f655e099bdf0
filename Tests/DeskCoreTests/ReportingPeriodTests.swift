import DeskCore
import XCTest

/// The period grammar: every form, ISO weeks at year ends (week 53), relative names counted in the
/// office's zone, ranges across daylight-saving changes, and refusals that name what is accepted.
final class ReportingPeriodTests: XCTestCase {
    let london = Fixture.calendar
    let now = Timestamp(utcYear: 2026, month: 11, day: 29, hour: 14, minute: 23)

    func parse(_ text: String, now: Timestamp? = nil, calendar: BusinessCalendar? = nil) throws
        -> ReportingPeriod
    {
        try ReportingPeriod.parse(text, now: now ?? self.now, calendar: calendar ?? london)
    }

    func zone(_ identifier: String) throws -> BusinessCalendar {
        try BusinessCalendar.weekdays9to5(timeZone: identifier)
    }

    func testEveryFormReadsBackToItsNameAndLabel() throws {
        let cases: [(String, String, String, CalendarDate, CalendarDate)] = [
            (
                "2026-W48", "2026-W48", "2026-W48 (23–29 Nov)", CalendarDate(year: 2026, month: 11, day: 23),
                CalendarDate(year: 2026, month: 11, day: 29)
            ),
            (
                "2026-11", "2026-11", "November 2026", CalendarDate(year: 2026, month: 11, day: 1),
                CalendarDate(year: 2026, month: 11, day: 30)
            ),
            (
                "2026-Q4", "2026-Q4", "2026-Q4 (Oct–Dec)", CalendarDate(year: 2026, month: 10, day: 1),
                CalendarDate(year: 2026, month: 12, day: 31)
            ),
            (
                "2026", "2026", "2026", CalendarDate(year: 2026, month: 1, day: 1),
                CalendarDate(year: 2026, month: 12, day: 31)
            ),
            (
                "2026-w49", "2026-W49", "2026-W49 (30 Nov–6 Dec)",
                CalendarDate(year: 2026, month: 11, day: 30),
                CalendarDate(year: 2026, month: 12, day: 6)
            ),
            (
                " 2024-02 ", "2024-02", "February 2024", CalendarDate(year: 2024, month: 2, day: 1),
                CalendarDate(year: 2024, month: 2, day: 29)
            ),
            (
                "2026-11-29", "2026-11-29", "29 November 2026", CalendarDate(year: 2026, month: 11, day: 29),
                CalendarDate(year: 2026, month: 11, day: 29)
            ),
            (
                "2024-12-31", "2024-12-31", "31 December 2024", CalendarDate(year: 2024, month: 12, day: 31),
                CalendarDate(year: 2024, month: 12, day: 31)
            ),
            (
                "2026-q1", "2026-Q1", "2026-Q1 (Jan–Mar)", CalendarDate(year: 2026, month: 1, day: 1),
                CalendarDate(year: 2026, month: 3, day: 31)
            ),
        ]
        for (text, name, label, first, last) in cases {
            let period = try parse(text)
            XCTAssertEqual(period.name, name, text)
            XCTAssertEqual(period.label, label, text)
            XCTAssertEqual(period.firstDay, first, text)
            XCTAssertEqual(period.lastDay, last, text)
            XCTAssertEqual(try parse(period.name), period, "the name reads back: \(text)")
        }
    }

    func testRelativeNamesCountFromNowInTheOfficeZone() throws {
        XCTAssertEqual(try parse("this-week").name, "2026-W48")
        XCTAssertEqual(try parse("this-month").name, "2026-11")
        XCTAssertEqual(try parse("THIS-QUARTER").name, "2026-Q4")
        XCTAssertEqual(try parse("last-month").name, "2026-10")
        XCTAssertEqual(try parse("last-quarter").name, "2026-Q3")
        XCTAssertEqual(try parse("today").name, "2026-11-29")
        XCTAssertEqual(try parse("Yesterday").name, "2026-11-28")
        // Just after midnight on New Year's Day in London: last month is December, of last year.
        let newYear = Timestamp(utcYear: 2027, month: 1, day: 1, hour: 0, minute: 30)
        XCTAssertEqual(try parse("last-month", now: newYear).name, "2026-12")
        XCTAssertEqual(try parse("last-quarter", now: newYear).name, "2026-Q4")
        XCTAssertEqual(try parse("this-week", now: newYear).name, "2026-W53")
        XCTAssertEqual(try parse("yesterday", now: newYear).name, "2026-12-31")
        // The same instant is already January in Auckland and still December in New York.
        let instant = Timestamp(utcYear: 2026, month: 12, day: 31, hour: 23, minute: 30)
        XCTAssertEqual(
            try parse("this-month", now: instant, calendar: try zone("Pacific/Auckland")).name, "2027-01")
        XCTAssertEqual(
            try parse("this-month", now: instant, calendar: try zone("America/New_York")).name, "2026-12")
        XCTAssertEqual(try parse("this-month", now: instant).name, "2026-12")
    }

    func testISOWeeksAtTheEndsOfTheYear() throws {
        // 2026 begins on a Thursday, so it has 53 weeks; week 1 began on Monday 29 December 2025.
        let w53 = try parse("2026-W53")
        XCTAssertEqual(w53.label, "2026-W53 (28 Dec–3 Jan)")
        XCTAssertEqual(w53.lastDay, CalendarDate(year: 2027, month: 1, day: 3))
        XCTAssertEqual(w53.next.name, "2027-W01")
        XCTAssertEqual(try parse("2027-W01").firstDay, CalendarDate(year: 2027, month: 1, day: 4))
        XCTAssertEqual(try parse("2026-W01").firstDay, CalendarDate(year: 2025, month: 12, day: 29))
        XCTAssertEqual(try parse("2026-W01").previous.name, "2025-W52")
        XCTAssertEqual(try parse("2027-W01").previous, w53)
        // Days at the turn of the year belong to the week of their Thursday.
        let week = { (y: Int, m: Int, d: Int) in
            ReportingPeriod.containing(CalendarDate(year: y, month: m, day: d), length: .week).name
        }
        XCTAssertEqual(week(2027, 1, 1), "2026-W53")
        XCTAssertEqual(week(2024, 12, 30), "2025-W01")
        XCTAssertEqual(week(2021, 1, 3), "2020-W53")
        XCTAssertEqual(week(2021, 1, 4), "2021-W01")
        // 2025 has 52 weeks: week 53 is refused with the weeks it has.
        assertThrowsDeskError(
            try parse("2025-W53"), kind: .invalidInput,
            contains: "ISO year 2025 has no week 53; they run 1–52")
        XCTAssertNoThrow(try parse("2020-W53"))
        XCTAssertNoThrow(try parse("2015-W53"))
    }

    func testNeighboursCrossYearsAndNeverOverlapOrLeaveAGap() throws {
        XCTAssertEqual(try parse("2026-12").next.name, "2027-01")
        XCTAssertEqual(try parse("2026-01").previous.name, "2025-12")
        XCTAssertEqual(try parse("2026-Q1").previous.name, "2025-Q4")
        XCTAssertEqual(try parse("2026-Q4").next.name, "2027-Q1")
        XCTAssertEqual(try parse("2026").previous.name, "2025")
        XCTAssertEqual(try parse("2026-11").moved(by: -23).name, "2024-12")
        XCTAssertEqual(
            try parse("2026-11").trailing(12).map(\.name),
            (0..<12).map { i in i == 0 ? "2025-12" : "2026-\(i < 10 ? "0" : "")\(i)" })
        for length in ReportingPeriod.Length.allCases {
            var period = ReportingPeriod.containing(
                CalendarDate(year: 2019, month: 6, day: 1), length: length)
            for _ in 0..<(length == .week ? 600 : 60) {
                let next = period.next
                XCTAssertEqual(period.days.upperBound, next.days.lowerBound, "\(period) → \(next)")
                XCTAssertEqual(period.range(in: london).upperBound, next.range(in: london).lowerBound)
                XCTAssertEqual(next.previous, period)
                XCTAssertLessThan(period, next)
                period = next
            }
        }
    }

    func testRangesRunFromLocalMidnightAcrossDaylightSaving() throws {
        // March 2026 in London: GMT at its start, BST (UTC+1) from 29 March, so it ends at 23:00 UTC.
        let march = try parse("2026-03").range(in: london)
        XCTAssertEqual(march.lowerBound, Timestamp(utcYear: 2026, month: 3, day: 1))
        XCTAssertEqual(march.upperBound, Timestamp(utcYear: 2026, month: 3, day: 31, hour: 23))
        // October begins in BST and ends in GMT: one hour longer than 31 days of 24 hours.
        let october = try parse("2026-10").range(in: london)
        XCTAssertEqual(october.lowerBound, Timestamp(utcYear: 2026, month: 9, day: 30, hour: 23))
        XCTAssertEqual(october.upperBound, Timestamp(utcYear: 2026, month: 11, day: 1))
        XCTAssertEqual(
            october.upperBound.milliseconds - october.lowerBound.milliseconds, (31 * 24 + 1) * 3_600_000)
        // The week of the spring change is an hour short.
        let week = try parse("2026-W13").range(in: london)
        XCTAssertEqual(week.upperBound.milliseconds - week.lowerBound.milliseconds, (7 * 24 - 1) * 3_600_000)
        // The same month in another zone is other instants.
        let tokyo = try parse("2026-11").range(in: try zone("Asia/Tokyo"))
        XCTAssertEqual(tokyo.lowerBound, Timestamp(utcYear: 2026, month: 10, day: 31, hour: 15))
        // An instant belongs to exactly the period that holds its local date.
        let lastMinute = Timestamp(utcYear: 2026, month: 3, day: 31, hour: 22, minute: 59)
        XCTAssertEqual(
            ReportingPeriod.containing(lastMinute, length: .month, calendar: london).name, "2026-03")
        XCTAssertEqual(
            ReportingPeriod.containing(lastMinute.adding(minutes: 1), length: .month, calendar: london).name,
            "2026-04")
    }

    func testABadPeriodNamesWhatIsAccepted() {
        for text in [
            "", "nov", "2026-13", "2026-Q5", "2026-W0", "2026-W54", "26-11", "2026-11-31", "2026-02-29",
            "2026-1-01", "next-month",
            "2026-M11",
        ] {
            XCTAssertThrowsError(try parse(text), text) { error in
                let message = (error as? DeskError)?.message ?? ""
                XCTAssertEqual((error as? DeskError)?.field, "period", text)
                XCTAssertTrue(
                    message.contains("2026-11-29 (day), 2026-W48 (ISO week)")
                        || message.contains("they run 1–"),
                    "\(text): \(message)")
            }
        }
        assertThrowsDeskError(
            try parse("2026-13"), kind: .invalidInput, contains: "2026 has no month 13; they run 1–12")
        assertThrowsDeskError(
            try parse("2026-Q5"), kind: .invalidInput, contains: "2026 has no quarter 5; they run 1–4")
        assertThrowsDeskError(
            try parse("someday"), kind: .invalidInput,
            contains:
                "period \"someday\" is not one the desk knows; use 2026-11-29 (day), 2026-W48 (ISO week), 2026-11 (month)"
        )
    }
}
