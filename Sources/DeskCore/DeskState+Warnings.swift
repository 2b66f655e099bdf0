/// What the desk must warn about on every screen and in `desk status`: a host clock behind the
/// log, and standards in the log outside the documented bounds. Also which complaints are not
/// measured (received before any standard was in force).
extension DeskState {
    /// How far the host clock may lag the log's latest record before commands on a complaint are
    /// refused and every screen warns: one minute.
    public static let clockTolerance: Int64 = 60_000

    /// The latest instant any event was recorded at; nil for an empty log.
    public var latestRecordedInstant: Timestamp? { latestRecordedAt.timestamp }

    /// Up to when a supervisor accepted the host clock (`desk log accept-clock`), if ever.
    public var clockAcceptedThrough: Timestamp? { clockAcceptedUpTo.timestamp }

    /// Whether an event recorded at `t` lies beyond `now` by more than the tolerance and no
    /// supervisor has accepted the clock up to it.
    func isAhead(_ t: RecordedInstant, of now: Timestamp) -> Bool {
        guard let t = t.milliseconds else { return false }
        return t > now.milliseconds &+ Self.clockTolerance && t > clockAcceptedUpTo.rawMilliseconds
    }

    /// The log's latest record, when the host clock (`now`) is behind it by more than the
    /// tolerance and no supervisor has accepted the clock; nil when all is well.
    public func clockBehind(now: Timestamp) -> Timestamp? {
        isAhead(latestRecordedAt, of: now) ? latestRecordedAt.timestamp : nil
    }

    /// The warning for a host clock behind the log, naming both times; nil when all is well.
    public func clockWarning(now: Timestamp) -> String? {
        guard let latest = clockBehind(now: now) else { return nil }
        return
            "CLOCK BEHIND THE LOG: this host says \(now.iso8601) but the log holds a record of \(latest.iso8601); have the clock corrected, or a supervisor can accept it: desk log accept-clock"
    }

    /// One warning per standard version in the log whose target or benchmark lies outside the
    /// bounds, saying what its clocks count instead.
    public var standardWarnings: [String] {
        var out: [String] = []
        for id in standardIDs {
            for version in versions(ofStandard: id) {
                let problems = version.boundsProblems
                guard !problems.isEmpty else { continue }
                let counted =
                    version.countedWorkingDays.map { "\($0) working days" }
                    ?? "\(version.countedTargetMinutes) business minutes"
                out.append(
                    "STANDARD OUT OF BOUNDS: \(id) version \(version.version): \(problems.joined(separator: "; ")); its clocks count \(counted) — publish a corrected version"
                )
            }
        }
        return out
    }

    /// Every warning of the record as it stands at `now`, for screens and `desk status`.
    public func warnings(now: Timestamp) -> [String] {
        (clockWarning(now: now).map { [$0] } ?? []) + standardWarnings
    }

    /// Whether a complaint was received before any standard was in force, so nothing measures it.
    public func isUnmeasured(_ id: ComplaintID) -> Bool {
        guard let r = record(id) else { return false }
        return standards.isUnmeasured(receivedAt: r.receivedAt)
    }

    /// Whether a complaint received at `t` would be measured by no standard (none in force yet).
    public func wouldBeUnmeasured(receivedAt t: Timestamp) -> Bool { standards.isUnmeasured(receivedAt: t) }

    /// How many complaints were received before any standard was in force.
    public var unmeasuredCount: Int {
        var count = 0
        for r in complaints where r.exists && standards.isUnmeasured(receivedAt: r.receivedAt) {
            count += 1
        }
        return count
    }
}
