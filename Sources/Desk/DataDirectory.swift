import EventLog
import Foundation

/// The desk's data directory: `events.log` (the truth), `events.log.lock` (the writers' lock,
/// which only the desk's group may open) and `desk.toml` (what people edit).
public struct DataDirectory: Sendable, Equatable {
    /// Used when neither `--data` nor `DESK_DATA` says otherwise: one place on the desk host that
    /// every clerk's and supervisor's process shares.
    public static let defaultPath = "/var/lib/desk"

    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// `--data` when given, else `DESK_DATA` when set and not empty, else the default.
    public static func resolve(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> DataDirectory {
        if let option, !option.isEmpty { return DataDirectory(path: option) }
        if let fromEnvironment = environment["DESK_DATA"], !fromEnvironment.isEmpty {
            return DataDirectory(path: fromEnvironment)
        }
        return DataDirectory(path: defaultPath)
    }

    public var logPath: String { path.hasSuffix("/") ? path + "events.log" : path + "/events.log" }
    public var configurationPath: String { path.hasSuffix("/") ? path + "desk.toml" : path + "/desk.toml" }
    public var lockPath: String { logPath + ".lock" }

    /// Creates a file holding `text`, mode 0660, whole or not at all, never over anything already
    /// there (see `WholeFile`). Returns false when a file stands at `path` already.
    public static func createFile(at path: String, text: String) throws -> Bool {
        try WholeFile.create(at: path, bytes: Array(text.utf8), mode: 0o660)
    }
}
