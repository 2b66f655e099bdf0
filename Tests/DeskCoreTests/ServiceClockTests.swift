import DeskCore
import XCTest

/// One test per clock rule of SERVICE.md.
final class ServiceClockTests: XCTestCase {
    /// Rule: clocks are computed from events on read — time passing alone moves them.
    func testClockIsComputedOnReadAndWarnsAtThreeQuartersOfTarget() {
        let desk = Desk(at: Fixture.gmt(11, 25, 9))  // Wednesday 09:00
        let id = desk.receive()
        var c = desk.clock(id, "acknowledge")!
        XCTAssertEqual(c.state, .onTrack)
        XCTAssertEqual(c.due, Fixture.gmt(11, 25, 17))
        XCTAssertEqual(c.minutesLeft, 480)
        desk.clock.advance(minutes: 359)
        XCTAssertEqual(desk.clock(id, "acknowledge")!.state, .onTrack)
        desk.clock.advance(minutes: 1)  // 360 of 480 = 75 %
        c = desk.clock(id, "acknowledge")!
        XCTAssertEqual(c.state, .atRisk)
        XCTAssertEqual(c.minutesLeft, 120)
        desk.clock.advance(minutes: 121)  // 17:01: closed, so no business minute after 17:00
        c = desk.clock(id, "acknowledge")!
        XCTAssertEqual(c.state, .overdue)
        XCTAssertEqual(c.minutesLeft, 0)
        desk.clock.set(Fixture.gmt(11, 26, 9, 30))
        XCTAssertEqual(desk.clock(id, "acknowledge")!.minutesLeft, -30)
    }

    /// Rule: business time follows the calendar; out-of-hours arrival starts at the next opening.
    func testOutOfHoursArrivalStartsAtNextOpening() {
        let desk = Desk(at: Fixture.gmt(11, 27, 18))  // Friday evening
        let id = desk.receive()
        let c = desk.clock(id, "acknowledge")!
        XCTAssertEqual(c.start, Fixture.gmt(11, 30, 9))
        XCTAssertEqual(c.due, Fixture.gmt(11, 30, 17))
        desk.clock.set(Fixture.gmt(11, 29, 23))  // Sunday night: nothing used yet
        XCTAssertEqual(desk.clock(id, "acknowledge")!.usedMinutes, 0)
    }

    /// Rule: weekends and holidays do not count.
    func testHolidaysDoNotCount() {
        let desk = Desk(at: Fixture.gmt(12, 24, 13))  // Thursday before Christmas
        let id = desk.receive()
        XCTAssertEqual(desk.clock(id, "acknowledge")!.due, Fixture.gmt(12, 29, 13))
    }

