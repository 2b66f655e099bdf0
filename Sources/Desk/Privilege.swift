import Foundation

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
    public static func check(_ directory: DataDirectory) throws(DeskFailure) {
        guard isSetgid else { return }
        var info = stat()
        guard stat(directory.path, &info) == 0 else { return }
        guard info.st_gid == getegid() else {
            throw .notAllowed(
                "\(directory.path) does not belong to the desk's group (\(groupName(getegid()))); this desk runs with that group's rights and works only on its data directories"
            )
        }
    }

    private static func groupName(_ gid: gid_t) -> String {
        guard let group = getgrgid(gid), let name = group.pointee.gr_name else { return "gid \(gid)" }
        return String(cString: name)
    }
}
