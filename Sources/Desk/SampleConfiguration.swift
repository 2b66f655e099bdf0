import DeskCore
import Foundation

/// The commented `desk.toml` a new data directory starts with: a sample office to edit.
public enum SampleConfiguration {
    /// The host's IANA time zone when it has one, else UTC.
    static func hostTimeZone() -> String {
        let identifier = TimeZone.current.identifier
        return TimeZone(identifier: identifier) != nil && identifier.contains("/") ? identifier : "UTC"
    }

    public static func text(supervisor: String, timeZone: String) -> String {
        """
        # The office configuration of the counter complaint desk.
        #
        # Edit it to describe your office. What changes a figure — the office, its hours and
        # holidays, categories, channels and service standards — takes effect when a supervisor
        # publishes it into the log (`desk config publish`), so that every complaint is measured
        # against the standard in force when it was received. Roles and the theme apply at once.

        [office]
        name = "Riverside Public Service Office"
        # An IANA time zone name: business hours and holidays are in this zone.
        time_zone = "\(timeZone)"
        # How the public may reach us: counter, phone, mail, email, web, kiosk.
        channels = ["counter", "phone", "mail", "email", "web", "kiosk"]
        # How far back a complaint's received_at may lie, in calendar days (1d to 3650d): older
        # ones are refused, so that a backlog is never silently left unmeasured.
        backdating_window = "365d"
        # Printed on receipts: how the public reaches the office, and how a customer takes a
        # complaint further. One line each, at most 500 characters.
        contact = "Riverside Public Service Office, 1 High Street, Riverside; telephone 0100 000 000"
        escalation = "If you are not satisfied with our response, write to the Office Director at the address above."
        # The groups of customers the office serves (EO 12862 §1(a)): the intake form offers them,
        # and `desk import` takes only these in its group field. Ids of lowercase letters, digits,
        # - and _; leave the list empty if the office does not group its customers.
        customer_groups = ["resident", "business", "visitor"]
        # The printer reports and receipts go to (`lpr -P NAME`); without one, the desk writes the
        # file and shows where. A CUPS queue name: letters, digits, -, _, . and @.
        # printer = "counter-1"

        # Opening hours per weekday, "HH:MM-HH:MM". A day left out is closed. Service clocks run
        # only while the office is open; a complaint arriving out of hours starts at the next opening.
        [hours]
        monday = "09:00-17:00"
        tuesday = "09:00-17:00"
        wednesday = "09:00-17:00"
        thursday = "09:00-17:00"
        friday = "09:00-16:30"
        holidays = ["2026-12-25", "2026-12-28", "2027-01-01"]

        # What complaints are about. "other" is always there, even if left out.
        [[categories]]
        id = "payments"
        title = "Payments and benefits"

        [[categories]]
        id = "appointments"
        title = "Appointments and waiting"

        [[categories]]
        id = "staff"
        title = "Staff conduct"

        [[categories]]
        id = "access"
        title = "Access and accessibility"

        [[categories]]
        id = "records"
        title = "Records and personal data"

        [[categories]]
        id = "other"
        title = "Other"

        # Service standards: the promises posted at the counter (EO 12862 §1(c)).
        #   measure    acknowledgement (received → acknowledged), response (→ responded),
        #              or resolution (→ closed)
        #   target     "2d": 2 working days of the calendar above (whole days, 1d to 260d, a year of
        #              working days), or business time in hours or minutes: "4h", "1.5h", "90m"
        #   threshold  the share of complaints that must meet the target
        #   benchmark  the best comparable service found, and where that figure comes from (§1(d))
        #   version    raise it whenever the standard changes; past complaints keep theirs
        #   categories / channels  which complaints it covers; leave out for all
        [[standards]]
        id = "acknowledge"
        wording = "We will acknowledge your complaint within 2 working days."
        measure = "acknowledgement"
        target = "2d"
        threshold = 0.95
        benchmark = "1d"
        benchmark_source = "Example: the best of five comparable offices surveyed in 2026 (replace with your own)"
        version = 1

        [[standards]]
        id = "respond"
        wording = "We will give you a full response within 10 working days."
        measure = "response"
        target = "10d"
        threshold = 0.9
        benchmark = "5d"
        benchmark_source = "Example: the best of five comparable offices surveyed in 2026 (replace with your own)"
        version = 1

        [[standards]]
        id = "respond-access"
        wording = "If you cannot use our services because of a barrier, we will respond within 2 working days."
        measure = "response"
        target = "2d"
        threshold = 0.9
        categories = ["access"]
        version = 1

        # Who may do what. Identity is the Unix account running `desk`.
        [roles]
        # Supervisors may also publish this configuration and manage staff ideas.
        supervisors = ["\(supervisor)"]
        supervisor_group = "desk-supervisors"
        # Clerks: leave both empty to let every account that can open the log work as a clerk.
        clerks = []
        clerk_group = ""

        [display]
        # default, light, high-contrast, monochrome or colorblind. Left out, each clerk gets the
        # default theme, or monochrome when their environment sets NO_COLOR; set here, it is the
        # office's choice for everyone (a clerk's --theme still wins).
        # theme = "high-contrast"

        # The survey kiosk (`desk kiosk --counter NAME`): after this long with no key from the
        # customer (15s to 30m; "2m" when left out) the survey clears to a neutral screen.
        [kiosk]
        quiet_timeout = "2m"

        """
    }
}

