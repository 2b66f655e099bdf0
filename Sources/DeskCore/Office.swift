import Foundation

/// How a complaint reached the office, or how a customer wants the reply (EO 12862 §1(f)).
public enum Channel: UInt8, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case counter = 0
    case phone, mail, email, web, kiosk

    public var name: String {
        switch self {
        case .counter: "counter"
        case .phone: "phone"
        case .mail: "mail"
        case .email: "email"
        case .web: "web"
        case .kiosk: "kiosk"
        }
    }

    public var description: String { name }

    /// Accepts the names above, case-insensitively.
    public init?(name: String) {
        guard let c = Channel.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = c
    }
}

/// A category of complaint, e.g. `parking` "Parking permits". The office always has `other`.
public struct Category: Hashable, Sendable {
    /// Short machine name: lowercase letters, digits, `-` and `_`.
    public var id: String
    /// The words shown to clerks and the public.
    public var title: String

    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }

    public static let other = Category(id: "other", title: "Other")
}

/// Opening hours of one weekday, as minutes after local midnight, `opens` < `closes`.
public struct OpeningHours: Hashable, Sendable {
    public var opens: Int
    public var closes: Int

    public init(opens: Int, closes: Int) {
        self.opens = opens
        self.closes = closes
    }

    /// From whole hours and minutes, e.g. `OpeningHours(9, 0, 17, 30)`.
    public init(_ openHour: Int, _ openMinute: Int, _ closeHour: Int, _ closeMinute: Int) {
        self.init(opens: openHour * 60 + openMinute, closes: closeHour * 60 + closeMinute)
    }
}

/// When the office is open: an IANA time zone, opening hours per weekday, holidays.
///
/// Service clocks run only in business time. All arithmetic is done on UTC instants of each
/// day's opening and closing, so a daylight-saving change shifts opening in UTC but never
/// adds or loses an hour of business time.
public struct BusinessCalendar: Sendable, Hashable {
    public let timeZoneIdentifier: String
    /// Opening hours indexed by `Weekday.rawValue`; nil means closed all day.
    public let weeklyHours: [OpeningHours?]
    public let holidays: Set<CalendarDate>
    private let timeZone: TimeZone
    private let cache = DayCache()

    /// Fails with a message naming what is wrong (unknown time zone, hours out of order,
    /// an office never open).
    public init(
        timeZone identifier: String, hours: [Weekday: OpeningHours], holidays: Set<CalendarDate> = []
    ) throws(DeskError) {
        guard let zone = TimeZone(identifier: identifier) else {
            throw DeskError(.invalidInput, "time zone \"\(identifier)\" is unknown; use an IANA name such as Europe/London")
        }
        var weekly = [OpeningHours?](repeating: nil, count: 7)
        for (day, h) in hours {
            guard h.opens >= 0, h.closes <= 1440, h.opens < h.closes else {
                throw DeskError(
                    .invalidInput,
                    "opening hours for \(day.name): opening must come before closing, within 00:00–24:00")
            }
            weekly[day.rawValue] = h
        }
        guard weekly.contains(where: { $0 != nil }) else {
            throw DeskError(.invalidInput, "the office calendar has no opening hours on any weekday")
        }
        self.timeZoneIdentifier = identifier
        self.timeZone = zone
        self.weeklyHours = weekly
        self.holidays = holidays
    }

    /// Monday to Friday, 09:00–17:00, in the given zone.
    public static func weekdays9to5(timeZone: String, holidays: Set<CalendarDate> = []) throws(DeskError)
        -> BusinessCalendar
    {
        let h = OpeningHours(9, 0, 17, 0)
        return try BusinessCalendar(
            timeZone: timeZone,
            hours: [.monday: h, .tuesday: h, .wednesday: h, .thursday: h, .friday: h], holidays: holidays)
    }

    public static func == (a: BusinessCalendar, b: BusinessCalendar) -> Bool {
        a.timeZoneIdentifier == b.timeZoneIdentifier && a.weeklyHours == b.weeklyHours && a.holidays == b.holidays
    }

    public func hash(into h: inout Hasher) {
        h.combine(timeZoneIdentifier)
        h.combine(weeklyHours)
        h.combine(holidays)
    }

    // MARK: Local time

