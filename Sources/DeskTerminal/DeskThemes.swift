import Desk
import Foundation
import TerminalUI

extension Theme {
    /// The desk's theme compiled into the program, used when no theme file can be read.
    public static let builtIn: Theme = {
        // The built-in text is tested to equal themes/default.toml and to parse without problems.
        (try? Theme.parse(builtInDefaultThemeText, file: "built-in default", knownRoles: Role.desk))
            ?? .plain
    }()
}

extension ThemeCatalog {
    /// The usual places, first match wins: `DESK_THEMES`, `./themes`, `share/desk/themes` beside the
    /// executable's folder, then the source tree's `themes` for development builds. A desk
    /// installed setgid (`Privilege`) reads only the shipped folders: a theme file is read with
    /// the desk group's rights.
    public static func standard(
        environment: [String: String] = ProcessInfo.processInfo.environment, setgid: Bool = Privilege.isSetgid
    ) -> ThemeCatalog {
        var directories: [URL] = []
        if !setgid {
            if let custom = environment["DESK_THEMES"], !custom.isEmpty {
                directories.append(URL(fileURLWithPath: custom, isDirectory: true))
            }
            directories.append(
                URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(
                    "themes"))
        }
        // The executable itself, not argv[0], which whoever starts the desk may set to anything.
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let bin = executable.deletingLastPathComponent()
        directories.append(bin.deletingLastPathComponent().appendingPathComponent("share/desk/themes"))
        // A development build (`swift run desk` from anywhere) finds the source tree's themes.
        let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes")
        directories.append(sourceTree)
        return ThemeCatalog(directories: directories, knownRoles: Role.desk, fallback: .builtIn)
    }

}
