import Desk
import DeskCore
import TerminalUI

// The desk's screens: pure functions from a view model and a size to a ScreenBuffer.
//
// Every screen shares one frame: row 0 the header (office, user, role, time), row 1 the log
// alarm when there is one (else the screen's own line), the body, the message line, and the key
// bar in the last row.

/// What every screen shows around its body.
public struct DeskFrame: Equatable, Sendable {
    public var office: String
    public var user: String
    public var role: DeskRole
    /// The office's local time, e.g. `2025-05-12 14:30`.
    public var time: String
    public var alarm: String?
    /// The result of the last action, or a hint.
    public var message: String?
    public var messageRole: Role
    public var keyBar: [StyledSegment]

    public init(
        office: String, user: String, role: DeskRole, time: String, alarm: String? = nil,
        message: String? = nil,
        messageRole: Role = .statusInfo, keyBar: [StyledSegment] = []
    ) {
        self.office = office
        self.user = user
        self.role = role
        self.time = time
        self.alarm = alarm
        self.message = message
        self.messageRole = messageRole
        self.keyBar = keyBar
    }

    /// The first and last body rows for a buffer of `size` (below the header and the alarm row).
    public static func body(_ size: ScreenSize) -> Range<Int> { 2..<max(2, size.rows - 2) }

    /// Draws the header, the alarm or `subtitle`, the message line and the key bar.
    public func draw(into buffer: inout ScreenBuffer, subtitle: [StyledSegment] = []) {
        let width = buffer.columns
        buffer.fill(row: 0, column: 0, columns: width, role: .status)
        let right = "\(user) · \(role.rawValue) · \(time)"
        let rightWidth = min(DisplayWidth.of(right), width / 2)
        buffer.put(
            "Complaint desk · " + office, row: 0, column: 1, role: .title, maxColumns: width - rightWidth - 3)
        buffer.put(right, row: 0, column: width - rightWidth - 1, role: .status, maxColumns: rightWidth)
        if let alarm {
            buffer.fill(row: 1, column: 0, columns: width, role: .statusError)
            buffer.put("⚠ " + alarm, row: 1, column: 1, role: .statusError, maxColumns: width - 2)
        } else {
            buffer.put(subtitle, row: 1, column: 1, maxColumns: width - 2)
        }
        if let message {
            buffer.put(message, row: buffer.rows - 2, column: 1, role: messageRole, maxColumns: width - 2)
        }
        let bar = buffer.rows - 1
        buffer.fill(row: bar, column: 0, columns: width, role: .keyBar)
        buffer.put(keyBar, row: bar, column: 0, maxColumns: width)
    }
}

// MARK: Formatting

/// How the desk writes times and durations.
public enum DeskFormat {
    /// `2025-05-12 14:30` in the office's time zone (UTC when there is no office yet).
    public static func time(_ t: Timestamp, calendar: BusinessCalendar?) -> String {
        guard let calendar else {
            let iso = t.iso8601
            return String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ")
        }
        let local = calendar.localTime(of: t)
        return "\(local.date) \(two(local.hour)):\(two(local.minute))"
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
}

// MARK: Queue

/// One visible line of the queue.
public struct QueueRow: Hashable, Sendable {
    public var id: String
    public var age: String
    public var category: String
    public var status: String
    public var nextDue: String
    public var holder: String
    public var customer: String
    public var summary: String
    public var urgency: Urgency
    public var flagged: Bool

    public init(
        id: String, age: String, category: String, status: String, nextDue: String, holder: String,
        customer: String, summary: String, urgency: Urgency, flagged: Bool = false
    ) {
        self.id = id
        self.age = age
        self.category = category
        self.status = status
        self.nextDue = nextDue
        self.holder = holder
        self.customer = customer
        self.summary = summary
        self.urgency = urgency
        self.flagged = flagged
    }
}

/// The queue as the screen shows it: only the rows that fit.
public struct QueueScreen: Equatable, Sendable {
    public var frame: DeskFrame
    /// The rows on screen, from `firstIndex` of the whole list.
    public var rows: [QueueRow]
    public var firstIndex: Int
    /// Which of `rows` is selected.
    public var selected: Int?
    public var total: Int
    /// `open · category parking · mine`.
    public var filter: String
    /// The search being typed, if the clerk pressed `/`.
    public var search: String?
    public var searchMissed: Bool
    /// Whether the desk has no complaints at all (the hint for new desks).
    public var deskIsEmpty: Bool
    /// Lines of figures under the queue (the live board: each standard's results).
    public var figures: [String]

