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
            throw DeskError(
                .invalidInput,
                "time zone \"\(identifier)\" is unknown; use an IANA name such as Europe/London")
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
        a.timeZoneIdentifier == b.timeZoneIdentifier && a.weeklyHours == b.weeklyHours
            && a.holidays == b.holidays
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
        let date = CalendarDate(dayNumber: day)
        guard !holidays.contains(date), let h = weeklyHours[Weekday(dayNumber: day).rawValue] else {
            return nil
        }
        let midnight = Int64(day) * 86_400_000
        return (
            utc(ofLocal: midnight + Int64(h.opens) * 60_000),
            utc(ofLocal: midnight + Int64(h.closes) * 60_000)
        )
    }

    /// Instants outside 1900–2200 are treated as its edges, so a wild timestamp in a damaged
    /// log cannot make the day table enormous.
    static let earliest: Int64 = -2_208_988_800_000
    static let latest: Int64 = 7_258_118_400_000

    static func clamp(_ t: Int64) -> Int64 { min(max(t, earliest), latest) }

    /// The day table covering `t` (and a wide margin around it).
    func table(covering t: Int64) -> DayTable {
        cache.table(covering: Self.clamp(t)) { firstDay, count in
            var midnight = [Int64](repeating: 0, count: count + 1)
            var open = [Int64](repeating: 0, count: count)
            var close = [Int64](repeating: 0, count: count)
            var cumulative = [Int64](repeating: 0, count: count + 1)
            for i in 0...count {
                midnight[i] = utc(ofLocal: Int64(firstDay + i) * 86_400_000)
                guard i < count else { break }
                if let o = openInterval(day: firstDay + i) {
                    open[i] = o.open
                    close[i] = o.close
                } else {
                    open[i] = midnight[i]
                    close[i] = midnight[i]
                }
                cumulative[i + 1] = cumulative[i] + (close[i] - open[i])
            }
            return DayTable(
                firstDay: firstDay, midnight: midnight, open: open, close: close, cumulative: cumulative)
        }
    }

    // MARK: Business-time arithmetic

    /// The first instant at or after `t` when the office is open. A complaint received out of
    /// hours starts its clocks here.
    public func nextOpening(after t: Timestamp) -> Timestamp {
        let t = Timestamp(milliseconds: Self.clamp(t.milliseconds))
        var tab = table(covering: t.milliseconds)
        var i = tab.index(of: t.milliseconds)
        if t.milliseconds < tab.close[i] { return Timestamp(milliseconds: max(t.milliseconds, tab.open[i])) }
        // Look ahead, a year at a time, for the next day with hours.
        for _ in 0..<(Self.horizonDays / 366) {
            i += 1
            while i < tab.open.count {
                if tab.open[i] < tab.close[i] { return Timestamp(milliseconds: tab.open[i]) }
                i += 1
            }
            let next = tab.midnight[tab.open.count]
            tab = table(covering: next + 366 * 86_400_000)
            i = tab.index(of: next) - 1
        }
        return Timestamp(milliseconds: Int64.max / 2)
    }

    /// Whether the office is open at `t`.
    public func isOpen(at t: Timestamp) -> Bool {
        let tab = table(covering: t.milliseconds)
        let i = tab.index(of: t.milliseconds)
        return t.milliseconds >= tab.open[i] && t.milliseconds < tab.close[i]
    }

    /// How many days to look ahead before deciding the office never opens again.
    private static let horizonDays = 366 * 5

    /// The instant when `minutes` of business time have passed after `t`. Ending exactly at
    /// closing time gives the closing instant, not the next opening.
    /// Checked: an amount too large for any calendar gives a time beyond every real one.
    public func add(businessMinutes minutes: Int, to t: Timestamp) -> Timestamp {
        let (amount, overflow) = Int64(minutes).multipliedReportingOverflow(by: 60_000)
        return add(businessMilliseconds: overflow ? Int64.max : amount, to: t)
    }

    func add(businessMilliseconds amount: Int64, to t: Timestamp) -> Timestamp {
        guard amount > 0 else { return nextOpening(after: t) }
        let t = Timestamp(milliseconds: Self.clamp(t.milliseconds))
        var tab = table(covering: t.milliseconds)
        let (sum, overflow) = tab.businessTime(upTo: t.milliseconds).addingReportingOverflow(amount)
        if overflow { return Timestamp(milliseconds: Int64.max / 2) }
        var target = sum
        var guardRounds = 0
        while target > tab.cumulative[tab.open.count] {
            guardRounds += 1
            let end = tab.midnight[tab.open.count]
            let before = tab.cumulative[tab.open.count]
            let bigger = table(covering: end + 366 * 86_400_000)
            // Re-express the target against the new table (its first day may differ).
            let (moved, overflow) = (target - before).addingReportingOverflow(bigger.businessTime(upTo: end))
            if overflow { return Timestamp(milliseconds: Int64.max / 2) }
            target = moved
            tab = bigger
            if guardRounds > Self.horizonDays / 366 { return Timestamp(milliseconds: Int64.max / 2) }
        }
        // The first day whose cumulative business time reaches the target.
        var lo = 0
        var hi = tab.open.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if tab.cumulative[mid + 1] >= target { hi = mid } else { lo = mid + 1 }
        }
        return Timestamp(milliseconds: tab.open[lo] + (target - tab.cumulative[lo]))
    }

    /// Whole business minutes between two instants (zero when `to` is not after `from`).
    public func businessMinutes(from: Timestamp, to: Timestamp) -> Int {
        Int(businessMilliseconds(from: from.milliseconds, to: to.milliseconds) / 60_000)
    }

    func businessMilliseconds(from a: Int64, to b: Int64) -> Int64 {
        let a = Self.clamp(a)
        let b = Self.clamp(b)
        guard b > a else { return 0 }
        let tab = table(covering: a)
        if b < tab.midnight[tab.open.count] {
            return tab.businessTime(upTo: b) - tab.businessTime(upTo: a)
        }
        let both = table(covering: b)
        if a >= both.midnight[0] { return both.businessTime(upTo: b) - both.businessTime(upTo: a) }
        // Very far apart: sum whole stretches.
        let end = tab.midnight[tab.open.count]
        return tab.cumulative[tab.open.count] - tab.businessTime(upTo: a)
            + businessMilliseconds(from: end, to: b)
    }

    /// Business minutes in one ordinary open day of the week (the longest), used to express
    /// targets such as "2 working days".
    public var minutesPerWorkingDay: Int {
        weeklyHours.compactMap { $0.map { $0.closes - $0.opens } }.max() ?? 0
    }
}

