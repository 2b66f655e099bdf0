// Throwaway Unix accounts and groups for tests that need a real, unprivileged login (root only):
// made with useradd and groupadd, and removed with every process the account still runs.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Why an account or group could not be made.
public struct AccountFailure: Error, CustomStringConvertible {
    public var description: String
}

/// A Unix group made for one test (`groupadd`), removed by ``remove()`` or on release.
public final class ThrowawayGroup {
    public let name: String
    private var removed = false

    /// Makes group `name` (a system group, like the office's `desk` group). Root only.
    public init(name: String) throws {
        let made = try ProductRun.runExecutable("/usr/sbin/groupadd", ["--system", name])
        guard made.status == 0 else {
            throw AccountFailure(description: "groupadd \(name) failed: \(made.standardError)")
        }
        self.name = name
    }

    public func remove() {
        guard !removed else { return }
        removed = true
        _ = try? ProductRun.runExecutable("/usr/sbin/groupdel", [name])
    }

    deinit { remove() }
}

/// An unprivileged account made for one test (`useradd`), with no password (`*`, not locked, so
/// sshd lets it in with a key) and a shell; ``remove()`` ends every process the account still runs,
/// by process id, then deletes it.
public final class ThrowawayAccount {
    public let name: String
    public let uid: uid_t
    private var removed = false

    /// Makes account `name` with home `home` (not created) and primary group `group`, in no other
    /// group. Root only.
    public init(name: String, home: String, group: String = "nogroup", shell: String = "/bin/sh") throws {
        let made = try ProductRun.runExecutable(
            "/usr/sbin/useradd", ["-M", "-N", "-g", group, "-d", home, "-s", shell, "-p", "*", name])
        guard made.status == 0, let entry = getpwnam(name) else {
            throw AccountFailure(description: "useradd \(name) failed: \(made.standardError)")
        }
        self.name = name
        uid = entry.pointee.pw_uid
    }

    /// The processes whose real user id is this account's.
    public func processes() -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") })
            else { return nil }
            let ids = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            return ids.count > 1 && uid_t(ids[1]) == uid ? pid : nil
        }
    }

    /// Ends what the account still runs (SIGKILL, each by its id) and deletes the account.
    public func remove() {
        guard !removed else { return }
        removed = true
        let deadline = monotonicSeconds() + 5
        var left = processes()
        while !left.isEmpty && monotonicSeconds() < deadline {
            for pid in left { kill(pid, SIGKILL) }
            usleep(10_000)  // waiting for the kernel to take the processes down, not for a screen
            left = processes()
        }
        _ = try? ProductRun.runExecutable("/usr/sbin/userdel", [name])
    }

    deinit { remove() }
}

/// A name for a throwaway account or group: `prefix` and this process's id, at most 32 characters.
public func throwawayName(_ prefix: String) -> String {
    String("\(prefix)\(getpid() % 100_000)".prefix(32))
}
