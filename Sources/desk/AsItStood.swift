import ArgumentParser
import Desk
import DeskCore

/// The desk as it stood at `--at` (or now): what `desk status` and `desk report` read, the one
/// place their `--at` and `--period` are understood.
struct AsItStood {
    var session: DeskSession
    var state: DeskState
    /// The instant reported at: `--at`, else now.
    var at: Timestamp
    /// Whether `--at` named the instant.
    var isFixed: Bool
    var lastSequence: UInt64
    var chainHead: String

    /// Opens the whole log and, with `at`, replays it up to that ISO 8601 instant; exit 64 for an
    /// instant that cannot be read or lies after now.
    init(_ directory: DataDirectory, at text: String?, for command: String) throws {
        var instant: Timestamp?
        if let text {
            guard let parsed = Timestamp(iso8601: text) else {
                printError(
                    "desk \(command): --at \"\(text)\" is not an ISO 8601 instant; use a date and time with its zone, e.g. 2026-11-25T10:42:00Z or 2026-11-25T10:42+01:00"
                )
                throw ExitCode(64)
            }
            instant = parsed
        }
        session = try openWholeLog(directory, for: command)
        let now = session.clock.now
        if let instant, instant > now {
            printError(
                "desk \(command): --at \(instant.iso8601) is after now (\(now.iso8601)); the desk can say how it stood, not how it will stand: give a time up to now"
            )
            throw ExitCode(64)
        }
        let asOf = try reportingFailures(command) { () throws(DeskFailure) -> DeskAsOf? in
            try instant.map { (instant) throws(DeskFailure) in
                try DeskAsOf.replay(directory, through: instant)
            }
        }
        state = asOf?.state ?? session.state
        at = instant ?? now
        isFixed = instant != nil
        lastSequence = asOf?.lastSequence ?? session.position.lastSequence
        chainHead = asOf?.chainHead ?? session.position.head.hex
    }

    /// `--period` in the grammar, resolved at the instant in the office's time zone; `fallback`
    /// when absent; exit 64 with the accepted forms when it cannot be read.
    func period(_ text: String?, for command: String, fallback: () -> ReportingPeriod) throws
        -> ReportingPeriod
    {
        guard let text else { return fallback() }
        do throws(DeskError) {
            return try ReportingPeriod.parse(text, now: at, calendar: state.reportingCalendar)
        } catch {
            let forms =
                error.message.contains(ReportingPeriod.accepted)
                ? "" : " (periods: \(ReportingPeriod.accepted))"
            printError("desk \(command): --period: \(error.message)\(forms)")
            throw ExitCode(64)
        }
    }
}