    /// Rule: a pause is a pair of events; the paused time is subtracted.
    func testPauseIsSubtracted() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 9))
        let id = desk.receive()
        desk.clock.advance(minutes: 60)
        try desk.run(.pause(id, revision: desk.revision(id), reason: "Asked for the permit number"))
        desk.clock.advance(minutes: 120)
        var c = desk.clock(id, "acknowledge")!
        XCTAssertTrue(c.isPaused)
        XCTAssertEqual(c.usedMinutes, 60)
        try desk.run(.resume(id, revision: desk.revision(id)))
        desk.clock.advance(minutes: 30)
        c = desk.clock(id, "acknowledge")!
        XCTAssertFalse(c.isPaused)
        XCTAssertEqual(c.usedMinutes, 90)
        XCTAssertEqual(c.due, Fixture.gmt(11, 26, 11))  // 17:00 + the 2 paused hours
    }

    /// Rule: measured against the standard version in force at receipt; a later change does
    /// not rewrite the past.
    func testStandardVersionInForceAtReceipt() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 9), standards: [Fixture.acknowledge(minutes: 60)])
        let early = desk.receive()
        desk.clock.advance(minutes: 30)
        try desk.run(
            .publishStandard(Fixture.acknowledge(minutes: 240, version: 2, effective: desk.clock.now)),
            as: "boss")
        let late = desk.receive()
        XCTAssertEqual(desk.clock(early, "acknowledge")!.standard.version, 1)
        XCTAssertEqual(desk.clock(early, "acknowledge")!.due, Fixture.gmt(11, 25, 10))
        XCTAssertEqual(desk.clock(late, "acknowledge")!.standard.version, 2)
        XCTAssertEqual(desk.clock(late, "acknowledge")!.due, Fixture.gmt(11, 25, 13, 30))
        desk.clock.advance(minutes: 60)
        XCTAssertEqual(desk.clock(early, "acknowledge")!.state, .overdue)
        XCTAssertEqual(desk.clock(late, "acknowledge")!.state, .onTrack)
    }

    /// Rule: once a due time has passed the breach stands — acting late or pausing late does
    /// not undo it.
    func testBreachStands() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 9))
        let id = desk.receive()
        desk.clock.set(Fixture.gmt(11, 26, 10))
        try desk.run(.pause(id, revision: desk.revision(id), reason: "waiting"))
        desk.clock.advance(minutes: 300)
        XCTAssertEqual(desk.clock(id, "acknowledge")!.state, .overdue)
        try desk.run(.resume(id, revision: desk.revision(id)))
        try desk.run(.acknowledge(id, revision: desk.revision(id)))
        let c = desk.clock(id, "acknowledge")!
        XCTAssertEqual(c.state, .missed)
        XCTAssertEqual(c.due, Fixture.gmt(11, 25, 17))
        let results = desk.state.standardResults(now: desk.clock.now)
        XCTAssertEqual(results.first { $0.standardID == "acknowledge" }?.missed, 1)
    }

    /// Rule: reopening starts a new measure, and first response and total resolution stay apart.
    func testReopeningStartsANewMeasure() throws {
        let desk = Desk(at: Fixture.gmt(11, 23, 9))  // Monday
        let id = desk.receive()
        desk.clock.advance(minutes: 60)
        try desk.run(
            .respond(
                id, revision: desk.revision(id), decision: .upheld, reasons: "Our error",
                remedyOffered: "Permit renewed"))
        desk.clock.advance(minutes: 60)
        try desk.run(.close(id, revision: desk.revision(id), acceptance: .accepted, recourse: "Ombudsman"))
        desk.clock.set(Fixture.gmt(11, 25, 9))  // two days later
        try desk.run(.reopen(id, revision: desk.revision(id), reason: "Permit still not arrived"))
        var round1 = desk.clock(id, "respond", round: 1)!
        XCTAssertEqual(round1.start, Fixture.gmt(11, 25, 9))
        XCTAssertEqual(round1.state, .onTrack)
        XCTAssertEqual(desk.clock(id, "respond", round: 0)!.state, .met)
        XCTAssertNil(desk.clock(id, "acknowledge", round: 1), "acknowledgement is measured once")
        desk.clock.advance(minutes: 180)
        try desk.run(
            .respond(
                id, revision: desk.revision(id), decision: .upheld, reasons: "Sent again", remedyOffered: ""))
        try desk.run(.close(id, revision: desk.revision(id), acceptance: .accepted, recourse: ""))
        round1 = desk.clock(id, "respond", round: 1)!
        XCTAssertEqual(round1.usedMinutes, 180)
        XCTAssertEqual(desk.state.firstResponseMinutes(of: id), 60)
        XCTAssertEqual(desk.state.totalResolutionMinutes(of: id), 120 + 180)
        XCTAssertEqual(desk.state.complaint(id)!.reopenCount, 1)
        let respond = desk.state.standardResults(now: desk.clock.now).first { $0.standardID == "respond" }!
        XCTAssertEqual(respond.met, 2)
    }

    /// Rule: show every clock, with due time and business time left.
    func testEveryClockIsShown() {
        let desk = Desk(at: Fixture.gmt(11, 25, 9))
        let id = desk.receive()
        let clocks = desk.state.clocks(of: id, now: desk.clock.now)
        XCTAssertEqual(Set(clocks.map(\.standard.id)), ["acknowledge", "respond"])
        let respond = clocks.first { $0.standard.id == "respond" }!
        XCTAssertEqual(respond.due, Fixture.gmt(12, 1, 17))  // 5 working days
        XCTAssertEqual(respond.minutesLeft, 2400)
    }

    func testStandardCoverageByCategoryAndChannel() throws {
        var s = Fixture.acknowledge()
        s.categories = ["housing"]
        s.channels = [.counter]
        let desk = Desk(at: Fixture.gmt(11, 25, 9), standards: [s])
        let parking = desk.receive(category: "parking")
        let housing = desk.receive(category: "housing")
        XCTAssertNil(desk.clock(parking, "acknowledge"))
        XCTAssertNotNil(desk.clock(housing, "acknowledge"))
    }

    func testWithdrawnInTimeIsNotMeasured() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 9))
        let id = desk.receive()
        try desk.run(.withdraw(id, revision: desk.revision(id), reason: "Sorted elsewhere"))
        desk.clock.advance(minutes: 10_000)
        XCTAssertTrue(desk.state.clocks(of: id, now: desk.clock.now).isEmpty)
    }

    func testQueueOrdersBreachedThenAtRiskThenAge() throws {
        let desk = Desk(at: Fixture.gmt(11, 23, 9), standards: [Fixture.acknowledge(minutes: 120)])
        let old = desk.receive()  // 09:00
        desk.clock.advance(minutes: 60)
        let risky = desk.receive()  // 10:00
        desk.clock.advance(minutes: 10)
        let fresh = desk.receive()  // 10:10
        desk.clock.advance(minutes: 20)
        let newest = desk.receive()  // 10:30
        try desk.run(.acknowledge(old, revision: desk.revision(old)))  // on time
        desk.clock.set(Fixture.gmt(11, 23, 11, 35))
        // old: met; risky: 95 of 120 used → at risk; fresh: 85 → on track... ; newest: 65
        desk.clock.set(Fixture.gmt(11, 23, 12, 5))
        // risky overdue (125), fresh 115 at risk, newest 95 at risk
        let q = desk.state.queue(now: desk.clock.now)
        XCTAssertEqual(q.map(\.id), [risky, fresh, newest, old])
        XCTAssertEqual(q.map(\.urgency), [.overdue, .atRisk, .atRisk, .onTrack])
        XCTAssertEqual(
            desk.state.queue(now: desk.clock.now, filter: QueueFilter(statuses: [.acknowledged])).map(\.id),
            [old])
    }

    func testABreachEarlierIsToldApartAndWaitsBehindWhatCanStillBeSaved() throws {
        let desk = Desk(at: Fixture.gmt(11, 23, 9), standards: [Fixture.acknowledge(minutes: 120)])
        let late = desk.receive()  // 09:00
        desk.clock.advance(minutes: 30)
        let overdue = desk.receive()  // 09:30
        desk.clock.advance(minutes: 30)
        let risky = desk.receive()  // 10:00
        desk.clock.set(Fixture.gmt(11, 23, 11, 10))
        try desk.run(.acknowledge(late, revision: desk.revision(late)))  // 130 of 120: missed
        desk.clock.set(Fixture.gmt(11, 23, 11, 35))
        let q = desk.state.queue(now: desk.clock.now)
        XCTAssertEqual(q.map(\.id), [overdue, risky, late])
        XCTAssertEqual(q.map(\.urgency), [.overdue, .atRisk, .onTrack])
        XCTAssertEqual(q.map(\.breachedEarlier), [false, false, true])
    }
}
