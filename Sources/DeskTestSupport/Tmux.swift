import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Drives a program in a detached tmux session for end-to-end tests.
///
/// Each session runs on a private tmux server (`-L` with a unique socket name) so tests never
/// collide with each other or with a person's own tmux. The program gets a sealed environment:
/// `TERM`, `LANG=C.UTF-8`, `TZ` and only the variables given. Tests wait for text with a deadline
/// (``waitFor(_:timeout:)``), never with a bare sleep.
public final class TmuxSession: @unchecked Sendable {
    /// Why a tmux step failed; carries the last screen so the failure shows what was there.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let socket: String
    public let name = "desk"
    private let tmuxPath: String
    private var alive = true

    /// The tmux executable, or `nil` when tmux is not installed (tests then skip, saying why).
    public static func findTmux() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(directory)/tmux"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Starts `command` (an argument vector, run without a shell) in a new detached session.
    public init(
        command: [String], columns: Int = 80, rows: Int = 24, environment: [String: String] = [:],
        term: String = "xterm-256color", timeZone: String = "UTC", workingDirectory: String? = nil
    ) throws {
        guard let tmux = Self.findTmux() else { throw Failure(description: "tmux is not installed") }
        tmuxPath = tmux
        socket = "desk-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        var sealed = ["TERM": term, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": timeZone]
        for (key, value) in environment { sealed[key] = value }
        // `env -i` empties the environment the tmux server passed down; then only the sealed set.
        var arguments = [
            "-f", "/dev/null", "new-session", "-d", "-s", name, "-x", String(columns), "-y", String(rows),
        ]
        if let workingDirectory { arguments += ["-c", workingDirectory] }
        arguments += ["env", "-i"] + sealed.keys.sorted().map { "\($0)=\(sealed[$0]!)" } + command
        try run(arguments)
        // Keep the pane after the program exits so its last screen can still be captured.
        try run(["set-option", "-t", name, "remain-on-exit", "on"])
        try run(["set-option", "-t", name, "status", "off"])
    }

    deinit { kill() }

    /// Sends keys as tmux names them: literal text with `literal: true`, else key names
    /// such as `Enter`, `Escape`, `F2`, `Up`, `C-a`, `BSpace`.
    public func sendKeys(_ keys: String..., literal: Bool = false) throws {
        try run(["send-keys", "-t", name] + (literal ? ["-l"] : []) + keys)
    }

    /// Types text literally (any script).
    public func type(_ text: String) throws { try sendKeys(text, literal: true) }

    /// The screen as text, one line per row; with `escapes: true`, with colours and attributes.
    public func capture(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    /// Polls the screen until `text` appears; throws with the last screen when `timeout` passes.
    @discardableResult
    public func waitFor(_ text: String, timeout: Duration = .seconds(10)) throws -> String {
        try waitUntil("\"\(text)\" on screen", timeout: timeout) { $0.contains(text) }
    }

    /// Polls the screen until `condition` holds; throws with the last screen after `timeout`.
    @discardableResult
    public func waitUntil(_ what: String, timeout: Duration = .seconds(10), _ condition: (String) -> Bool)
        throws
        -> String
    {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var screen = ""
        while true {
            screen = (try? capture()) ?? screen
            if condition(screen) { return screen }
            if clock.now >= deadline {
                throw Failure(
                    description: "timed out after \(timeout) waiting for \(what); last screen:\n\(screen)")
            }
            // Polling interval between captures, not a wait for the screen itself.
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Resizes the window (the program gets SIGWINCH).
    public func resize(columns: Int, rows: Int) throws {
        try run(["resize-window", "-t", name, "-x", String(columns), "-y", String(rows)])
    }

    /// Appends every byte the program writes to the terminal to `path` (to measure output volume).
    public func recordOutput(to path: String) throws {
        let quoted = "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        try run(["pipe-pane", "-t", name, "-o", "cat >> \(quoted)"])
    }

    /// A tmux format evaluated for the pane, such as `#{pane_title}` or `#{cursor_x}`.
    public func query(_ format: String) throws -> String {
        try run(["display-message", "-p", "-t", name, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the program in the pane has exited.
    public func hasExited() throws -> Bool {
        try run(["display-message", "-p", "-t", name, "#{pane_dead}"]).trimmingCharacters(
            in: .whitespacesAndNewlines) == "1"
    }

    /// Ends the session and its private server.
    public func kill() {
        guard alive else { return }
        alive = false
        _ = try? run(["kill-server"])
    }

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        // posix_spawn and waitpid, with output in files: `new-session` forks the tmux server, which
        // would hold a pipe open for ever, and Foundation's Process did not reap the tmux client.
        let directory = FileManager.default.temporaryDirectory.path
        let outputPath = "\(directory)/tmux-out-\(UUID().uuidString)"
        let errorPath = "\(directory)/tmux-err-\(UUID().uuidString)"
        defer {
            unlink(outputPath)
            unlink(errorPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let environment = ProcessInfo.processInfo.environment
        let passed = ["PATH", "HOME", "TMPDIR"].compactMap { key in environment[key].map { "\(key)=\($0)" } }
        let argv = ([tmuxPath, "-L", socket] + arguments).map { strdup($0) } + [nil]
        let envp = passed.map { strdup($0) } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tmuxPath, &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(description: "could not start tmux: error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = String(decoding: FileManager.default.contents(atPath: outputPath) ?? Data(), as: UTF8.self)
        let exitedCleanly = (status & 0x7F) == 0 && (status >> 8) & 0xFF == 0
        guard exitedCleanly else {
            let message = String(
                decoding: FileManager.default.contents(atPath: errorPath) ?? Data(), as: UTF8.self)
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed: \(message)")
        }
        return text
    }
}
