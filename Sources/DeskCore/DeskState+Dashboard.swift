// The dashboard's one projection: every figure of the measuring half for a period, in one pass
// over the complaints, from the same clocks the queue and the detail show.
extension DeskState {
    /// The calendar periods resolve in before any office is configured.
    static let utcCalendar = try! BusinessCalendar.weekdays9to5(timeZone: "UTC")

    /// The calendar a period is resolved in: the office's, or UTC before there is one.
    public var reportingCalendar: BusinessCalendar { office?.calendar ?? Self.utcCalendar }

    /// The dashboard for `period`, as the desk stands at `now` (see ``ServiceDashboard`` for what
    /// each figure counts).
    public func serviceDashboard(period: ReportingPeriod, now: Timestamp) -> ServiceDashboard {
        let calendar = reportingCalendar
        let range = period.range(in: calendar)
        let trendPeriods = period.trailing(ServiceDashboard.trendLength)
        let trendStarts = trendPeriods.map { $0.range(in: calendar).lowerBound.milliseconds }
        let start = range.lowerBound.milliseconds
        let end = range.upperBound.milliseconds
        let shown = standardsInForce(at: Timestamp(milliseconds: min(now.milliseconds, end - 1)))
        let rank = Dictionary(uniqueKeysWithValues: shown.enumerated().map { ($1.id, $0) })

        var standards = shown.map { StandardTally(standard: $0, periods: trendStarts.count) }
        var channels: [UInt8: GroupTally] = [:]
        var categories: [UInt32: GroupTally] = [:]
        var received = 0
        var unmeasured = 0
        var closed = 0
        var withdrawn = 0
        var memo = StandardMemo(self)
        var atRisk = [Bool](repeating: false, count: shown.count)
        var overdue = atRisk

        /// The trend period an instant falls in, if any.
        func trendIndex(_ t: Int64) -> Int? {
            guard t >= trendStarts[0], t < end else { return nil }
            var lo = 0
            var hi = trendStarts.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if trendStarts[mid] <= t { lo = mid } else { hi = mid - 1 }
            }
            return lo
        }

        for r in complaints where r.exists {
            let status = r.status
            let receivedAt = r.receivedAt.milliseconds
            if receivedAt >= start && receivedAt < end {
                received += 1
                channels[r.channel.rawValue, default: GroupTally()].received += 1
                categories[r.receivedCategory, default: GroupTally()].received += 1
                if memo.standards(for: r, in: self).isEmpty { unmeasured += 1 }
            }
            if status == .closed, r.closedAt.lies(from: start, below: end) { closed += 1 }
            if status == .withdrawn, r.withdrawnAt.lies(from: start, below: end) { withdrawn += 1 }
            // Nothing of a complaint received after the period can be decided in it, nor anything
            // of one finished before the trend began; only open ones count "now".
            if !status.isOpen && (receivedAt >= end || r.lastChangeAt.milliseconds < trendStarts[0]) {
                continue
            }

            for i in atRisk.indices {
                atRisk[i] = false
                overdue[i] = false
            }
            for clock in clocks(r, now: now.milliseconds, memo: &memo) {
                let index = rank[clock.standard.id]
                if status.isOpen, let index {
                    if clock.state == .overdue { overdue[index] = true }
                    if clock.state == .atRisk { atRisk[index] = true }
                }
                guard let decided = clock.decidedAt?.milliseconds else {
                    if let index, clock.state.isRunning,
                        clock.due.milliseconds >= start, clock.due.milliseconds < end
                    {
                        standards[index].pending += 1
                    }
                    continue
                }
                let met = clock.state == .met
                if decided >= start && decided < end {
                    channels[r.channel.rawValue, default: GroupTally()].count(met: met)
                    categories[r.receivedCategory, default: GroupTally()].count(met: met)
                    if let index { standards[index].count(met: met) }
                }
                if let index, let stopped = clock.stoppedAt?.milliseconds, stopped >= start, stopped < end {
                    standards[index].minutesTaken.append(clock.usedMinutes)
                }
                if let index, let period = trendIndex(decided) {
                    standards[index].trend[period].count(met: met)
                }
            }
            for i in atRisk.indices {
                if overdue[i] {
                    standards[i].overdueNow += 1
                } else if atRisk[i] {
                    standards[i].atRiskNow += 1
                }
            }
        }

