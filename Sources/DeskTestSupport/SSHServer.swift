// A real OpenSSH server for tests: `sshd -D -e -f CONFIG` on a free loopback port, with a throwaway
// host key and one authorized client key, all in a temporary directory; and the `ssh` command line
// that logs in to it.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// OpenSSH's `sshd`, run by the test (as root) for one account on 127.0.0.1.
///
/// The server lets in only `user`, only with the client key made here, never with a password;
/// it takes `LANG` and `LC_ALL` from the client (`AcceptEnv`), allocates terminals and forwards
/// nothing. `extraConfiguration` lines are appended to `sshd_config` (a `Match` block, say).
/// ``stop()`` — or releasing the value — ends the server and removes the directory; the account's
/// sessions end when their clients do (tests also remove the account, which ends its processes).
public final class SSHServer: @unchecked Sendable {
    public static let sshd = "/usr/sbin/sshd"
    public static let ssh = "/usr/bin/ssh"
    public static let sshKeygen = "/usr/bin/ssh-keygen"

    /// Why a server cannot be started on this machine, or `nil` when it can.
    public static var unavailableReason: String? {
        if getuid() != 0 { return "sshd for another account needs root" }
        for tool in [sshd, ssh, sshKeygen] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is not installed (apt-get install openssh-server openssh-client)"
        }
        return nil
    }

    /// True when the tests run in CI (`CI=true`), where a missing sshd is a failure, not a skip.
    public static var requiredByCI: Bool {
        ["true", "1"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "")
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public let user: String
    public let directory: TemporaryDirectory
    public private(set) var port = 0
    public var clientKey: String { directory.file("client_ed25519") }
    public var configuration: String { directory.file("sshd_config") }
    public var logPath: String { directory.file("sshd.log") }
    private var pid: pid_t = 0

    /// Makes keys and a configuration and starts the server (on another port if a race took the
    /// first), waiting until it listens.
    public init(user: String, extraConfiguration: [String] = []) throws {
        if let reason = Self.unavailableReason { throw Failure(description: reason) }
        self.user = user
        directory = try TemporaryDirectory(prefix: "desk-sshd")
        // The account reads its authorized keys as itself; nothing here is secret but the keys.
        chmod(directory.path, 0o755)
        // sshd's privilege separation directory, which only an installed service would create.
        if !FileManager.default.fileExists(atPath: "/run/sshd") {
            mkdir("/run/sshd", 0o755)
        }
        for key in ["host_ed25519", "client_ed25519"] {
            let made = try ProductRun.runExecutable(
                Self.sshKeygen,
                ["-q", "-t", "ed25519", "-N", "", "-C", "desk-test", "-f", directory.file(key)])
            guard made.status == 0 else {
                throw Failure(description: "ssh-keygen failed: \(made.standardError)")
            }
        }
        let publicKey = try String(contentsOfFile: clientKey + ".pub", encoding: .utf8)
        try publicKey.write(toFile: directory.file("authorized_keys"), atomically: true, encoding: .utf8)
        chmod(directory.file("authorized_keys"), 0o644)
        var lastLog = ""
        for _ in 0..<5 {
            port = try Self.freePort()
            try configurationText(extra: extraConfiguration).write(
                toFile: configuration, atomically: true, encoding: .utf8)
            unlink(logPath)
            pid = try Self.spawn([Self.sshd, "-D", "-e", "-f", configuration], log: logPath)
            if try waitUntilListening() { return }
            lastLog = log
            stopServer()
        }
        throw Failure(description: "sshd did not start listening; its log:\n\(lastLog)")
    }

    deinit { stop() }

    /// What sshd logged (on its standard error) so far.
    public var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// The `ssh` command line that logs in as `user`, asking for `remote` (nothing: a login),
    /// with a terminal forced (`-tt`) unless `terminal` is false (`-T`). It trusts the throwaway
    /// host key without recording it, reads no configuration of the person running the tests, and
    /// passes `LANG` and `LC_ALL` on.
    public func clientCommand(_ remote: [String] = [], terminal: Bool = true) -> [String] {
        [
            Self.ssh, terminal ? "-tt" : "-T", "-F", "/dev/null", "-p", String(port), "-i", clientKey,
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "GlobalKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
            "-o", "LogLevel=ERROR", "-o", "SendEnv=LANG", "-o", "SendEnv=LC_ALL",
            "\(user)@127.0.0.1",
        ] + remote
    }

    /// Ends the server and removes its directory.
    public func stop() {
        stopServer()
        directory.remove()
    }

    private func stopServer() {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        let deadline = monotonicSeconds() + 5
        while waitpid(pid, &status, WNOHANG) == 0 {
            if monotonicSeconds() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(5_000)  // reaping the server, not waiting for a screen
        }
        pid = 0
    }

    private func configurationText(extra: [String]) -> String {
        let lines = [
            "Port \(port)",
            "ListenAddress 127.0.0.1",
            "HostKey \(directory.file("host_ed25519"))",
            "PidFile none",
            "AuthorizedKeysFile \(directory.file("authorized_keys"))",
            "AllowUsers \(user)",
            "PermitRootLogin no",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            // The temporary directory belongs to root and is readable by all: fine for a test.
            "StrictModes no",
            "UsePAM no",
            "PrintMotd no",
            "PrintLastLog no",
            "AcceptEnv LANG LC_ALL",
            "PermitTTY yes",
            "AllowTcpForwarding no",
            "X11Forwarding no",
            "AllowAgentForwarding no",
            "PermitTunnel no",
            "LogLevel VERBOSE",
        ]
        return (lines + extra).joined(separator: "\n") + "\n"
    }

    /// Polls until sshd says it listens; false if it exited (a port taken in a race) or said
    /// nothing within 10 s.
    private func waitUntilListening() throws -> Bool {
        let deadline = monotonicSeconds() + 10
        while monotonicSeconds() < deadline {
            if log.contains("Server listening on") { return true }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                pid = 0
                return false
            }
            usleep(10_000)  // polling sshd's log with a deadline
        }
        return false
    }

    /// A loopback TCP port nobody listens on now (the kernel's choice for port 0).
    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socketFD, generic, length) == 0 && getsockname(socketFD, generic, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "bind: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts `arguments` with standard input from /dev/null and both outputs appended to `log`.
    static func spawn(_ arguments: [String], log: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let code = posix_spawn(&child, arguments[0], &actions, nil, argv, environ)
        guard code == 0 else {
            throw Failure(description: "could not start \(arguments[0]): \(String(cString: strerror(code)))")
        }
        return child
    }
}
