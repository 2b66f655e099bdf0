/// Which complaints the queue shows. Nil fields do not filter.
public struct QueueFilter: Hashable, Sendable {
    /// Statuses to show; nil shows every open complaint.
    public var statuses: Set<ComplaintStatus>?
    public var category: String?
    public var channel: Channel?
    /// A clerk's user name; `""` shows only complaints nobody holds.
    public var holder: String?

    public init(
        statuses: Set<ComplaintStatus>? = nil, category: String? = nil, channel: Channel? = nil,
        holder: String? = nil
    ) {
        self.statuses = statuses
        self.category = category
        self.channel = channel
        self.holder = holder
    }
}

/// How pressing a complaint is now, most pressing first.
///
/// A standard missed earlier (the clock stopped after its due time) stays a breach in every
/// figure, but nothing done now can save it: the queue tells it apart (``QueueEntry/breachedEarlier``)
/// and sorts it with the rest, by age, behind what can still be saved.
public enum Urgency: UInt8, Sendable, Hashable, Comparable {
    /// A running clock is past its due time now.
    case overdue = 0
    /// A running clock has used 75 % of its target.
    case atRisk = 1
    case onTrack = 2

    public static func < (a: Urgency, b: Urgency) -> Bool { a.rawValue < b.rawValue }

    public var name: String {
        switch self {
        case .overdue: "overdue"
        case .atRisk: "at risk"
        case .onTrack: "on track"
        }
    }
}

/// One line of the queue.
public struct QueueEntry: Hashable, Sendable {
    public var id: ComplaintID
    public var urgency: Urgency
    /// A clock of this complaint was missed earlier (it stopped after its due time).
    public var breachedEarlier: Bool
    public var isUrgentFlag: Bool
    /// The nearest due time among running clocks, if any.
    public var nextDue: Timestamp?
    /// Business minutes left on that clock (negative when overdue).
    public var minutesLeft: Int?
    public var receivedAt: Timestamp
}

/// Met / missed / still running counts for one standard over one group of complaints.
public struct StandardResult: Hashable, Sendable {
    public var standardID: String
    /// The group these counts are for: a category id, a channel name, or `all`.
    public var group: String
    public var met: Int
    public var missed: Int
    /// Clocks still running and not yet due.
    public var pending: Int
    public var threshold: Double

    /// Share met among decided measures; nil when none is decided yet.
    public var shareMet: Double? { met + missed == 0 ? nil : Double(met) / Double(met + missed) }
    public var meetsThreshold: Bool? { shareMet.map { $0 >= threshold } }
}

public enum ResultGrouping: Sendable, Hashable {
    case standard, category, channel
}

/// Survey figures for one driver.
public struct DriverResult: Hashable, Sendable {
    public var driver: SurveyDriver
    /// Answers of 4 or 5.
    public var favourable: Int
    public var answered: Int
    public var share: Double? { answered == 0 ? nil : Double(favourable) / Double(answered) }
}

/// Survey figures for a period or channel (A-11 §280 reporting).
public struct SurveyComment: Hashable, Sendable {
    public var complaint: ComplaintID
    public var text: String
}

public struct SurveyReport: Hashable, Sendable {
    public var offered: Int
    public var responses: Int
    public var drivers: [DriverResult]
    /// Free-text answers with their complaint.
    public var comments: [SurveyComment]
}

extension DeskState {
    /// Open complaints (or those of the filter's statuses), most pressing first: overdue now, then
    /// at risk, then the rest (a breach earlier among them) oldest first; within a tier the
    /// urgent flag comes first.
    ///
    /// With `stopped`, a complaint whose clocks have all stopped (closed, withdrawn) is measured
    /// once per revision: its entry cannot change until an event changes it, or the office's
    /// calendar or standards change (then the memo starts afresh).
    public func queue(now: Timestamp, filter: QueueFilter = QueueFilter(), stopped: StoppedClocksMemo? = nil)
        -> [QueueEntry]
    {
        let categoryNumber = filter.category.map { names.number($0) ?? UInt32.max }
        let holderNumber = filter.holder.map { names.number($0) ?? UInt32.max }
        var out: [QueueEntry] = []
        var memo = StandardMemo(self)
        stopped?.prepare(for: self)
        for (i, r) in complaints.enumerated() where r.exists {
            let status = r.status
            if let s = filter.statuses {
                if !s.contains(status) { continue }
            } else if !status.isOpen {
                continue
            }
            if let c = categoryNumber, r.category != c { continue }
            if let ch = filter.channel, r.channel != ch { continue }
            if let h = holderNumber, r.holder != h { continue }
            if !status.isOpen, let breached = stopped?.breached(i, revision: r.revision) {
                out.append(
                    QueueEntry(
                        id: ComplaintID(UInt32(i + 1)), urgency: .onTrack, breachedEarlier: breached,
                        isUrgentFlag: r.flags.contains(.urgent), nextDue: nil, minutesLeft: nil,
                        receivedAt: r.receivedAt))
                continue
            }
            let clocks = self.clocks(r, now: now.milliseconds, memo: &memo)
            var urgency = Urgency.onTrack
            var breachedEarlier = false
            var nearest: ServiceClock?
            for c in clocks {
                if c.state == .overdue {
                    urgency = .overdue
                } else if c.state == .missed {
                    breachedEarlier = true
                } else if c.state == .atRisk, urgency == .onTrack {
                    urgency = .atRisk
                }
                if c.state.isRunning, nearest == nil || c.due < nearest!.due { nearest = c }
            }
            if !status.isOpen, nearest == nil {
                stopped?.remember(i, revision: r.revision, breached: breachedEarlier)
            }
            out.append(
                QueueEntry(
                    id: ComplaintID(UInt32(i + 1)), urgency: urgency, breachedEarlier: breachedEarlier,
                    isUrgentFlag: r.flags.contains(.urgent),
                    nextDue: nearest?.due, minutesLeft: nearest?.minutesLeft,
                    receivedAt: r.receivedAt))
        }
        out.sort { a, b in
            if a.urgency != b.urgency { return a.urgency < b.urgency }
            if a.isUrgentFlag != b.isUrgentFlag { return a.isUrgentFlag }
            if a.receivedAt != b.receivedAt { return a.receivedAt < b.receivedAt }
            return a.id < b.id
        }
        return out
    }

