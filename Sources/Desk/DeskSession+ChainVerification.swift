import EventLog
import Foundation

// The start-up replay leaves the hash chain to a thread of its own (PERFORMANCE.md, P3).
extension DeskSession {
    /// Whether the start-up replay's hash chain has been verified: nil while it runs.
    public var chainVerified: Bool? { chainVerification.outcome }

    /// Walks the whole log, chain included, on another thread; damage found becomes this desk's
    /// alarm at its next `catchUp`.
    func startChainVerification() {
        let verify = log.verifier()
        let result = chainVerification
        let snapshot = snapshotBase
        let (logPath, snapshotPath) = (log.location, snapshotPath)
        let thread = Thread {
            do {
                // Started from a snapshot, the one walk also replays up to it: the state must be what
                // that replay builds.
                var report: LogVerification
                var difference: String?
                if let snapshot, let digest = snapshot.digest {
                    (report, difference) = try DeskSession.checkSnapshot(
                        snapshot, digest: digest, logPath: logPath)
                } else {
                    report = try verify()
                }
                // A tail still being written is not damage; anything else is.
                if let damage = report.damage.flatMap({ $0.kind == .incompleteTail ? nil : $0 }) {
                    return result.finish(damage: damage)
                }
                if let snapshot, let difference {
                    unlink(snapshotPath)
                    return result.finish(
                        damage: LogDamage(
                            kind: .format, offset: snapshot.position.offset,
                            sequence: snapshot.position.lastSequence,
                            detail:
                                "\(difference); this desk's figures came from it, so restart the desk (the snapshot was deleted and the next start replays the whole log)"
                        ))
                }
                result.finish(damage: nil)
            } catch {
                result.finish(damage: LogDamage(kind: .format, offset: 0, sequence: 0, detail: "\(error)"))
            }
        }
        thread.start()
    }

    /// Waits (up to `timeout` seconds) for the start-up chain verification; true when it passed.
    public func waitForChainVerification(timeout: Double = 60) -> Bool? {
        chainVerification.wait(timeout: timeout)
        return chainVerification.outcome
    }
}

/// The outcome of a chain verification running on another thread.
final class ChainVerification: @unchecked Sendable {
    private let condition = NSCondition()
    private var finished = false
    private var found: LogDamage?

    func finish(damage: LogDamage?) {
        condition.lock()
        finished = true
        found = damage
        condition.broadcast()
        condition.unlock()
    }

    var damage: LogDamage? {
        condition.lock()
        defer { condition.unlock() }
        return found
    }

    var outcome: Bool? {
        condition.lock()
        defer { condition.unlock() }
        return finished ? found == nil : nil
    }

    func wait(timeout: Double) {
        condition.lock()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while !finished && condition.wait(until: deadline) {}
        condition.unlock()
    }
}
