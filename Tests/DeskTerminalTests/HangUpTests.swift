import DeskTestSupport
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// The real `desk` and `desk watch` leave when their terminal goes away, also when started through
/// runuser, where no SIGHUP may reach them, and do not spin in the meantime.
final class HangUpTests: XCTestCase {
    private var data = ""

    override func setUpWithError() throws {
        guard TmuxSession.findTmux() != nil else { throw XCTSkip("tmux is not installed") }
        data =
            FileManager.default.temporaryDirectory.appendingPathComponent("desk-hangup-\(UUID().uuidString)")
            .path
        addTeardownBlock { [data] in try? FileManager.default.removeItem(atPath: data) }
    }

    private func start(_ command: [String], environment: [String: String]) throws -> TmuxSession {
        let session = try TmuxSession(command: command, environment: environment)
        addTeardownBlock { session.kill() }
        return session
    }

    func testDeskAndBoardsLeaveWhenTheirTerminalCloses() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else {
            throw XCTSkip("needs root and runuser to start a board as nobody")
        }
        let desk = try ProductsDirectory.executable("desk")
        let clerk = try start([desk], environment: ["DESK_DATA": data, "DESK_AS_USER": "alice"])
        try clerk.waitFor("No complaints yet")
        try openForOthers(data)
        let runuser = ["/usr/sbin/runuser", "-u", "nobody", "--"]
        let board = try start(runuser + [desk, "watch"], environment: ["DESK_DATA": data])
        // In a session of its own the board has no controlling terminal: no SIGHUP can reach it.
        let detached = try start(
            runuser + ["/usr/bin/setsid", desk, "watch"], environment: ["DESK_DATA": data])
        for session in [clerk, board, detached] { try session.waitFor("F1 Help") }
        let running = processes(mentioning: data)
        XCTAssertGreaterThanOrEqual(running.count, 3, "desk, board and detached board: \(running)")

        let clock = ContinuousClock()
        let closed = clock.now
        for session in [clerk, board, detached] { session.kill() }
        let deadline = closed + .seconds(5)
        var left = processes(mentioning: data)
        while !left.isEmpty && clock.now < deadline {
            // Polling interval between /proc scans, not a wait for a screen.
            Thread.sleep(forTimeInterval: 0.01)
            left = processes(mentioning: data)
        }
        if left.isEmpty {
            print("Hang-up: every desk process gone \(clock.now - closed) after its terminal closed")
        } else {
            XCTFail("still running 5 s after the terminal closed: \(describe(left))")
            for pid in left { kill(pid, SIGKILL) }
        }
    }

    func testWithoutATerminalTheDeskSaysSoAndExits64() throws {
        let desk = try ProductsDirectory.executable("desk")
        for arguments in [[], ["watch"]] {
            let run = try ProductRun.runExecutable(
                "/bin/sh", ["-c", "exec \"$0\" \"$@\" </dev/null", desk] + arguments,
                environment: ["DESK_DATA": data])
            XCTAssertEqual(run.status, 64, "\(arguments): \(run.standardError)")
            XCTAssertEqual(
                run.standardError,
                "desk: standard input is not a terminal. The desk needs a full-screen terminal; "
                    + "for a text summary use `desk status` (or `desk status --json`).\n")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: data), "the session was opened")
    }

    func testDumbOrUnknownTerminalSaysSoAndExits64() throws {
        let desk = try ProductsDirectory.executable("desk")
        var cases = [
            ("dumb", "desk: the terminal is a dumb terminal (TERM=dumb)."),
            ("no-such-terminal", "desk: no terminal description for TERM=no-such-terminal."),
        ]
        // A description without cursor addressing, compiled into a private terminfo directory.
        let terminfo = data + "-terminfo"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: terminfo) }
        try FileManager.default.createDirectory(atPath: terminfo, withIntermediateDirectories: true)
        let source = terminfo + "/nocup.ti"
        try "desk-nocup|cannot address the cursor,\n\tam, cols#80, lines#24, bel=^G, cr=\\r,\n".write(
            toFile: source, atomically: true, encoding: .utf8)
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/tic") {
            let compiled = try ProductRun.runExecutable("/usr/bin/tic", ["-o", terminfo, source])
            XCTAssertEqual(compiled.status, 0, compiled.standardError)
            cases.append(("desk-nocup", "desk: the terminal TERM=desk-nocup cannot move the cursor."))
        }
        for (term, problem) in cases {
            // The shell waits for a line so the pane is set to stay after the desk exits, then
            // shows the desk's exit status.
            let script = "read line; \"$0\"; echo \"exit status $?\""
            let session = try TmuxSession(
                command: ["/bin/sh", "-c", script, desk], columns: 200, rows: 10,
                environment: ["DESK_DATA": data, "TERMINFO": terminfo], term: term)
            defer { session.kill() }
            try session.sendKeys("Enter")
            let screen = try session.waitFor("exit status")
            XCTAssertTrue(
                screen.contains(
                    problem + " The desk needs a full-screen terminal; for a text summary use `desk status` "
                        + "(or `desk status --json`).\nexit status 64"), screen)
        }
    }

    /// The clerk's desk made the directory as root; a board run as nobody must be able to read it.
    private func openForOthers(_ path: String) throws {
        XCTAssertEqual(chmod(path, 0o755), 0)
        for name in try FileManager.default.subpathsOfDirectory(atPath: path) {
            let full = path + "/" + name
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            XCTAssertEqual(chmod(full, isDirectory.boolValue ? 0o755 : 0o644), 0, full)
        }
    }

    /// Processes whose command line or environment names `path` (tmux passes it as `DESK_DATA=`).
    private func processes(mentioning path: String) -> [pid_t] {
        let needle = Array(path.utf8)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), pid != getpid() else { return nil }
            for file in ["cmdline", "environ"] {
                guard let bytes = FileManager.default.contents(atPath: "/proc/\(pid)/\(file)") else {
                    continue
                }
                if Array(bytes).firstRange(of: needle) != nil { return pid }
            }
            return nil
        }
    }

    /// Each process with its command and the share of a core it used over the last 500 ms.
    private func describe(_ pids: [pid_t]) -> String {
        func cpuTicks(_ pid: pid_t) -> Int? {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else {
                return nil
            }
            return user + system
        }
        let before = pids.map(cpuTicks)
        Thread.sleep(forTimeInterval: 0.5)
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        return zip(pids, before).map { pid, first in
            let command =
                (FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")).map {
                    String(decoding: $0.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
                } ?? "?"
            let share = first.flatMap { a in cpuTicks(pid).map { Double($0 - a) / hertz / 0.5 * 100 } }
            return "\(pid) \(command.prefix(80)) at \(share.map { String(format: "%.0f", $0) } ?? "?") % CPU"
        }.joined(separator: "; ")
    }
}
