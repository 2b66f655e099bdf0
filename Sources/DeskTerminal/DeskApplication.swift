import Desk
import DeskCore
import Foundation
import TerminalUI

/// What the actions' "disabled" checks look at: the screen and the complaint in front of the clerk.
public struct DeskContext: Sendable {
    public var user: String
    public var hasSelection: Bool
    public var status: ComplaintStatus?
    public var holder: String?

    public init(
        user: String, hasSelection: Bool = false, status: ComplaintStatus? = nil, holder: String? = nil
    ) {
        self.user = user
        self.hasSelection = hasSelection
        self.status = status
        self.holder = holder
    }
}

/// The desk's action tables: one per screen, each built per role into an ``ActionRegistry``.
public enum DeskActions {
    static let changing: Set<DeskRole> = [.clerk, .supervisor]

    static func open(_ c: DeskContext) -> String? {
        guard let status = c.status else { return "no complaint" }
        return status.isOpen ? nil : "the complaint is \(status.name)"
    }

    public static let queue: [DeskAction<DeskContext>] = [
        DeskAction(
            id: "help", title: "Show every key", barLabel: "Help", keys: [.function(1), .character("?")]),
        DeskAction(
            id: "new", title: "Take a new complaint (intake form)", barLabel: "New",
            keys: [.function(2), .character("i")],
            roles: changing),
        DeskAction(
            id: "open", title: "Open the selected complaint", barLabel: "Open",
            keys: [.enter, .right, .character("l")],
            disabledReason: { $0.hasSelection ? nil : "the queue is empty" }),
        DeskAction(id: "up", title: "Previous complaint", keys: [.up, .character("k")]),
        DeskAction(id: "down", title: "Next complaint", keys: [.down, .character("j")]),
        DeskAction(id: "pageUp", title: "Page up", keys: [.pageUp]),
        DeskAction(id: "pageDown", title: "Page down", keys: [.pageDown, .character(" ")]),
        DeskAction(id: "first", title: "Most urgent complaint", keys: [.home, .character("g")]),
        DeskAction(id: "last", title: "Least urgent complaint", keys: [.end, .character("G")]),
        DeskAction(
            id: "search", title: "Search by reference, name or summary", barLabel: "Find",
            keys: [.character("/")]),
        DeskAction(id: "next", title: "Next match of the search", keys: [.character("n")]),
        DeskAction(
            id: "status", title: "Filter by status (cycles)", barLabel: "Status",
            keys: [.function(5), .character("s")]),
        DeskAction(
            id: "category", title: "Filter by category (cycles)", barLabel: "Categ",
            keys: [.function(6), .character("c")]),
        DeskAction(
            id: "channel", title: "Filter by channel (cycles)", barLabel: "Chan",
            keys: [.function(7), .character("h")]),
        DeskAction(
            id: "mine", title: "Only complaints I hold (toggle)", barLabel: "Mine",
            keys: [.function(8), .character("m")]),
        DeskAction(id: "clear", title: "Clear every filter", keys: [.character("x")]),
        DeskAction(
            id: "quit", title: "Leave the desk", barLabel: "Quit", keys: [.function(10), .character("q")]),
    ]

    public static let detail: [DeskAction<DeskContext>] = [
        DeskAction(
            id: "help", title: "Show every key", barLabel: "Help", keys: [.function(1), .character("?")]),
        DeskAction(
            id: "back", title: "Back to the queue", barLabel: "Back", keys: [.escape, .left, .character("q")]),
        DeskAction(
            id: "claim", title: "Claim: hold this complaint yourself", barLabel: "Claim",
            keys: [.function(3), .character("c")], roles: changing,
            disabledReason: { c in open(c) ?? (c.holder == c.user ? "you hold it already" : nil) }),
        DeskAction(
            id: "respond", title: "Respond: decision, reasons, remedy", barLabel: "Respond",
            keys: [.function(4), .character("r")], roles: changing, disabledReason: open),
        DeskAction(
            id: "close", title: "Close: accepted?, recourse", barLabel: "Close",
            keys: [.function(5), .character("x")],
            roles: changing,
            disabledReason: { c in open(c) ?? (c.status == .responded ? nil : "respond first") }),
        DeskAction(
            id: "note", title: "Add a note (internal or to the customer)", barLabel: "Note",
            keys: [.function(6), .character("n")], roles: changing,
            disabledReason: { $0.status == nil ? "no complaint" : nil }),
        DeskAction(
            id: "acknowledge", title: "Acknowledge receipt to the customer", barLabel: "Ack",
            keys: [.character("a")], roles: changing,
            disabledReason: { c in open(c) ?? (c.status == .received ? nil : "already acknowledged") }),
        DeskAction(
            id: "assess", title: "Assess: severity and urgency", keys: [.character("s")], roles: changing,
            disabledReason: open),
        DeskAction(
            id: "pause", title: "Pause for the customer / resume the clocks", keys: [.character("p")],
            roles: changing, disabledReason: open),
        DeskAction(
            id: "transfer", title: "Transfer to another category or clerk", keys: [.character("t")],
            roles: changing, disabledReason: open),
        DeskAction(
            id: "escalate", title: "Escalate", keys: [.character("e")], roles: changing, disabledReason: open),
        DeskAction(
            id: "reopen", title: "Reopen a closed complaint", keys: [.character("o")], roles: changing,
            disabledReason: { $0.status == .closed ? nil : "only a closed complaint can be reopened" }),
        DeskAction(
            id: "withdraw", title: "Withdraw (the customer asked)", keys: [.character("w")], roles: changing,
            disabledReason: open),
        DeskAction(id: "up", title: "Scroll up", keys: [.up, .character("k")]),
        DeskAction(id: "down", title: "Scroll down", keys: [.down, .character("j")]),
        DeskAction(id: "pageUp", title: "Page up", keys: [.pageUp]),
        DeskAction(id: "pageDown", title: "Page down", keys: [.pageDown, .character(" ")]),
        DeskAction(id: "quit", title: "Leave the desk", barLabel: "Quit", keys: [.function(10)]),
    ]