    public init(
        frame: DeskFrame, rows: [QueueRow], firstIndex: Int = 0, selected: Int? = nil, total: Int,
        filter: String = "open", search: String? = nil, searchMissed: Bool = false, deskIsEmpty: Bool = false,
        figures: [String] = []
    ) {
        self.figures = figures
        self.frame = frame
        self.rows = rows
        self.firstIndex = firstIndex
        self.selected = selected
        self.total = total
        self.filter = filter
        self.search = search
        self.searchMissed = searchMissed
        self.deskIsEmpty = deskIsEmpty
    }

    /// How many queue rows fit at this size (the body minus the column header).
    public static func visibleRows(_ size: ScreenSize, figures: Int = 0) -> Int {
        let figureRows = figures == 0 ? 0 : min(figures + 1, DeskFrame.body(size).count / 2)
        return max(1, DeskFrame.body(size).count - 1 - figureRows)
    }

    struct Column {
        var title: String
        var width: Int
    }

    static func columns(width: Int) -> [Column] {
        // id, age, category, status, next due, holder, then customer (wide only) and summary.
        let wide = width >= 120
        var columns = [
            Column(title: "ID", width: 8), Column(title: "Age", width: 4),
            Column(title: "Category", width: wide ? 18 : 11), Column(title: "Status", width: wide ? 19 : 11),
            Column(title: "Next due", width: 12), Column(title: "Holder", width: wide ? 12 : 8),
        ]
        if wide { columns.append(Column(title: "Customer", width: 22)) }
        let used = columns.reduce(0) { $0 + $1.width + 1 } + 1
        columns.append(Column(title: "Summary", width: max(4, width - used - 1)))
        return columns
    }

    public func render(size: ScreenSize) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        var subtitle = [
            StyledSegment("Queue ", role: .title), StyledSegment("· \(total) · \(filter)", role: .status),
        ]
        if let search {
            subtitle.append(StyledSegment(" · search: ", role: .status))
            subtitle.append(StyledSegment(search, role: searchMissed ? .statusError : .fieldFocus))
        }
        frame.draw(into: &buffer, subtitle: subtitle)
        let body = DeskFrame.body(size)
        let columns = Self.columns(width: size.columns)
        if !figures.isEmpty {
            let firstFigureRow = body.lowerBound + 1 + Self.visibleRows(size, figures: figures.count)
            buffer.horizontalLine(row: firstFigureRow, column: 0, columns: size.columns)
            buffer.put(" Service standards ", row: firstFigureRow, column: 2, role: .title)
            for (offset, line) in figures.enumerated() where firstFigureRow + 1 + offset < body.upperBound {
                let role: Role = line.hasSuffix("BELOW TARGET") ? .statusWarning : .text
                buffer.put(
                    line, row: firstFigureRow + 1 + offset, column: 1, role: role,
                    maxColumns: size.columns - 2)
            }
        }
        var x = 1
        for column in columns {
            buffer.put(
                column.title, row: body.lowerBound, column: x, role: .queueHeader, maxColumns: column.width)
            x += column.width + 1
        }
        if rows.isEmpty {
            let hint =
                deskIsEmpty
                ? "No complaints yet — press F2 to take one, or try a realistic history: `desk demo --data /tmp/desk-demo`, then `desk --data /tmp/desk-demo`."
                : "No complaint matches this filter — press x to clear the filters."
            for (offset, line) in wrap(hint, width: size.columns - 4).enumerated() {
                buffer.put(line, row: body.lowerBound + 2 + offset, column: 2, role: .statusInfo)
            }
            return buffer
        }
        for (offset, row) in rows.enumerated() {
            let y = body.lowerBound + 1 + offset
            guard offset < Self.visibleRows(size, figures: figures.count) else { break }
            let isSelected = offset == selected
            let rowRole: Role =
                switch row.urgency {
                case .breached: .queueOverdue
                case .atRisk: .queueAtRisk
                case .onTrack: .queue
                }
            let clockRole: Role =
                switch row.urgency {
                case .breached: .clockBreach
                case .atRisk: .clockAtRisk
                case .onTrack: .clock
                }
            let values = [row.id, row.age, row.category, row.status, row.nextDue, row.holder]
            var cells: [(String, Role)] = values.enumerated().map { ($1, $0 == 4 ? clockRole : rowRole) }
            if columns.count == 8 { cells.append((row.customer, rowRole)) }
            cells.append(((row.flagged ? "! " : "") + row.summary, rowRole))
            var x = 1
            for (column, cell) in zip(columns, cells) {
                buffer.put(cell.0, row: y, column: x, role: cell.1, maxColumns: column.width)
                x += column.width + 1
            }
            if isSelected { buffer.setRole(.selection, row: y, column: 0, columns: size.columns) }
        }
        if total > rows.count {
            let position = "\(firstIndex + 1)–\(firstIndex + rows.count) of \(total)"
            let width = DisplayWidth.of(position)
            buffer.put(position, row: 1, column: size.columns - width - 1, role: .status, maxColumns: width)
        }
        return buffer
    }
}

