import Desk
import TerminalUI

/// One thing the clerk can do from the keyboard.
///
/// The registry built from these drives key dispatch, the bottom key bar and the `?` help screen,
/// so the three never disagree.
public struct DeskAction<Context>: Sendable {
    public var id: String
    /// The words in help, such as "Claim the selected complaint".
    public var title: String
    /// The short label in the key bar, such as "Claim"; `nil` keeps the action out of the bar.
    public var barLabel: String?
    /// Every key that runs it: the first is the one shown in the bar.
    public var keys: [Key]
    /// The roles that may use it; for anyone else it is not bound at all.
    public var roles: Set<DeskRole>
    /// Why it cannot run right now (shown in the bar and help), or `nil` when it can.
    public var disabledReason: @Sendable (Context) -> String?

    public init(
        id: String, title: String, barLabel: String? = nil, keys: [Key],
        roles: Set<DeskRole> = Set(DeskRole.allCases),
        disabledReason: @escaping @Sendable (Context) -> String? = { _ in nil }
    ) {
        self.id = id
        self.title = title
        self.barLabel = barLabel
        self.keys = keys
        self.roles = roles
        self.disabledReason = disabledReason
    }
}

/// A problem in the action table found when building a registry.
public struct ActionTableError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
}

/// The actions bound for one role: key dispatch, key bar and help all come from here.
public struct ActionRegistry<Context>: Sendable {
    public let role: DeskRole
    /// The actions this role may use, in table order.
    public let actions: [DeskAction<Context>]
    private let byKey: [Key: Int]

    /// Keeps only the actions `role` may use. Two bound actions sharing a key is a mistake in the
    /// table and throws, naming the key and both actions.
    public init(_ table: [DeskAction<Context>], for role: DeskRole) throws(ActionTableError) {
        self.role = role
        self.actions = table.filter { $0.roles.contains(role) }
        var byKey: [Key: Int] = [:]
        var ids: Set<String> = []
        for (index, action) in actions.enumerated() {
            guard ids.insert(action.id).inserted else {
                throw ActionTableError(description: "action \"\(action.id)\" appears twice")
            }
            guard !action.keys.isEmpty else {
                throw ActionTableError(description: "action \"\(action.id)\" has no key")
            }
            for key in action.keys {
                if let other = byKey[key] {
                    throw ActionTableError(
                        description:
                            "key \(key) is bound to both \"\(actions[other].id)\" and \"\(action.id)\"")
                }
                byKey[key] = index
            }
        }
        self.byKey = byKey
    }

    /// The action bound to `key` for this role, if any.
    public func action(for key: Key) -> DeskAction<Context>? {
        byKey[key].map { actions[$0] }
    }

    /// Whether an action with this id is bound for this role.
    public func contains(_ id: String) -> Bool { actions.contains { $0.id == id } }

    /// What pressing a key means right now.
    public enum Dispatch: Equatable, Sendable {
        case perform(String)
        case disabled(String, reason: String)
        case unbound
    }

    public func dispatch(_ key: Key, in context: Context) -> Dispatch {
        guard let action = action(for: key) else { return .unbound }
        if let reason = action.disabledReason(context) { return .disabled(action.id, reason: reason) }
        return .perform(action.id)
    }

    /// The bottom key bar, `width` columns wide: `F1 Help  F2 Claim …`, disabled actions dimmed.
    /// Entries that do not fit are left out from the end; the first (help) always stays.
    public func keyBar(width: Int, in context: Context) -> [StyledSegment] {
        var segments: [StyledSegment] = []
        var used = 0
        for action in actions {
            guard let label = action.barLabel, let key = action.keys.first else { continue }
            let keyText = key.description
            let gap = segments.isEmpty ? 0 : 1
            let entryWidth = gap + DisplayWidth.of(keyText) + 1 + DisplayWidth.of(label)
            if used + entryWidth > width { continue }
            let disabled = action.disabledReason(context) != nil
            if gap > 0 { segments.append(StyledSegment(" ", role: .keyBar)) }
            segments.append(StyledSegment(keyText, role: disabled ? .keyBarDisabled : .keyBarKey))
            segments.append(StyledSegment(" " + label, role: disabled ? .keyBarDisabled : .keyBar))
            used += entryWidth
        }
        return segments
    }

