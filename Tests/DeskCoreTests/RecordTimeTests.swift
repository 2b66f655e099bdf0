import DeskCore
import XCTest

/// Backdated and unmeasured complaints are visible, and a clock that went backwards is caught
/// (issue 9, items 4 and 5).
final class RecordTimeTests: XCTestCase {
    func testAReceiptOlderThanTheBackdatingWindowIsRefusedNamingTheWindow() throws {
        let desk = Desk(at: Fixture.gmt(11, 30, 9))
        assertThrowsDeskError(
            try desk.run(.receive(Fixture.intake(at: Timestamp(utcYear: 1, month: 1, day: 1)))),
            kind: .invalidInput, contains: "is more than 365 days before now")
        // 365 days back is still inside the window; a minute more is not.
        let edge = Fixture.gmt(11, 30, 9).adding(minutes: -365 * 1440)
        XCTAssertNoThrow(try desk.run(.receive(Fixture.intake(at: edge))))
        assertThrowsDeskError(
            try desk.run(.receive(Fixture.intake(at: edge.adding(minutes: -1)))), kind: .invalidInput,
            contains: "backdating window ([office] backdating_window)")
        // A window of 90 days, published by the office.
        var office = Fixture.office
        office.backdatingWindowDays = 90
        office.version = 2
        try desk.run(.configureOffice(office), as: "boss")
        assertThrowsDeskError(
            try desk.run(.receive(Fixture.intake(at: Fixture.gmt(8, 1, 9)))), kind: .invalidInput,
            contains: "more than 90 days before now")
        XCTAssertNoThrow(try desk.run(.receive(Fixture.intake(at: Fixture.gmt(9, 15, 9)))))
    }

    func testAComplaintReceivedBeforeAnyStandardIsNotMeasured() throws {
        let effective = Fixture.gmt(11, 30, 9)
        let desk = Desk(at: Fixture.gmt(12, 1, 9), standards: [Fixture.acknowledge(effective: effective)])
        let old = desk.receive(at: Fixture.gmt(11, 27, 10))
        let new = desk.receive(at: Fixture.gmt(11, 30, 10))
        XCTAssertTrue(desk.state.isUnmeasured(old))
        XCTAssertTrue(desk.state.complaint(old)!.isUnmeasured)
        XCTAssertTrue(desk.state.clocks(of: old, now: desk.clock.now).isEmpty)
        XCTAssertFalse(desk.state.isUnmeasured(new))
        XCTAssertFalse(desk.state.complaint(new)!.isUnmeasured)
        XCTAssertEqual(desk.state.unmeasuredCount, 1)
        XCTAssertTrue(desk.state.wouldBeUnmeasured(receivedAt: Fixture.gmt(11, 30, 8)))
        // A complaint that no standard covers, received after one was in force, is measured.
        let other = desk.receive(category: "housing")
        XCTAssertFalse(desk.state.isUnmeasured(other))
    }

    /// The stepped clock: three days behind, a complaint was closed "before" it was received.
    func testACommandOnAComplaintChangedLaterThanNowIsRefusedNamingBothTimes() throws {
        let desk = Desk(at: Fixture.gmt(12, 3, 10))
        let id = desk.receive()
        XCTAssertNil(desk.state.clockWarning(now: desk.clock.now))
        desk.clock.set(Fixture.gmt(11, 30, 10))
        assertThrowsDeskError(
            try desk.run(.acknowledge(id, revision: desk.revision(id))), kind: .invalidTransition,
            contains:
                "C-000001's last event was recorded at 2026-12-03T10:00:00Z, later than this host's clock (2026-11-30T10:00:00Z)"
        )
        assertThrowsDeskError(
            try desk.run(.offerSurvey(id, channel: .email)), kind: .invalidTransition,
            contains: "accept-clock")
        let warning = desk.state.clockWarning(now: desk.clock.now)
        XCTAssertEqual(
            warning,
            "CLOCK BEHIND THE LOG: this host says 2026-11-30T10:00:00Z but the log holds a record of 2026-12-03T10:00:00Z; have the clock corrected, or a supervisor can accept it: desk log accept-clock"
        )
        XCTAssertEqual(desk.state.warnings(now: desk.clock.now), [warning!])
        // Within a minute's tolerance nothing is refused.
        desk.clock.set(Fixture.gmt(12, 3, 9, 59))
        XCTAssertNil(desk.state.clockWarning(now: desk.clock.now))
        XCTAssertNoThrow(try desk.run(.acknowledge(id, revision: desk.revision(id))))
    }

    func testAcceptingTheClockStopsTheRefusalForRecordsUpToThatInstant() throws {
        let desk = Desk(at: Fixture.gmt(12, 3, 10))
        let id = desk.receive()
        desk.clock.set(Fixture.gmt(11, 30, 10))
        let accepted = try desk.run(.acceptClock, as: "boss")
        XCTAssertEqual(accepted.map(\.event), [.clockAccepted(latestInLog: Fixture.gmt(12, 3, 10))])
        XCTAssertEqual(desk.state.clockAcceptedThrough, Fixture.gmt(12, 3, 10))
        XCTAssertNil(desk.state.clockWarning(now: desk.clock.now))
        XCTAssertNoThrow(try desk.run(.acknowledge(id, revision: desk.revision(id))))
        // Nothing left to accept.
        assertThrowsDeskError(
            try desk.run(.acceptClock, as: "boss"), kind: .invalidTransition, contains: "nothing to accept")
        // A record later than the accepted instant is refused again.
        let later = RecordedEvent(
            actor: "x", at: Fixture.gmt(12, 5, 10), event: .escalated(id, reason: "Urgent"))
        desk.state.apply(later)
        assertThrowsDeskError(
            try desk.run(.claim(id, revision: desk.revision(id))), kind: .invalidTransition,
            contains: "2026-12-05T10:00:00Z")
        XCTAssertNotNil(desk.state.clockWarning(now: desk.clock.now))
    }
}
