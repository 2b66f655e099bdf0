import Foundation
import SafeTOML
import TOMLKit

/// How many colours the terminal can show; a theme has values for each.
public enum ColorDepth: String, Sendable, CaseIterable {
    case colors256
    case colors8
    case monochrome
}

/// A text attribute a terminal can draw.
public enum TextAttribute: String, Sendable, CaseIterable, Comparable {
    case bold, dim, underline, reverse, italic, blink, standout

    public static func < (lhs: TextAttribute, rhs: TextAttribute) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A terminal colour: `nil` is the terminal's own default, else 0–255 (0–7 on 8-colour terminals).
public typealias TerminalColor = Int?

/// How one role is drawn at one colour depth.
public struct TextStyle: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: Set<TextAttribute>

    public init(
        foreground: TerminalColor = nil, background: TerminalColor = nil, attributes: Set<TextAttribute> = []
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// A problem in a theme file, with the file and line to fix.
public struct ThemeProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): \(message)" }
}

/// Semantic roles mapped to colours and attributes, loaded from `themes/*.toml`.
///
/// Each property of a role (foreground, background, attributes, at each depth) falls back to the
/// role's parent when the role does not set it: `queue.overdue` → `queue` → `default`.
public struct Theme: Hashable, Sendable {
    /// What one role sets; `nil` means "inherit".
    struct Rule: Hashable, Sendable {
        var foreground256: ColorSetting?
        var background256: ColorSetting?
        var foreground8: ColorSetting?
        var background8: ColorSetting?
        var attributes: Set<TextAttribute>?
        var monochrome: Set<TextAttribute>?
    }

    /// A colour a role sets: the terminal's default, or a palette index.
    enum ColorSetting: Hashable, Sendable {
        case terminalDefault
        case index(Int)

        var color: TerminalColor {
            if case .index(let n) = self { return n }
            return nil
        }
    }

    public let name: String
    public let summary: String
    var rules: [Role: Rule]

    /// The roles this theme sets itself.
    public var roles: [Role] { rules.keys.sorted() }

    /// How `role` is drawn at `depth`, each property inherited from the nearest role that sets it.
    public func style(for role: Role, depth: ColorDepth) -> TextStyle {
        let chain = role.lineage.compactMap { rules[$0] }
        func first<T>(_ property: (Rule) -> T?) -> T? {
            for rule in chain { if let value = property(rule) { return value } }
            return nil
        }
        switch depth {
        case .monochrome:
            return TextStyle(attributes: first(\.monochrome) ?? [])
        case .colors8:
            return TextStyle(
                foreground: first(\.foreground8)?.color ?? nil,
                background: first(\.background8)?.color ?? nil,
                attributes: first(\.attributes) ?? [])
        case .colors256:
            return TextStyle(
                foreground: first(\.foreground256)?.color ?? nil,
                background: first(\.background256)?.color ?? nil,
                attributes: first(\.attributes) ?? [])
        }
    }

    /// A theme with no rules: everything in the terminal's own colours.
    public static let plain = Theme(name: "plain", summary: "", rules: [:])
}

// MARK: - Parsing