    public static let form: [DeskAction<DeskContext>] = [
        DeskAction(id: "help", title: "Show every key", barLabel: "Help", keys: [.function(1)]),
        DeskAction(
            id: "save", title: "Save (checks every field first)", barLabel: "Save", keys: [.function(2)]),
        DeskAction(
            id: "returning", title: "Use the returning customer's details", barLabel: "Returning",
            keys: [.function(3)]),
        DeskAction(
            id: "cancel", title: "Leave without saving", barLabel: "Cancel", keys: [.escape, .function(10)]),
        DeskAction(id: "next", title: "Next field (also Enter, ↓)", barLabel: "Next", keys: [.tab]),
        DeskAction(id: "previous", title: "Previous field (also ↑)", keys: [.backTab]),
    ]

    public static let receipt: [DeskAction<DeskContext>] = [
        DeskAction(
            id: "help", title: "Show every key", barLabel: "Help", keys: [.function(1), .character("?")]),
        DeskAction(
            id: "print", title: "Write the receipt to a file for printing", barLabel: "Print",
            keys: [.function(5), .character("p")]),
        DeskAction(id: "open", title: "Open the complaint", barLabel: "Open", keys: [.enter]),
        DeskAction(
            id: "new", title: "Take another complaint", barLabel: "New", keys: [.function(2)], roles: changing
        ),
        DeskAction(
            id: "back", title: "Back to the queue", barLabel: "Queue", keys: [.escape, .character("q")]),
    ]
}

/// The clerk's desk: the queue, the complaint in front of the clerk, the forms, live.
///
/// Owns the desk (a session, in the real program); every change goes through `desk.execute`.
/// Screens are rendered from this model as pure functions; the sorted queue is computed only
/// when events arrived, the filter changed or a minute passed — never per key.
public final class DeskApplication: TerminalApplication {
    public enum Mode: Equatable, Sendable {
        case queue, detail, intake, receipt, prompt, help
    }

    public let desk: DeskBackend
    public let readOnly: Bool
    /// Each standard's figures (the live board only), computed with the queue.
    private var figures: [String] = []
    public private(set) var mode: Mode = .queue
    private var helpReturn: Mode = .queue
    private var helpLine = 0
    private let drainWakeUp: () -> Void

    private let queueKeys: ActionRegistry<DeskContext>
    private let detailKeys: ActionRegistry<DeskContext>
    private let formKeys: ActionRegistry<DeskContext>
    private let receiptKeys: ActionRegistry<DeskContext>

    // The queue.
    public private(set) var filter = QueueFilter()
    private var statusFilter = 0
    private var categoryFilter = 0
    private var channelFilter = 0
    private var mine = false
    public private(set) var entries: [QueueEntry] = []
    private var entriesEventCount = -1
    private var entriesFilter = QueueFilter()
    private var entriesComputedAt = Timestamp(milliseconds: 0)
    private var figuresEventCount = -1
    private var figuresComputedAt = Timestamp(milliseconds: 0)
    public private(set) var selectedIndex = 0
    public private(set) var selectedID: ComplaintID?
    private var top = 0
    private var search: LineEditor?
    private var searchStart = 0
    private var searchMissed = false
    private var lastSearch: String?
    /// How many times the queue was sorted (to check it is not done per key).
    public private(set) var queueComputations = 0

