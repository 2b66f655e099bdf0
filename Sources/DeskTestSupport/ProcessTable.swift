// What runs on this machine, from /proc: for tests that must show a process is gone.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Processes as /proc lists them.
public enum ProcessTable {
    /// Processes other than this one whose command line contains `text`, leaving out tmux servers
    /// (a tmux server keeps the command line of the session that started it).
    public static func mentioning(_ text: String) -> [pid_t] {
        let needle = Array(text.utf8)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), pid != getpid(),
                let bytes = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe"))?
                    .hasSuffix("/tmux") != true
            else { return nil }
            return Array(bytes).firstRange(of: needle) != nil ? pid : nil
        }
    }

    /// The process's command line, arguments separated by spaces ("" once it is gone).
    public static func commandLine(_ pid: pid_t) -> String {
        FileManager.default.contents(atPath: "/proc/\(pid)/cmdline").map {
            String(decoding: $0.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        } ?? ""
    }

    /// Whether the process still exists and is not a zombie (which runs nothing and holds nothing
    /// but its exit status).
    public static func isRunning(_ pid: pid_t) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else {
            return false
        }
        return !status.contains("State:\tZ")
    }

    /// Each process's id, command line, state and user ids, for failure messages.
    public static func describe(_ pids: [pid_t]) -> String {
        pids.map { pid in
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            let state = status.split(separator: "\n").filter {
                $0.hasPrefix("State:") || $0.hasPrefix("Uid:")
            }
            return "\(pid) \(commandLine(pid)) [\(state.joined(separator: ", "))]"
        }.joined(separator: "; ")
    }
}