    /// The key bar drawn into the last row of a buffer, the rest of the row in the bar's colour.
    public func drawKeyBar(into buffer: inout ScreenBuffer, in context: Context) {
        let row = buffer.rows - 1
        guard row >= 0 else { return }
        buffer.fill(row: row, column: 0, columns: buffer.columns, role: .keyBar)
        buffer.put(
            keyBar(width: buffer.columns, in: context), row: row, column: 0, maxColumns: buffer.columns)
    }

    /// One line of the help screen: keys (only on an action's first line), text and whether enabled.
    private struct HelpLine {
        var keys: String
        var text: String
        var enabled: Bool
    }

    private func helpLines(textWidth: Int, in context: Context) -> [HelpLine] {
        var lines: [HelpLine] = []
        for action in actions {
            let keys = action.keys.map(\.description).joined(separator: " ")
            guard let reason = action.disabledReason(context) else {
                lines.append(HelpLine(keys: keys, text: action.title, enabled: true))
                continue
            }
            let text = "\(action.title) (not now: \(reason))"
            if DisplayWidth.of(text) <= textWidth {
                lines.append(HelpLine(keys: keys, text: text, enabled: false))
            } else {
                // The reason goes on a line of its own rather than being cut off.
                lines.append(HelpLine(keys: keys, text: action.title, enabled: false))
                lines.append(HelpLine(keys: "", text: "  (not now: \(reason))", enabled: false))
            }
        }
        return lines
    }

    /// The `?` help screen: every bound action, its keys and title, and why it is disabled now.
    ///
    /// When the actions do not fit, `firstLine` scrolls the list and the bottom line says more
    /// follow; ``helpLineCount(size:in:)`` tells the caller how far it can scroll.
    public func helpScreen(size: ScreenSize, in context: Context, title: String = "Keys", firstLine: Int = 0)
        -> ScreenBuffer
    {
        var buffer = ScreenBuffer(size: size)
        buffer.box(ScreenRect(row: 0, column: 0, rows: size.rows, columns: size.columns), title: title)
        let keyColumn = Self.helpKeyColumn(size.columns)
        let textWidth = Self.helpTextWidth(size.columns)
        let lines = helpLines(textWidth: textWidth, in: context)
        let room = max(0, size.rows - 3)
        let start = max(0, min(firstLine, lines.count - room))
        for (offset, line) in lines.dropFirst(start).prefix(room).enumerated() {
            let row = 1 + offset
            buffer.put(
                line.keys, row: row, column: 2, role: line.enabled ? .helpKey : .helpDisabled,
                maxColumns: keyColumn - 1)
            buffer.put(
                line.text, row: row, column: 2 + keyColumn, role: line.enabled ? .help : .helpDisabled,
                maxColumns: textWidth)
        }
        if size.rows >= 3 {
            let more = start + room < lines.count
            let footer = more ? "↓ more: PgDn · Esc or ? closes this help." : "Esc or ? closes this help."
            buffer.put(footer, row: size.rows - 2, column: 2, role: .help, maxColumns: size.columns - 4)
        }
        return buffer
    }

    /// How many lines the help list has at this size (to bound scrolling).
    public func helpLineCount(size: ScreenSize, in context: Context) -> Int {
        helpLines(textWidth: Self.helpTextWidth(size.columns), in: context).count
    }

    /// The help screen's layout, shared by drawing and scrolling so they never disagree.
    private static func helpKeyColumn(_ columns: Int) -> Int { min(22, max(8, columns / 4)) }
    private static func helpTextWidth(_ columns: Int) -> Int { columns - helpKeyColumn(columns) - 3 }
}