    // The complaint in front of the clerk.
    public private(set) var detailID: ComplaintID?
    private var detailScroll = 0
    private var detailEvents:
        (id: ComplaintID, eventCount: Int, events: [(sequence: UInt64, event: RecordedEvent)])?

    // Forms.
    private var intake: DeskForm?
    private var prompt: (form: DeskForm, action: String, id: ComplaintID, revision: UInt32)?
    private var receipt: (id: ComplaintID, lines: [String])?

    public private(set) var message: String?
    private var messageRole: Role = .statusInfo
    private var lastSize = ScreenSize.minimum

    static let statusChoices: [(String, Set<ComplaintStatus>?)] = [
        ("open", nil), ("received", [.received]), ("acknowledged", [.acknowledged, .assessed]),
        ("in progress", [.inProgress, .reopened]), ("waiting on customer", [.waitingOnCustomer]),
        ("responded", [.responded]), ("closed", [.closed]), ("withdrawn", [.withdrawn]),
        ("all", Set(ComplaintStatus.allCases)),
    ]

    /// - Parameter readOnly: the supervisors' live board (`desk watch`): the queue and each
    ///   standard's figures, with only the actions of a viewer.
    /// - Parameter drainWakeUp: empties the log wake-up descriptor before catching up.
    public init(desk: DeskBackend, readOnly: Bool = false, drainWakeUp: @escaping () -> Void = {})
        throws(ActionTableError)
    {
        self.desk = desk
        self.readOnly = readOnly
        self.drainWakeUp = drainWakeUp
        let role = readOnly ? DeskRole.viewer : desk.role
        queueKeys = try ActionRegistry(DeskActions.queue, for: role)
        detailKeys = try ActionRegistry(DeskActions.detail, for: role)
        formKeys = try ActionRegistry(DeskActions.form, for: role)
        receiptKeys = try ActionRegistry(DeskActions.receipt, for: role)
        if let alarm = desk.alarmText { say(alarm, .statusError) }
    }

    // MARK: TerminalApplication

    public func wakeUp() -> LoopDecision {
        drainWakeUp()
        do { _ = try desk.catchUp() } catch { say("Cannot read the log: \(error)", .statusError) }
        return .keepRunning
    }

    public func tick() -> LoopDecision { .keepRunning }

    public func render(size: ScreenSize) -> ScreenBuffer {
        lastSize = size
        switch mode {
        case .queue: return queueScreen(size: size).render(size: size)
        case .detail: return detailScreen(size: size).render(size: size)
        case .intake:
            return FormScreen(
                frame: frame(formKeys), form: intake ?? DeskForm(title: "", fields: []), note: returningNote()
            )
            .render(size: size)
        case .prompt:
            return FormScreen(frame: frame(formKeys), form: prompt?.form ?? DeskForm(title: "", fields: []))
                .render(size: size)
        case .receipt:
            return ReceiptScreen(frame: frame(receiptKeys), lines: receipt?.lines ?? []).render(size: size)
        case .help:
            var buffer = registry(for: helpReturn).helpScreen(
                size: size, in: context(), title: "Keys — \(desk.role.rawValue)", firstLine: helpLine)
            if let alarm = desk.alarmText {
                buffer.put("⚠ " + alarm, row: 0, column: 1, role: .statusError, maxColumns: size.columns - 2)
            }
            return buffer
        }
    }

    public func handle(_ key: Key) -> LoopDecision {
        if key == .resize { return .keepRunning }
        switch mode {
        case .queue: return handleQueue(key)
        case .detail: return handleDetail(key)
        case .intake, .prompt: return handleForm(key)
        case .receipt: return handleReceipt(key)
        case .help:
            switch key {
            case .escape, .character("?"), .function(1), .character("q"), .enter: mode = helpReturn
            case .pageDown, .down, .character(" "): helpLine += key == .down ? 1 : max(1, lastSize.rows - 3)
            case .pageUp, .up: helpLine = max(0, helpLine - (key == .up ? 1 : max(1, lastSize.rows - 3)))
            default: break
            }
            let count = registry(for: helpReturn).helpLineCount(size: lastSize, in: context())
            helpLine = min(helpLine, max(0, count - (lastSize.rows - 3)))
            return .keepRunning
        }
    }

    // MARK: Frame and context

    private func registry(for mode: Mode) -> ActionRegistry<DeskContext> {
        switch mode {
        case .queue, .help: queueKeys
        case .detail: detailKeys
        case .intake, .prompt: formKeys
        case .receipt: receiptKeys
        }
    }

    func context() -> DeskContext {
        let id = mode == .queue ? selectedID : detailID
        let view = id.flatMap { desk.state.complaint($0) }
        return DeskContext(
            user: desk.user, hasSelection: view != nil, status: view?.status, holder: view?.holder)
    }