    /// Offset of local time from UTC at an instant, in milliseconds.
    func offset(at t: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t) / 1000))) * 1000
    }

    /// The local calendar day an instant falls on.
    public func localDate(of t: Timestamp) -> CalendarDate {
        CalendarDate(dayNumber: localDay(of: t.milliseconds))
    }

    /// Local wall-clock time as `HH:mm`, and the local date.
    public func localTime(of t: Timestamp) -> (date: CalendarDate, hour: Int, minute: Int) {
        let local = t.milliseconds + offset(at: t.milliseconds)
        let day = local.floorDiv(86_400_000)
        let ms = Int(local - day * 86_400_000)
        return (CalendarDate(dayNumber: Int(day)), ms / 3_600_000, ms / 60_000 % 60)
    }

    func localDay(of t: Int64) -> Int {
        Int((t + offset(at: t)).floorDiv(86_400_000))
    }

    /// The UTC instant of a local wall-clock time (for a time skipped by a DST change, the
    /// instant just after the gap).
    func utc(ofLocal local: Int64) -> Int64 {
        let first = offset(at: local)
        let guess = local - first
        let second = offset(at: guess)
        return second == first ? guess : local - second
    }

    /// The open interval of a local day as UTC milliseconds, or nil when closed.
    func openInterval(day: Int) -> (open: Int64, close: Int64)? {
        if let hit = cache.get(day) { return hit.open == hit.close ? nil : hit }
        var result: (open: Int64, close: Int64) = (0, 0)
        let date = CalendarDate(dayNumber: day)
        if !holidays.contains(date), let h = weeklyHours[Weekday(dayNumber: day).rawValue] {
            let midnight = Int64(day) * 86_400_000
            result = (
                utc(ofLocal: midnight + Int64(h.opens) * 60_000), utc(ofLocal: midnight + Int64(h.closes) * 60_000)
            )
        }
        cache.put(day, result)
        return result.open == result.close ? nil : result
    }

    /// How many days to look ahead before deciding the office never opens again.
    private static let horizonDays = 366 * 5

    // MARK: Business-time arithmetic

    /// The first instant at or after `t` when the office is open. A complaint received out of
    /// hours starts its clocks here.
    public func nextOpening(after t: Timestamp) -> Timestamp {
        add(businessMilliseconds: 0, to: t)
    }

    /// Whether the office is open at `t`.
    public func isOpen(at t: Timestamp) -> Bool {
        guard let i = openInterval(day: localDay(of: t.milliseconds)) else { return false }
        return t.milliseconds >= i.open && t.milliseconds < i.close
    }

    /// The instant when `minutes` of business time have passed after `t`. Ending exactly at
    /// closing time gives the closing instant, not the next opening.
    public func add(businessMinutes minutes: Int, to t: Timestamp) -> Timestamp {
        add(businessMilliseconds: Int64(minutes) * 60_000, to: t)
    }

    func add(businessMilliseconds amount: Int64, to t: Timestamp) -> Timestamp {
        var remaining = max(0, amount)
        var day = localDay(of: t.milliseconds)
        let last = day + Self.horizonDays
        while day <= last {
            if let i = openInterval(day: day), i.close > t.milliseconds {
                let start = max(i.open, t.milliseconds)
                let available = i.close - start
                if remaining <= available { return Timestamp(milliseconds: start + remaining) }
                remaining -= available
            }
            day += 1
        }
        return Timestamp(milliseconds: Int64.max / 2)
    }

    /// Whole business minutes between two instants (zero when `to` is not after `from`).
    public func businessMinutes(from: Timestamp, to: Timestamp) -> Int {
        Int(businessMilliseconds(from: from.milliseconds, to: to.milliseconds) / 60_000)
    }

    func businessMilliseconds(from a: Int64, to b: Int64) -> Int64 {
        guard b > a else { return 0 }
        var total: Int64 = 0
        var day = localDay(of: a)
        let lastDay = localDay(of: b)
        while day <= lastDay {
            if let i = openInterval(day: day) {
                let s = max(i.open, a)
                let e = min(i.close, b)
                if e > s { total += e - s }
            }
            day += 1
        }
        return total
    }

    /// Business minutes in one ordinary open day of the week (the longest), used to express
    /// targets such as "2 working days".
    public var minutesPerWorkingDay: Int {
        weeklyHours.compactMap { $0.map { $0.closes - $0.opens } }.max() ?? 0
    }
}

