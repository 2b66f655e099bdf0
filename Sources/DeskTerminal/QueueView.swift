import Desk
import DeskCore
import Foundation
import TerminalUI

/// The queue: open complaints, most pressing first, filtered and searched; the selection stays
/// on the same complaint when the list changes under it.
final class QueueView: ActionView {
    let environment: DeskEnvironment
    /// The complaints shown, in order; recomputed on reload only when something changed.
    private(set) var entries: [QueueEntry] = []
    private(set) var filter = QueueFilter()
    private var statusChoice = 0
    private(set) var selectedIndex = 0
    private(set) var selectedID: ComplaintID?
    private var top = 0
    private(set) var search: QueueSearch?
    private var lastSearch: String?
    /// The board's summary under the queue (the live board only); nil on the clerk's desk.
    private(set) var glance: BoardGlance?
    /// What the queue was computed from, so it is sorted again only when that changed.
    private var computedFrom: (events: Int, filter: QueueFilter, minute: Int64)?
    /// How many times the queue was sorted (to check it is not done per key).
    private(set) var computations = 0
    private var haystacks = SearchHaystacks()

    init(environment: DeskEnvironment) {
        self.environment = environment
    }

    static let statusChoices: [(name: String, statuses: Set<ComplaintStatus>?)] = [
        ("open", nil), ("received", [.received]), ("acknowledged", [.acknowledged, .assessed]),
        ("in progress", [.inProgress, .reopened]), ("waiting on customer", [.waitingOnCustomer]),
        ("responded", [.responded]), ("closed", [.closed]), ("withdrawn", [.withdrawn]),
        ("all", Set(ComplaintStatus.allCases)),
    ]

    var actions: ActionRegistry<QueueView, ViewEffect> {
        search == nil ? environment.keymaps.queue : environment.keymaps.queueSearch
    }

    var name: String { "queue" }

    var subtitle: [StyledSegment] {
        var parts = [
            StyledSegment("Queue ", role: .title),
            StyledSegment("· \(entries.count) · \(filterDescription)", role: .status),
        ]
        if let search {
            parts.append(StyledSegment(" · search: ", role: .status))
            parts.append(StyledSegment(search.editor.text, role: search.missed ? .statusError : .fieldFocus))
        }
        return parts
    }

    var helpNotes: [String] {
        [
            "Order: overdue now first, then at risk, then the rest, oldest first.",
            "Red: a standard is overdue now. Yellow: at risk (75 % of its time used).",
            "× at the left: a standard was missed earlier; the breach stands in every figure.",
            "! before a summary: flagged urgent, or escalated.",
            "Next due: the nearest running clock's due time, and how far away (\"in 4h\", \"3d over\").",
        ]
    }

    var selected: ComplaintView? { selectedID.flatMap { environment.state.complaint($0) } }

    // MARK: Loading

    func reload() {
        let state = environment.state
        let now = environment.now
        let minute = now.milliseconds / 60_000
        if let from = computedFrom, from.events == state.eventCount, from.filter == filter,
            from.minute == minute
        {
            return
        }
        if environment.isBoard, computedFrom?.events != state.eventCount || computedFrom?.minute != minute {
            glance = BoardGlance(environment: environment)
        }
        computedFrom = (state.eventCount, filter, minute)
        entries = state.queue(now: now, filter: filter)
        computations += 1
        if let selectedID, selectedIndex < entries.count, entries[selectedIndex].id == selectedID {
            // Still where it was.
        } else if let selectedID, let index = entries.firstIndex(where: { $0.id == selectedID }) {
            selectedIndex = index
        } else {
            selectedIndex = min(selectedIndex, max(0, entries.count - 1))
        }
        selectedID = entries.isEmpty ? nil : entries[selectedIndex].id
    }

    private var filterDescription: String {
        var parts = [Self.statusChoices[statusChoice].name]
        if let category = filter.category {
            parts.append("category \(environment.state.categoryTitle(category))")
        }
        if let channel = filter.channel { parts.append("via \(channel.name)") }
        if filter.holder != nil { parts.append("mine") }
        return parts.joined(separator: " · ")
    }

    // MARK: Moving

    /// How many rows of complaints fit in the body.
    func visibleRows(_ body: Range<Int>) -> Int {
        let figureRows = glance.map { min($0.lines.count + 1, body.count / 2) } ?? 0
        return max(1, body.count - 1 - figureRows)
    }

    private var page: Int { max(1, visibleRows(DeskRouter.body(environment.size)) - 1) }

    func select(_ index: Int) {
        guard !entries.isEmpty else { return }
        selectedIndex = max(0, min(entries.count - 1, index))
        selectedID = entries[selectedIndex].id
        let visible = visibleRows(DeskRouter.body(environment.size))
        if selectedIndex < top { top = selectedIndex }
        if selectedIndex >= top + visible { top = selectedIndex - visible + 1 }
    }