    private func frame(_ keys: ActionRegistry<DeskContext>) -> DeskFrame {
        DeskFrame(
            office: desk.officeName, user: desk.user, role: readOnly ? .viewer : desk.role,
            time: DeskFormat.time(desk.now, calendar: desk.state.office?.calendar), alarm: desk.alarmText,
            message: message, messageRole: messageRole,
            keyBar: keys.keyBar(width: lastSize.columns, in: context()))
    }

    private func say(_ text: String?, _ role: Role = .statusInfo) {
        message = text
        messageRole = role
    }

    private func sayFailure(_ failure: DeskFailure) {
        if case .refused(let error) = failure, error.kind == .conflict {
            say(
                "Not done — someone else changed it first: \(error.message). The screen shows the latest now.",
                .statusWarning)
        } else {
            say("Not done: \(failure.description)", .statusError)
        }
    }

    // MARK: Queue

    /// Sorts the queue again only when events arrived, the filter changed or a minute passed;
    /// the selection stays on the same complaint.
    public func refreshQueue() {
        let state = desk.state
        let now = desk.now
        // The board's figures do not depend on the filter: recompute them only as time and events go by.
        if readOnly,
            state.eventCount != figuresEventCount
                || now.milliseconds - figuresComputedAt.milliseconds >= 60_000
        {
            figuresEventCount = state.eventCount
            figuresComputedAt = now
            figures = state.standardResults(now: now).map { result in
                let share =
                    result.shareMet.map { "\(Int(($0 * 100).rounded()))% met" } ?? "nothing measured yet"
                let target = Int((result.threshold * 100).rounded())
                let mark = result.meetsThreshold == false ? "BELOW TARGET" : ""
                return
                    "\(result.standardID): \(share) (target \(target)%) · met \(result.met) · missed \(result.missed) · running \(result.pending) \(mark)"
            }
        }
        if state.eventCount == entriesEventCount, filter == entriesFilter,
            now.milliseconds - entriesComputedAt.milliseconds < 60_000
        {
            return
        }
        entries = state.queue(now: now, filter: filter)
        queueComputations += 1
        entriesEventCount = state.eventCount
        entriesFilter = filter
        entriesComputedAt = now
        if let selectedID, selectedIndex < entries.count, entries[selectedIndex].id == selectedID {
            // Still where it was.
        } else if let selectedID, let index = entries.firstIndex(where: { $0.id == selectedID }) {
            selectedIndex = index
        } else {
            selectedIndex = min(selectedIndex, max(0, entries.count - 1))
        }
        selectedID = entries.isEmpty ? nil : entries[selectedIndex].id
    }

    private func select(_ index: Int) {
        guard !entries.isEmpty else { return }
        selectedIndex = max(0, min(entries.count - 1, index))
        selectedID = entries[selectedIndex].id
    }

    public func queueScreen(size: ScreenSize) -> QueueScreen {
        refreshQueue()
        let visible = QueueScreen.visibleRows(size, figures: figures.count)
        if selectedIndex < top { top = selectedIndex }
        if selectedIndex >= top + visible { top = selectedIndex - visible + 1 }
        top = max(0, min(top, max(0, entries.count - visible)))
        let state = desk.state
        let now = desk.now
        let calendar = state.office?.calendar
        var rows: [QueueRow] = []
        for entry in entries.dropFirst(top).prefix(visible) {
            guard let c = state.complaint(entry.id) else { continue }
            rows.append(
                QueueRow(
                    id: c.id.description, age: DeskFormat.age(from: c.receivedAt, to: now),
                    category: state.categoryTitle(c.category), status: c.status.name,
                    nextDue: entry.nextDue.map { DeskFormat.shortTime($0, calendar: calendar) } ?? "—",
                    holder: c.holder ?? "—", customer: c.customer.name, summary: c.summary,
                    urgency: entry.urgency,
                    flagged: entry.isUrgentFlag || c.isEscalated))
        }
        return QueueScreen(
            frame: frame(queueKeys), rows: rows, firstIndex: top,
            selected: entries.isEmpty ? nil : selectedIndex - top,
            total: entries.count, filter: filterDescription(), search: search?.text,
            searchMissed: searchMissed,
            deskIsEmpty: state.complaintCount == 0, figures: figures)
    }

    private func filterDescription() -> String {
        var parts = [Self.statusChoices[statusFilter].0]
        if let category = filter.category { parts.append("category \(desk.state.categoryTitle(category))") }
        if let channel = filter.channel { parts.append("via \(channel.name)") }
        if mine { parts.append("mine") }
        return parts.joined(separator: " · ")
    }

    private func matches(_ entry: QueueEntry, _ needle: String) -> Bool {
        if entry.id.description.lowercased().contains(needle) { return true }
        guard let c = desk.state.complaint(entry.id) else { return false }
        return c.customer.name.lowercased().contains(needle) || c.summary.lowercased().contains(needle)
    }

