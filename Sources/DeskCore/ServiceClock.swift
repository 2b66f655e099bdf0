/// One service standard's clock on one complaint, computed from events on read.
public struct ServiceClock: Hashable, Sendable {
    public enum State: UInt8, Sendable, Hashable, Comparable {
        /// Stopped in time.
        case met = 0
        /// Running, under the warning share of the target.
        case onTrack = 1
        /// Running, past the warning share (75 %) of the target.
        case atRisk = 2
        /// Stopped, but after the due time: the breach stands.
        case missed = 3
        /// Running past the due time.
        case overdue = 4

        public var isBreach: Bool { self == .missed || self == .overdue }
        public var isRunning: Bool { self == .onTrack || self == .atRisk || self == .overdue }

        public static func < (a: State, b: State) -> Bool { a.rawValue < b.rawValue }

        public var name: String {
            switch self {
            case .met: "met"
            case .onTrack: "on track"
            case .atRisk: "at risk"
            case .missed: "missed"
            case .overdue: "overdue"
            }
        }
    }

    /// The version of the standard in force when the complaint was received.
    public var standard: ServiceStandard
    /// 0 for the measure from receipt; n for the measure from the n-th reopening.
    public var round: Int
    /// When business time began to count (the next opening minute for out-of-hours arrival).
    public var start: Timestamp
    /// When the target is (or was) reached, pauses taken into account.
    public var due: Timestamp
    public var stoppedAt: Timestamp?
    public var usedMinutes: Int
    /// The business minutes this clock allows: the standard's target in minutes, or for a target
    /// in working days the business time from the start to the due time before any pause.
    public var targetMinutes: Int
    /// Target minus used; negative once over.
    public var minutesLeft: Int { targetMinutes - usedMinutes }
    public var isPaused: Bool
    public var state: State
}

extension DeskState {
    /// Pause intervals of a complaint, oldest first; an ongoing pause ends at `now`.
    func pauseIntervals(_ r: ComplaintRecord, now: Int64) -> [(Int64, Int64)] {
        book.pauseIntervals(r, now: now)
    }

    /// Computes one clock: business time from `start` to `stop` (or now), pauses subtracted.
    static func clock(
        _ s: ServiceStandard, round: Int, start: Int64, stop: Int64?, pauses: [(Int64, Int64)],
        pausedNow: Bool,
        calendar: BusinessCalendar, now: Int64
    ) -> ServiceClock {
        // The target in business time, within the bounds (a hostile value cannot overflow).
        let target: Int64
        var unpausedDue: Int64?
        if let days = s.countedWorkingDays {
            let due = calendar.due(workingDays: days, from: Timestamp(milliseconds: start)).milliseconds
            unpausedDue = due
            target = calendar.businessMilliseconds(from: start, to: due)
        } else {
            target = Int64(s.countedTargetMinutes) * 60_000
        }
        // Due: consume the target across the stretches between pauses; each pause moves it on by
        // the business time it covered.
        var remaining = target
        var cursor = start
        var due: Int64 = 0
        var found = false
        var paused = false
        for (ps, pe) in pauses where pe > cursor {
            let segmentEnd = max(ps, cursor)
            let available = calendar.businessMilliseconds(from: cursor, to: segmentEnd)
            if remaining <= available {
                due =
                    calendar.add(businessMilliseconds: remaining, to: Timestamp(milliseconds: cursor))
                    .milliseconds
                found = true
                break
            }
            remaining -= available
            cursor = max(cursor, pe)
            paused = true
        }
        if !found {
            due =
                calendar.add(businessMilliseconds: remaining, to: Timestamp(milliseconds: cursor))
                .milliseconds
        }
        // Working days without a pause before the due time: the calendar's own instant (a close,
        // or the same clock time), not the business-time equivalent.
        if let unpausedDue, !paused { due = unpausedDue }
        // Used: business time to the stop (or now), less the paused part.
        let end = stop ?? now
        var used = calendar.businessMilliseconds(from: start, to: end)
        for (ps, pe) in pauses {
            let a = max(ps, start)
            let b = min(pe, end)
            if b > a { used -= calendar.businessMilliseconds(from: a, to: b) }
        }
        used = max(0, used)
        let state: ServiceClock.State
        if let stop {
            state = stop <= due ? .met : .missed
        } else if now > due {
            state = .overdue
        } else if Double(used) >= Double(target) * ServiceStandard.warningShare {
            state = .atRisk
        } else {
            state = .onTrack
        }
        return ServiceClock(
            standard: s, round: round, start: calendar.nextOpening(after: Timestamp(milliseconds: start)),
            due: Timestamp(milliseconds: due), stoppedAt: stop.map { Timestamp(milliseconds: $0) },
            usedMinutes: Int(used / 60_000), targetMinutes: Int(target / 60_000),
            isPaused: stop == nil && pausedNow, state: state)
    }

    /// Every clock of a complaint: each standard in force at receipt that covers it, for the
    /// measure from receipt and for each reopening (acknowledgement is measured once).
    public func clocks(of id: ComplaintID, now: Timestamp) -> [ServiceClock] {
        guard let r = record(id) else { return [] }
        return clocks(r, now: now.milliseconds)
    }

