import DeskCore
import Foundation
import SafeTOML

/// The office configuration people edit, read from `DATA/desk.toml` (or a file a supervisor
/// edited). What in it changes a figure or a permission (office, calendar, categories,
/// channels, standards, roles) takes effect only when a supervisor publishes it into the log;
/// only the theme applies as soon as the file is read.
public struct DeskConfiguration: Sendable {
    public var office: OfficeConfiguration
    public var standards: [ServiceStandard]
    public var supervisors: [String]
    public var supervisorGroup: String
    /// Empty: any account that can open the log is a clerk.
    public var clerks: [String]
    public var clerkGroup: String
    public var theme: String?
    /// Why `desk.toml` could not be used when the desk started: then this is the configuration
    /// published in the log, and the desk runs on it (empty when the file was read).
    public var problems: [ConfigurationError] = []

    /// The roles this file would publish.
    public var roles: RolePolicy {
        RolePolicy(
            supervisors: supervisors, supervisorGroup: supervisorGroup, clerks: clerks, clerkGroup: clerkGroup
        )
    }
}

/// A mistake in `desk.toml`, placed by file, line and key, saying what would be accepted:
/// `desk.toml:LINE: table.key: what is wrong; what is accepted`.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var key: String
    public var message: String

    public init(file: String, line: Int?, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}

/// Every mistake found in one configuration file, in the order of the file.
public struct ConfigurationProblems: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigurationError]

    public init(_ problems: [ConfigurationError]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension DeskFailure {
    /// A configuration's problems as a failure: one keeps its kind (`.configuration`), several are
    /// listed one a line (`.invalidInput`); both exit 65.
    public static func configurationProblems(_ problems: ConfigurationProblems) -> DeskFailure {
        problems.problems.count == 1
            ? .configuration(problems.problems[0]) : .invalidInput(problems.problems.map(\.description))
    }
}

extension DeskConfiguration {
    /// The largest `desk.toml` read (1 MiB; the sample is 5 KiB).
    public static let maximumFileBytes = 1 << 20

    /// Reads and checks a configuration file: the configuration, or every problem found.
    public static func check(path: String) -> Result<DeskConfiguration, ConfigurationProblems> {
        func unreadable(_ why: String) -> Result<DeskConfiguration, ConfigurationProblems> {
            .failure(
                ConfigurationProblems([ConfigurationError(file: path, line: nil, key: "", message: why)]))
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            return unreadable(
                "cannot be read (\(String(cString: strerror(errno)))); it must be a UTF-8 text file")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            return unreadable("is not a regular file; the configuration is a UTF-8 text file")
        }
        guard info.st_size <= maximumFileBytes else {
            return unreadable(
                "is \(info.st_size) bytes; at most \(maximumFileBytes) (1 MiB) are accepted for a configuration"
            )
        }
        guard info.st_size > 0 else {
            return unreadable(
                "the file is empty (0 bytes), perhaps left by a first use on a full disk; write the office's configuration into it, or remove it and run the desk again to get the commented sample"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return unreadable(
                "cannot be read (\(String(cString: strerror(errno)))); it must be a UTF-8 text file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let offset = invalidUTF8Offset(Array(data)) ?? 0
            let line = data.prefix(offset).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            return .failure(
                ConfigurationProblems([
                    ConfigurationError(
                        file: path, line: line, key: "",
                        message:
                            "is not UTF-8 text (an invalid byte at offset \(offset)); save the file as UTF-8")
                ]))
        }
        return check(text, file: path)
    }

    /// Checks configuration text; `file` is used in messages.
    public static func check(_ text: String, file: String) -> Result<DeskConfiguration, ConfigurationProblems>
    {
        var validator = ConfigurationValidator(text: text, file: file)
        let configuration = validator.read()
        if validator.problems.isEmpty, let configuration { return .success(configuration) }
        return .failure(ConfigurationProblems(validator.problems))
    }

    /// Reads and checks `desk.toml`, throwing every problem found.
    public static func load(path: String) throws(ConfigurationProblems) -> DeskConfiguration {
        try check(path: path).get()
    }

    /// Parses configuration text, throwing every problem found; `file` is used in messages.
    public static func parse(_ text: String, file: String) throws(ConfigurationProblems) -> DeskConfiguration
    {
        try check(text, file: file).get()
    }

    /// The configuration published in the log, for a desk whose `desk.toml` cannot be used.
    public init(publishedIn state: DeskState, problems: [ConfigurationError]) {
        let roles = state.roles
        self.init(
            office: state.office ?? Self.unconfiguredOffice, standards: state.currentStandards,
            supervisors: roles.supervisors, supervisorGroup: roles.supervisorGroup, clerks: roles.clerks,
            clerkGroup: roles.clerkGroup, theme: nil, problems: problems)
    }

    /// What stands for an office before any is published: no name, weekdays 09:00–17:00 in UTC.
    static let unconfiguredOffice: OfficeConfiguration = {
        do throws(DeskError) {
            return OfficeConfiguration(
                name: "", calendar: try BusinessCalendar.weekdays9to5(timeZone: "UTC"), categories: [])
        } catch {
            preconditionFailure("UTC and weekday hours always make a calendar: \(error.message)")
        }
    }()

    /// Rules that depend on what the log already holds: a changed standard must raise its version
    /// (so that past complaints keep the version they were measured against).
    public func problems(against state: DeskState, file: String, text: String? = nil) -> [ConfigurationError]
    {
        let outline = text.map { SafeTOML.scan($0).outline }
        var problems: [ConfigurationError] = []
        for (index, standard) in standards.enumerated() {
            let versions = state.versions(ofStandard: standard.id)
            guard let latest = versions.max(by: { $0.version < $1.version }) else { continue }
            var comparable = standard
            comparable.version = latest.version
            comparable.effective = latest.effective
            if comparable == latest || standard.version > latest.version { continue }
            problems.append(
                ConfigurationError(
                    file: file,
                    line: outline?.line(ofKey: "version", inTable: ["standards"], occurrence: index),
                    key: "standards.version",
                    message:
                        "standard \(standard.id) changed but its version is still \(standard.version); raise it to \(latest.version + 1) so past complaints keep the version they were measured against"
                ))
        }
        return problems
    }
}

/// The offset of the first byte that is not part of valid UTF-8, if any.
private func invalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): offset += String(scalar).utf8.count
        case .emptyInput: return nil
        case .error: return offset
        }
    }
}
