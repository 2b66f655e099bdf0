import DeskCore
import XCTest

/// Targets and benchmarks between one business minute and a year of working days; a value in the
/// log outside the bounds raises an alarm for that standard and never a crash (issue 9, item 2).
final class StandardBoundsTests: XCTestCase {
    func standard(minutes: Int, days: Int? = nil, benchmark: Int? = nil, benchmarkDays: Int? = nil)
        -> ServiceStandard
    {
        ServiceStandard(
            id: "respond", wording: "We will respond.", measure: .response, targetMinutes: minutes,
            threshold: 0.9, benchmarkMinutes: benchmark, version: 1, effective: Fixture.epoch,
            targetWorkingDays: days, benchmarkWorkingDays: benchmarkDays)
    }

    /// A desk whose log holds `s` as written, decided by nobody (an older or hostile version
    /// wrote it), read back through the codec as every desk reads it.
    func deskWithLogged(_ s: ServiceStandard, at start: Timestamp) -> Desk {
        let desk = Desk(at: start, standards: [])
        let written = RecordedEvent(actor: "mallory", at: start, event: .standardPublished(s))
        let read = try! EventCodec.decode(EventCodec.encode(written))
        desk.state.apply(read)
        return desk
    }

    func testTheBoundsAreAYearOfWorkingDaysAndOneMinute() {
        XCTAssertEqual(ServiceStandard.maximumWorkingDays, 260)
        XCTAssertEqual(ServiceStandard.maximumTargetMinutes, 374_400)
        XCTAssertEqual(ServiceStandard.minimumTargetMinutes, 1)
        XCTAssertTrue(standard(minutes: 1).boundsProblems.isEmpty)
        XCTAssertTrue(standard(minutes: 374_400).boundsProblems.isEmpty)
        XCTAssertTrue(standard(minutes: 0, days: 260).boundsProblems.isEmpty)
        XCTAssertEqual(standard(minutes: 0).boundsProblems.count, 1)
        XCTAssertEqual(standard(minutes: 374_401).boundsProblems.count, 1)
        XCTAssertEqual(standard(minutes: 480, days: 261).boundsProblems.count, 1)
        XCTAssertEqual(standard(minutes: 480, days: 0).boundsProblems.count, 1)
        XCTAssertEqual(standard(minutes: 480, benchmark: 0).boundsProblems.count, 1)
        XCTAssertEqual(standard(minutes: 480, benchmarkDays: 1000).boundsProblems.count, 1)
    }

    func testPublishingAStandardOutsideTheBoundsIsRefused() {
        let desk = Desk(at: Fixture.gmt(11, 30, 9), standards: [])
        for bad in [
            standard(minutes: 0), standard(minutes: 10_000_000_000_000 * 480),
            standard(minutes: 480, days: .max),
            standard(minutes: 480, days: 261), standard(minutes: 480, benchmark: 500_000),
        ] {
            assertThrowsDeskError(
                try desk.run(.publishStandard(bad), as: "boss"), kind: .invalidInput,
                contains: "accepted: from 1")
        }
        XCTAssertNoThrow(try desk.run(.publishStandard(standard(minutes: 0, days: 260)), as: "boss"))
    }

    /// The crash: `target = "10000000000000d"` published, then every figure trapped.
    func testAHugeTargetInTheLogRaisesAnAlarmAndCountsTheBound() throws {
        let desk = deskWithLogged(standard(minutes: 10_000_000_000_000 * 480), at: Fixture.gmt(11, 30, 9))
        let id = desk.receive()
        desk.clock.set(Fixture.gmt(12, 30, 9))
        let clock = desk.clock(id, "respond")!
        XCTAssertEqual(clock.targetMinutes, ServiceStandard.maximumTargetMinutes)
        XCTAssertEqual(clock.state, .onTrack)
        let warnings = desk.state.warnings(now: desk.clock.now)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("STANDARD OUT OF BOUNDS: respond version 1"), warnings[0])
        XCTAssertTrue(warnings[0].contains("4800000000000000 business minutes"), warnings[0])
        XCTAssertTrue(warnings[0].contains("its clocks count 374400 business minutes"), warnings[0])

