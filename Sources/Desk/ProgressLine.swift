import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How far a long task has got, on one line of standard error, for a person waiting at a
/// terminal (`desk log verify`, `desk import`, `desk export`): nothing until the task has run
/// half a second, then rewritten in place at most ten times a second, and erased at the end.
/// Only when standard error is a terminal — never into a pipe, a file or a test's captured
/// output — unless `DESK_PROGRESS=1` asks for it anyway (`DESK_PROGRESS=0` silences it).
public final class ProgressLine {
    public enum Unit: Sendable { case bytes, rows }

    let label: String
    let total: Int64
    let unit: Unit
    let enabled: Bool
    let clock: () -> Double
    let write: (String) -> Void
    private let start: Double
    private var lastShown: Double?
    private var calls = 0

    /// Whether progress is shown in this process: standard error is a terminal, or asked for.
    public static var wanted: Bool {
        switch ProcessInfo.processInfo.environment["DESK_PROGRESS"] {
        case "1": true
        case "0": false
        default: isatty(2) == 1
        }
    }

    public convenience init(_ label: String, total: Int64, unit: Unit) {
        self.init(
            label, total: total, unit: unit, enabled: Self.wanted, clock: Self.monotonic,
            write: { text in
                let bytes = Array(text.utf8)
                _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            })
    }

    init(
        _ label: String, total: Int64, unit: Unit, enabled: Bool, clock: @escaping () -> Double,
        write: @escaping (String) -> Void
    ) {
        self.label = label
        self.total = max(total, 1)
        self.unit = unit
        self.enabled = enabled
        self.clock = clock
        self.write = write
        start = clock()
    }

    /// The size of the file at `path` in bytes (0 when it cannot be read): a total for `update`.
    public static func size(of path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : 0
    }

    static func monotonic() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Says that `done` of the total is done. Cheap enough to call for every record: the clock
    /// is read once every 1,024 calls.
    public func update(_ done: Int64) {
        guard enabled else { return }
        calls &+= 1
        guard calls & 1023 == 0 else { return }
        let now = clock()
        guard now - start >= 0.5, now - (lastShown ?? 0) >= 0.1 else { return }
        lastShown = now
        write("\r\u{1B}[K" + text(done))
    }

    /// The line as shown: "desk log verify: 45 % (82 of 182 MiB)".
    func text(_ done: Int64) -> String {
        let percent = min(100, Int(done * 100 / total))
        switch unit {
        case .bytes:
            return "\(label): \(percent) % (\(done >> 20) of \(total >> 20) MiB)"
        case .rows:
            return "\(label): \(percent) % (\(done) of \(total) rows)"
        }
    }

    /// Erases the line, if it was shown.
    public func finish() {
        guard lastShown != nil else { return }
        write("\r\u{1B}[K")
        lastShown = nil
    }
}
