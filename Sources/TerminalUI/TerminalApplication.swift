/// What the application answers after each event: keep going, or leave the desk.
public enum LoopDecision: Sendable, Equatable {
    case keepRunning
    case quit
}

/// What an application gives the terminal loop. All calls come on the loop's one thread.
///
/// The loop owns the terminal; the application owns its state and renders it as a pure function
/// of that state and the size. After every event the loop renders and draws only changed rows.
public protocol TerminalApplication: AnyObject {
    /// The whole screen for this size (never smaller than the loop's minimum).
    func render(size: ScreenSize) -> ScreenBuffer
    /// A key the clerk pressed (resizes are handled by the loop and end in a new `render`).
    func handle(_ key: Key) -> LoopDecision
    /// The wake-up descriptor became readable (the log grew): drain it, then catch up.
    func wakeUp() -> LoopDecision
    /// The timer fired (clocks on screen may have moved).
    func tick() -> LoopDecision
}

/// How the loop waits and what it waits for.
public struct TerminalLoopOptions: Sendable {
    /// Readable when the log has changed (the follower's inotify descriptor); supplied by the caller.
    public var wakeUpDescriptor: Int32?
    /// Time between `tick()` calls; `nil` for none.
    public var tickInterval: Duration?
    /// Below this size the loop shows ``tooSmallScreen(size:minimum:)`` and drops keys.
    public var minimumSize: ScreenSize

    public init(
        wakeUpDescriptor: Int32? = nil, tickInterval: Duration? = .seconds(1),
        minimumSize: ScreenSize = .minimum
    ) {
        self.wakeUpDescriptor = wakeUpDescriptor
        self.tickInterval = tickInterval
        self.minimumSize = minimumSize
    }
}

/// The screen shown when the terminal is smaller than the desk needs; `leaving` says how to leave
/// (nothing when keys cannot, as on the survey kiosk).
public func tooSmallScreen(size: ScreenSize, minimum: ScreenSize, leaving: Bool = true) -> ScreenBuffer {
    var buffer = ScreenBuffer(size: size)
    let lines =
        [
            "Make the window larger.",
            "The desk needs \(minimum.columns)×\(minimum.rows); this is \(size.columns)×\(size.rows).",
        ] + (leaving ? ["Ctrl-C leaves the desk."] : [])
    let top = max(0, (size.rows - lines.count) / 2)
    for (index, line) in lines.enumerated() {
        let width = min(DisplayWidth.of(line), size.columns)
        buffer.put(
            line, row: top + index, column: max(0, (size.columns - width) / 2),
            role: index == 0 ? .statusWarning : .default, maxColumns: size.columns)
    }
    return buffer
}

/// The rows that differ between the frame on screen and the next one (all rows when the size
/// changed or nothing is on screen yet).
public func changedRows(from previous: ScreenBuffer?, to next: ScreenBuffer) -> [Int] {
    guard let previous, previous.size == next.size else { return Array(0..<next.rows) }
    return (0..<next.rows).filter { previous.row($0) != next.row($0) }
}

/// Milliseconds `poll` may wait before the next tick is due; -1 when there is no timer.
func pollTimeout(now: ContinuousClock.Instant, nextTick: ContinuousClock.Instant?) -> Int32 {
    guard let nextTick else { return -1 }
    if nextTick <= now { return 0 }
    let (seconds, attoseconds) = (nextTick - now).components
    let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    return Int32(clamping: milliseconds)
}
