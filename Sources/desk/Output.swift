import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a message and a newline to standard error.
func printError(_ message: String) {
    let bytes = Array((message + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// Collects lines and writes them to standard output in large blocks.
struct OutputBuffer {
    private var bytes: [UInt8] = []

    mutating func write(_ line: String, newline: Bool = true) {
        bytes.append(contentsOf: line.utf8)
        if newline { bytes.append(10) }
        if bytes.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(1, $0.baseAddress! + written, $0.count - written) }
            if n <= 0 { break }
            written += n
        }
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Shows, on standard error when it is a terminal, how far a replay of the log has gone, once it
/// has taken half a second ("desk: reading the log… 45 %"), and clears the line when it is done.
/// Silent in pipes and tests.
func replayProgress() -> ((Int64, Int64) -> Void)? {
    guard isatty(2) == 1 else { return nil }
    let start = ContinuousClock.now
    var shown = false
    return { read, total in
        guard total > 0, ContinuousClock.now - start >= .milliseconds(500) else { return }
        if read >= total {
            if shown { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)) }
            return
        }
        shown = true
        let percent = Int(Double(read) / Double(total) * 100)
        FileHandle.standardError.write(Data("\rdesk: reading the log… \(percent) %".utf8))
    }
}