    /// The first row shown for this body: keeps the selection visible without changing state.
    func firstRow(_ body: Range<Int>) -> Int {
        let visible = visibleRows(body)
        var first = top
        if selectedIndex < first { first = selectedIndex }
        if selectedIndex >= first + visible { first = selectedIndex - visible + 1 }
        return max(0, min(first, max(0, entries.count - visible)))
    }

    func position(body: Range<Int>) -> String? {
        let visible = visibleRows(body)
        guard entries.count > visible else { return nil }
        let first = firstRow(body)
        return "\(first + 1)–\(min(entries.count, first + visible)) of \(entries.count)"
    }

    private func changeFilter(_ change: (inout QueueFilter) -> Void) -> ViewEffect {
        change(&filter)
        reload()
        return .stay
    }

    // MARK: Searching

    /// Moves the selection to the next match from `start` (inclusive), wrapping around.
    private func find(from start: Int, backwards: Bool) -> Bool {
        guard
            let needle = search.map({ SearchHaystacks.fold($0.editor.text) })
                ?? lastSearch.map(SearchHaystacks.fold),
            !needle.isEmpty, !entries.isEmpty
        else { return true }
        let state = environment.state
        for offset in 0..<entries.count {
            let step = backwards ? -offset : offset
            let index = ((start + step) % entries.count + entries.count) % entries.count
            if haystacks.matches(entries[index].id, needle, in: state, privacy: environment.privacy) {
                select(index)
                return true
            }
        }
        return false
    }

    private func editSearch(_ key: Key) -> ViewEffect {
        guard var current = search else { return .stay }
        current.editor.handle(key)
        search = current
        let found = find(from: current.start, backwards: false)
        search?.missed = !found
        return .stay
    }

    private func endSearch(keep: Bool) {
        guard let current = search else { return }
        search = nil
        if keep {
            lastSearch = current.editor.text
            if current.missed { environment.say("Not found: \(current.editor.text)", .statusWarning) }
        } else {
            select(current.start)
        }
    }

    private func searchAgain(backwards: Bool) -> ViewEffect {
        guard let last = lastSearch, !last.isEmpty else {
            environment.say("Nothing to search for yet: press / and type.", .statusInfo)
            return .stay
        }
        if !find(from: selectedIndex + (backwards ? -1 : 1), backwards: backwards) {
            environment.say("Not found: \(last)", .statusWarning)
        }
        return .stay
    }

    // MARK: Actions

