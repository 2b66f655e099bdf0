import DeskCore
import TerminalUI

/// One option of a choice field: the value the desk acts on (a category id, a channel name, a
/// decision) and the words shown for it.
public struct FormOption: Hashable, Sendable {
    public var value: String
    public var label: String

    public init(_ value: String, _ label: String? = nil) {
        self.value = value
        self.label = label ?? value
    }
}

/// One field of a desk form: text edited with a ``LineEditor``, or a choice among options.
public struct FormField: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case text(LineEditor, TextField)
        /// The options and the value chosen. The value is kept when new options no longer offer
        /// it (a configuration published while the form is open); the field then says so.
        case choice([FormOption], String)
    }

    public var id: String
    public var label: String
    public var kind: Kind
    /// What is wrong with the value, found when the clerk left the field or saved.
    public var problem: String?

    public static func text(_ id: String, _ label: String, _ rule: TextField, value: String = "") -> FormField
    {
        FormField(id: id, label: label, kind: .text(LineEditor(value, maxLength: rule.maxLength), rule))
    }

    public static func choice(_ id: String, _ label: String, _ options: [FormOption], selected: String? = nil)
        -> FormField
    {
        FormField(id: id, label: label, kind: .choice(options, selected ?? options.first?.value ?? ""))
    }

    /// The text typed, or the value chosen.
    public var value: String {
        switch kind {
        case .text(let editor, _): editor.text
        case .choice(_, let value): value
        }
    }

    /// What the field shows: the text, or the chosen option's words.
    public var shown: String {
        switch kind {
        case .text(let editor, _): return editor.text
        case .choice(let options, let value):
            return options.first { $0.value == value }?.label ?? "\(value) (no longer offered)"
        }
    }

    /// Checks the value against its rule (or its options); sets and returns the problem.
    @discardableResult
    public mutating func validate() -> String? {
        problem = nil
        switch kind {
        case .text(let editor, let rule):
            do { try rule.validate(editor.text) } catch { problem = error.message }
        case .choice(let options, let value):
            if !options.contains(where: { $0.value == value }) {
                problem =
                    "“\(value)” is no longer offered; choose one of \(options.map(\.label).joined(separator: ", "))"
            }
        }
        return problem
    }

    /// Moves a choice by `step` options (wrapping); a value no longer offered moves to the first.
    mutating func cycle(by step: Int) {
        guard case .choice(let options, let value) = kind, !options.isEmpty else { return }
        let index =
            options.firstIndex { $0.value == value }.map { ($0 + step + options.count) % options.count } ?? 0
        kind = .choice(options, options[index].value)
        if problem != nil { validate() }
    }
}

/// A form: fields, the one in focus, key by key. A value type, tested without a terminal.
public struct DeskForm: Hashable, Sendable {
    public var title: String
    public var fields: [FormField]
    public private(set) var focus = 0

    public init(title: String, fields: [FormField]) {
        self.title = title
        self.fields = fields
    }

    public subscript(id: String) -> FormField? {
        get { fields.first { $0.id == id } }
        set {
            guard let index = fields.firstIndex(where: { $0.id == id }), let newValue else { return }
            fields[index] = newValue
        }
    }

    /// The text typed, or the value chosen, in the field `id`.
    public func value(_ id: String) -> String { self[id]?.value ?? "" }

    /// The field in focus.
    public var focused: FormField? { fields.isEmpty ? nil : fields[focus] }

    /// Whether anything was typed into a text field (leaving would lose it).
    public var hasTypedText: Bool {
        fields.contains { field in
            if case .text(let editor, _) = field.kind { return !editor.text.isEmpty }
            return false
        }
    }

    /// Gives a choice new options (a new configuration), keeping the value chosen; a value no
    /// longer offered is marked on the field rather than silently replaced.
    public mutating func offer(_ options: [FormOption], for id: String) {
        guard let index = fields.firstIndex(where: { $0.id == id }),
            case .choice(let old, let value) = fields[index].kind, old != options
        else { return }
        if old.isEmpty {
            // The first options the field is given: nothing was chosen yet.
            let kept = options.contains { $0.value == value } ? value : options.first?.value ?? ""
            fields[index].kind = .choice(options, kept)
            return
        }
        fields[index].kind = .choice(options, value)
        fields[index].validate()
    }

    /// Moves the focus, validating the field being left.
    public mutating func move(by delta: Int) {
        guard !fields.isEmpty else { return }
        fields[focus].validate()
        focus = (focus + delta + fields.count) % fields.count
    }

    /// Edits the focused field with a key: text keys go to a text field; ←/→, Space and a letter
    /// change a choice. Returns false when the key means nothing to the field.
    @discardableResult
    public mutating func edit(_ key: Key) -> Bool {
        guard !fields.isEmpty else { return false }
        switch fields[focus].kind {
        case .text(var editor, let rule):
            guard editor.handle(key) else { return false }
            fields[focus].kind = .text(editor, rule)
            if fields[focus].problem != nil { fields[focus].validate() }
        case .choice(let options, _):
            switch key {
            case .right, .character(" "): fields[focus].cycle(by: 1)
            case .left: fields[focus].cycle(by: -1)
            case .character(let c):
                let typed = String(c).lowercased()
                guard let match = options.first(where: { $0.label.lowercased().hasPrefix(typed) }) else {
                    return false
                }
                fields[focus].kind = .choice(options, match.value)
                if fields[focus].problem != nil { fields[focus].validate() }
            default: return false
            }
        }
        return true
    }

