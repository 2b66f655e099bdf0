/// What an action is bound to: one key, or any printable character (typing into a field).
public enum KeyBinding: Hashable, Sendable, CustomStringConvertible {
    case key(Key)
    /// Every `.character` key not bound to another action of the same table.
    case text

    public var description: String {
        switch self {
        case .key(let key): key.description
        case .text: "typing"
        }
    }
}

/// One thing a person can do on a screen: its keys, its words, who may do it, why it cannot be
/// done right now, and the handler that does it.
///
/// `Target` is what the handler acts on (a view); `Outcome` is what it answers (what the screen
/// should do next). Dispatch calls the handler; nothing is looked up again by name.
public struct Action<Target, Outcome>: Sendable {
    /// A stable name for help, tests and documentation; never used to dispatch.
    public var id: String
    /// What the action does, as the help screen says it.
    public var title: String
    /// The short label in the bottom key bar; `nil` keeps it out of the bar (still in help).
    public var barLabel: String?
    /// The keys that run it; the first is the one shown in the bar.
    public var keys: [KeyBinding]
    /// What the person must be allowed to do (the application's word for it); `nil` for everyone.
    /// An action the person may not use is not bound at all.
    public var permission: String?
    /// Whether the bar still shows the action, dimmed, while it is disabled.
    public var showsWhenDisabled: Bool
    /// Why it cannot run right now (shown in the bar and help), or `nil` when it can.
    public var disabledReason: @Sendable (Target) -> String?
    /// Runs the action for the key that was pressed.
    public var perform: @Sendable (Target, Key) -> Outcome

    public init(
        id: String, title: String, barLabel: String? = nil, keys: [KeyBinding], permission: String? = nil,
        showsWhenDisabled: Bool = true,
        disabledReason: @escaping @Sendable (Target) -> String? = { _ in nil },
        perform: @escaping @Sendable (Target, Key) -> Outcome
    ) {
        self.id = id
        self.title = title
        self.barLabel = barLabel
        self.keys = keys
        self.permission = permission
        self.showsWhenDisabled = showsWhenDisabled
        self.disabledReason = disabledReason
        self.perform = perform
    }

    /// An action bound to plain keys.
    public init(
        id: String, title: String, barLabel: String? = nil, keys: Key..., permission: String? = nil,
        showsWhenDisabled: Bool = true,
        disabledReason: @escaping @Sendable (Target) -> String? = { _ in nil },
        perform: @escaping @Sendable (Target, Key) -> Outcome
    ) {
        self.init(
            id: id, title: title, barLabel: barLabel, keys: keys.map(KeyBinding.key), permission: permission,
            showsWhenDisabled: showsWhenDisabled, disabledReason: disabledReason, perform: perform)
    }
}

/// A problem in an action table found when building a registry.
public struct ActionTableError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
}

/// What pressing a key came to.
public enum Dispatch<Outcome> {
    /// The action ran and answered this.
    case performed(Outcome)
    /// The key belongs to an action that cannot run now, for this reason.
    case disabled(title: String, reason: String)
    /// No action of this table has the key.
    case unbound
}

/// One line of the help list: the keys, what they do, and why not now.
public struct HelpEntry: Hashable, Sendable {
    public var keys: String
    public var title: String
    public var disabledReason: String?

    public init(keys: String, title: String, disabledReason: String? = nil) {
        self.keys = keys
        self.title = title
        self.disabledReason = disabledReason
    }
}

/// The actions one person may use on one screen: key dispatch, the key bar and the help list
/// all come from here, so they never disagree.
public struct ActionRegistry<Target, Outcome>: Sendable {
    /// The actions bound, in table order.
    public let actions: [Action<Target, Outcome>]
    private let byKey: [Key: Int]
    private let textAction: Int?

    /// Keeps only the actions `permits` allows. Two bound actions sharing a key is a mistake in
    /// the table and throws, naming the key and both actions.
    public init(_ table: [Action<Target, Outcome>], permits: (String) -> Bool = { _ in true })
        throws(ActionTableError)
    {
        actions = table.filter { action in action.permission.map(permits) ?? true }
        var byKey: [Key: Int] = [:]
        var textAction: Int?
        var ids: Set<String> = []
        for (index, action) in actions.enumerated() {
            guard ids.insert(action.id).inserted else {
                throw ActionTableError(description: "action \"\(action.id)\" appears twice")
            }
            guard !action.keys.isEmpty else {
                throw ActionTableError(description: "action \"\(action.id)\" has no key")
            }
            for binding in action.keys {
                switch binding {
                case .key(let key):
                    if let other = byKey[key] {
                        throw ActionTableError(
                            description:
                                "key \(key) is bound to both \"\(actions[other].id)\" and \"\(action.id)\"")
                    }
                    byKey[key] = index
                case .text:
                    if let other = textAction {
                        throw ActionTableError(
                            description:
                                "typing is bound to both \"\(actions[other].id)\" and \"\(action.id)\"")
                    }
                    textAction = index
                }
            }
        }
        self.byKey = byKey
        self.textAction = textAction
    }

    /// The action bound to `key`, if any.
    public func action(for key: Key) -> Action<Target, Outcome>? {
        if let index = byKey[key] { return actions[index] }
        if case .character = key, let textAction { return actions[textAction] }
        return nil
    }

    /// Whether an action with this id is bound.
    public func contains(_ id: String) -> Bool { actions.contains { $0.id == id } }

    /// Runs the action bound to `key` on `target`, unless it is disabled.
    public func dispatch(_ key: Key, on target: Target) -> Dispatch<Outcome> {
        guard let action = action(for: key) else { return .unbound }
        if let reason = action.disabledReason(target) {
            return .disabled(title: action.title, reason: reason)
        }
        return .performed(action.perform(target, key))
    }

    /// The bottom key bar, `width` columns wide: `F1 Help  F2 Claim …`, disabled actions dimmed.
    /// Entries that do not fit are left out; the first (help) always stays.
    public func keyBar(width: Int, on target: Target) -> [StyledSegment] {
        var segments: [StyledSegment] = []
        var used = 0
        for action in actions {
            guard let label = action.barLabel, let binding = action.keys.first else { continue }
            let disabled = action.disabledReason(target) != nil
            if disabled && !action.showsWhenDisabled { continue }
            let keyText = binding.description
            let gap = segments.isEmpty ? 0 : 1
            let entryWidth = gap + DisplayWidth.of(keyText) + 1 + DisplayWidth.of(label)
            if used + entryWidth > width { continue }
            if gap > 0 { segments.append(StyledSegment(" ", role: .keyBar)) }
            segments.append(StyledSegment(keyText, role: disabled ? .keyBarDisabled : .keyBarKey))
            segments.append(StyledSegment(" " + label, role: disabled ? .keyBarDisabled : .keyBar))
            used += entryWidth
        }
        return segments
    }

    /// Every bound action for the help list, with why it cannot run now.
    public func helpEntries(on target: Target) -> [HelpEntry] {
        actions.map { action in
            HelpEntry(
                keys: action.keys.map(\.description).joined(separator: " "), title: action.title,
                disabledReason: action.disabledReason(target))
        }
    }
}
