import Desk
import DeskCore
import TerminalUI

/// A long list of lines read a screenful at a time: the detail, the help and the messages.
struct Scroll: Hashable, Sendable {
    /// The first line shown (kept within bounds when drawn).
    var first = 0

    /// The first line actually shown for `count` lines in `rows` rows.
    func start(count: Int, rows: Int) -> Int { max(0, min(first, count - rows)) }

    mutating func move(_ key: Key, count: Int, rows: Int) {
        let page = max(1, rows - 1)
        first = start(count: count, rows: rows)
        switch key {
        case .up, .character("k"): first -= 1
        case .down, .character("j"): first += 1
        case .pageUp: first -= page
        case .pageDown, .character(" "): first += page
        case .home, .character("g"): first = 0
        case .end, .character("G"):
            // Stays at the end whatever the size it is drawn at next, and as lines are added.
            first = Int.max
            return
        default: break
        }
        first = max(0, min(first, count - rows))
    }

    /// `12–31 of 40 lines` when not everything fits.
    func position(count: Int, rows: Int, noun: String = "lines") -> String? {
        guard count > rows else { return nil }
        let start = start(count: count, rows: rows)
        return "\(start + 1)–\(min(count, start + rows)) of \(count) \(noun)"
    }

    static let keys: [Key] = [.up, .down, .pageUp, .pageDown, .home, .end]
}

/// A view that shows a list of lines longer than the screen.
protocol ScrollingView: ActionView, SendableMetatype {
    var scroll: Scroll { get set }
    /// How many lines the list has at this width.
    func lineCount(width: Int) -> Int
    /// How many of the body's rows show lines.
    func listRows(_ body: Range<Int>) -> Int
}

extension ScrollingView {
    func listRows(_ body: Range<Int>) -> Int { body.count }

    func position(body: Range<Int>) -> String? {
        scroll.position(count: lineCount(width: environment.size.columns), rows: listRows(body))
    }

    /// The scroll keys (↑/↓, PgUp/PgDn, Home/End and any `more` aliases) for this view.
    static func scrollAction(more: [Key] = [], title: String = "Scroll (↑/↓, PgUp/PgDn, Home/End)")
        -> Action<Self, ViewEffect>
    {
        Action(id: "scroll", title: title, keys: (Scroll.keys + more).map(KeyBinding.key)) { view, key in
            let size = view.environment.size
            let count = view.lineCount(width: size.columns)
            view.scroll.move(key, count: count, rows: view.listRows(DeskRouter.body(size)))
            return .stay
        }
    }
}

/// Every key of the screen below, what it does, and why it cannot be done now.
final class HelpView: ScrollingView {
    let environment: DeskEnvironment
    /// The view the help is for (its actions are judged against it as it is now).
    let subject: any DeskView
    private let extra: [HelpEntry]
    private(set) var entries: [HelpEntry] = []
    var scroll = Scroll()

    init(environment: DeskEnvironment, of subject: any DeskView, extra: [HelpEntry]) {
        self.environment = environment
        self.subject = subject
        self.extra = extra
    }

    var name: String { "help" }
    var subtitle: [StyledSegment] {
        [StyledSegment("Keys — \(subject.name) · \(environment.role.rawValue)", role: .title)]
    }
    var actions: ActionRegistry<HelpView, ViewEffect> { environment.keymaps.help }

    func reload() { entries = subject.helpEntries() + extra }

    /// The help as lines at this width: keys, then what they do, each wrapped in its column (a
    /// reason why not now on a line of its own), nothing cut off.
    func lines(width: Int) -> [(keys: String, text: String, enabled: Bool, isNote: Bool)] {
        let keyColumn = Self.keyColumn(width)
        let textWidth = max(10, width - keyColumn - 3)
        var lines: [(String, String, Bool, Bool)] = []
        for entry in entries {
            var text = TextWrap.plainLines(entry.title, width: textWidth)
            if let reason = entry.disabledReason {
                text += TextWrap.plainLines("(not now: \(reason))", width: textWidth - 2).map { "  " + $0 }
            }
            let keys = TextWrap.plainLines(entry.keys, width: keyColumn - 1)
            for index in 0..<max(keys.count, text.count) {
                lines.append(
                    (
                        index < keys.count ? keys[index] : "", index < text.count ? text[index] : "",
                        entry.disabledReason == nil, false
                    ))
            }
        }
        let notes = subject.helpNotes
        if !notes.isEmpty {
            lines.append(("", "", true, true))
            for note in notes {
                for line in TextWrap.plainLines(note, width: width - 4) {
                    lines.append(("", line, true, true))
                }
            }
        }
        return lines
    }

    static func keyColumn(_ width: Int) -> Int { min(22, max(8, width / 4)) }