    /// Moves the selection to the first match at or after `start`, wrapping around.
    private func find(from start: Int) {
        guard let needle = search?.text.lowercased(), !needle.isEmpty, !entries.isEmpty else {
            searchMissed = false
            return
        }
        for offset in 0..<entries.count {
            let index = (start + offset) % entries.count
            if matches(entries[index], needle) {
                select(index)
                searchMissed = false
                return
            }
        }
        searchMissed = true
    }

    private func handleQueue(_ key: Key) -> LoopDecision {
        refreshQueue()
        if var editor = search {
            switch key {
            case .enter:
                lastSearch = editor.text
                search = nil
                say(searchMissed ? "Not found." : nil)
            case .escape:
                search = nil
                select(searchStart)
            case .down, .up, .pageDown, .pageUp:
                lastSearch = editor.text
                search = nil
                return handleQueue(key)
            default:
                if case .control = key, key != .control("a"), key != .control("e"), key != .control("k"),
                    key != .control("u")
                {
                    return .keepRunning
                }
                editor.handle(key)
                search = editor
                find(from: searchStart)
            }
            return .keepRunning
        }
        let page = max(1, QueueScreen.visibleRows(lastSize, figures: figures.count) - 1)
        switch queueKeys.dispatch(key, in: context()) {
        case .unbound: return .keepRunning
        case .disabled(_, let reason):
            say("Not now: \(reason).", .statusWarning)
            return .keepRunning
        case .perform(let id):
            if id != "help" { say(nil) }
            switch id {
            case "help": showHelp()
            case "new": startIntake()
            case "open":
                if let selectedID { openDetail(selectedID) }
            case "up": select(selectedIndex - 1)
            case "down": select(selectedIndex + 1)
            case "pageUp": select(selectedIndex - page)
            case "pageDown": select(selectedIndex + page)
            case "first": select(0)
            case "last": select(entries.count - 1)
            case "search":
                search = LineEditor(maxLength: 80)
                searchStart = selectedIndex
                searchMissed = false
            case "next":
                if search == nil, let last = lastSearch {
                    search = LineEditor(last)
                    find(from: selectedIndex + 1)
                    search = nil
                }
            case "status":
                statusFilter = (statusFilter + 1) % Self.statusChoices.count
                filter.statuses = Self.statusChoices[statusFilter].1
            case "category":
                let categories = desk.state.office?.categories.map(\.id) ?? []
                categoryFilter = (categoryFilter + 1) % (categories.count + 1)
                filter.category = categoryFilter == 0 ? nil : categories[categoryFilter - 1]
            case "channel":
                let channels = Channel.allCases
                channelFilter = (channelFilter + 1) % (channels.count + 1)
                filter.channel = channelFilter == 0 ? nil : channels[channelFilter - 1]
            case "mine":
                mine.toggle()
                filter.holder = mine ? desk.user : nil
            case "clear":
                (statusFilter, categoryFilter, channelFilter, mine) = (0, 0, 0, false)
                filter = QueueFilter()
            case "quit": return .quit
            default: break
            }
        }
        return .keepRunning
    }

    private func showHelp() {
        helpReturn = mode
        helpLine = 0
        mode = .help
    }

    // MARK: Detail

    public func openDetail(_ id: ComplaintID) {
        detailID = id
        detailScroll = 0
        mode = .detail
    }

    private func events(of id: ComplaintID) -> [(sequence: UInt64, event: RecordedEvent)] {
        let count = desk.state.eventCount
        if let cached = detailEvents, cached.id == id, cached.eventCount == count { return cached.events }
        let events = desk.events(of: id)
        detailEvents = (id, count, events)
        return events
    }

    public func detailScreen(size: ScreenSize) -> DetailScreen {
        var frame = frame(detailKeys)
        guard let id = detailID, let complaint = desk.state.complaint(id) else {
            frame.message = "That complaint is not in the log."
            return DetailScreen(frame: frame, title: "Complaint", lines: [])
        }
        let timeline = events(of: id)
        var details = ""
        var remedy = ""
        for (_, recorded) in timeline {
            if case .complaintReceived(_, let intake) = recorded.event {
                details = intake.details
                remedy = intake.remedySought
            }
        }
        let state = desk.state
        let lines = DetailScreen.lines(
            complaint: complaint, details: details, remedySought: remedy,
            clocks: state.clocks(of: id, now: desk.now),
            timeline: timeline, categoryTitle: state.categoryTitle(complaint.category),
            calendar: state.office?.calendar,
            width: size.columns)
        detailScroll = max(0, min(detailScroll, lines.count - DetailScreen.bodyRows(size)))
        return DetailScreen(
            frame: frame, title: "\(complaint.id) — \(complaint.customer.name)", lines: lines,
            scroll: detailScroll)
    }

