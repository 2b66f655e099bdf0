import Foundation

/// An instant, as milliseconds since 1970-01-01T00:00:00Z.
///
/// Eight bytes, no time zone: the office calendar decides what the instant means locally.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public init(_ date: Date) {
        self.milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The UTC instant at the given civil date and time.
    public init(utcYear year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        let days = CalendarDate(year: year, month: month, day: day).dayNumber
        self.milliseconds =
            Int64(days) * 86_400_000 + Int64(hour * 3_600_000 + minute * 60_000 + second * 1000)
    }

    public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// Saturating: a span too large for any instant gives the earliest or latest one, never a trap.
    public func adding(minutes: Int) -> Timestamp {
        let (delta, overflow) = Int64(minutes).multipliedReportingOverflow(by: 60_000)
        return adding(milliseconds: overflow ? (minutes < 0 ? .min : .max) : delta)
    }

    /// Saturating, like ``adding(minutes:)``.
    public func adding(milliseconds delta: Int64) -> Timestamp {
        let (sum, overflow) = milliseconds.addingReportingOverflow(delta)
        return Timestamp(milliseconds: overflow ? (delta < 0 ? .min : .max) : sum)
    }

    /// ISO 8601 in UTC, to the second (with milliseconds only when they are not zero).
    public var description: String { iso8601 }

    /// The instants ISO 8601 writes with a four-digit year: 0000-01-01 to 9999-12-31.
    static let writable: ClosedRange<Int64> = -62_167_219_200_000...253_402_300_799_999

    /// ISO 8601 in UTC, e.g. `2026-11-25T10:42:00Z`. An instant beyond the years 0–9999 (only a
    /// damaged or forged record holds one) is written as its milliseconds, never trapped on.
    public var iso8601: String {
        guard Self.writable.contains(milliseconds) else {
            return "\(milliseconds) ms from 1970 (beyond ISO 8601)"
        }
        let day = Int(milliseconds.floorDiv(86_400_000))
        let msOfDay = Int(milliseconds - Int64(day) * 86_400_000)
        let date = CalendarDate(dayNumber: day)
        let h = msOfDay / 3_600_000
        let m = msOfDay / 60_000 % 60
        let s = msOfDay / 1000 % 60
        let ms = msOfDay % 1000
        var text = "\(date)T\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2))"
        if ms != 0 { text += ".\(pad(ms, 3))" }
        return text + "Z"
    }

    /// Parses ISO 8601 date-times such as `2026-11-25T10:42:00Z`, `2026-11-25T10:42+01:00`
    /// or `2026-11-25T10:42:00.250Z`. A date without time zone is refused (nil): the caller
    /// must say which zone it means.
    public init?(iso8601 text: String) {
        let b = Array(text.utf8)
        var i = 0
        func number(_ count: Int) -> Int? {
            guard i + count <= b.count else { return nil }
            var v = 0
            for k in i..<(i + count) {
                let c = b[k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += count
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = number(4), expect(45), let mo = number(2), expect(45), let d = number(2),
            mo >= 1, mo <= 12, d >= 1, d <= CalendarDate.daysIn(month: mo, year: y)
        else { return nil }
        guard i < b.count, b[i] == 84 || b[i] == 116 || b[i] == 32 else { return nil }
        i += 1
        guard let h = number(2), expect(58), let mi = number(2), h < 24, mi < 60 else { return nil }
        var s = 0
        var ms = 0
        if expect(58) {
            guard let sec = number(2), sec < 60 else { return nil }
            s = sec
            if expect(46) || expect(44) {
                var digits = 0
                var frac = 0
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    if digits < 3 { frac = frac * 10 + Int(b[i] - 48) }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                var k = digits
                while k < 3 {
                    frac *= 10
                    k += 1
                }
                ms = frac
            }
        }
        var offsetMinutes = 0
        if expect(90) || expect(122) {
            offsetMinutes = 0
        } else if i < b.count, b[i] == 43 || b[i] == 45 {
            let sign = b[i] == 45 ? -1 : 1
            i += 1
            guard let oh = number(2) else { return nil }
            _ = expect(58)
            guard let om = number(2), oh < 24, om < 60 else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let local = Timestamp(utcYear: y, month: mo, day: d, hour: h, minute: mi, second: s)
        self.milliseconds = local.milliseconds + Int64(ms) - Int64(offsetMinutes) * 60_000
    }
}

func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

extension Int64 {
    func floorDiv(_ d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}

/// A civil date (no time, no zone), used for holidays and for days of the office calendar.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            m >= 1, m <= 12, d >= 1, d <= CalendarDate.daysIn(month: m, year: y)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01 (negative before), after Howard Hinnant's `days_from_civil`.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public var weekday: Weekday { Weekday(dayNumber: dayNumber) }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public var description: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A day of the week; raw values follow the usual Sunday-first numbering from 0.
public enum Weekday: Int, CaseIterable, Sendable, Hashable {
    case sunday = 0
    case monday, tuesday, wednesday, thursday, friday, saturday

    init(dayNumber: Int) {
        // 1970-01-01 was a Thursday.
        let r = (dayNumber + 4) % 7
        self = Weekday(rawValue: r < 0 ? r + 7 : r)!
    }

    public var name: String { "\(self)" }
}

/// Where "now" comes from. Inject one: service clocks and decisions never read the system time.
public protocol Clock: Sendable {
    var now: Timestamp { get }
}

/// The real time of this machine.
public struct SystemClock: Clock {
    public init() {}
    public var now: Timestamp { Timestamp(Date()) }
}

/// A clock that moves only when a test says so. Safe to share between threads.
public final class ManualClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Timestamp

    public init(_ start: Timestamp) {
        current = start
    }

    public var now: Timestamp {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    public func advance(minutes: Int) {
        advance(milliseconds: Int64(minutes) * 60_000)
    }

    public func advance(milliseconds: Int64) {
        lock.lock()
        current = current.adding(milliseconds: milliseconds)
        lock.unlock()
    }

    public func set(_ time: Timestamp) {
        lock.lock()
        current = time
        lock.unlock()
    }
}
