import Foundation

/// A period the desk reports on: a day, an ISO week, a month, a quarter or a year of the office's
/// calendar.
///
/// The same grammar names a period everywhere (the dashboard, `desk status --period`, reports):
/// `2026-11-29`, `2026-W48`, `2026-11`, `2026-Q4`, `2026`, or, counted from now, `today`,
/// `yesterday`, `this-week`, `this-month`, `this-quarter`, `last-month`, `last-quarter`. A period is civil (dates, no zone); it becomes
/// instants only in the office's time zone (``range(in:)``), from local midnight to local
/// midnight, so a daylight-saving change makes a day 23 or 25 hours long and loses nothing.
public struct ReportingPeriod: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Length: UInt8, Hashable, Sendable, CaseIterable {
        /// Monday to Sunday, numbered as ISO 8601 does (week 1 holds the year's first Thursday).
        case week
        case month
        case quarter
        case year
        /// One civil day (the board's "today").
        case day

        /// What one is called in plain words (`12 months`).
        public var noun: String {
            switch self {
            case .week: "week"
            case .month: "month"
            case .quarter: "quarter"
            case .year: "year"
            case .day: "day"
            }
        }
    }

    public let length: Length
    /// The calendar year; for a week, the ISO week-numbering year (2026-W53 ends in January 2027).
    public let year: Int
    /// The week (1–53), month (1–12), quarter (1–4) or day of the year (1–366); 1 for a year.
    public let number: Int

    /// The calendar month holding `date`.
    public static func month(of date: CalendarDate) -> ReportingPeriod {
        ReportingPeriod(length: .month, year: date.year, number: date.month)
    }

    /// The ISO week, month, quarter or year holding `date`.
    public static func containing(_ date: CalendarDate, length: Length) -> ReportingPeriod {
        switch length {
        case .month: return month(of: date)
        case .quarter:
            return ReportingPeriod(length: .quarter, year: date.year, number: (date.month - 1) / 3 + 1)
        case .year: return ReportingPeriod(length: .year, year: date.year, number: 1)
        case .day:
            return ReportingPeriod(
                length: .day, year: date.year, number: date.dayNumber - day(date.year, 1) + 1)
        case .week:
            // The week's Thursday decides its year.
            let monday = date.dayNumber - isoWeekday(date.dayNumber)
            let thursday = CalendarDate(dayNumber: monday + 3)
            let week = (monday - firstMonday(ofWeekYear: thursday.year)) / 7 + 1
            return ReportingPeriod(length: .week, year: thursday.year, number: week)
        }
    }

    /// The period of this length holding `instant` in the office's time zone.
    public static func containing(_ instant: Timestamp, length: Length, calendar: BusinessCalendar)
        -> ReportingPeriod
    {
        containing(calendar.localDate(of: instant), length: length)
    }

    private init(length: Length, year: Int, number: Int) {
        self.length = length
        self.year = year
        self.number = number
    }

    /// A period checked against the calendar: week 53 only in a year that has one.
    public init(length: Length, year: Int, _ number: Int = 1) throws(DeskError) {
        guard (1...9999).contains(year) else {
            throw DeskError(.invalidInput, "year \(year) is out of range; use 1–9999", field: "period")
        }
        let last = Self.count(of: length, in: year)
        guard (1...last).contains(number) else {
            let name = length == .week ? "ISO year \(year)" : String(year)
            throw DeskError(
                .invalidInput, "\(name) has no \(length.noun) \(number); they run 1–\(last)", field: "period")
        }
        self.init(length: length, year: year, number: number)
    }

    /// What the grammar accepts, for messages.
    public static let accepted =
        "2026-11-29 (day), 2026-W48 (ISO week), 2026-11 (month), 2026-Q4 (quarter), 2026 (year), today, yesterday, this-week, this-month, this-quarter, last-month or last-quarter"

    /// Reads a period in the desk's grammar; the relative names count from `now` in the office's
    /// time zone. Letters may be in either case. A period it cannot read names what is accepted.
    public static func parse(_ text: String, now: Timestamp, calendar: BusinessCalendar) throws(DeskError)
        -> ReportingPeriod
    {
        let word = text.trimmingCharacters(in: .whitespaces).lowercased()
        let today = calendar.localDate(of: now)
        switch word {
        case "today": return containing(today, length: .day)
        case "yesterday": return containing(today, length: .day).previous
        case "this-week": return containing(today, length: .week)
        case "this-month": return containing(today, length: .month)
        case "this-quarter": return containing(today, length: .quarter)
        case "last-month": return containing(today, length: .month).previous
        case "last-quarter": return containing(today, length: .quarter).previous
        default: break
        }
        let parts = word.split(separator: "-", omittingEmptySubsequences: false)
        func digits(_ s: Substring, count: ClosedRange<Int>) -> Int? {
            guard count.contains(s.count), s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(s)
        }
        let refusal = DeskError(
            .invalidInput,
            "period \"\(text)\" is not one the desk knows; use \(accepted)", field: "period")
        guard let first = parts.first, let year = digits(first, count: 4...4) else { throw refusal }
        if parts.count == 1 { return try ReportingPeriod(length: .year, year: year) }
        if parts.count == 3 {
            guard let date = CalendarDate(word) else {
                throw DeskError(
                    .invalidInput, "period \"\(text)\" is not a date of the calendar; use \(accepted)",
                    field: "period")
            }
            return containing(date, length: .day)
        }
        guard parts.count == 2 else { throw refusal }
        let rest = parts[1]
        if rest.first == "w", let week = digits(rest.dropFirst(), count: 1...2) {
            return try ReportingPeriod(length: .week, year: year, week)
        }
        if rest.first == "q", let quarter = digits(rest.dropFirst(), count: 1...1) {
            return try ReportingPeriod(length: .quarter, year: year, quarter)
        }
        if let month = digits(rest, count: 2...2) {
            return try ReportingPeriod(length: .month, year: year, month)
        }
        throw refusal
    }

    // MARK: Days and instants

    /// The first day of the period and the day after its last, as day numbers.
    public var days: Range<Int> {
        switch length {
        case .week:
            let start = Self.firstMonday(ofWeekYear: year) + (number - 1) * 7
            return start..<(start + 7)
        case .month:
            return Self.day(
                year, number)..<Self.day(number == 12 ? year + 1 : year, number == 12 ? 1 : number + 1)
        case .quarter:
            let month = (number - 1) * 3 + 1
            return Self.day(
                year, month)..<Self.day(number == 4 ? year + 1 : year, number == 4 ? 1 : month + 3)
        case .year:
            return Self.day(year, 1)..<Self.day(year + 1, 1)
        case .day:
            let start = Self.day(year, 1) + number - 1
            return start..<(start + 1)
        }
    }

    public var firstDay: CalendarDate { CalendarDate(dayNumber: days.lowerBound) }
    public var lastDay: CalendarDate { CalendarDate(dayNumber: days.upperBound - 1) }

    /// From the period's first local midnight to the local midnight after its last day, in the
    /// office's time zone: half-open, so consecutive periods neither overlap nor leave a gap.
    public func range(in calendar: BusinessCalendar) -> Range<Timestamp> {
        let start = calendar.utc(ofLocal: Int64(days.lowerBound) * 86_400_000)
        let end = calendar.utc(ofLocal: Int64(days.upperBound) * 86_400_000)
        return Timestamp(milliseconds: start)..<Timestamp(milliseconds: end)
    }

    // MARK: Neighbours

    /// The period of the same length just before this one.
    public var previous: ReportingPeriod { moved(by: -1) }
    /// The period of the same length just after this one.
    public var next: ReportingPeriod { moved(by: 1) }

    /// The period `steps` periods of this length away (negative: earlier).
    public func moved(by steps: Int) -> ReportingPeriod {
        switch length {
        case .week:
            return Self.containing(CalendarDate(dayNumber: days.lowerBound + steps * 7), length: .week)
        case .month:
            let index = year * 12 + (number - 1) + steps
            return ReportingPeriod(
                length: .month, year: index.floorDivided(by: 12), number: index.floorModulo(12) + 1)
        case .quarter:
            let index = year * 4 + (number - 1) + steps
            return ReportingPeriod(
                length: .quarter, year: index.floorDivided(by: 4), number: index.floorModulo(4) + 1)
        case .year:
            return ReportingPeriod(length: .year, year: year + steps, number: 1)
        case .day:
            return Self.containing(CalendarDate(dayNumber: days.lowerBound + steps), length: .day)
        }
    }

    /// The `count` periods ending with this one, oldest first (the trend's periods).
    public func trailing(_ count: Int) -> [ReportingPeriod] {
        (0..<max(0, count)).map { moved(by: $0 - count + 1) }
    }

    // MARK: Names

    /// The period in the grammar: `2026-11-29`, `2026-W48`, `2026-11`, `2026-Q4`, `2026`.
    public var name: String {
        switch length {
        case .day: "\(pad(year, 4))-\(pad(firstDay.month, 2))-\(pad(firstDay.day, 2))"
        case .week: "\(pad(year, 4))-W\(pad(number, 2))"
        case .month: "\(pad(year, 4))-\(pad(number, 2))"
        case .quarter: "\(pad(year, 4))-Q\(number)"
        case .year: pad(year, 4)
        }
    }

    public var description: String { name }

    /// For titles: `29 November 2026`, `November 2026`, `2026-W48 (23–29 Nov)`, `2026-Q4 (Oct–Dec)`,
    /// `2026`.
    public var label: String {
        switch length {
        case .day:
            return "\(firstDay.day) \(Self.monthNames[firstDay.month - 1]) \(year)"
        case .month:
            return "\(Self.monthNames[number - 1]) \(year)"
        case .quarter:
            let first = (number - 1) * 3
            return "\(name) (\(Self.shortMonth(first + 1))–\(Self.shortMonth(first + 3)))"
        case .year:
            return name
        case .week:
            let (a, b) = (firstDay, lastDay)
            let from = a.month == b.month ? "\(a.day)" : "\(a.day) \(Self.shortMonth(a.month))"
            return "\(name) (\(from)–\(b.day) \(Self.shortMonth(b.month)))"
        }
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    static func shortMonth(_ month: Int) -> String { String(monthNames[month - 1].prefix(3)) }

    public static func < (a: ReportingPeriod, b: ReportingPeriod) -> Bool {
        (a.days.lowerBound, a.days.upperBound) < (b.days.lowerBound, b.days.upperBound)
    }

    // MARK: ISO weeks

    /// Monday 0 … Sunday 6.
    static func isoWeekday(_ dayNumber: Int) -> Int { (Weekday(dayNumber: dayNumber).rawValue + 6) % 7 }

    /// The Monday of week 1 of an ISO week-numbering year: the week holding 4 January.
    static func firstMonday(ofWeekYear year: Int) -> Int {
        let january4 = day(year, 1, 4)
        return january4 - isoWeekday(january4)
    }

    /// How many weeks, months or quarters a year has (52 or 53 ISO weeks).
    static func count(of length: Length, in year: Int) -> Int {
        switch length {
        case .week: (firstMonday(ofWeekYear: year + 1) - firstMonday(ofWeekYear: year)) / 7
        case .month: 12
        case .quarter: 4
        case .year: 1
        case .day: day(year + 1, 1) - day(year, 1)
        }
    }

    static func day(_ year: Int, _ month: Int, _ day: Int = 1) -> Int {
        CalendarDate(year: year, month: month, day: day).dayNumber
    }
}

extension Int {
    fileprivate func floorDivided(by d: Int) -> Int {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }

    fileprivate func floorModulo(_ d: Int) -> Int { self - floorDivided(by: d) * d }
}
