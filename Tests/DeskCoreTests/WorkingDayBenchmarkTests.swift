import DeskCore
import Foundation
import XCTest

/// Prints what working-day clocks cost against clocks in business minutes over the demo history;
/// asserts only that both give a figure for every complaint. `DESK_BENCH_COMPLAINTS` sets the
/// number of complaints (default 5,000); run with `-c release` for figures that mean anything.
final class WorkingDayBenchmarkTests: XCTestCase {
    func testWorkingDayClocksCostAboutWhatMinuteClocksCost() {
        let complaints = Int(ProcessInfo.processInfo.environment["DESK_BENCH_COMPLAINTS"] ?? "") ?? 5000
        let start = Timestamp(utcYear: 2025, month: 1, day: 6)
        var minutes = DeskState()
        var days = DeskState()
        let dayMinutes = DemoHistory.office.calendar.minutesPerWorkingDay
        for e in DemoHistory(seed: 3, complaints: complaints, start: start) {
            minutes.apply(e)
            if case .standardPublished(var s) = e.event {
                s.targetWorkingDays = max(1, s.targetMinutes / dayMinutes)
                days.apply(RecordedEvent(actor: e.actor, at: e.at, event: .standardPublished(s)))
            } else {
                days.apply(e)
            }
        }
        let now = minutes.latestRecordedInstant ?? start
        func time(_ state: DeskState) -> (Double, Int) {
            let t0 = Date()
            let queue = state.queue(now: now)
            let results = state.standardResults(now: now)
            let seconds = Date().timeIntervalSince(t0)
            return (seconds, queue.count + results.reduce(0) { $0 + $1.met + $1.missed + $1.pending })
        }
        _ = time(minutes)
        _ = time(days)
        let (m, mCount) = time(minutes)
        let (d, dCount) = time(days)
        print(
            "working-day clocks: \(minutes.complaintCount) complaints, queue + results in minutes \(String(format: "%.3f", m)) s, in working days \(String(format: "%.3f", d)) s (\(String(format: "%.2f", d / max(m, 1e-9)))×)"
        )
        XCTAssertGreaterThan(mCount, 0)
        XCTAssertEqual(mCount, dCount)
    }
}