/// Splits text into lines of at most `width` columns at spaces (long words are cut).
func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
        let candidate = line.isEmpty ? String(word) : line + " " + word
        if DisplayWidth.of(candidate) <= width {
            line = candidate
        } else {
            if !line.isEmpty { lines.append(line) }
            var rest = String(word)
            while DisplayWidth.of(rest) > width {
                let head = DisplayWidth.prefix(rest, columns: width)
                if head.isEmpty { break }
                lines.append(head)
                rest = String(rest.dropFirst(head.count))
            }
            line = rest
        }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}

/// Splits untrusted text into chunks for lines `width` columns wide: at line breaks, then by
/// columns. At most `maxLines` chunks, and only the first 8,000 characters are looked at.
func chunks(_ text: String, width: Int, maxLines: Int) -> [String] {
    guard width > 0 else { return [] }
    var out: [String] = []
    for line in String(text.prefix(8000)).unicodeScalars.split(
        separator: "\n", omittingEmptySubsequences: false)
    {
        var rest = String(String.UnicodeScalarView(line))
        if rest.isEmpty { out.append("") }
        while !rest.isEmpty, out.count < maxLines {
            var head = DisplayWidth.prefix(rest, columns: width)
            if head.isEmpty { head = String(rest.prefix(1)) }
            out.append(head)
            rest = String(rest.dropFirst(head.count))
        }
        if out.count >= maxLines { break }
    }
    return out
}

// MARK: Complaint detail

/// One line of the detail screen: text (untrusted or not, it goes through the sanitiser) in a role.
public struct DetailLine: Hashable, Sendable {
    public var label: String
    public var text: String
    public var role: Role

    public init(_ label: String = "", _ text: String, role: Role = .text) {
        self.label = label
        self.text = text
        self.role = role
    }
}

/// A complaint in full: the customer, the text, every clock and the timeline.
public struct DetailScreen: Equatable, Sendable {
    public var frame: DeskFrame
    public var title: String
    public var lines: [DetailLine]
    public var scroll: Int

    public init(frame: DeskFrame, title: String, lines: [DetailLine], scroll: Int = 0) {
        self.frame = frame
        self.title = title
        self.lines = lines
        self.scroll = scroll
    }

