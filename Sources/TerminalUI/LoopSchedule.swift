/// When the terminal loop must wake without input: the next tick, the moment a lone ESC becomes
/// the Escape key, and the end of a wake-up pause. Pure, with the time passed in, so that the rule
/// "poll only returns at once when something is due, and what is due is then consumed" is testable.
public struct LoopSchedule: Sendable {
    public typealias Instant = ContinuousClock.Instant

    /// Wake-ups closer together than this are merged: a wake-up descriptor that stays readable
    /// (an application that does not drain it) costs at most one call per interval, never a spin.
    public static let wakeUpSpacing: Duration = .milliseconds(10)

    public let tickInterval: Duration?
    public let escapeDelay: Duration
    public private(set) var nextTick: Instant?
    public private(set) var escapeDeadline: Instant?
    public private(set) var wakeUpResumes: Instant?

    public init(tickInterval: Duration?, escapeDelay: Duration = KeyDecoder.escapeDelay, now: Instant) {
        self.tickInterval = tickInterval
        self.escapeDelay = escapeDelay
        nextTick = tickInterval.map { now + $0 }
    }

    /// Milliseconds `poll` may wait (rounded up, so it never wakes before the deadline); -1 for ever.
    public func pollTimeout(now: Instant) -> Int32 {
        TerminalUI.pollTimeout(
            now: now, nextTick: [nextTick, escapeDeadline, wakeUpResumes].compactMap { $0 }.min())
    }

    /// Input was read: when the decoder still waits for more, the ESC timeout starts again.
    public mutating func inputRead(decoderWaiting: Bool, now: Instant) {
        escapeDeadline = decoderWaiting ? now + escapeDelay : nil
    }

    /// Whether the decoder has waited long enough; the caller then calls its `timeOut()`.
    public func escapeDue(now: Instant) -> Bool {
        escapeDeadline.map { now >= $0 } ?? false
    }

    public mutating func escapeTimedOut() { escapeDeadline = nil }

    public func tickDue(now: Instant) -> Bool {
        nextTick.map { now >= $0 } ?? false
    }

    /// The next tick is an interval after this one ran, not after when it was due: a slow tick
    /// or a suspended process never causes a burst of catch-up ticks.
    public mutating func ticked(now: Instant) {
        nextTick = tickInterval.map { now + $0 }
    }

    /// Whether the wake-up descriptor should be in this poll.
    public func watchesWakeUp(now: Instant) -> Bool {
        wakeUpResumes.map { now >= $0 } ?? true
    }

    public mutating func wokeUp(now: Instant) {
        wakeUpResumes = now + Self.wakeUpSpacing
    }

    /// Forgets a pause that has ended, so it no longer bounds the poll timeout.
    public mutating func endWakeUpPause(now: Instant) {
        if let resumes = wakeUpResumes, now >= resumes { wakeUpResumes = nil }
    }
}