    func applicableStandards(_ r: ComplaintRecord) -> [ServiceStandard] {
        standards.applicable(
            receivedAt: r.receivedAt, category: names[r.receivedCategory], channel: r.channel)
    }

    func clocks(
        _ r: ComplaintRecord, now: Int64, memo: UnsafeMutablePointer<StandardMemo>? = nil
    ) -> [ServiceClock] {
        guard let calendar = office?.calendar else { return [] }
        let standards = memo?.pointee.standards(for: r, in: self) ?? applicableStandards(r)
        if standards.isEmpty { return [] }
        let pauses = pauseIntervals(r, now: now)
        let paused = r.isPaused
        // A withdrawn complaint's running clocks stop at withdrawal; they count only if late.
        func stop(_ v: RecordedInstant, roundIsCurrent: Bool) -> Int64? {
            if let v = v.milliseconds { return v }
            return roundIsCurrent ? r.withdrawnAt.milliseconds : nil
        }
        var rounds: [(start: Int64, responded: RecordedInstant, closed: RecordedInstant, current: Bool)] = []
        if r.reopenCount == 0 {
            rounds.append((r.receivedAt.milliseconds, r.firstRespondedAt, r.firstClosedAt, true))
        } else {
            rounds.append((r.receivedAt.milliseconds, r.firstRespondedAt, r.firstClosedAt, false))
            for x in book.middleRounds(r) {
                rounds.append((x.start.milliseconds, x.respondedAt, x.closedAt, false))
            }
            rounds.append((r.roundStart.milliseconds, r.respondedAt, r.closedAt, true))
        }
        var out: [ServiceClock] = []
        for (n, round) in rounds.enumerated() {
            for s in standards {
                let end: RecordedInstant
                switch s.measure {
                case .acknowledgement:
                    if n > 0 { continue }
                    end = r.acknowledgedAt
                case .response: end = round.responded
                case .resolution: end = round.closed
                }
                let stopAt = stop(end, roundIsCurrent: round.current)
                var c = DeskState.clock(
                    s, round: n, start: round.start, stop: stopAt, pauses: pauses, pausedNow: paused,
                    calendar: calendar,
                    now: now)
                if !end.isSet && stopAt != nil && c.state == .met {
                    continue  // withdrawn in time: not measured
                }
                if !end.isSet && stopAt != nil { c.stoppedAt = nil }
                out.append(c)
            }
        }
        return out
    }

    /// Business minutes from receipt to the first response, pauses subtracted; nil before it.
    public func firstResponseMinutes(of id: ComplaintID) -> Int? {
        guard let r = record(id), let responded = r.firstRespondedAt.milliseconds, let cal = office?.calendar
        else {
            return nil
        }
        return activeMinutes(r, from: r.receivedAt.milliseconds, to: responded, calendar: cal)
    }

    /// Business minutes the office spent resolving, summed over every measure (receipt or
    /// reopening → close), pauses subtracted; nil while the complaint is not closed.
    public func totalResolutionMinutes(of id: ComplaintID) -> Int? {
        guard let r = record(id), let closed = r.closedAt.milliseconds, let cal = office?.calendar else {
            return nil
        }
        let received = r.receivedAt.milliseconds
        if r.reopenCount == 0 { return activeMinutes(r, from: received, to: closed, calendar: cal) }
        var total = 0
        total += activeMinutes(r, from: received, to: r.firstClosedAt.rawMilliseconds, calendar: cal)
        for x in book.middleRounds(r) {
            if let c = x.closedAt.milliseconds {
                total += activeMinutes(r, from: x.start.milliseconds, to: c, calendar: cal)
            }
        }
        total += activeMinutes(r, from: r.roundStart.milliseconds, to: closed, calendar: cal)
        return total
    }

    private func activeMinutes(_ r: ComplaintRecord, from a: Int64, to b: Int64, calendar: BusinessCalendar)
        -> Int
    {
        var used = calendar.businessMilliseconds(from: a, to: b)
        for (ps, pe) in pauseIntervals(r, now: b) {
            let x = max(ps, a)
            let y = min(pe, b)
            if y > x { used -= calendar.businessMilliseconds(from: x, to: y) }
        }
        return Int(max(0, used) / 60_000)
    }
}

/// Remembers which standards apply to complaints of one category and channel received in
/// one stretch between effective dates, so projections over many complaints work it out once.
struct StandardMemo {
    private var effective: [Int64] = []
    private var known: [UInt64: [ServiceStandard]] = [:]

    init(_ state: DeskState) {
        effective = state.standards.effectiveInstants
    }

    mutating func standards(for r: ComplaintRecord, in state: DeskState) -> [ServiceStandard] {
        var lo = 0
        var hi = effective.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if effective[mid] <= r.receivedAt.milliseconds { lo = mid + 1 } else { hi = mid }
        }
        let key = UInt64(lo) << 40 | UInt64(r.receivedCategory) << 8 | UInt64(r.channel.rawValue)
        if let hit = known[key] { return hit }
        let found = state.applicableStandards(r)
        known[key] = found
        return found
    }
}