    static let actions: [Action<QueueView, ViewEffect>] = [
        Action(id: "help", title: "Show every key", barLabel: "Help", keys: .function(1), .character("?")) {
            _, _ in
            .help
        },
        Action(
            id: "new", title: "Take a new complaint (intake form)", barLabel: "New", keys: .function(2),
            .character("i"), permission: changing
        ) { view, _ in .open(IntakeView(environment: view.environment)) },
        Action(
            id: "open", title: "Open the selected complaint", barLabel: "Open", keys: .enter, .right,
            .character("l"), disabledReason: { $0.selected == nil ? "the queue is empty" : nil },
            perform: { view, _ in
                view.selectedID.map { .open(DetailView(environment: view.environment, id: $0)) } ?? .stay
            }),
        Action(id: "up", title: "Previous complaint", keys: .up, .character("k")) { view, _ in
            view.select(view.selectedIndex - 1)
            return .stay
        },
        Action(id: "down", title: "Next complaint", keys: .down, .character("j")) { view, _ in
            view.select(view.selectedIndex + 1)
            return .stay
        },
        Action(id: "pageUp", title: "Page up", keys: .pageUp) { view, _ in
            view.select(view.selectedIndex - view.page)
            return .stay
        },
        Action(id: "pageDown", title: "Page down", keys: .pageDown, .character(" ")) { view, _ in
            view.select(view.selectedIndex + view.page)
            return .stay
        },
        Action(id: "first", title: "Most pressing complaint", keys: .home, .character("g")) { view, _ in
            view.select(0)
            return .stay
        },
        Action(id: "last", title: "Least pressing complaint", keys: .end, .character("G")) { view, _ in
            view.select(view.entries.count - 1)
            return .stay
        },
        Action(
            id: "search", title: "Search: reference, name, summary, e-mail or phone (any case, any accents)",
            barLabel: "Find", keys: .character("/")
        ) { view, _ in
            view.search = QueueSearch(start: view.selectedIndex)
            return .stay
        },
        Action(id: "next", title: "Next match of the last search", keys: .character("n")) { view, _ in
            view.searchAgain(backwards: false)
        },
        Action(id: "previous", title: "Previous match of the last search", keys: .character("N")) { view, _ in
            view.searchAgain(backwards: true)
        },
        Action(
            id: "status", title: "Filter by status (cycles)", barLabel: "Status", keys: .function(5),
            .character("s")
        ) { view, _ in
            view.statusChoice = (view.statusChoice + 1) % statusChoices.count
            return view.changeFilter { $0.statuses = statusChoices[view.statusChoice].statuses }
        },
        Action(
            id: "category", title: "Filter by category (cycles)", barLabel: "Categ", keys: .function(6),
            .character("c")
        ) { view, _ in
            let categories = view.environment.state.office?.categories.map(\.id) ?? []
            let next = view.filter.category.flatMap { categories.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
            return view.changeFilter { $0.category = next < categories.count ? categories[next] : nil }
        },
        Action(
            id: "channel", title: "Filter by channel (cycles)", barLabel: "Chan", keys: .function(7),
            .character("h")
        ) { view, _ in
            let channels = Channel.allCases
            let next = view.filter.channel.flatMap { channels.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
            return view.changeFilter { $0.channel = next < channels.count ? channels[next] : nil }
        },
        Action(
            id: "mine", title: "Only complaints I hold (toggle)", barLabel: "Mine", keys: .function(8),
            .character("m")
        ) { view, _ in
            view.changeFilter { $0.holder = $0.holder == nil ? view.environment.desk.user : nil }
        },
        Action(id: "clear", title: "Clear every filter", keys: .character("x")) { view, _ in
            view.statusChoice = 0
            return view.changeFilter { $0 = QueueFilter() }
        },
        Action(id: "quit", title: "Leave the desk", barLabel: "Quit", keys: .function(10), .character("q")) {
            _, _ in
            .quit
        },
        // Last, so the bar keeps Quit where it has no room for both.
        Action(id: "dashboard", title: "Service-standard dashboard", barLabel: "Dash", keys: .character("d"))
        {
            view, _ in .open(DashboardView(environment: view.environment))
        },
        Action(id: "ideas", title: "Staff barriers and ideas", barLabel: "Ideas", keys: .character("b")) {
            view, _ in .open(StaffIdeasView(environment: view.environment))
        },
    ]

    /// While a search is typed: the text goes to the search, Enter keeps the match, Esc goes back.
    static let searchActions: [Action<QueueView, ViewEffect>] = [
        Action(id: "type", title: "Type what to find", keys: [.text]) { view, key in view.editSearch(key) },
        Action(
            id: "edit", title: "Edit the search (←/→, Home/End, Bksp/Del, ^A ^E ^K ^U)", keys: .left, .right,
            .home, .end, .backspace, .delete, .control("a"), .control("e"), .control("k"), .control("u")
        ) { view, key in view.editSearch(key) },
        Action(id: "keep", title: "Keep this match", barLabel: "Keep", keys: .enter) { view, _ in
            view.endSearch(keep: true)
            return .stay
        },
        Action(
            id: "cancel", title: "Cancel the search (back where it started)", barLabel: "Cancel",
            keys: .escape
        ) {
            view, _ in
            view.endSearch(keep: false)
            return .stay
        },
        Action(
            id: "move", title: "Keep this match and move (↑/↓/PgUp/PgDn)", keys: .up, .down, .pageUp,
            .pageDown
        ) {
            view, key in
            view.endSearch(keep: true)
            return view.handle(key)
        },
        Action(id: "help", title: "Show every key", barLabel: "Help", keys: .function(1)) { _, _ in .help },
    ]
}

/// A search being typed in the queue.
struct QueueSearch {
    var editor = LineEditor(maxLength: 80)
    /// Where the selection was when the search began (Esc goes back there).
    var start: Int
    var missed = false
}

/// What the queue's search looks in, folded for case and accents, kept per complaint revision
/// so typing a search does not fold every name again for each key.
struct SearchHaystacks {
    private var folded: [ComplaintID: (revision: UInt32, text: String)] = [:]

    /// Lowercase, without accents: `Núñez` → `nunez`.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// Whether complaint `id` holds `needle` in what this screen may show: on the board (masked),
    /// its reference, the customer's initials and its summary, never a name, e-mail or phone.
    mutating func matches(
        _ id: ComplaintID, _ needle: String, in state: DeskState, privacy: CustomerPrivacy = .shown
    ) -> Bool {
        guard let c = state.complaint(id) else { return false }
        if let known = folded[id], known.revision == c.revision { return known.text.contains(needle) }
        let digits = String(c.customer.phone.filter(\.isNumber))
        let fields =
            privacy.showsPersonalText
            ? [c.id.description, c.customer.name, c.summary, c.customer.email, c.customer.phone, digits]
            : [c.id.description, privacy.name(c.customer), c.summary]
        let text = Self.fold(fields.joined(separator: "\u{1F}"))
        folded[id] = (c.revision, text)
        return text.contains(needle)
    }
}
