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
