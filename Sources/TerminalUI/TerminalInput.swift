import CNcursesw
import Foundation

/// Why the desk cannot run full-screen here, or `nil` when it can: standard input and output are
/// terminals, `TERM` names a terminal description that exists and can address the cursor. Checked
/// before curses starts, because curses on such a terminal draws garbage or exits with its own error.
public func terminalProblem(environment: [String: String]) -> String? {
    if isatty(0) == 0 { return "standard input is not a terminal" }
    if isatty(1) == 0 { return "standard output is not a terminal" }
    guard let term = environment["TERM"], !term.isEmpty else { return "TERM is not set" }
    if term == "dumb" { return "the terminal is a dumb terminal (TERM=dumb)" }
    switch desk_check_terminal(term, 1) {
    case DESK_TERM_OK: return nil
    case DESK_TERM_UNKNOWN: return "no terminal description for TERM=\(term)"
    case DESK_TERM_NO_DATABASE: return "the terminal description database was not found"
    default: return "the terminal TERM=\(term) cannot move the cursor"
    }
}

/// Reads standard input without curses: non-blocking `read()` after `poll()`, so a terminal that
/// has gone away shows up as end of file or an error instead of curses' endless "no key".
struct TerminalInput {
    enum Outcome: Equatable {
        case bytes([UInt8])
        /// End of file, or an error that will not go away (EIO on a hung-up terminal).
        case gone
    }

    private var savedFlags: Int32 = -1

    mutating func start() {
        savedFlags = fcntl(0, F_GETFL)
        if savedFlags >= 0 { _ = fcntl(0, F_SETFL, savedFlags | O_NONBLOCK) }
    }

    /// The flags are on the open file the shell shares: a non-blocking terminal would break it.
    mutating func stop() {
        if savedFlags >= 0 { _ = fcntl(0, F_SETFL, savedFlags) }
        savedFlags = -1
    }

    /// Everything waiting on standard input (possibly nothing).
    func readAvailable() -> Outcome {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: buffer[0..<count])
                if count < buffer.count { return .bytes(bytes) }
            } else if count == 0 {
                return .gone
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return .bytes(bytes)
            } else {
                return .gone
            }
        }
    }

    /// The key strings the terminal description lists (after curses has started): they win over
    /// the decoder's built-in table.
    static func describedKeys() -> [[UInt8]: Key] {
        var capabilities: [(String, Key)] = [
            ("kcuu1", .up), ("kcud1", .down), ("kcub1", .left), ("kcuf1", .right),
            ("khome", .home), ("kend", .end), ("kpp", .pageUp), ("knp", .pageDown),
            ("kich1", .insert), ("kdch1", .delete), ("kcbt", .backTab), ("kbs", .backspace),
        ]
        capabilities += (1...12).map { ("kf\($0)", .function($0)) }
        var keys: [[UInt8]: Key] = [:]
        for (name, key) in capabilities {
            guard let value = desk_tigetstr(name) else { continue }
            let bytes = Array(String(cString: value).utf8)
            // The first capability listed wins should two share a string.
            if !bytes.isEmpty, keys[bytes] == nil { keys[bytes] = key }
        }
        return keys
    }
}
