// Real child processes for tests: spawn a product binary, read its stdout line by line as it
// comes (with a deadline on every wait), kill it, reap it. Built on posix_spawn and poll(2) so that
// a hung child fails the test instead of hanging CI.

#if canImport(Glibc)
    import Glibc
#endif

/// Why waiting on a child failed.
public enum ChildProcessError: Error, CustomStringConvertible {
    case spawn(executable: String, code: Int32)
    case timeout(what: String, seconds: Double?, stderr: String)

    public var description: String {
        switch self {
        case .spawn(let executable, let code):
            return "could not start \(executable): \(String(cString: strerror(code)))"
        case .timeout(let what, let seconds, let stderr):
            return "timed out\(seconds.map { " after \($0) s" } ?? "") waiting for \(what)"
                + (stderr.isEmpty ? "" : "; the child's stderr said: \(stderr)")
        }
    }
}

/// How a child ended.
public enum ChildExit: Equatable, CustomStringConvertible, Sendable {
    case exited(Int32)
    case signalled(Int32)

    public var description: String {
        switch self {
        case .exited(let code): return "exit \(code)"
        case .signalled(let signal): return "signal \(signal)"
        }
    }
}

/// Monotonic seconds, for deadlines and timings.
public func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// A child process whose stdout is a pipe read by the test and whose stderr goes to a file.
public final class ChildProcess {
    public let pid: pid_t
    public let name: String
    private var stdoutDescriptor: Int32
    private var buffer: [UInt8] = []
    private var reachedEnd = false
    private let stderrPath: String
    public private(set) var exit: ChildExit?

