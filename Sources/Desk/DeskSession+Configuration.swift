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
        do { configuration = try DeskConfiguration.load(path: path) } catch { throw .configuration(error) }
        if file == nil { self.configuration = configuration }
        var commands: [Command] = []
        var published: [String] = []
        var office = configuration.office
        if let current = state.office {
            office.version = current.version + 1
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
            let versions = state.versions(ofStandard: standard.id)
            if let latest = versions.max(by: { $0.version < $1.version }) {
                var comparable = standard
                comparable.version = latest.version
                comparable.effective = latest.effective
                if comparable == latest { continue }
                if standard.version <= latest.version {
                    throw .configuration(
                        ConfigurationError(
                            file: path, line: nil,
                            key: "standards.\(standard.id).version",
                            message:
                                "standard \(standard.id) changed but its version is still \(standard.version); raise it to \(latest.version + 1) so past complaints keep the version they were measured against"
                        ))
                }
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
