/// Due times in working days of the office calendar (`10d`), whatever each day's hours.
///
/// A clock that starts at a day's opening (or out of hours, so at the next opening) falls due at
/// the close of the Nth working day, the start day being day 1. A clock that starts during a day
/// falls due at the same local clock time on the Nth working day after it, or at that day's
/// close if it closes earlier (at its opening if it opens later). A working day is one with
/// opening hours that is not a holiday; clock times are local, so a daylight-saving change
/// between the two days keeps the wall-clock time.
extension BusinessCalendar {
    /// The instant `days` working days after a clock that starts at `t`; `days` is held within
    /// 1…`ServiceStandard.maximumWorkingDays`. An office that never opens again gives a time
    /// beyond every real one.
    public func due(workingDays days: Int, from t: Timestamp) -> Timestamp {
        let far = Timestamp(milliseconds: Int64.max / 2)
        let n = min(max(days, 1), ServiceStandard.maximumWorkingDays)
        let start = nextOpening(after: t).milliseconds
        guard start < Self.latest else { return far }
        var tab = table(covering: start)
        let first = tab.index(of: start)
        let atOpening = start <= tab.open[first]
        var day = tab.firstDay + first
        var counted = atOpening ? 1 : 0
        var index = first
        // The local time of day the clock started, for a start during a day. On a day of 24 hours
        // (no daylight-saving change) it is the time since the day's midnight, with no time-zone look-up.
        let regular = { (tab: DayTable, i: Int) in tab.midnight[i + 1] - tab.midnight[i] == 86_400_000 }
        let startsRegular = regular(tab, first)
        var timeOfDay = start - tab.midnight[first]
        if !atOpening && !startsRegular {
            let local = start + offset(at: start)
            timeOfDay = local - local.floorDiv(86_400_000) * 86_400_000
        }
        // A year of working days lies well within the horizon; bounded so nothing loops for long.
        for _ in 0...(Self.lookAheadDays) {
            if counted == n {
                if atOpening { return Timestamp(milliseconds: tab.close[index]) }
                let sameTime =
                    startsRegular && regular(tab, index)
                    ? tab.midnight[index] + timeOfDay : utc(ofLocal: Int64(day) * 86_400_000 + timeOfDay)
                return Timestamp(milliseconds: min(max(sameTime, tab.open[index]), tab.close[index]))
            }
            day += 1
            index = day - tab.firstDay
            if index >= tab.open.count {
                tab = table(covering: tab.midnight[tab.open.count])
                index = day - tab.firstDay
                guard index >= 0, index < tab.open.count else { return far }
            }
            if tab.open[index] < tab.close[index] { counted += 1 }
        }
        return far
    }

    /// How many calendar days `due(workingDays:from:)` looks ahead before deciding the office
    /// never opens again (five years).
    static let lookAheadDays = 366 * 5
}
