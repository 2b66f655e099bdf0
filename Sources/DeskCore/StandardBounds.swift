/// The bounds a service standard's durations must keep, and the office's limits on text and on
/// the backdating window. `desk.toml` is checked against them before anything is published; a
/// value outside them in the log (written by an older or hostile desk) is not to be trusted.
extension ServiceStandard {
    /// A target or benchmark is at most a year of working days (52 weeks of 5 days).
    public static let maximumWorkingDays = 260
    /// A target or benchmark is at least one business minute.
    public static let minimumBusinessMinutes = 1
    /// The most business minutes any target or benchmark can stand for: a year of working days
    /// of an office open around the clock. For a given calendar the bound is tighter:
    /// `maximumBusinessMinutes(on:)`.
    public static let maximumBusinessMinutes = maximumWorkingDays * 24 * 60

    /// A year of working days of `calendar`'s longest opening day, in business minutes.
    public static func maximumBusinessMinutes(on calendar: BusinessCalendar) -> Int {
        maximumWorkingDays * max(1, min(calendar.minutesPerWorkingDay, 24 * 60))
    }

    /// Whether a number of business minutes is within the bounds for any calendar.
    public static func isWithinBounds(businessMinutes minutes: Int) -> Bool {
        (minimumBusinessMinutes...maximumBusinessMinutes).contains(minutes)
    }

    /// Whether a number of working days is within the bounds.
    public static func isWithinBounds(workingDays days: Int) -> Bool {
        (1...maximumWorkingDays).contains(days)
    }
}

extension OfficeConfiguration {
    /// `[office] backdating_window` is 1 to 3,650 calendar days (ten years).
    public static let backdatingWindowBounds = 1...3650
}

extension TextField {
    /// The office's name, as on every screen and notice (`[office] name`).
    public static let officeName = TextField("name", maxLength: 200, required: true)
    /// How the public reaches the office, as printed on receipts (`[office] contact`).
    public static let officeContact = TextField("contact", maxLength: 500)
    /// How a customer takes a complaint further (`[office] escalation`).
    public static let officeEscalation = TextField("escalation", maxLength: 500)
    /// A category's title (`[[categories]] title`).
    public static let categoryTitle = TextField("title", maxLength: 80, required: true)
    /// A standard's public wording (`[[standards]] wording`).
    public static let standardWording = TextField("wording", maxLength: 500, required: true)
    /// Where a standard's benchmark comes from (`[[standards]] benchmark_source`).
    public static let benchmarkSource = TextField("benchmark_source", maxLength: 500)
}