extension Theme {
    static let colorNames: [String] = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
    ]
    static let properties = ["fg", "bg", "fg8", "bg8", "attrs", "mono"]

    /// Parses a theme file. Throws every problem found, each with its line.
    public static func parse(_ text: String, file: String, knownRoles: Set<Role>) throws(ThemeErrors) -> Theme
    {
        // Through SafeTOML: text that would abort inside toml++ is refused with its line first.
        let scanned = SafeTOML.scan(text)
        if !scanned.problems.isEmpty {
            throw ThemeErrors(
                scanned.problems.map { ThemeProblem(file: file, line: $0.line, message: $0.message) })
        }
        let table: TOMLTable
        do {
            table = try SafeTOML.parse(text)
        } catch {
            throw ThemeErrors([ThemeProblem(file: file, line: error.line, message: error.message)])
        }
        var parser = Parser(file: file, locator: LineLocator(text), knownRoles: knownRoles)
        parser.readTop(table)
        if !parser.problems.isEmpty { throw ThemeErrors(parser.problems.sorted { $0.line < $1.line }) }
        let name =
            parser.name ?? (file as NSString).lastPathComponent.replacingOccurrences(of: ".toml", with: "")
        return Theme(name: name, summary: parser.summary ?? "", rules: parser.rules)
    }

    private struct Parser {
        let file: String
        let locator: LineLocator
        let knownRoles: Set<Role>
        var problems: [ThemeProblem] = []
        var rules: [Role: Rule] = [:]
        var name: String?
        var summary: String?

        init(file: String, locator: LineLocator, knownRoles: Set<Role>) {
            self.file = file
            self.locator = locator
            self.knownRoles = knownRoles
        }

        mutating func problem(_ path: [String], _ message: String) {
            problems.append(ThemeProblem(file: file, line: locator.line(of: path), message: message))
        }

        mutating func readTop(_ table: TOMLTable) {
            for (key, value) in table {
                switch key {
                case "name":
                    if let text = value.string {
                        name = text
                    } else {
                        problem([key], "name must be text in quotes")
                    }
                case "description":
                    if let text = value.string {
                        summary = text
                    } else {
                        problem([key], "description must be text in quotes")
                    }
                default:
                    if let sub = value.table {
                        readRole(path: [key], sub)
                    } else {
                        problem(
                            [key],
                            "unknown setting \"\(key)\"; a theme has name, description and [role] tables")
                    }
                }
            }
        }

        mutating func readRole(path: [String], _ table: TOMLTable) {
            let role = Role(path.joined(separator: "."))
            var rule = Rule()
            var setsSomething = false
            for (key, value) in table {
                if let sub = value.table {
                    readRole(path: path + [key], sub)
                    continue
                }
                setsSomething = true
                let at = path + [key]
                switch key {
                case "fg": rule.foreground256 = color256(value, at)
                case "bg": rule.background256 = color256(value, at)
                case "fg8": rule.foreground8 = color8(value, at)
                case "bg8": rule.background8 = color8(value, at)
                case "attrs": rule.attributes = attributes(value, at)
                case "mono": rule.monochrome = attributes(value, at)
                default:
                    problem(
                        at,
                        "unknown property \"\(key)\" in [\(role)]; use one of \(Theme.properties.joined(separator: ", "))"
                    )
                }
            }
            guard setsSomething else { return }
            if !knownRoles.contains(role) {
                let hint = knownRoles.map(\.name).filter { $0.hasPrefix(path[0]) }.sorted()
                let roles = hint.isEmpty ? knownRoles.map(\.name).sorted() : hint
                problem(
                    path, "unknown role \"\(role)\"; known roles include \(roles.joined(separator: ", "))")
            }
            rules[role] = rule
        }

        mutating func color256(_ value: TOMLValueConvertible, _ at: [String]) -> ColorSetting? {
            if let number = value.int {
                if (0...255).contains(number) { return .index(number) }
                problem(at, "colour \(number) is out of range; use 0–255 or a name")
                return nil
            }
            guard let text = value.string else {
                problem(at, "a colour is a name in quotes or a number 0–255")
                return nil
            }
            if text == "default" { return .terminalDefault }
            if let index = Theme.colorNames.firstIndex(of: text) { return .index(index) }
            if text.hasPrefix("bright-"),
                let index = Theme.colorNames.firstIndex(of: String(text.dropFirst(7)))
            {
                return .index(index + 8)
            }
            let names = ["default"] + Theme.colorNames + Theme.colorNames.map { "bright-" + $0 }
            problem(
                at,
                "unknown colour \"\(text)\"; use one of \(names.joined(separator: ", ")) or a number 0–255")
            return nil
        }

        mutating func color8(_ value: TOMLValueConvertible, _ at: [String]) -> ColorSetting? {
            guard let text = value.string else {
                problem(
                    at,
                    "an 8-colour value is a name in quotes: default, \(Theme.colorNames.joined(separator: ", "))"
                )
                return nil
            }
            if text == "default" { return .terminalDefault }
            if let index = Theme.colorNames.firstIndex(of: text) { return .index(index) }
            problem(
                at,
                "unknown colour \"\(text)\"; use one of default, \(Theme.colorNames.joined(separator: ", "))")
            return nil
        }

        mutating func attributes(_ value: TOMLValueConvertible, _ at: [String]) -> Set<TextAttribute>? {
            guard let array = value.array else {
                problem(at, "attributes are a list such as [\"bold\", \"underline\"]")
                return nil
            }
            var result: Set<TextAttribute> = []
            for item in array {
                if let text = item.string, let attribute = TextAttribute(rawValue: text) {
                    result.insert(attribute)
                } else {
                    let names = TextAttribute.allCases.map(\.rawValue).joined(separator: ", ")
                    problem(
                        at,
                        "unknown attribute \(item.string.map { "\"\($0)\"" } ?? "\(item)"); use one of \(names)"
                    )
                }
            }
            return result
        }
    }
}

/// Every problem found in one theme file.
public struct ThemeErrors: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [ThemeProblem]

    public init(_ problems: [ThemeProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Finds the line where a table or key was written, so problems can name it.
///
/// TOMLKit gives no positions for values that parsed, so the text is scanned for the table
/// header and key; it understands `[a.b]`, `["a.b"]`, `key = …` and `a.b = …`.
struct LineLocator {
    private var entries: [(path: String, line: Int)] = []

    init(_ text: String) {
        var table = ""
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || line.isEmpty { continue }
            if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
                table = Self.normal(line[line.index(after: line.startIndex)..<close])
                entries.append((table, index + 1))
            } else if let equals = line.firstIndex(of: "=") {
                let key = Self.normal(line[..<equals])
                entries.append((table.isEmpty ? key : table + "." + key, index + 1))
            }
        }
    }

    private static func normal(_ text: Substring) -> String {
        text.split(separator: ".").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }.joined(separator: ".")
    }

    /// The line of `path` (or of its nearest enclosing table); 1 when nothing matches.
    func line(of path: [String]) -> Int {
        var path = path
        while !path.isEmpty {
            let wanted = path.joined(separator: ".")
            if let entry = entries.first(where: { $0.path == wanted }) { return entry.line }
            path.removeLast()
        }
        return 1
    }
}