    /// Starts `executable` with `arguments` (not including argv[0]), with this process's
    /// environment plus `environment`. Stderr is captured in a file in `stderrDirectory` and shown
    /// in failure messages.
    public init(
        executable: String, arguments: [String], environment: [String: String] = [:], stderrDirectory: String,
        name: String? = nil
    ) throws {
        let label = name ?? (executable.split(separator: "/").last.map(String.init) ?? executable)
        self.name = label
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else {
            throw ChildProcessError.spawn(executable: executable, code: errno)
        }
        // Close-on-exec, so that no other child inherits this pipe and holds its end open.
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let errPath = "\(stderrDirectory)/\(label)-\(UInt32.random(in: 0...UInt32.max)).stderr"
        stderrPath = errPath

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        var inherited: [String] = []
        var entry = environ
        while let variable = entry.pointee {
            let text = String(cString: variable)
            let key = String(text.prefix { $0 != "=" })
            if environment[key] == nil { inherited.append(text) }
            entry += 1
        }
        let envp = (inherited + environment.map { "\($0.key)=\($0.value)" }).map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }
        let code = posix_spawn(&child, executable, &actions, nil, argv, envp)
        close(pipeEnds[1])
        guard code == 0 else {
            close(pipeEnds[0])
            throw ChildProcessError.spawn(executable: executable, code: code)
        }
        pid = child
        stdoutDescriptor = pipeEnds[0]
        _ = fcntl(stdoutDescriptor, F_SETFL, fcntl(stdoutDescriptor, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        if exit == nil {
            Glibc.kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
        if stdoutDescriptor >= 0 { close(stdoutDescriptor) }
        unlink(stderrPath)
    }

    /// What the child wrote to stderr so far (at most 4 KiB).
    public var stderr: String {
        let fd = open(stderrPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        return got > 0 ? String(decoding: bytes[0..<got], as: UTF8.self) : ""
    }

    /// True once stdout reached end of file and every buffered line was taken.
    public var finishedOutput: Bool { reachedEnd && buffer.isEmpty }

    /// Reads what is available without blocking. Returns false at end of file.
    @discardableResult
    func fill() -> Bool {
        guard !reachedEnd else { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(stdoutDescriptor, $0.baseAddress, $0.count) }
            if got > 0 {
                buffer.append(contentsOf: chunk[0..<got])
                continue
            }
            if got == 0 {
                reachedEnd = true
                return false
            }
            if errno == EINTR { continue }
            return true  // EAGAIN: nothing more for now
        }
    }

    /// The next complete line already read, if any; at end of file, a last unterminated line.
    func takeLine() -> String? {
        if let newline = buffer.firstIndex(of: 10) {
            let line = String(decoding: buffer[0..<newline], as: UTF8.self)
            buffer.removeSubrange(0...newline)
            return line
        }
        if reachedEnd && !buffer.isEmpty {
            let line = String(decoding: buffer, as: UTF8.self)
            buffer.removeAll()
            return line
        }
        return nil
    }

    /// The next line of stdout, waiting at most until `deadline` (monotonic seconds); `nil` at end
    /// of file. Throws on timeout.
    public func readLine(deadline: Double) throws -> String? {
        while true {
            if let line = takeLine() { return line }
            if reachedEnd { return nil }
            let left = deadline - monotonicSeconds()
            if left <= 0 {
                throw ChildProcessError.timeout(
                    what: "a line from \(name) (pid \(pid))", seconds: nil, stderr: stderr)
            }
            var entry = pollfd(fd: stdoutDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&entry, 1, Int32(min(left, 1.0) * 1000) + 1)
            fill()
        }
    }

    /// The next line of stdout, waiting at most `timeout` seconds; `nil` at end of file.
    public func readLine(timeout: Double) throws -> String? {
        try readLine(deadline: monotonicSeconds() + timeout)
    }

    /// Every remaining line of stdout, up to end of file (which a killed child reaches at once).
    public func remainingLines(timeout: Double) throws -> [String] {
        let deadline = monotonicSeconds() + timeout
        var lines: [String] = []
        while let line = try readLine(deadline: deadline) { lines.append(line) }
        return lines
    }

    /// Sends a signal (SIGKILL by default).
    public func kill(_ signal: Int32 = SIGKILL) {
        guard exit == nil else { return }
        Glibc.kill(pid, signal)
    }

    /// Reaps the child, waiting at most `timeout` seconds; on timeout the child is killed and the
    /// call throws.
    @discardableResult
    public func wait(timeout: Double) throws -> ChildExit {
        if let exit { return exit }
        let deadline = monotonicSeconds() + timeout
        var status: Int32 = 0
        var delay: UInt32 = 200
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR {
                exit = .exited(-1)
                return .exited(-1)
            }
            if monotonicSeconds() > deadline {
                let message = stderr
                Glibc.kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                exit = .signalled(SIGKILL)
                throw ChildProcessError.timeout(
                    what: "\(name) (pid \(pid)) to exit", seconds: timeout, stderr: message)
            }
            usleep(delay)  // reaping only: the child's output is read by deadline-bound polls
            delay = min(delay * 2, 20_000)
        }
        let ended: ChildExit
        if status & 0x7F == 0 {
            ended = .exited((status >> 8) & 0xFF)
        } else {
            ended = .signalled(status & 0x7F)
        }
        exit = ended
        return ended
    }

    /// Reads lines from several children as they come, calling `onLine(childIndex, line)`, until
    /// every child's stdout has ended. Throws if that takes longer than `timeout` seconds.
    /// `onLine` may return `false` to stop early.
    public static func readLines(
        from children: [ChildProcess], timeout: Double, onLine: (Int, String) throws -> Bool
    ) throws {
        let deadline = monotonicSeconds() + timeout
        while true {
            for (index, child) in children.enumerated() {
                child.fill()
                while let line = child.takeLine() {
                    if try !onLine(index, line) { return }
                }
            }
            let open = children.filter { !$0.reachedEnd }
            if open.isEmpty { return }
            let left = deadline - monotonicSeconds()
            if left <= 0 {
                let names = open.map { "\($0.name) (pid \($0.pid)): \($0.stderr)" }.joined(separator: "; ")
                throw ChildProcessError.timeout(
                    what: "output to end from \(names)", seconds: timeout, stderr: "")
            }
            var entries = open.map { pollfd(fd: $0.stdoutDescriptor, events: Int16(POLLIN), revents: 0) }
            _ = poll(&entries, nfds_t(entries.count), Int32(min(left, 1.0) * 1000) + 1)
        }
    }
}
