import Foundation

/// Which theme to use: an explicit `--theme NAME` wins, else the configuration's, else
/// monochrome when `NO_COLOR` is set (and not empty), else the default theme. A configuration
/// naming `default` chooses nothing the default would not (older desks wrote that line into every
/// `desk.toml` they made), so `NO_COLOR` still takes effect.
public func chooseThemeName(explicit: String?, configured: String?, environment: [String: String]) -> String {
    if let explicit, !explicit.isEmpty { return explicit }
    if let configured, !configured.isEmpty, configured != "default" { return configured }
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return "monochrome" }
    return "default"
}

/// Finds and loads theme files by name from a list of folders (the first that has it wins).
public struct ThemeCatalog: Sendable {
    public var directories: [URL]
    /// The roles the application draws in; a theme naming another is reported as a mistake.
    public var knownRoles: Set<Role>
    /// The theme compiled into the program, used when no theme file can be read.
    public var fallback: Theme

    public init(directories: [URL], knownRoles: Set<Role> = Role.toolkit, fallback: Theme = .plain) {
        self.directories = directories
        self.knownRoles = knownRoles
        self.fallback = fallback
    }

    /// The names of the themes found, sorted.
    public func names() -> [String] {
        var names: Set<String> = []
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for file in files where file.hasSuffix(".toml") { names.insert(String(file.dropLast(5))) }
        }
        return names.sorted()
    }

    /// Loads a theme by name. On any problem (missing or broken file) returns the built-in
    /// default theme together with the problems, so the desk can start and say what to fix.
    public func load(named name: String) -> (theme: Theme, problems: [ThemeProblem]) {
        guard !name.contains("/"), !name.isEmpty else {
            return (
                fallback,
                [
                    ThemeProblem(
                        file: name, line: 1,
                        message: "a theme name has no slashes; themes are \(names().joined(separator: ", "))")
                ]
            )
        }
        for directory in directories {
            let url = directory.appendingPathComponent(name + ".toml")
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            let file = displayPath(url)
            guard let text = String(data: data, encoding: .utf8) else {
                return (fallback, [ThemeProblem(file: file, line: 1, message: "not UTF-8 text")])
            }
            do {
                return (try Theme.parse(text, file: file, knownRoles: knownRoles), [])
            } catch {
                return (fallback, error.problems)
            }
        }
        if name == "default" { return (fallback, []) }
        let known = names()
        let message =
            "no theme named \"\(name)\"; use one of \(known.isEmpty ? "default" : known.joined(separator: ", "))"
        return (fallback, [ThemeProblem(file: "themes/\(name).toml", line: 1, message: message)])
    }

    private func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }
}