    private func handleDetail(_ key: Key) -> LoopDecision {
        guard let id = detailID, let view = desk.state.complaint(id) else {
            mode = .queue
            return .keepRunning
        }
        switch detailKeys.dispatch(key, in: context()) {
        case .unbound: return .keepRunning
        case .disabled(_, let reason):
            say("Not now: \(reason).", .statusWarning)
            return .keepRunning
        case .perform(let action):
            if action != "help" { say(nil) }
            let page = max(1, DetailScreen.bodyRows(lastSize) - 1)
            switch action {
            case "help": showHelp()
            case "back": mode = .queue
            case "quit": return .quit
            case "up": detailScroll = max(0, detailScroll - 1)
            case "down": detailScroll += 1
            case "pageUp": detailScroll = max(0, detailScroll - page)
            case "pageDown": detailScroll += page
            case "claim": run(.claim(id, revision: view.revision), done: "Claimed \(id).")
            case "acknowledge": run(.acknowledge(id, revision: view.revision), done: "Acknowledged \(id).")
            case "pause" where view.pausedSince != nil:
                run(.resume(id, revision: view.revision), done: "Clocks running again on \(id).")
            default:
                if let form = Self.promptForm(
                    action, view: view, categories: desk.state.office?.categories ?? [])
                {
                    prompt = (form, action, id, view.revision)
                    mode = .prompt
                }
            }
        }
        return .keepRunning
    }

    /// Runs a command; a conflict or refusal is said in plain words and the screen shows the latest.
    @discardableResult
    private func run(_ command: Command, done: String) -> [RecordedEvent]? {
        do {
            let events = try desk.execute(command)
            say(done, .statusOK)
            return events
        } catch {
            sayFailure(error)
            _ = try? desk.catchUp()
            return nil
        }
    }

    static func promptForm(_ action: String, view: ComplaintView, categories: [Category]) -> DeskForm? {
        let title = "\(view.id): "
        switch action {
        case "assess":
            return DeskForm(
                title: title + "assess",
                fields: [
                    .choice(
                        "severity", "Severity", Severity.allCases.map(\.name),
                        selected: Int(view.severity.rawValue)),
                    .choice("urgent", "Urgent", ["no", "yes"], selected: view.isUrgent ? 1 : 0),
                ])
        case "note":
            return DeskForm(
                title: title + "add a note",
                fields: [
                    .text("text", "Note", .note),
                    .choice("visible", "Seen by", ["staff only (internal)", "the customer too"]),
                ])
        case "pause":
            return DeskForm(
                title: title + "pause for the customer", fields: [.text("reason", "Waiting for", .reason)])
        case "transfer":
            return DeskForm(
                title: title + "transfer",
                fields: [
                    .choice("category", "Category", ["(keep)"] + categories.map(\.title)),
                    .text("clerk", "To clerk", .userName),
                    .text("reason", "Reason", .reason),
                ])
        case "escalate":
            return DeskForm(title: title + "escalate", fields: [.text("reason", "Reason", .reason)])
        case "respond":
            return DeskForm(
                title: title + "respond",
                fields: [
                    .choice("decision", "Decision", Decision.allCases.map(\.name)),
                    .text("reasons", "Reasons", .reasons),
                    .text("remedy", "Remedy offered", .remedyOffered),
                ])
        case "close":
            return DeskForm(
                title: title + "close",
                fields: [
                    .choice("acceptance", "Customer", Acceptance.allCases.map(\.name)),
                    .text("recourse", "Recourse", .recourse),
                ])
        case "reopen":
            return DeskForm(title: title + "reopen", fields: [.text("reason", "Reason", .reason)])
        case "withdraw":
            return DeskForm(title: title + "withdraw", fields: [.text("reason", "Reason", .reason)])
        default: return nil
        }
    }

