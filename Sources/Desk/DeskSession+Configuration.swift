import DeskCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// Publishing the configuration and the roles, and who may do what.
extension DeskSession {
    /// Publishes a configuration file's office, standards and roles into the log as versioned
    /// events, where they differ from what is in force. Supervisors only, as the roles already in
    /// the log stand. `file` is the data directory's `desk.toml` unless a supervisor names a file
    /// they edited with their own rights. Returns what was published.
    @discardableResult
    public func publishConfiguration(file: String? = nil, checkingRole: Bool = true) throws(DeskFailure)
        -> [String]
    {
        if checkingRole { try require(role: .supervisor, toDo: "publish the configuration") }
        let path = file ?? directory.configurationPath
        if file != nil, access(path, R_OK) != 0 {
            // The desk may run setgid: read only what the person at it could read themselves.
            throw .dataDirectory("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        let configuration: DeskConfiguration
        do { configuration = try DeskConfiguration.load(path: path) } catch {
            throw .configurationProblems(error)
        }
        // The rules that depend on the log, found by the same check `desk config check` runs.
        let againstLog = configuration.problems(
            against: state, file: path, text: try? String(contentsOfFile: path, encoding: .utf8))
        if !againstLog.isEmpty { throw .configurationProblems(ConfigurationProblems(againstLog)) }
        if file == nil { self.configuration = configuration }
        var commands: [Command] = []
        var published: [String] = []
        var office = configuration.office
        if let current = state.office {
            let (next, overflow) = current.version.addingReportingOverflow(1)
            guard !overflow else {
                throw .dataDirectory(
                    "the office configuration in the log has version \(current.version), which cannot be raised; the log was written by a desk that does not keep the bounds"
                )
            }
            office.version = next
            var same = current
            same.version = office.version
            if same != office {
                commands.append(.configureOffice(office))
                published.append("office configuration version \(office.version)")
            }
        } else {
            commands.append(.configureOffice(office))
            published.append("office configuration version \(office.version)")
        }
        if state.publishedRoles != configuration.roles {
            guard !configuration.roles.supervisors.isEmpty || !configuration.roles.supervisorGroup.isEmpty
            else {
                throw .configuration(
                    ConfigurationError(
                        file: path, line: nil, key: "roles.supervisors",
                        message:
                            "names no supervisor and no supervisor_group; the desk would have nobody left to publish roles"
                    ))
            }
            commands.append(.publishRoles(configuration.roles))
            published.append(
                "roles (supervisors: \(configuration.roles.supervisors.joined(separator: ", ")))")
        }
        for standard in configuration.standards {
            if let latest = state.versions(ofStandard: standard.id).max(by: { $0.version < $1.version }) {
                var comparable = standard
                comparable.version = latest.version
                comparable.effective = latest.effective
                // Unchanged: nothing to publish. Changed with its version not raised was refused above.
                if comparable == latest { continue }
            }
            // An effective time of 0 means "when published", set under the lock by executeAll.
            commands.append(.publishStandard(standard))
            published.append("standard \(standard.id) version \(standard.version)")
        }
        guard !commands.isEmpty else { return [] }
        _ = try executeAll(commands, checkingRoles: checkingRole) { index, error in
            "\((path as NSString).lastPathComponent): \(published[index]): \(error.message)"
        }
        return published
    }

    func requiredRole(for command: Command) -> DeskRole {
        switch command {
        case .configureOffice, .publishStandard, .publishRoles, .changeStaffIdeaStatus, .acceptClock:
            return .supervisor
        default: return .clerk
        }
    }

    /// What a command does, in the words of a refusal ("may not publish the roles").
    static func purpose(of command: Command) -> String {
        switch command {
        case .configureOffice: "publish the office configuration"
        case .publishStandard: "publish a service standard"
        case .publishRoles: "publish the roles"
        case .changeStaffIdeaStatus: "change a staff idea's status"
        case .acceptClock: "accept the host clock"
        case .receive: "record a complaint"
        case .submitStaffIdea: "raise a staff barrier or idea"
        case .recordSurvey, .offerSurvey: "record a customer survey"
        default: "change a complaint"
        }
    }

    func require(role needed: DeskRole, toDo what: String) throws(DeskFailure) {
        guard role >= needed else {
            throw .notAllowed(
                "\(identity.user) is a \(role.rawValue) at this desk and may not \(what); a \(needed.rawValue) can (roles are published into the log by a supervisor: desk config publish)"
            )
        }
    }
}

// What a desk starts with when `desk.toml` cannot be used.
extension DeskSession {
    /// The configuration a desk starts with: `desk.toml` when it passes the check. Otherwise (a
    /// file missing, empty, unreadable or with any mistake) a stand-in whose `problems` say why:
    /// `adoptPublishedConfiguration()` replaces it with what the log holds once the log is read, so
    /// that a mistyped setting never stops the desk. Publishing still reads the file and refuses it,
    /// and so does the first use of a directory (`newLog`): its log starts with that configuration,
    /// so nothing is created until the file is right.
    static func startUpConfiguration(_ directory: DataDirectory, newLog: Bool) throws(DeskFailure)
        -> DeskConfiguration
    {
        let path = directory.configurationPath
        let problems: ConfigurationProblems
        if !FileManager.default.fileExists(atPath: path) {
            problems = ConfigurationProblems([
                ConfigurationError(
                    file: path, line: nil, key: "",
                    message:
                        "is missing; a supervisor can write it from the configuration in force: desk config show > desk.toml"
                )
            ])
        } else {
            switch DeskConfiguration.check(path: path) {
            case .success(let configuration): return configuration
            case .failure(let found): problems = found
            }
        }
        if newLog { throw .configurationProblems(problems) }
        return DeskConfiguration(publishedIn: DeskState(), problems: problems.problems)
    }

    /// When `desk.toml` could not be used, runs on the configuration published in the log and
    /// says so on standard error (the full-screen desk also says it on its first screen).
    func adoptPublishedConfiguration() {
        let problems = configuration.problems
        guard !problems.isEmpty else { return }
        configuration = DeskConfiguration(publishedIn: state, problems: problems)
        guard let warning = configurationWarning else { return }
        let bytes = Array(("desk: warning: " + warning + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// Why this desk runs on the configuration published in the log rather than `desk.toml`, with
    /// the first problems found; nil when `desk.toml` was read.
    public var configurationWarning: String? {
        let problems = configuration.problems
        guard !problems.isEmpty else { return nil }
        let shown = problems.prefix(5).map { "  " + $0.description }
        let more =
            problems.count > 5
            ? ["  … and \(problems.count - 5) more (desk config check lists them all)"] : []
        let basis =
            state.office.map { "the configuration published in the log (office version \($0.version))" }
            ?? "the log, which has no office configuration published yet"
        return
            "\(directory.configurationPath) cannot be used, so this desk runs on \(basis); nothing changes until a supervisor fixes the file and publishes it:\n"
            + (shown + more).joined(separator: "\n")
    }
}