    /// Builds the lines for a complaint.
    public static func lines(
        complaint c: ComplaintView, details: String, remedySought: String, clocks: [ServiceClock],
        timeline: [(sequence: UInt64, event: RecordedEvent)], categoryTitle: String,
        calendar: BusinessCalendar?,
        width: Int
    ) -> [DetailLine] {
        var lines: [DetailLine] = []
        let textWidth = max(10, width - 16)
        var held = c.holder.map { "held by \($0)" } ?? "not held"
        if c.isEscalated { held += " · escalated" }
        if c.isUrgent { held += " · urgent" }
        lines.append(
            DetailLine("Status", "\(c.status.name) · \(held) · severity \(c.severity.name)", role: .title))
        lines.append(DetailLine("Category", "\(categoryTitle) · via \(c.channel.name)"))
        lines.append(DetailLine("Received", DeskFormat.time(c.receivedAt, calendar: calendar)))
        var contact = [c.customer.email, c.customer.phone].filter { !$0.isEmpty }.joined(separator: " · ")
        if let reply = c.customer.preferredReply {
            contact += (contact.isEmpty ? "" : " · ") + "prefers \(reply.name)"
        }
        lines.append(DetailLine("Customer", c.customer.name + (c.isReturningCustomer ? "  (returning)" : "")))
        if !contact.isEmpty { lines.append(DetailLine("Contact", contact)) }
        lines.append(DetailLine("Summary", c.summary))
        for (index, chunk) in chunks(details, width: textWidth, maxLines: 8).enumerated()
        where !details.isEmpty {
            lines.append(DetailLine(index == 0 ? "Details" : "", chunk))
        }
        for (index, chunk) in chunks(remedySought, width: textWidth, maxLines: 4).enumerated()
        where !remedySought.isEmpty {
            lines.append(DetailLine(index == 0 ? "Remedy sought" : "", chunk))
        }
        if let decision = c.decision { lines.append(DetailLine("Decision", decision.name)) }
        lines.append(DetailLine("", "Service clocks", role: .title))
        if clocks.isEmpty { lines.append(DetailLine("", "no standard applies", role: .statusInfo)) }
        for clock in clocks {
            let role: Role =
                clock.state.isBreach ? .clockBreach : (clock.state == .atRisk ? .clockAtRisk : .clock)
            var text = "due \(DeskFormat.time(clock.due, calendar: calendar)) · "
            if clock.state.isRunning && clock.minutesLeft < 0 {
                text += "\(DeskFormat.minutes(-clock.minutesLeft)) business time past due"
            } else if clock.state.isRunning {
                text += "\(DeskFormat.minutes(clock.minutesLeft)) business time left"
            } else {
                text += "stopped"
            }
            text += " · \(clock.state.name)\(clock.isPaused ? " · paused" : "")"
            let name = clock.round > 0 ? "\(clock.standard.id) #\(clock.round)" : clock.standard.id
            lines.append(DetailLine(name, text, role: role))
        }
        lines.append(DetailLine("", "Timeline", role: .title))
        if timeline.isEmpty {
            lines.append(
                DetailLine(
                    "",
                    "last: \(c.lastChange.what) by \(c.lastChange.actor), "
                        + DeskFormat.time(c.lastChange.at, calendar: calendar)))
        }
        for (_, recorded) in timeline {
            let when = DeskFormat.shortTime(recorded.at, calendar: calendar)
            lines.append(
                DetailLine(
                    when, "\(recorded.actor.isEmpty ? "—" : recorded.actor): \(describe(recorded.event))"))
        }
        return lines
    }

    /// What an event did, in the desk's words.
    public static func describe(_ event: DeskEvent) -> String {
        switch event {
        case .complaintReceived(_, let intake): "received via \(intake.channel.name)"
        case .acknowledged: "acknowledged"
        case .assessed(_, let severity, let urgent): "assessed: \(severity.name)\(urgent ? ", urgent" : "")"
        case .claimed(_, let clerk): "claimed for \(clerk)"
        case .transferred(_, let category, let clerk, let reason):
            "transferred to \(category)\(clerk.map { " / \($0)" } ?? ""): \(reason)"
        case .escalated(_, let reason): "escalated: \(reason)"
        case .noteAdded(_, let text, let visible):
            "\(visible ? "note to customer" : "internal note"): \(text)"
        case .paused(_, let reason): "paused for the customer: \(reason)"
        case .resumed: "resumed"
        case .responded(_, let decision, let reasons, let remedy):
            "responded: \(decision.name) — \(reasons)\(remedy.isEmpty ? "" : "; remedy: \(remedy)")"
        case .closed(_, let acceptance, let recourse):
            "closed (\(acceptance.name))\(recourse.isEmpty ? "" : "; recourse: \(recourse)")"
        case .reopened(_, let reason): "reopened: \(reason)"
        case .withdrawn(_, let reason): "withdrawn: \(reason)"
        case .surveyOffered(_, let channel): "survey offered by \(channel.name)"
        case .surveyRecorded: "survey answered"
        default: "changed"
        }
    }