extension SampleConfiguration {
    /// `desk.toml` text describing `office` and `standards` exactly (targets in minutes), so that
    /// a generated history's data directory has a configuration that matches its log.
    static func text(describing office: OfficeConfiguration, standards: [ServiceStandard], supervisor: String)
        -> String
    {
        text(
            describing: office, standards: standards,
            roles: RolePolicy(supervisors: [supervisor], supervisorGroup: "desk-supervisors"),
            heading: [
                "# The office configuration of a demonstration desk, written by `desk demo` to match its log.",
                "# Edit it as you would a real office's (see the comments of a desk.toml made by `desk`).",
            ])
    }

    /// A target or benchmark as `desk.toml` writes it: working days when it was given in days,
    /// else business minutes.
    static func span(minutes: Int, workingDays: Int?) -> String {
        workingDays.map { "\"\($0)d\"" } ?? "\"\(minutes)m\""
    }

    /// `desk.toml` text for exactly this office, these standards and these roles (targets in
    /// working days when given in days, else minutes), after the comment lines of `heading`.
    public static func text(
        describing office: OfficeConfiguration, standards: [ServiceStandard], roles: RolePolicy,
        heading: [String]
    ) -> String {
        func quoted(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "\"": out += "\\\""
                case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                    // A control character from an older desk's log: escaped, so the text stays TOML.
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        func list(_ items: [String]) -> String { "[" + items.map(quoted).joined(separator: ", ") + "]" }
        func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
        var lines =
            heading + [
                "",
                "[office]",
                "name = \(quoted(office.name))",
                "time_zone = \(quoted(office.calendar.timeZoneIdentifier))",
                "channels = \(list(office.channels.map(\.name)))",
                "backdating_window = \"\(office.backdatingWindowDays)d\"",
                "contact = \(quoted(office.contact))",
                "escalation = \(quoted(office.escalation))",
                "customer_groups = \(list(office.customerGroups))",
                office.printer.isEmpty
                    ? "# printer = \"counter-1\"   (reports and receipts print here with lpr; else the desk shows the file)"
                    : "printer = \(quoted(office.printer))",
                "",
                "[hours]",
            ]
        for day in Weekday.allCases {
            if let hours = office.calendar.weeklyHours[day.rawValue] {
                lines.append("\(day.name) = \"\(clock(hours.opens))-\(clock(hours.closes))\"")
            }
        }
        lines.append("holidays = \(list(office.calendar.holidays.sorted().map(\.description)))")
        for category in office.categories {
            lines += [
                "", "[[categories]]", "id = \(quoted(category.id))", "title = \(quoted(category.title))",
            ]
        }
        for standard in standards {
            lines += [
                "", "[[standards]]", "id = \(quoted(standard.id))", "wording = \(quoted(standard.wording))",
                "measure = \(quoted(standard.measure.name))",
                "target = \(span(minutes: standard.targetMinutes, workingDays: standard.targetWorkingDays))",
                "threshold = \(standard.threshold)",
            ]
            if let benchmark = standard.benchmarkMinutes {
                lines.append(
                    "benchmark = \(span(minutes: benchmark, workingDays: standard.benchmarkWorkingDays))")
            }
            if !standard.benchmarkSource.isEmpty {
                lines.append("benchmark_source = \(quoted(standard.benchmarkSource))")
            }
            if !standard.categories.isEmpty { lines.append("categories = \(list(standard.categories))") }
            if !standard.channels.isEmpty {
                lines.append("channels = \(list(standard.channels.map(\.name)))")
            }
            lines.append("version = \(standard.version)")
            lines.append(
                "effective = \(quoted(Timestamp(milliseconds: standard.effective.milliseconds).iso8601.prefix(10).description))"
            )
        }
        lines += [
            "", "[roles]", "supervisors = \(list(roles.supervisors))",
            "supervisor_group = \(quoted(roles.supervisorGroup))", "clerks = \(list(roles.clerks))",
            "clerk_group = \(quoted(roles.clerkGroup))", "", "[display]",
            "# theme = \"high-contrast\"   (left out: the default theme, or monochrome under NO_COLOR)", "",
        ]
        if office.kioskQuietTimeoutSeconds != OfficeConfiguration.defaultKioskQuietTimeoutSeconds {
            lines += ["[kiosk]", "quiet_timeout = \"\(office.kioskQuietTimeoutSeconds)s\"", ""]
        }
        return lines.joined(separator: "\n")
    }
}
