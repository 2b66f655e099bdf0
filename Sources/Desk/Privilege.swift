import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a desk installed setgid to its group must not take from the person running it.
///
/// In an office the data directory belongs to a `desk` group with no person in it, and the
/// executable is installed setgid to that group: people reach the record only through `desk`,
/// which enforces the roles. Such a desk trusts nothing in its environment that could reach other
/// files or another identity.
public enum Privilege {
    /// Whether this process runs with a group it was not started with (a setgid executable).
    public static var isSetgid: Bool { getegid() != getgid() }

    /// Forgets a terminal description the environment points to: curses would read it with the
    /// desk's group.
    public static func forgetUntrustedEnvironment() {
        for name in ["TERMINFO", "TERMINFO_DIRS", "TERMCAP"] { unsetenv(name) }
    }

    /// When setgid, refuses a data directory that is not the desk group's: the group's rights
    /// must not reach another office's files, nor files the person could not touch themselves.
    /// For anyone, refuses a data directory this account may not enter, saying so (77).
    public static func check(_ directory: DataDirectory) throws(DeskFailure) {
        var info = stat()
        if isSetgid, stat(directory.path, &info) == 0, info.st_gid != getegid() {
            throw .notAllowed(
                "\(directory.path) does not belong to the desk's group (\(groupName(getegid()))); this desk runs with that group's rights and works only on its data directories"
            )
        }
        if let denied = permissionDenied(directory) { throw denied }
    }

    /// Why there is no log to read in `directory`: this account may not reach it (permission
    /// denied, naming the directory and the group to join), or there is none.
    public static func missingLog(_ directory: DataDirectory) -> DeskFailure {
        permissionDenied(directory)
            ?? .dataDirectory(
                "there is no desk log in \(directory.path); run `desk` or `desk demo` there once to create it, or pick the data directory with --data or DESK_DATA"
            )
    }

    /// `.notAllowed` when this account may not reach the data directory's files (the directory, or
    /// one above it, refuses it entry), naming that directory, its owner, group and mode, and the
    /// group to join; nil when the files can be reached (or are missing for another reason).
    public static func permissionDenied(_ directory: DataDirectory) -> DeskFailure? {
        var info = stat()
        guard lstat(directory.logPath, &info) != 0, errno == EACCES else { return nil }
        let absolute =
            directory.path.hasPrefix("/")
            ? directory.path : FileManager.default.currentDirectoryPath + "/" + directory.path
        var prefix = ""
        var blocked = absolute
        for component in absolute.split(separator: "/") {
            prefix += "/" + component
            // With the effective ids: a desk installed setgid reaches what its group may.
            if faccessat(AT_FDCWD, prefix, X_OK, AT_EACCESS) != 0 && errno == EACCES {
                blocked = prefix
                break
            }
        }
        let account =
            getpwuid(getuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "uid \(getuid())"
        var owner = ""
        var group = "the desk's group"
        var mode = ""
        if stat(blocked, &info) == 0 {
            owner =
                getpwuid(info.st_uid).flatMap { $0.pointee.pw_name.map { String(cString: $0) } }
                ?? "uid \(info.st_uid)"
            group = groupName(info.st_gid)
            mode = String(info.st_mode & 0o7777, radix: 8)
        }
        let details = mode.isEmpty ? "" : " (owner \(owner), group \(group), mode \(mode))"
        return .notAllowed(
            "permission denied: \(account) may not open \(blocked)\(details), so the desk in \(directory.path) cannot be read; "
                + "ask an administrator to add \(account) to the group \(group) (usermod -aG \(group) \(account), then log in again), "
                + "or use the desk installed setgid \(group) (README, \"In an office\")"
        )
    }

    private static func groupName(_ gid: gid_t) -> String {
        guard let group = getgrgid(gid), let name = group.pointee.gr_name else { return "gid \(gid)" }
        return String(cString: name)
    }
}
