/// Who may do what at the desk.
public enum DeskRole: String, Sendable, Hashable, Comparable, CaseIterable {
    /// May look, never change anything (`desk watch`, or an account the roles do not name).
    case viewer
    case clerk
    /// May also publish the configuration, the roles and standards, and change staff ideas' status.
    case supervisor

    public static func < (a: DeskRole, b: DeskRole) -> Bool {
        let order: [DeskRole] = [.viewer, .clerk, .supervisor]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// The roles in force: which accounts (and Unix groups) supervise and which are clerks.
///
/// Roles live in the log as `rolesPublished` events; a supervisor publishes them, as the roles
/// already in the log stand. Editing a file grants nothing. Before any is published, the account
/// that configured the office first (the desk's creator) is its supervisor.
public struct RolePolicy: Hashable, Sendable {
    public var supervisors: [String]
    public var supervisorGroup: String
    /// Empty, with no clerk group: every account that can run the desk is a clerk.
    public var clerks: [String]
    public var clerkGroup: String

    public init(
        supervisors: [String], supervisorGroup: String = "", clerks: [String] = [], clerkGroup: String = ""
    ) {
        self.supervisors = supervisors
        self.supervisorGroup = supervisorGroup
        self.clerks = clerks
        self.clerkGroup = clerkGroup
    }

    /// The role of the account `user`, whose groups are `groups`.
    public func role(of user: String, groups: [String]) -> DeskRole {
        if supervisors.contains(user) || (!supervisorGroup.isEmpty && groups.contains(supervisorGroup)) {
            return .supervisor
        }
        if clerks.isEmpty && clerkGroup.isEmpty { return .clerk }
        if clerks.contains(user) || (!clerkGroup.isEmpty && groups.contains(clerkGroup)) { return .clerk }
        return .viewer
    }
}

extension DeskState {
    /// The roles in force: the last published, else the desk's creator as its supervisor and
    /// everyone else a clerk.
    public var roles: RolePolicy {
        publishedRoles ?? RolePolicy(supervisors: founder.map { [$0] } ?? [])
    }
}