    /// Validates every field; true when all are valid (the first invalid one gets the focus).
    public mutating func validateAll() -> Bool {
        var firstBad: Int?
        for index in fields.indices where fields[index].validate() != nil {
            if firstBad == nil { firstBad = index }
        }
        if let firstBad { focus = firstBad }
        return firstBad == nil
    }

    /// Puts a problem the desk found on save onto the field it names (by id or by the rule's name).
    public mutating func place(problem: String, field name: String?) -> Bool {
        guard let name else { return false }
        for index in fields.indices {
            var named = fields[index].id == name
            if case .text(_, let rule) = fields[index].kind, rule.name == name { named = true }
            if named {
                fields[index].problem = problem
                focus = index
                return true
            }
        }
        return false
    }

    /// Draws the fields from `top`, labels in a column `labelWidth` wide; returns the cursor's
    /// position when the focused field is text.
    public func draw(
        into buffer: inout ScreenBuffer, top: Int, left: Int, width: Int, labelWidth: Int, rows: Int
    )
        -> ScreenPoint?
    {
        var cursor: ScreenPoint?
        var row = top
        let fieldWidth = max(4, width - labelWidth - 1)
        for (index, field) in fields.enumerated() {
            guard row < top + rows else { break }
            let focused = index == focus
            buffer.put(field.label, row: row, column: left, role: .fieldLabel, maxColumns: labelWidth)
            let column = left + labelWidth + 1
            let role: Role = field.problem != nil ? .fieldInvalid : (focused ? .fieldFocus : .field)
            buffer.fill(row: row, column: column, columns: fieldWidth, role: role)
            switch field.kind {
            case .text(let editor, _):
                let slice = editor.visibleSlice(width: fieldWidth)
                buffer.put(slice.text, row: row, column: column, role: role, maxColumns: fieldWidth)
                if focused { cursor = ScreenPoint(row: row, column: column + slice.cursorColumn) }
            case .choice:
                buffer.put("‹ \(field.shown) ›", row: row, column: column, role: role, maxColumns: fieldWidth)
            }
            row += 1
            if let problem = field.problem, row < top + rows {
                buffer.put(
                    "  ↳ " + problem, row: row, column: column, role: .statusError, maxColumns: fieldWidth)
                row += 1
            }
        }
        return cursor
    }
}

/// The keys every form shares: moving between fields and editing the one in focus.
protocol FormView: ActionView, SendableMetatype {
    var form: DeskForm { get set }
    /// Moves between fields; a view may check more as a field is left.
    func moveFocus(by step: Int)
}

extension FormView {
    /// Tab, Enter, ↓ and ↑ move between fields (checking the one left); other keys edit.
    static var formKeys: [Action<Self, ViewEffect>] {
        [
            Action(
                id: "next", title: "Next field", barLabel: "Next", keys: .tab, .enter, .down
            ) {
                view, _ in
                view.moveFocus(by: 1)
                return .stay
            },
            Action(id: "previous", title: "Previous field", keys: .backTab, .up) { view, _ in
                view.moveFocus(by: -1)
                return .stay
            },
            Action(id: "type", title: "Type into a text field; a letter picks a choice", keys: [.text]) {
                view, key in
                view.form.edit(key)
                return .stay
            },
            Action(
                id: "edit",
                title:
                    "Edit the field: ←/→ move (in a choice: change it), ^A/^E start/end, ^K/^U cut to the end/start",
                keys: .left, .right, .home, .end, .backspace, .delete, .control("a"), .control("e"),
                .control("k"), .control("u"), .control("d"), .control("h")
            ) { view, key in
                view.form.edit(key)
                return .stay
            },
        ]
    }

    func moveFocus(by step: Int) { form.move(by: step) }

    /// F1 Help and F2 Save, as every form has them; `save` checks every field first.
    static func helpAndSave(_ save: @escaping @Sendable (Self) -> ViewEffect) -> [Action<Self, ViewEffect>] {
        [
            Action(id: "help", title: "Show every key", barLabel: "Help", keys: .function(1)) { _, _ in .help
            },
            Action(id: "save", title: "Save (checks every field first)", barLabel: "Save", keys: .function(2))
            {
                view, _ in save(view)
            },
        ]
    }

    /// Esc or F10 leaves the form, asking first when something was typed.
    static func cancel(saying nothing: String, discarded: String) -> Action<Self, ViewEffect> {
        Action(
            id: "cancel", title: "Leave the form (asks first when something was typed)", barLabel: "Cancel",
            keys: .escape, .function(10)
        ) { view, _ in view.leave(saying: nothing, discarded: discarded) }
    }

    /// The form in the view's body, with the cursor in the field being edited.
    func drawForm(into buffer: inout ScreenBuffer, body: Range<Int>, reservingRows reserved: Int = 0) {
        buffer.cursor = form.draw(
            into: &buffer, top: body.lowerBound, left: 1, width: buffer.columns - 2, labelWidth: 16,
            rows: body.count - reserved)
    }

    /// Leaves the form: at once when nothing was typed, else after asking.
    func leave(saying nothing: String, discarded: String) -> ViewEffect {
        guard form.hasTypedText else {
            environment.say(nothing)
            return .back
        }
        return .open(
            ConfirmView(
                environment: environment, question: "Leave this form and lose what was typed?",
                yes: .close(2),
                yesMessage: discarded))
    }
}