        var ideaCounts = [Int](repeating: 0, count: StaffIdeaStatus.allCases.count)
        for idea in staffIdeas { ideaCounts[Int(idea.status.rawValue)] += 1 }
        let barriers = staffIdeas.reduce(0) { $0 + ($1.kind == .barrier ? 1 : 0) }

        return ServiceDashboard(
            office: office?.name ?? "", period: period, range: range, at: now,
            standards: standards.map { $0.figures(minutesPerWorkingDay: calendar.minutesPerWorkingDay) },
            trendPeriods: trendPeriods,
            received: received, unmeasured: unmeasured, closed: closed, withdrawn: withdrawn,
            channels: channelFigures(channels), categories: categoryFigures(categories),
            surveys: surveyReport(period: range),
            staffIdeas: StaffIdeaStatus.allCases.map {
                StaffIdeaCount(status: $0, count: ideaCounts[Int($0.rawValue)])
            },
            barriers: barriers, ideas: staffIdeas.count - barriers)
    }

    /// Every channel the office takes, and any other with figures, in the desk's channel order.
    private func channelFigures(_ tallies: [UInt8: GroupTally]) -> [GroupFigures] {
        let taken = Set((office?.channels ?? Channel.allCases).map(\.rawValue))
        return Channel.allCases.compactMap { channel in
            let tally = tallies[channel.rawValue]
            guard taken.contains(channel.rawValue) || tally != nil else { return nil }
            return (tally ?? GroupTally()).figures(id: channel.name, title: channel.name)
        }
    }

    /// Every category the office has, then any other with figures (one since removed), by name.
    private func categoryFigures(_ tallies: [UInt32: GroupTally]) -> [GroupFigures] {
        let listed = office?.categories.map(\.id) ?? []
        var out = listed.map { id in
            (names.number(id).flatMap { tallies[$0] } ?? GroupTally()).figures(
                id: id, title: categoryTitle(id))
        }
        let listedNumbers = Set(listed.compactMap { names.number($0) })
        let others = tallies.filter { !listedNumbers.contains($0.key) }.map { (names[$0.key], $0.value) }
        for (id, tally) in others.sorted(by: { $0.0 < $1.0 }) {
            out.append(tally.figures(id: id, title: categoryTitle(id)))
        }
        return out
    }
}

/// Counts for one channel or category while the dashboard is computed.
private struct GroupTally {
    var received = 0
    var met = 0
    var missed = 0

    mutating func count(met isMet: Bool) {
        if isMet { met += 1 } else { missed += 1 }
    }

    func figures(id: String, title: String) -> GroupFigures {
        GroupFigures(id: id, title: title, received: received, met: met, missed: missed)
    }
}

/// Counts for one standard while the dashboard is computed.
private struct StandardTally {
    var standard: ServiceStandard
    var met = 0
    var missed = 0
    var pending = 0
    var minutesTaken: [Int] = []
    var atRiskNow = 0
    var overdueNow = 0
    var trend: [GroupTally]

    init(standard: ServiceStandard, periods: Int) {
        self.standard = standard
        trend = Array(repeating: GroupTally(), count: periods)
    }

    mutating func count(met isMet: Bool) {
        if isMet { met += 1 } else { missed += 1 }
    }

    func figures(minutesPerWorkingDay: Int) -> StandardFigures {
        let sorted = minutesTaken.sorted()
        let median: Int? =
            sorted.isEmpty
            ? nil
            : sorted.count % 2 == 1
                ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        var figures = StandardFigures(
            standard: standard, met: met, missed: missed, pending: pending, medianMinutes: median,
            atRiskNow: atRiskNow, overdueNow: overdueNow,
            trend: trend.map { $0.met + $0.missed == 0 ? nil : Double($0.met) / Double($0.met + $0.missed) })
        figures.median = median.map {
            ServiceQuantity.minutes($0, like: figures.target, minutesPerWorkingDay: minutesPerWorkingDay)
        }
        return figures
    }
}
