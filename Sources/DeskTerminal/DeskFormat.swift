import Desk
import DeskCore

/// How the desk writes times and durations.
public enum DeskFormat {
    /// `2025-05-12 14:30` in the office's time zone (UTC when there is no office yet).
    public static func time(_ t: Timestamp, calendar: BusinessCalendar?) -> String {
        ReportText.time(t, calendar: calendar)
    }

    /// `05-12 14:30`: a due time in a narrow column.
    public static func shortTime(_ t: Timestamp, calendar: BusinessCalendar?) -> String {
        String(time(t, calendar: calendar).dropFirst(5))
    }

    /// The age of a complaint: `45m`, `5h`, `3d`.
    public static func age(from start: Timestamp, to now: Timestamp) -> String {
        let minutes = max(0, (now.milliseconds - start.milliseconds) / 60_000)
        if minutes < 60 { return "\(minutes)m" }
        if minutes < 48 * 60 { return "\(minutes / 60)h" }
        return "\(minutes / (24 * 60))d"
    }

    /// Business minutes as `2h05m`; negative as `-1h10m`.
    public static func minutes(_ value: Int) -> String {
        let sign = value < 0 ? "-" : ""
        let m = abs(value)
        return m >= 60 ? "\(sign)\(m / 60)h\(two(m % 60))m" : "\(sign)\(m)m"
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// How far a due time is from now, in wall-clock time: `in 45m`, `in 4h`, `in 3d`, or once it
    /// has passed `45m over`, `4h over`, `3d over`.
    public static func span(until due: Timestamp, from now: Timestamp) -> String {
        let minutes = (due.milliseconds - now.milliseconds) / 60_000
        let size = abs(minutes)
        let text =
            size < 60 ? "\(size)m" : (size < 48 * 60 ? "\(size / 60)h" : "\(size / (24 * 60))d")
        return minutes < 0 ? "\(text) over" : "in \(text)"
    }
}