    public static func bodyRows(_ size: ScreenSize) -> Int { max(1, DeskFrame.body(size).count) }

    public func render(size: ScreenSize) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        frame.draw(into: &buffer, subtitle: [StyledSegment(title, role: .title)])
        let body = DeskFrame.body(size)
        let labelWidth = 14
        let start = max(0, min(scroll, lines.count - body.count))
        for (offset, line) in lines.dropFirst(start).prefix(body.count).enumerated() {
            let y = body.lowerBound + offset
            buffer.put(line.label, row: y, column: 1, role: .fieldLabel, maxColumns: labelWidth)
            buffer.put(
                line.text, row: y, column: labelWidth + 2, role: line.role,
                maxColumns: size.columns - labelWidth - 3)
        }
        if lines.count > body.count {
            let more = "\(start + 1)–\(min(lines.count, start + body.count)) of \(lines.count) lines"
            let width = DisplayWidth.of(more)
            buffer.put(more, row: 1, column: size.columns - width - 1, role: .status, maxColumns: width)
        }
        return buffer
    }
}

// MARK: Forms and slips

/// A form (intake or an action's prompt) in the body, with an optional line about the customer.
public struct FormScreen: Equatable, Sendable {
    public var frame: DeskFrame
    public var form: DeskForm
    /// A line under the form, such as "Returning customer: …".
    public var note: String?

    public init(frame: DeskFrame, form: DeskForm, note: String? = nil) {
        self.frame = frame
        self.form = form
        self.note = note
    }

    public func render(size: ScreenSize) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        frame.draw(into: &buffer, subtitle: [StyledSegment(form.title, role: .title)])
        let body = DeskFrame.body(size)
        let noteRows = note == nil ? 0 : 1
        let cursor = form.draw(
            into: &buffer, top: body.lowerBound, left: 1, width: size.columns - 2, labelWidth: 16,
            rows: body.count - noteRows)
        if let note {
            buffer.put(
                note, row: body.upperBound - 1, column: 1, role: .statusInfo, maxColumns: size.columns - 2)
        }
        buffer.cursor = cursor
        return buffer
    }
}

/// The receipt given to the customer: the reference and what the office promised.
public struct ReceiptScreen: Equatable, Sendable {
    public var frame: DeskFrame
    public var lines: [String]

    public init(frame: DeskFrame, lines: [String]) {
        self.frame = frame
        self.lines = lines
    }

    /// The slip's text (also what is written to the file for printing).
    public static func slip(
        office: String, complaint: ComplaintView, clocks: [ServiceClock], calendar: BusinessCalendar?
    ) -> [String] {
        var lines = [
            office,
            "Complaint receipt",
            "",
            "Reference: \(complaint.id)",
            "Received:  \(DeskFormat.time(complaint.receivedAt, calendar: calendar))",
            "Name:      \(complaint.customer.name)",
            "About:     \(complaint.summary)",
            "",
            "What we promise:",
        ]
        if clocks.isEmpty { lines.append("  (no published standard applies)") }
        for clock in clocks {
            lines.append("  \(clock.standard.wording)")
            lines.append("    by \(DeskFormat.time(clock.due, calendar: calendar))")
        }
        lines.append("")
        lines.append("Quote the reference whenever you contact us.")
        return lines
    }

    public func render(size: ScreenSize) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        frame.draw(into: &buffer, subtitle: [StyledSegment("Receipt", role: .title)])
        let body = DeskFrame.body(size)
        let width = min(size.columns - 4, 76)
        let left = max(1, (size.columns - width) / 2)
        buffer.box(ScreenRect(row: body.lowerBound, column: left, rows: body.count, columns: width))
        for (offset, line) in lines.prefix(max(0, body.count - 2)).enumerated() {
            buffer.put(
                line, row: body.lowerBound + 1 + offset, column: left + 2, role: offset < 2 ? .title : .text,
                maxColumns: width - 4)
        }
        return buffer
    }
}