/// Business time per local day over a window of days, as UTC instants, with running totals
/// so that "business time between two instants" is two look-ups.
struct DayTable: Sendable {
    let firstDay: Int
    /// UTC instant of each local midnight, one more than there are days.
    let midnight: [Int64]
    /// Opening and closing instants; equal when the office is closed that day.
    let open: [Int64]
    let close: [Int64]
    /// Business milliseconds before each day (one more than there are days).
    let cumulative: [Int64]

    func covers(_ t: Int64) -> Bool { t >= midnight[0] && t < midnight[midnight.count - 1] }

    /// The day containing `t` (which must be covered).
    func index(of t: Int64) -> Int {
        var lo = 0
        var hi = open.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if midnight[mid] <= t { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Business milliseconds from the table's start up to `t`.
    func businessTime(upTo t: Int64) -> Int64 {
        let i = index(of: t)
        return cumulative[i] + min(max(t - open[i], 0), close[i] - open[i])
    }
}

/// Holds the current day table; widened (rebuilt) when an instant outside it is asked for.
private final class DayCache: @unchecked Sendable {
    private let lock = NSLock()
    private var current: DayTable?

    func table(covering t: Int64, build: (_ firstDay: Int, _ count: Int) -> DayTable) -> DayTable {
        lock.lock()
        defer { lock.unlock() }
        if let c = current, c.covers(t) { return c }
        let day = Int(t.floorDiv(86_400_000))
        var first = day - 400
        var last = day + 800
        if let c = current {
            first = min(first, c.firstDay)
            last = max(last, c.firstDay + c.open.count)
        }
        let table = build(first, last - first)
        current = table
        return table
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
    /// The target in working days of the office calendar, when it was given in days (`10d`);
    /// nil for targets in hours or minutes, and for standards published before working days.
    public var targetWorkingDays: Int?
    /// A comparable figure from elsewhere, in the same business minutes, and where it comes from.
    public var benchmarkMinutes: Int?
    /// The benchmark in working days, when it was given in days.
    public var benchmarkWorkingDays: Int?
    public var benchmarkSource: String
    public var version: Int
    public var effective: Timestamp

    /// The share of the target after which a running clock is shown "at risk".
    public static let warningShare = 0.75

    public init(
        id: String, wording: String, measure: Measure, categories: [String] = [], channels: [Channel] = [],
        targetMinutes: Int, threshold: Double, benchmarkMinutes: Int? = nil, benchmarkSource: String = "",
        version: Int, effective: Timestamp, targetWorkingDays: Int? = nil, benchmarkWorkingDays: Int? = nil
    ) {
        self.targetWorkingDays = targetWorkingDays
        self.benchmarkWorkingDays = benchmarkWorkingDays
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
        (categories.isEmpty || categories.contains(category))
            && (channels.isEmpty || channels.contains(channel))
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
    /// How many calendar days back a complaint's `received_at` may lie (`[office]
    /// backdating_window`, a year by default).
    public var backdatingWindowDays: Int
    /// How the public reaches the office (address, telephone, web), as printed on receipts.
    public var contact: String
    /// How a customer takes a complaint further, as printed on receipts and notices.
    public var escalation: String
    /// The groups the office serves (`[office] customer_groups`, e.g. resident, business,
    /// visitor): ids a customer's group is chosen from; empty when the office lists none.
    public var customerGroups: [String]
    /// How long a kiosk's survey waits for the customer's next key before it clears the screen
    /// (`[kiosk] quiet_timeout`, seconds).
    public var kioskQuietTimeoutSeconds: Int = OfficeConfiguration.defaultKioskQuietTimeoutSeconds
    /// The printer reports and receipts go to (`[office] printer`, a CUPS queue name for
    /// `lpr -P`); "" when the office names none, and the desk shows the file's path instead.
    public var printer: String

    public static let defaultBackdatingWindowDays = 365
    public static let defaultKioskQuietTimeoutSeconds = 120
    /// The bounds of `[kiosk] quiet_timeout`: 15 seconds to 30 minutes.
    public static let kioskQuietTimeoutBounds = 15...1800

    /// Whether a customer may be filed under `group`: empty (no group), or one the office lists.
    /// The one rule for the form, `desk import` and every command.
    public func acceptsCustomerGroup(_ group: String) -> Bool {
        group.isEmpty || customerGroups.contains(group)
    }

    public init(
        name: String, calendar: BusinessCalendar, categories: [Category],
        channels: [Channel] = Channel.allCases,
        version: Int = 1, backdatingWindowDays: Int = OfficeConfiguration.defaultBackdatingWindowDays,
        contact: String = "", escalation: String = "", customerGroups: [String] = [], printer: String = ""
    ) {
        self.printer = printer
        self.customerGroups = customerGroups
        self.backdatingWindowDays = backdatingWindowDays
        self.contact = contact
        self.escalation = escalation
        self.name = name
        self.calendar = calendar
        var cats = categories
        if !cats.contains(where: { $0.id == Category.other.id }) { cats.append(.other) }
        self.categories = cats
        self.channels = channels
        self.version = version
    }
}