    private func command(for prompt: (form: DeskForm, action: String, id: ComplaintID, revision: UInt32))
        -> Command?
    {
        let (f, id, revision) = (prompt.form, prompt.id, prompt.revision)
        switch prompt.action {
        case "assess":
            return .assess(
                id, revision: revision, severity: Severity(rawValue: UInt8(f.choice("severity"))) ?? .normal,
                urgent: f.choice("urgent") == 1)
        case "note":
            return .addNote(
                id, revision: revision, text: f.value("text"), customerVisible: f.choice("visible") == 1)
        case "pause": return .pause(id, revision: revision, reason: f.value("reason"))
        case "transfer":
            let categories = desk.state.office?.categories ?? []
            let index = f.choice("category")
            let clerk = f.value("clerk").trimmingCharacters(in: .whitespaces)
            return .transfer(
                id, revision: revision, category: index == 0 ? nil : categories[index - 1].id,
                clerk: clerk.isEmpty ? nil : clerk, reason: f.value("reason"))
        case "escalate": return .escalate(id, revision: revision, reason: f.value("reason"))
        case "respond":
            return .respond(
                id, revision: revision, decision: Decision(rawValue: UInt8(f.choice("decision"))) ?? .upheld,
                reasons: f.value("reasons"), remedyOffered: f.value("remedy"))
        case "close":
            return .close(
                id, revision: revision,
                acceptance: Acceptance(rawValue: UInt8(f.choice("acceptance"))) ?? .notKnown,
                recourse: f.value("recourse"))
        case "reopen": return .reopen(id, revision: revision, reason: f.value("reason"))
        case "withdraw": return .withdraw(id, revision: revision, reason: f.value("reason"))
        default: return nil
        }
    }

    // MARK: Forms

    public func startIntake() {
        let office = desk.state.office
        let channels = office?.channels.isEmpty == false ? office!.channels : Channel.allCases
        intake = DeskForm(
            title: "New complaint",
            fields: [
                .text("name", "Customer name", .customerName),
                .text("email", "Email", .email),
                .text("phone", "Phone", .phone),
                .choice("reply", "Reply by", ["no preference"] + Channel.allCases.map(\.name)),
                .choice("channel", "Came in by", channels.map(\.name)),
                .choice("category", "Category", (office?.categories ?? [.other]).map(\.title)),
                .text("summary", "Summary", .summary),
                .text("details", "Details", .details),
                .text("remedy", "Remedy sought", .remedySought),
            ])
        mode = .intake
        say("Tab/Enter moves between fields; ←/→ changes a choice; F2 saves.")
    }

    /// A known customer: by email or phone when typed (the same person), else by name as it is
    /// typed (perhaps the same person: the note shows contact details so the clerk can ask).
    private func returningCustomer() -> (customer: Customer, complaints: Int, byName: Bool)? {
        guard let form = intake else { return nil }
        // Render asks on every frame and tick; the name search walks every customer, so ask once
        // per change of the typed fields or of the log.
        let key = [form.value("name"), form.value("email"), form.value("phone")]
        if let memo = returningMemo, memo.key == key, memo.eventCount == desk.state.eventCount {
            return memo.found
        }
        let found = lookUpReturningCustomer(name: key[0], email: key[1], phone: key[2])
        returningMemo = (key, desk.state.eventCount, found)
        return found
    }

    private var returningMemo:
        (key: [String], eventCount: Int, found: (customer: Customer, complaints: Int, byName: Bool)?)?

    private func lookUpReturningCustomer(name: String, email: String, phone: String)
        -> (customer: Customer, complaints: Int, byName: Bool)?
    {
        let probe = Customer(name: name, email: email, phone: phone)
        if !probe.normalisedEmail.isEmpty || probe.normalisedPhone.count >= 6,
            let found = desk.state.returningCustomer(like: probe)
        {
            return (found.customer, found.complaints, false)
        }
        guard probe.email.isEmpty, probe.phone.isEmpty, probe.name.count >= 3,
            let first = desk.state.customers(namedLike: probe.name, limit: 1).first
        else { return nil }
        return (first.customer, first.complaints, true)
    }

    private func returningNote() -> String? {
        guard let found = returningCustomer() else { return nil }
        if found.byName {
            let contact = [found.customer.email, found.customer.phone].filter { !$0.isEmpty }.joined(
                separator: ", ")
            return
                "Known customer: \(found.customer.name)\(contact.isEmpty ? "" : " (\(contact))"), \(found.complaints) complaint(s) — F3 if it is them."
        }
        return
            "Returning customer: \(found.customer.name), \(found.complaints) complaint(s) before — F3 uses their details."
    }

    private func handleForm(_ key: Key) -> LoopDecision {
        switch formKeys.dispatch(key, in: context()) {
        case .perform("help"):
            showHelp()
            return .keepRunning
        case .perform("cancel"):
            mode = mode == .prompt ? .detail : .queue
            intake = mode == .queue ? nil : intake
            prompt = nil
            say("Nothing was saved.")
            return .keepRunning
        case .perform("save"):
            if mode == .intake { saveIntake() } else { savePrompt() }
            return .keepRunning
        case .perform("returning"):
            if mode == .intake, let found = returningCustomer(), var form = intake {
                form["name"] = .text("name", "Customer name", .customerName, value: found.customer.name)
                form["email"] = .text("email", "Email", .email, value: found.customer.email)
                form["phone"] = .text("phone", "Phone", .phone, value: found.customer.phone)
                if let reply = found.customer.preferredReply {
                    form["reply"] = .choice(
                        "reply", "Reply by", ["no preference"] + Channel.allCases.map(\.name),
                        selected: Int(reply.rawValue) + 1)
                }
                intake = form
            }
            return .keepRunning
        case .perform("next"):
            editForm { $0.move(by: 1) }
            return .keepRunning
        case .perform("previous"):
            editForm { $0.move(by: -1) }
            return .keepRunning
        default:
            editForm { _ = $0.handle(key) }
            return .keepRunning
        }
    }