        let days = deskWithLogged(standard(minutes: 480, days: .max), at: Fixture.gmt(11, 30, 9))
        let other = days.receive()
        let counted = days.clock(other, "respond")!
        XCTAssertEqual(
            counted.due, Fixture.calendar.due(workingDays: 260, from: Fixture.gmt(11, 30, 9)))
        XCTAssertTrue(days.state.standardWarnings[0].contains("its clocks count 260 working days"))
    }

    /// Random hostile targets and benchmarks, in minutes and in working days, through the codec:
    /// every reading of the state completes, and the alarm names exactly the standards out of bounds.
    func testRandomHugeValuesNeverCrashAnyFigure() throws {
        var rng = SplitMix64(seed: 9)
        let edges: [Int] = [
            .max, .min, 0, -1, 1, 259, 260, 261, 374_400, 374_401, 10_000_000_000_000 * 480, .max / 60_000,
            .max / 60_000 + 1, Int(Int32.max),
        ]
        func value() -> Int {
            switch rng.next() % 4 {
            case 0: return edges[Int(rng.next() % UInt64(edges.count))]
            case 1: return Int(bitPattern: UInt(rng.next()))
            case 2: return Int(rng.next() % 400)
            default: return Int(rng.next() % 1_000_000)
            }
        }
        for trial in 0..<200 {
            let useDays = rng.next() % 2 == 0
            let s = standard(
                minutes: value(), days: useDays ? value() : nil,
                benchmark: rng.next() % 2 == 0 ? value() : nil,
                benchmarkDays: rng.next() % 3 == 0 ? value() : nil)
            let start = Fixture.gmt(11, 30, 9).adding(minutes: Int(rng.next() % 20_000))
            let desk = deskWithLogged(s, at: start)
            let logged = desk.state.versions(ofStandard: "respond")[0]
            let a = desk.receive()
            desk.clock.advance(minutes: 90)
            try desk.run(.pause(a, revision: desk.revision(a), reason: "Waiting"))
            desk.clock.advance(minutes: 3 * 1440)
            try desk.run(.resume(a, revision: desk.revision(a)))
            let b = desk.receive()
            desk.clock.advance(minutes: Int(rng.next() % 500_000))
            try desk.run(
                .respond(b, revision: desk.revision(b), decision: .upheld, reasons: "Done", remedyOffered: "")
            )
            for now in [desk.clock.now, desk.clock.now.adding(minutes: 600_000)] {
                for id in [a, b] {
                    for clock in desk.state.clocks(of: id, now: now) {
                        XCTAssertGreaterThanOrEqual(clock.due, clock.start, "trial \(trial): \(logged)")
                        XCTAssertLessThanOrEqual(clock.targetMinutes, ServiceStandard.maximumTargetMinutes)
                        _ = clock.minutesLeft
                    }
                }
                _ = desk.state.queue(now: now)
                _ = desk.state.standardResults(now: now, groupedBy: .category)
            }
            XCTAssertEqual(
                desk.state.standardWarnings.count, logged.boundsProblems.isEmpty ? 0 : 1,
                "trial \(trial): \(logged)")
        }
    }

    func testCheckedArithmeticOnTheCalendar() {
        let start = Fixture.gmt(11, 30, 9)
        let far = Fixture.calendar.add(businessMinutes: .max, to: start)
        XCTAssertGreaterThan(far, Timestamp(utcYear: 2200, month: 1, day: 1))
        XCTAssertGreaterThan(Fixture.calendar.add(businessMinutes: .max / 60_000, to: start), start)
        XCTAssertEqual(
            Fixture.calendar.due(workingDays: .max, from: start),
            Fixture.calendar.due(workingDays: 260, from: start))
        XCTAssertEqual(Fixture.calendar.due(workingDays: .min, from: start), Fixture.gmt(11, 30, 17))
        XCTAssertEqual(start.adding(minutes: .max).milliseconds, .max)
        XCTAssertEqual(Timestamp(milliseconds: -5).adding(milliseconds: .min).milliseconds, .min)
    }
}