    /// Results against each standard for complaints received in `period` (all when nil),
    /// grouped by standard, category (at receipt) or channel. Each measure counts once: the
    /// one from receipt and one per reopening. A breach stands: an overdue clock counts as
    /// missed even before it stops.
    public func standardResults(
        now: Timestamp, period: Range<Timestamp>? = nil, groupedBy grouping: ResultGrouping = .standard
    ) -> [StandardResult] {
        let rank = Dictionary(uniqueKeysWithValues: standardIDs.enumerated().map { ($1, $0) })
        var counts: [Int: (met: Int, missed: Int, pending: Int)] = [:]
        var memo = StandardMemo(self)
        for r in complaints where r.exists {
            if let p = period, !p.contains(r.receivedAt) { continue }
            let group: Int
            switch grouping {
            case .standard: group = 0
            case .category: group = Int(r.receivedCategory)
            case .channel: group = Int(r.channel.rawValue)
            }
            for c in clocks(r, now: now.milliseconds, memo: &memo) {
                let key = (rank[c.standard.id] ?? 0) << 32 | group
                var n = counts[key] ?? (0, 0, 0)
                switch c.state {
                case .met: n.met += 1
                case .missed, .overdue: n.missed += 1
                case .onTrack, .atRisk: n.pending += 1
                }
                counts[key] = n
            }
        }
        // The threshold shown is the one currently published.
        let current = Dictionary(uniqueKeysWithValues: currentStandards.map { ($0.id, $0.threshold) })
        return counts.map { key, n -> StandardResult in
            let id = standardIDs[key >> 32]
            let g = key & 0xFFFF_FFFF
            let group: String
            switch grouping {
            case .standard: group = "all"
            case .category: group = names[UInt32(g)]
            case .channel: group = (Channel(rawValue: UInt8(g)) ?? .counter).name
            }
            return StandardResult(
                standardID: id, group: group, met: n.met, missed: n.missed, pending: n.pending,
                threshold: current[id] ?? 0)
        }.sorted { (rank[$0.standardID] ?? 0, $0.group) < (rank[$1.standardID] ?? 0, $1.group) }
    }

    /// Survey results per driver for surveys recorded in `period`, optionally one channel.
    public func surveyReport(period: Range<Timestamp>? = nil, channel: Channel? = nil) -> SurveyReport {
        var favourable = [Int](repeating: 0, count: SurveyDriver.allCases.count)
        var answered = favourable
        var responses = 0
        var comments: [SurveyComment] = []
        for s in surveys {
            if let p = period, !p.contains(s.at) { continue }
            if let ch = channel, s.channel != ch { continue }
            responses += 1
            let scores = [s.scores.0, s.scores.1, s.scores.2, s.scores.3, s.scores.4, s.scores.5, s.scores.6]
            for (d, v) in scores.enumerated() where v != 0 {
                answered[d] += 1
                if v >= 4 { favourable[d] += 1 }
            }
            if s.freeText.length > 0 {
                comments.append(
                    SurveyComment(complaint: ComplaintID(s.complaint), text: text.string(s.freeText)))
            }
        }
        var offered = 0
        for o in surveyOffers {
            if let p = period, !p.contains(o.at) { continue }
            if let ch = channel, o.channel != ch { continue }
            offered += 1
        }
        return SurveyReport(
            offered: offered, responses: responses,
            drivers: SurveyDriver.allCases.map {
                DriverResult(
                    driver: $0, favourable: favourable[Int($0.rawValue)], answered: answered[Int($0.rawValue)]
                )
            }, comments: comments)
    }

    /// Counts of complaints by status.
    public func statusCounts() -> [ComplaintStatus: Int] {
        var counts: [ComplaintStatus: Int] = [:]
        for r in complaints where r.exists {
            counts[r.status, default: 0] += 1
        }
        return counts
    }
}

/// What the queue measured of complaints whose clocks have all stopped, by complaint and revision
/// (`DeskState.queue(now:filter:stopped:)`): a view keeps one so that listing 190,000 closed
/// complaints does not measure each of them again on every filter change.
public final class StoppedClocksMemo: @unchecked Sendable {
    private var revisions: [UInt32] = []
    private var breaches: [Bool] = []
    private var office: OfficeConfiguration?
    private var standardVersions = -1

    public init() {}

    /// Starts afresh when the calendar or the standards changed since the memo was filled.
    func prepare(for state: DeskState) {
        let versions = state.standards.versionCount
        if office != state.office || standardVersions != versions {
            office = state.office
            standardVersions = versions
            revisions.removeAll(keepingCapacity: true)
            breaches.removeAll(keepingCapacity: true)
        }
        if revisions.count < state.complaintCount {
            revisions += [UInt32](repeating: .max, count: state.complaintCount - revisions.count)
            breaches += [Bool](repeating: false, count: state.complaintCount - breaches.count)
        }
    }

    func breached(_ index: Int, revision: UInt32) -> Bool? {
        index < revisions.count && revisions[index] == revision ? breaches[index] : nil
    }

    func remember(_ index: Int, revision: UInt32, breached: Bool) {
        guard index < revisions.count else { return }
        revisions[index] = revision
        breaches[index] = breached
    }
}