    private func editForm(_ change: (inout DeskForm) -> Void) {
        if mode == .intake, var form = intake {
            let left = form.fields[form.focus].id
            change(&form)
            if form.fields[form.focus].id != left, ["email", "phone"].contains(left),
                form[left]?.problem == nil
            {
                // Leaving a contact field: check it as the desk will on save.
                let customer = Customer(
                    name: form.value("name").isEmpty ? "-" : form.value("name"), email: form.value("email"),
                    phone: form.value("phone"))
                do { try validate(customer) } catch  where error.field == left {
                    form[left]?.problem = error.message
                } catch {}
            }
            intake = form
        } else if mode == .prompt, var current = prompt {
            change(&current.form)
            prompt = current
        }
    }

    private func saveIntake() {
        guard var form = intake else { return }
        guard form.validateAll() else {
            intake = form
            say("Not saved: put right the field marked below.", .statusError)
            return
        }
        let office = desk.state.office
        let channels = office?.channels.isEmpty == false ? office!.channels : Channel.allCases
        let categories = office?.categories ?? [.other]
        let reply = form.choice("reply")
        let intakeValue = ComplaintIntake(
            channel: channels[form.choice("channel")], category: categories[form.choice("category")].id,
            summary: form.value("summary"), details: form.value("details"),
            remedySought: form.value("remedy"),
            customer: Customer(
                name: form.value("name"), email: form.value("email"), phone: form.value("phone"),
                preferredReply: reply == 0 ? nil : Channel.allCases[reply - 1]),
            receivedAt: desk.now)
        do {
            try validate(intakeValue)
        } catch {
            if !form.place(problem: error.message, field: error.field) {
                say("Not saved: \(error.message)", .statusError)
            } else {
                say("Not saved: put right the field marked below.", .statusError)
            }
            intake = form
            return
        }
        guard let events = run(.receive(intakeValue), done: "") else { return }
        guard
            let id = events.lazy.compactMap({ recorded -> ComplaintID? in
                if case .complaintReceived(let id, _) = recorded.event { return id }
                return nil
            }).first, let view = desk.state.complaint(id)
        else { return }
        intake = nil
        receipt = (
            id,
            ReceiptScreen.slip(
                office: desk.officeName, complaint: view, clocks: desk.state.clocks(of: id, now: desk.now),
                calendar: desk.state.office?.calendar)
        )
        mode = .receipt
        say("Saved \(id). Give the customer the receipt: F5 writes it to a file for printing.", .statusOK)
    }

    private func savePrompt() {
        guard var current = prompt else { return }
        guard current.form.validateAll() else {
            prompt = current
            say("Not done: put right the field marked below.", .statusError)
            return
        }
        guard let command = command(for: current) else { return }
        do {
            _ = try desk.execute(command)
            say("Done: \(current.form.title).", .statusOK)
            prompt = nil
            mode = .detail
        } catch {
            if case .refused(let problem) = error, problem.kind != .conflict,
                current.form.place(problem: problem.message, field: problem.field)
            {
                prompt = current
                say("Not done: put right the field marked below.", .statusError)
                return
            }
            sayFailure(error)
            _ = try? desk.catchUp()
            prompt = nil
            mode = .detail
        }
    }

    // MARK: Receipt

    private func handleReceipt(_ key: Key) -> LoopDecision {
        switch receiptKeys.dispatch(key, in: context()) {
        case .perform("help"): showHelp()
        case .perform("print"): writeReceipt()
        case .perform("open"):
            if let id = receipt?.id { openDetail(id) }
        case .perform("new"): startIntake()
        case .perform("back"): mode = .queue
        default: break
        }
        return .keepRunning
    }

    /// Writes the receipt as plain text into the data directory (else the working directory).
    private func writeReceipt() {
        guard let receipt else { return }
        let text = receipt.lines.joined(separator: "\n") + "\n"
        let name = "receipt-\(receipt.id).txt"
        for directory in [desk.dataDirectoryPath, FileManager.default.currentDirectoryPath] {
            let path = (directory as NSString).appendingPathComponent(name)
            if (try? text.write(toFile: path, atomically: true, encoding: .utf8)) != nil {
                say("Receipt written to \(path) — print it from there.", .statusOK)
                return
            }
        }
        say("Could not write \(name) in the data directory or here; check the permissions.", .statusError)
    }
}
