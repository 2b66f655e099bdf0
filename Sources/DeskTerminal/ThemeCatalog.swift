import Foundation

/// Which theme to use: an explicit `--theme NAME` wins, else the configuration's, else
/// monochrome when `NO_COLOR` is set (and not empty), else the default theme.
public func chooseThemeName(explicit: String?, configured: String?, environment: [String: String]) -> String {
    if let explicit, !explicit.isEmpty { return explicit }
    if let configured, !configured.isEmpty { return configured }
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return "monochrome" }
    return "default"
}

/// Finds and loads theme files by name from a list of folders (the first that has it wins).
public struct ThemeCatalog: Sendable {
    public var directories: [URL]

    public init(directories: [URL]) { self.directories = directories }

    /// The usual places, first match wins: `DESK_THEMES`, `./themes`, `share/desk/themes` beside the
    /// executable's folder, then the source tree's `themes` for development builds.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> ThemeCatalog
    {
        var directories: [URL] = []
        if let custom = environment["DESK_THEMES"], !custom.isEmpty {
            directories.append(URL(fileURLWithPath: custom, isDirectory: true))
        }
        directories.append(
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("themes"))
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let bin = executable.deletingLastPathComponent()
        directories.append(bin.deletingLastPathComponent().appendingPathComponent("share/desk/themes"))
        // A development build (`swift run desk` from anywhere) finds the source tree's themes.
        let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes")
        directories.append(sourceTree)
        return ThemeCatalog(directories: directories)
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
                .builtIn,
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
                return (.builtIn, [ThemeProblem(file: file, line: 1, message: "not UTF-8 text")])
            }
            do {
                return (try Theme.parse(text, file: file), [])
            } catch {
                return (.builtIn, error.problems)
            }
        }
        if name == "default" { return (.builtIn, []) }
        let known = names()
        let message =
            "no theme named \"\(name)\"; use one of \(known.isEmpty ? "default" : known.joined(separator: ", "))"
        return (.builtIn, [ThemeProblem(file: "themes/\(name).toml", line: 1, message: message)])
    }

    private func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }
}
