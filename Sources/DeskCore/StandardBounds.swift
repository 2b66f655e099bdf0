/// The bounds of a service standard's target and benchmark, and what a value outside them does.
///
/// A target lies between one business minute and a year of working days. The configuration
/// refuses anything else; a value outside the bounds that is already in the log (written by an
/// older or hostile version) raises an alarm naming the standard, and its clocks count the
/// nearest bound instead, so no figure ever overflows.
extension ServiceStandard {
    /// The shortest target or benchmark: one business minute.
    public static let minimumTargetMinutes = 1
    /// The longest target or benchmark in working days: a year of them (52 weeks of five days).
    public static let maximumWorkingDays = 260
    /// The longest target or benchmark in business minutes: `maximumWorkingDays` days open round
    /// the clock (374,400 minutes), whatever the office's hours.
    public static let maximumTargetMinutes = maximumWorkingDays * 24 * 60

    /// Accepted values, in the words of a message.
    public static let boundsDescription =
        "from 1 business minute (1m) to \(maximumWorkingDays) working days (\(maximumWorkingDays)d), or \(maximumTargetMinutes) business minutes"

    /// What is outside the bounds in this version, in plain words; empty when nothing is.
    public var boundsProblems: [String] {
        var problems: [String] = []
        func check(_ what: String, days: Int?, minutes: Int?) {
            if let days {
                if days < 1 || days > Self.maximumWorkingDays {
                    problems.append(
                        "\(what) of \(days) working days is outside 1–\(Self.maximumWorkingDays) working days"
                    )
                }
            } else if let minutes, minutes < Self.minimumTargetMinutes || minutes > Self.maximumTargetMinutes
            {
                problems.append(
                    "\(what) of \(minutes) business minutes is outside \(Self.minimumTargetMinutes)–\(Self.maximumTargetMinutes) minutes"
                )
            }
        }
        check("target", days: targetWorkingDays, minutes: targetMinutes)
        check("benchmark", days: benchmarkWorkingDays, minutes: benchmarkMinutes)
        return problems
    }

    /// The target in working days its clocks count (within the bounds), or nil for a target in
    /// business minutes.
    public var countedWorkingDays: Int? {
        targetWorkingDays.map { min(max($0, 1), Self.maximumWorkingDays) }
    }

    /// The target in business minutes its clocks count (within the bounds).
    public var countedTargetMinutes: Int {
        min(max(targetMinutes, Self.minimumTargetMinutes), Self.maximumTargetMinutes)
    }

    /// The target as the public reads it: `10 working days`, `4h`, `90m`.
    public var targetDescription: String {
        if let days = targetWorkingDays { return days == 1 ? "1 working day" : "\(days) working days" }
        let minutes = targetMinutes
        if minutes >= 60 && minutes % 60 == 0 { return "\(minutes / 60)h" }
        return "\(minutes)m"
    }
}

extension ServiceStandard {
    /// A year of working days of `calendar`'s longest opening day, in business minutes: the
    /// configuration's bound for a target in hours or minutes, tighter than `maximumTargetMinutes`.
    public static func maximumBusinessMinutes(on calendar: BusinessCalendar) -> Int {
        maximumWorkingDays * max(1, min(calendar.minutesPerWorkingDay, 24 * 60))
    }

    /// Whether a number of business minutes is within the bounds for any calendar.
    public static func isWithinBounds(businessMinutes minutes: Int) -> Bool {
        (minimumTargetMinutes...maximumTargetMinutes).contains(minutes)
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
