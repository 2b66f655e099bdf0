import TerminalUI
import XCTest

final class LoopScheduleTests: XCTestCase {
    private let start = ContinuousClock.now

    private func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }

    func testTicksAreAnIntervalAfterTheLastOne() {
        var schedule = LoopSchedule(tickInterval: .seconds(1), now: at(0))
        XCTAssertEqual(schedule.pollTimeout(now: at(0)), 1000)
        XCTAssertEqual(schedule.pollTimeout(now: at(400)), 600)
        XCTAssertFalse(schedule.tickDue(now: at(999)))
        XCTAssertTrue(schedule.tickDue(now: at(1000)))
        // A late tick (the process was stopped for a while) is followed by one interval, not a burst.
        XCTAssertEqual(schedule.pollTimeout(now: at(5000)), 0)
        schedule.ticked(now: at(5000))
        XCTAssertFalse(schedule.tickDue(now: at(5001)))
        XCTAssertEqual(schedule.pollTimeout(now: at(5001)), 999)
    }

    func testNoTimerWaitsForEver() {
        XCTAssertEqual(LoopSchedule(tickInterval: nil, now: at(0)).pollTimeout(now: at(0)), -1)
    }

    func testTimeoutRoundsUpSoPollNeverWakesEarly() {
        let schedule = LoopSchedule(tickInterval: .microseconds(1500), now: at(0))
        XCTAssertEqual(schedule.pollTimeout(now: at(0)), 2)
    }

    func testEscapeTimeoutIsTheShorterWait() {
        var schedule = LoopSchedule(tickInterval: .seconds(1), now: at(0))
        schedule.inputRead(decoderWaiting: true, now: at(100))
        XCTAssertEqual(schedule.pollTimeout(now: at(100)), 25)
        XCTAssertFalse(schedule.escapeDue(now: at(124)))
        // More bytes that still leave the decoder waiting start the wait again.
        schedule.inputRead(decoderWaiting: true, now: at(120))
        XCTAssertFalse(schedule.escapeDue(now: at(130)))
        XCTAssertTrue(schedule.escapeDue(now: at(145)))
        schedule.escapeTimedOut()
        XCTAssertFalse(schedule.escapeDue(now: at(146)))
        XCTAssertEqual(schedule.pollTimeout(now: at(146)), 854)
        schedule.inputRead(decoderWaiting: false, now: at(200))
        XCTAssertNil(schedule.escapeDeadline)
    }

    func testWakeUpsArePacedNotSpun() {
        var schedule = LoopSchedule(tickInterval: nil, now: at(0))
        XCTAssertTrue(schedule.watchesWakeUp(now: at(0)))
        schedule.wokeUp(now: at(0))
        XCTAssertFalse(schedule.watchesWakeUp(now: at(5)))
        XCTAssertEqual(schedule.pollTimeout(now: at(5)), 5)
        schedule.endWakeUpPause(now: at(5))
        XCTAssertEqual(schedule.pollTimeout(now: at(5)), 5)
        schedule.endWakeUpPause(now: at(10))
        XCTAssertTrue(schedule.watchesWakeUp(now: at(10)))
        XCTAssertEqual(schedule.pollTimeout(now: at(10)), -1)
    }

    /// Simulates the loop with nothing but due deadlines: every zero timeout is followed by
    /// consuming what was due, so the number of polls stays bounded by the events.
    func testZeroTimeoutsAreAlwaysConsumed() {
        var schedule = LoopSchedule(tickInterval: .milliseconds(200), now: at(0))
        schedule.inputRead(decoderWaiting: true, now: at(0))
        schedule.wokeUp(now: at(0))
        var now = 0
        var polls = 0
        var zeroes = 0
        while now < 1000 {
            polls += 1
            schedule.endWakeUpPause(now: at(now))
            let timeout = schedule.pollTimeout(now: at(now))
            XCTAssertGreaterThanOrEqual(timeout, 0)
            if timeout == 0 { zeroes += 1 }
            now += Int(timeout)
            if schedule.escapeDue(now: at(now)) { schedule.escapeTimedOut() }
            if schedule.tickDue(now: at(now)) { schedule.ticked(now: at(now)) }
            schedule.endWakeUpPause(now: at(now))
            XCTAssertLessThan(polls, 50, "the loop would spin")
            if polls >= 50 { break }
        }
        XCTAssertEqual(zeroes, 0, "a deadline was reached without being consumed")
    }
}