/// Remembers each local day's opening interval; converting through the time zone is the
/// slow part of business-time arithmetic.
private final class DayCache: @unchecked Sendable {
    private let lock = NSLock()
    private var days: [Int: (open: Int64, close: Int64)] = [:]

    func get(_ day: Int) -> (open: Int64, close: Int64)? {
        lock.lock()
        defer { lock.unlock() }
        return days[day]
    }

    func put(_ day: Int, _ value: (open: Int64, close: Int64)) {
        lock.lock()
        if days.count > 20_000 { days.removeAll(keepingCapacity: true) }
        days[day] = value
        lock.unlock()
    }
}

/// What a service standard measures: from receipt to a step of the complaint's life.
public enum Measure: UInt8, CaseIterable, Sendable, Hashable {
    /// Received → acknowledged.
    case acknowledgement = 0
    /// Received (or reopened) → responded.
    case response = 1
    /// Received (or reopened) → closed.
    case resolution = 2

    public var name: String {
        switch self {
        case .acknowledgement: "acknowledgement"
        case .response: "response"
        case .resolution: "resolution"
        }
    }

    public init?(name: String) {
        guard let m = Measure.allCases.first(where: { $0.name == name }) else { return nil }
        self = m
    }
}

/// A posted promise to the public (EO 12862 §1(c), §1(d)), one version of it.
///
/// A complaint is measured against the version in force when it was received: the highest
/// version whose `effective` instant is at or before receipt.
public struct ServiceStandard: Hashable, Sendable {
    /// Stable id across versions, e.g. `acknowledge`.
    public var id: String
    /// Public wording, e.g. "We will acknowledge your complaint within 2 working days."
    public var wording: String
    public var measure: Measure
    /// Category ids covered; empty covers every category.
    public var categories: [String]
    /// Channels covered; empty covers every channel.
    public var channels: [Channel]
    /// The target in business minutes of the office calendar (a working day of 09:00–17:00
    /// is 480 minutes).
    public var targetMinutes: Int
    /// The share of complaints that must meet the target, e.g. 0.9.
    public var threshold: Double
    /// A comparable figure from elsewhere, in the same business minutes, and where it comes from.
    public var benchmarkMinutes: Int?
    public var benchmarkSource: String
    public var version: Int
    public var effective: Timestamp

    /// The share of the target after which a running clock is shown "at risk".
    public static let warningShare = 0.75

    public init(
        id: String, wording: String, measure: Measure, categories: [String] = [], channels: [Channel] = [],
        targetMinutes: Int, threshold: Double, benchmarkMinutes: Int? = nil, benchmarkSource: String = "",
        version: Int, effective: Timestamp
    ) {
        self.id = id
        self.wording = wording
        self.measure = measure
        self.categories = categories
        self.channels = channels
        self.targetMinutes = targetMinutes
        self.threshold = threshold
        self.benchmarkMinutes = benchmarkMinutes
        self.benchmarkSource = benchmarkSource
        self.version = version
        self.effective = effective
    }

    /// Whether a complaint of this category and channel is measured by this standard.
    public func covers(category: String, channel: Channel) -> Bool {
        (categories.isEmpty || categories.contains(category)) && (channels.isEmpty || channels.contains(channel))
    }
}

/// What the office publishes about itself that changes figures: its name, calendar and
/// categories. Published into the log as `officeConfigured`.
public struct OfficeConfiguration: Hashable, Sendable {
    public var name: String
    public var calendar: BusinessCalendar
    /// Always contains `other` (added when missing).
    public private(set) var categories: [Category]
    /// Channels this office takes complaints on.
    public var channels: [Channel]
    public var version: Int

    public init(
        name: String, calendar: BusinessCalendar, categories: [Category], channels: [Channel] = Channel.allCases,
        version: Int = 1
    ) {
        self.name = name
        self.calendar = calendar
        var cats = categories
        if !cats.contains(where: { $0.id == Category.other.id }) { cats.append(.other) }
        self.categories = cats
        self.channels = channels
        self.version = version
    }
}
