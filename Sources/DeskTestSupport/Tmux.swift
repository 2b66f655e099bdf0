import Foundation

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tmuxPath)
        process.arguments = ["-L", socket] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorData, as: UTF8.self)
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed: \(message)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
