/// A semantic name for how a piece of the screen should look, such as `queue.overdue`.
///
/// Roles form a hierarchy by their dotted names: `queue.overdue` falls back to `queue`, and every
/// role falls back to `default`. Themes map roles to colours and attributes.
public struct Role: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let name: String

    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }

    public var description: String { name }

    /// The role this one inherits from; `nil` only for `default`.
    public var parent: Role? {
        if name == Role.default.name { return nil }
        guard let dot = name.lastIndex(of: ".") else { return .default }
        return Role(String(name[..<dot]))
    }

    /// This role, then its parents up to `default`.
    public var lineage: [Role] {
        var result = [self]
        var current = self
        while let next = current.parent {
            result.append(next)
            current = next
        }
        return result
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.name < rhs.name }
}

extension Role {
    public static let `default`: Role = "default"
    public static let title: Role = "title"
    public static let border: Role = "border"
    public static let text: Role = "text"
    /// What the sanitiser uses for a control or invisible character it made visible.
    public static let textEscape: Role = "text.escape"
    public static let status: Role = "status"
    public static let statusInfo: Role = "status.info"
    public static let statusOK: Role = "status.ok"
    public static let statusWarning: Role = "status.warning"
    public static let statusError: Role = "status.error"
    public static let keyBar: Role = "key.bar"
    public static let keyBarKey: Role = "key.bar.key"
    public static let keyBarDisabled: Role = "key.bar.disabled"
    public static let field: Role = "field"
    public static let fieldLabel: Role = "field.label"
    public static let fieldFocus: Role = "field.focus"
    public static let fieldInvalid: Role = "field.invalid"
    public static let selection: Role = "selection"
    public static let help: Role = "help"
    public static let helpKey: Role = "help.key"
    public static let helpDisabled: Role = "help.disabled"

    /// The roles the toolkit itself draws in; an application adds its own (see ``ThemeCatalog``).
    public static let toolkit: Set<Role> = [
        .default, .title, .border, .text, .textEscape, .status, .statusInfo, .statusOK, .statusWarning,
        .statusError, .keyBar, .keyBarKey, .keyBarDisabled, .field, .fieldLabel, .fieldFocus,
        .fieldInvalid, .selection, .help, .helpKey, .helpDisabled,
    ]
}

/// A run of text drawn in one role.
public struct StyledSegment: Equatable, Sendable, CustomStringConvertible {
    public var text: String
    public var role: Role

    public init(_ text: String, role: Role = .default) {
        self.text = text
        self.role = role
    }

    public var description: String { "[\(role)]\(text)" }
}