    func draw(into buffer: inout ScreenBuffer, body: Range<Int>) {
        let all = lines(width: buffer.columns)
        let keyColumn = Self.keyColumn(buffer.columns)
        for (offset, line) in all.dropFirst(scroll.start(count: all.count, rows: body.count)).prefix(
            body.count
        )
        .enumerated() {
            let row = body.lowerBound + offset
            if line.isNote {
                buffer.put(line.text, row: row, column: 2, role: .help, maxColumns: buffer.columns - 4)
                continue
            }
            buffer.put(
                line.keys, row: row, column: 2, role: line.enabled ? .helpKey : .helpDisabled,
                maxColumns: keyColumn - 1)
            buffer.put(
                line.text, row: row, column: 2 + keyColumn, role: line.enabled ? .help : .helpDisabled,
                maxColumns: buffer.columns - keyColumn - 3)
        }
    }

    func lineCount(width: Int) -> Int { lines(width: width).count }

    static let actions: [Action<HelpView, ViewEffect>] = [
        Action(
            id: "close", title: "Close this help", barLabel: "Close", keys: .escape, .function(1),
            .character("?"),
            .character("q"), .enter
        ) { _, _ in .back },
        scrollAction(),
    ]
}

/// The last messages the desk said, in full, newest last.
final class MessagesView: ScrollingView {
    let environment: DeskEnvironment
    var scroll = Scroll(first: Int.max)

    init(environment: DeskEnvironment) { self.environment = environment }

    var name: String { "messages" }
    var subtitle: [StyledSegment] {
        [StyledSegment("Messages — the last \(environment.history.count)", role: .title)]
    }
    var actions: ActionRegistry<MessagesView, ViewEffect> { environment.keymaps.messages }

    func reload() {}

    func lines(width: Int) -> [(text: [StyledSegment], role: Role)] {
        var lines: [([StyledSegment], Role)] = []
        for message in environment.history {
            for (index, line) in TextWrap.lines(message.text, width: width - 9, role: message.role)
                .enumerated()
            {
                lines.append(
                    ([StyledSegment(index == 0 ? message.time : "", role: .status)] + line, message.role))
            }
        }
        if lines.isEmpty {
            lines.append(([StyledSegment("Nothing was said yet.", role: .statusInfo)], .statusInfo))
        }
        return lines
    }

    func draw(into buffer: inout ScreenBuffer, body: Range<Int>) {
        let all = lines(width: buffer.columns)
        for (offset, line) in all.dropFirst(scroll.start(count: all.count, rows: body.count)).prefix(
            body.count
        )
        .enumerated() {
            buffer.put(Array(line.text.prefix(1)), row: body.lowerBound + offset, column: 1, maxColumns: 6)
            buffer.put(
                Array(line.text.dropFirst()), row: body.lowerBound + offset, column: 8,
                maxColumns: buffer.columns - 9)
        }
    }

    func lineCount(width: Int) -> Int { lines(width: width).count }

    static let actions: [Action<MessagesView, ViewEffect>] = [
        Action(
            id: "close", title: "Close the messages", barLabel: "Close", keys: .escape, .function(9),
            .character("q"), .enter
        ) {
            _, _ in .back
        },
        scrollAction(),
        Action(id: "help", title: "Show every key", barLabel: "Help", keys: .function(1), .character("?")) {
            _, _ in
            .help
        },
    ]
}

/// A yes-or-no question before something that cannot be undone (losing a typed form).
final class ConfirmView: ActionView {
    let environment: DeskEnvironment
    let question: String
    let yes: ViewEffect
    let yesMessage: String

    init(environment: DeskEnvironment, question: String, yes: ViewEffect, yesMessage: String) {
        self.environment = environment
        self.question = question
        self.yes = yes
        self.yesMessage = yesMessage
    }

    var name: String { "question" }
    var subtitle: [StyledSegment] { [StyledSegment(question, role: .statusWarning)] }
    var actions: ActionRegistry<ConfirmView, ViewEffect> { environment.keymaps.confirm }

    func reload() {}

    func draw(into buffer: inout ScreenBuffer, body: Range<Int>) {
        let width = min(buffer.columns - 4, 60)
        let left = (buffer.columns - width) / 2
        let top = body.lowerBound + max(0, (body.count - 5) / 2)
        buffer.box(ScreenRect(row: top, column: left, rows: 5, columns: width), role: .border)
        buffer.put(question, row: top + 1, column: left + 2, role: .statusWarning, maxColumns: width - 4)
        buffer.put(
            "y  yes, leave it     n or Esc  no, go back to it", row: top + 3, column: left + 2, role: .help,
            maxColumns: width - 4)
    }

    static let actions: [Action<ConfirmView, ViewEffect>] = [
        Action(id: "yes", title: "Yes", barLabel: "Yes", keys: .character("y"), .character("Y")) { view, _ in
            view.environment.say(view.yesMessage)
            return view.yes
        },
        Action(
            id: "no", title: "No, go back", barLabel: "No", keys: .character("n"), .character("N"), .escape,
            .enter
        ) {
            _, _ in .back
        },
        Action(id: "help", title: "Show every key", barLabel: "Help", keys: .function(1), .character("?")) {
            _, _ in
            .help
        },
    ]
}
