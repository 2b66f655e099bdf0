import DeskCore
import TerminalUI

/// One field of a desk form: text edited with a ``LineEditor``, or a choice among fixed options.
public struct FormField: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case text(LineEditor, TextField)
        /// Options shown to the clerk; the selected index.
        case choice([String], Int)
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

    public static func choice(_ id: String, _ label: String, _ options: [String], selected: Int = 0)
        -> FormField
    {
        FormField(id: id, label: label, kind: .choice(options, selected))
    }

    /// The text, or the chosen option's text.
    public var value: String {
        switch kind {
        case .text(let editor, _): editor.text
        case .choice(let options, let index): options.isEmpty ? "" : options[index]
        }
    }

    public var choiceIndex: Int {
        if case .choice(_, let index) = kind { return index }
        return 0
    }

    /// Checks the value against its rule; sets and returns the problem.
    @discardableResult
    public mutating func validate() -> String? {
        problem = nil
        if case .text(let editor, let rule) = kind {
            do { try rule.validate(editor.text) } catch { problem = error.message }
        }
        return problem
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

    public func value(_ id: String) -> String { self[id]?.value ?? "" }
    public func choice(_ id: String) -> Int { self[id]?.choiceIndex ?? 0 }

    /// Moves the focus, validating the field being left.
    public mutating func move(by delta: Int) {
        guard !fields.isEmpty else { return }
        fields[focus].validate()
        focus = (focus + delta + fields.count) % fields.count
    }

    /// Handles an editing key in the focused field; returns false when the key is not for it.
    public mutating func handle(_ key: Key) -> Bool {
        guard !fields.isEmpty else { return false }
        switch key {
        case .tab, .down, .enter:
            move(by: 1)
            return true
        case .backTab, .up:
            move(by: -1)
            return true
        default: break
        }
        switch fields[focus].kind {
        case .text(var editor, let rule):
            guard editor.handle(key) else { return false }
            fields[focus].kind = .text(editor, rule)
            if fields[focus].problem != nil { fields[focus].validate() }
            return true
        case .choice(let options, let index):
            switch key {
            case .right, .character(" "):
                fields[focus].kind = .choice(options, (index + 1) % max(1, options.count))
            case .left:
                fields[focus].kind = .choice(options, (index - 1 + options.count) % max(1, options.count))
            case .character(let c):
                // The first option starting with the letter typed.
                let lower = String(c).lowercased()
                if let match = options.firstIndex(where: { $0.lowercased().hasPrefix(lower) }) {
                    fields[focus].kind = .choice(options, match)
                }
            default: return false
            }
            return true
        }
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

    /// Puts a problem the desk found on save onto the field it names (by the rule's name).
    public mutating func place(problem: String, field name: String?) -> Bool {
        guard let name else { return false }
        for index in fields.indices {
            if case .text(_, let rule) = fields[index].kind, rule.name == name || fields[index].id == name {
                fields[index].problem = problem
                focus = index
                return true
            }
        }
        return false
    }

    /// Draws the form's fields from `top`, labels in a column `labelWidth` wide; returns the
    /// cursor's position when the focused field is text.
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
            case .choice(let options, let index):
                let shown = options.isEmpty ? "" : "‹ \(options[index]) ›"
                buffer.put(shown, row: row, column: column, role: role, maxColumns: fieldWidth)
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
