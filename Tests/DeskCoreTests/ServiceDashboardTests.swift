import DeskCore
import XCTest

/// The dashboard's one projection, on hand-built histories with a manual clock: a breach boundary
/// and a period boundary crossed, figures per channel and category, surveys, staff ideas, medians
/// and units. (Fixture office: London, Monday–Friday 09:00–17:00; acknowledge in 480 business
/// minutes at 90 %, respond in 2,400 at 80 %.)
final class ServiceDashboardTests: XCTestCase {
    let november = try! ReportingPeriod(length: .month, year: 2026, 11)
    let october = try! ReportingPeriod(length: .month, year: 2026, 10)

    func dashboard(_ desk: Desk, _ period: ReportingPeriod? = nil) -> ServiceDashboard {
        desk.state.serviceDashboard(period: period ?? november, now: desk.clock.now)
    }

    func figures(_ d: ServiceDashboard, _ id: String) -> StandardFigures {
        d.standards.first { $0.standard.id == id }!
    }

    func receive(_ desk: Desk, at t: Timestamp, channel: Channel = .counter, category: String = "parking")
        -> ComplaintID
    {
        let id = desk.state.nextComplaintID
        try! desk.run(.receive(Fixture.intake(at: t, category: category, channel: channel)))
        return id
    }

    func respond(_ desk: Desk, _ id: ComplaintID) {
        try! desk.run(
            .respond(id, revision: desk.revision(id), decision: .upheld, reasons: "Found", remedyOffered: ""))
    }

    func testTheAcknowledgementCrossesItsBreachBoundary() {
        let desk = Desk(at: Fixture.gmt(11, 2, 10))
        let id = receive(desk, at: desk.clock.now, channel: .phone)
        // Tuesday 09:59: 479 of 480 minutes used, at risk, not yet decided.
        desk.clock.set(Fixture.gmt(11, 3, 9, 59))
        var ack = figures(dashboard(desk), "acknowledge")
        XCTAssertEqual([ack.met, ack.missed, ack.pending, ack.atRiskNow, ack.overdueNow], [0, 0, 1, 1, 0])
        XCTAssertNil(ack.shareMet)
        XCTAssertNil(ack.meetsThreshold)
        // 10:01: past due, missed in November (decided at 10:00), overdue now.
        desk.clock.set(Fixture.gmt(11, 3, 10, 1))
        ack = figures(dashboard(desk), "acknowledge")
        XCTAssertEqual([ack.met, ack.missed, ack.pending, ack.atRiskNow, ack.overdueNow], [0, 1, 0, 0, 1])
        XCTAssertEqual(ack.shareMet, 0)
        XCTAssertEqual(ack.meetsThreshold, false)
        XCTAssertNil(ack.medianMinutes, "nothing stopped yet")
        // Acknowledged at 11:00: the breach stands, nothing is overdue now, 540 minutes were taken.
        desk.clock.set(Fixture.gmt(11, 3, 11))
        try! desk.run(.acknowledge(id, revision: desk.revision(id)))
        ack = figures(dashboard(desk), "acknowledge")
        XCTAssertEqual([ack.met, ack.missed, ack.pending, ack.atRiskNow, ack.overdueNow], [0, 1, 0, 0, 0])
        XCTAssertEqual(ack.medianMinutes, 540)
        XCTAssertEqual(ack.median, ServiceQuantity(value: 540, unit: .businessMinutes))
        XCTAssertEqual(ack.target, ServiceQuantity(value: 480, unit: .businessMinutes))
        XCTAssertEqual(ack.benchmark, ServiceQuantity(value: 240, unit: .businessMinutes))
        XCTAssertEqual(ack.standard.benchmarkSource, "Example benchmark")
        // The response clock still runs: pending in November (due Monday 9 November 10:00).
        XCTAssertEqual(figures(dashboard(desk), "respond").pending, 1)
    }

    func testAMeasureCountsInThePeriodItWasDecidedIn() {
        let desk = Desk(at: Fixture.gmt(10, 30, 15))
        _ = receive(desk, at: Fixture.gmt(10, 30, 15))  // Never acknowledged.
        desk.clock.set(Fixture.gmt(10, 30, 16))
        let prompt = receive(desk, at: desk.clock.now, channel: .email)
        desk.clock.set(Fixture.gmt(10, 30, 16, 30))
        try! desk.run(.acknowledge(prompt, revision: desk.revision(prompt)))
        // Monday 14:59: the late one's acknowledgement falls due at 15:00 (120 minutes on Friday,
        // 360 on Monday): not decided yet, so November has nothing but what is pending.
        desk.clock.set(Fixture.gmt(11, 2, 14, 59))
        var nov = dashboard(desk)
        var ack = figures(nov, "acknowledge")
        XCTAssertEqual([ack.met, ack.missed, ack.pending, ack.atRiskNow], [0, 0, 1, 1])
        XCTAssertEqual(nov.received, 0, "both were received in October")
        var oct = figures(dashboard(desk, october), "acknowledge")
        XCTAssertEqual([oct.met, oct.missed, oct.pending], [1, 0, 0])
        XCTAssertEqual(dashboard(desk, october).received, 2)
        // Monday 15:01: the breach is November's; October keeps its figures.
        desk.clock.set(Fixture.gmt(11, 2, 15, 1))
        nov = dashboard(desk)
        ack = figures(nov, "acknowledge")
        XCTAssertEqual([ack.met, ack.missed, ack.pending, ack.overdueNow], [0, 1, 0, 1])
        oct = figures(dashboard(desk, october), "acknowledge")
        XCTAssertEqual([oct.met, oct.missed], [1, 0])
        // The trend ends with November; October before it; nothing decided earlier.
        XCTAssertEqual(nov.trendPeriods.map(\.name).suffix(2), ["2026-10", "2026-11"])
        XCTAssertEqual(nov.trendPeriods.first?.name, "2025-12")
        XCTAssertEqual(ack.trend, Array(repeating: nil, count: 10) + [1.0, 0.0])
        // The same instant seen as weeks: the breach is in 2026-W45, the met clock in W44.
        let week = ReportingPeriod.containing(desk.clock.now, length: .week, calendar: Fixture.calendar)
        XCTAssertEqual(week.name, "2026-W45")
        XCTAssertEqual(
            figures(desk.state.serviceDashboard(period: week, now: desk.clock.now), "acknowledge").trend
                .suffix(2), [1.0, 0.0])
    }

    func testABreachCountsWhenItFellDueNotWhenTheLateStepCame() {
        let desk = Desk(at: Fixture.gmt(10, 29, 10))
        let id = receive(desk, at: desk.clock.now)  // Thursday: due Friday 30 October at 10:00.
        desk.clock.set(Fixture.gmt(11, 2, 9, 30))
        try! desk.run(.acknowledge(id, revision: desk.revision(id)))
        let oct = figures(dashboard(desk, october), "acknowledge")
        let nov = figures(dashboard(desk), "acknowledge")
        XCTAssertEqual([oct.met, oct.missed, nov.met, nov.missed], [0, 1, 0, 0])
        // The time it took is November's: the clock stopped then (420 + 480 + 30 minutes).
        XCTAssertEqual([oct.medianMinutes, nov.medianMinutes], [nil, 930])
    }

    func testVolumesAndClosedComplaintsInTheTrend() {
        let desk = Desk(at: Fixture.gmt(10, 20, 10))
        let early = receive(desk, at: desk.clock.now)
        let late = receive(desk, at: desk.clock.now)
        respond(desk, early)
        desk.clock.set(Fixture.gmt(10, 21, 10))
        try! desk.run(.close(early, revision: desk.revision(early), acceptance: .accepted, recourse: ""))
        desk.clock.set(Fixture.gmt(11, 3, 10))  // Five working days have long passed: missed in October.
        respond(desk, late)
        desk.clock.set(Fixture.gmt(11, 4, 10))
        try! desk.run(
            .close(late, revision: desk.revision(late), acceptance: .notAccepted, recourse: "Ombudsman"))
        desk.clock.set(Fixture.gmt(11, 10, 10))
        let nov = dashboard(desk)
        let oct = dashboard(desk, october)
        XCTAssertEqual([oct.received, oct.closed, nov.received, nov.closed], [2, 1, 0, 1])
        // November's trend still holds October's closed complaints: met one, missed one.
        XCTAssertEqual(figures(nov, "respond").trend.suffix(2), [0.5, nil])
        // The late one was acknowledged only with its response: that breach is October's too.
        XCTAssertEqual(figures(nov, "acknowledge").trend.suffix(2), [0.5, nil])
        XCTAssertEqual([figures(oct, "respond").met, figures(oct, "respond").missed], [1, 1])
    }

    func testFiguresPerChannelAndCategory() {
        let desk = Desk(at: Fixture.gmt(11, 2, 9))
        let phone = receive(desk, at: desk.clock.now, channel: .phone)
        let email = receive(desk, at: desk.clock.now, channel: .email, category: "housing")
        desk.clock.set(Fixture.gmt(11, 2, 10))
        _ = receive(desk, at: desk.clock.now, channel: .phone)
        desk.clock.set(Fixture.gmt(11, 2, 12))
        try! desk.run(.acknowledge(phone, revision: desk.revision(phone)))
        desk.clock.set(Fixture.gmt(11, 4, 12))
        respond(desk, email)  // Acknowledged on responding, a day late; responded in time.
        let d = dashboard(desk)
        XCTAssertEqual(d.received, 3)
        XCTAssertEqual(d.channels.map(\.id), Channel.allCases.map(\.name), "every channel the office takes")
        let byChannel = Dictionary(
            uniqueKeysWithValues: d.channels.map { ($0.id, [$0.received, $0.met, $0.missed]) })
        // The second phone complaint's acknowledgement fell due on Tuesday at 10:00: missed.
        XCTAssertEqual(byChannel["phone"], [2, 1, 1])
        XCTAssertEqual(byChannel["email"], [1, 1, 1])
        XCTAssertEqual(byChannel["counter"], [0, 0, 0])
        XCTAssertEqual(d.categories.map(\.id), ["parking", "housing", "other"])
        XCTAssertEqual(d.categories.map(\.title), ["Parking", "Housing", "Other"])
        let byCategory = Dictionary(
            uniqueKeysWithValues: d.categories.map { ($0.id, [$0.received, $0.met, $0.missed]) })
        XCTAssertEqual(byCategory["parking"], [2, 1, 1])
        XCTAssertEqual(byCategory["housing"], [1, 1, 1])
        XCTAssertEqual(
            figures(d, "acknowledge").overdueNow, 1, "the second phone complaint, still unacknowledged")
        XCTAssertEqual(d.channels.first { $0.id == "phone" }?.shareMet, 0.5)
    }

    func testOpenComplaintsAtRiskAndOverdueNowCountOncePerStandard() {
        let desk = Desk(at: Fixture.gmt(11, 2, 9))
        let a = receive(desk, at: desk.clock.now)
        _ = receive(desk, at: desk.clock.now)
        desk.clock.set(Fixture.gmt(11, 2, 13))
        _ = receive(desk, at: desk.clock.now)
        // Tuesday 11:30: the third has used 390 of its 480 minutes.
        desk.clock.set(Fixture.gmt(11, 3, 11, 30))
        try! desk.run(.withdraw(a, revision: desk.revision(a), reason: "Solved elsewhere"))
        let ack = figures(dashboard(desk), "acknowledge")
        // The withdrawn one is no longer the office's to handle; the second is overdue, the third at risk.
        XCTAssertEqual([ack.overdueNow, ack.atRiskNow], [1, 1])
        // A past period shows the same "now" counts: they are about the desk as it is.
        XCTAssertEqual(figures(dashboard(desk, october), "acknowledge").overdueNow, 1)
        XCTAssertEqual(dashboard(desk).withdrawn, 1)
    }

    func testSurveysPerDriverInThePeriod() {
        let desk = Desk(at: Fixture.gmt(10, 20, 10))
        let ids = (0..<4).map { _ in receive(desk, at: desk.clock.now) }
        for id in ids { respond(desk, id) }
        // One in October, not counted in November.
        try! desk.run(.recordSurvey(ids[3], channel: .kiosk, answers: SurveyAnswers([.satisfaction: 5])))
        desk.clock.set(Fixture.gmt(11, 5, 10))
        let everything = Dictionary(uniqueKeysWithValues: SurveyDriver.allCases.map { ($0, 5) })
        try! desk.run(.recordSurvey(ids[0], channel: .kiosk, answers: SurveyAnswers(everything)))
        try! desk.run(
            .recordSurvey(
                ids[1], channel: .phone, answers: SurveyAnswers([.satisfaction: 2, .trust: 4, .ease: 3])))
        try! desk.run(.offerSurvey(ids[2], channel: .mail))
        let s = dashboard(desk).surveys
        XCTAssertEqual([s.offered, s.responses], [3, 2])
        let drivers = Dictionary(
            uniqueKeysWithValues: s.drivers.map { ($0.driver.key, [$0.favourable, $0.answered]) })
        XCTAssertEqual(drivers["satisfaction"], [1, 2])
        XCTAssertEqual(drivers["trust"], [2, 2])
        XCTAssertEqual(drivers["ease"], [1, 2])
        XCTAssertEqual(drivers["employee_helpfulness"], [1, 1])
        XCTAssertEqual(
            s.drivers.map(\.driver.key),
            [
                "satisfaction", "trust", "effectiveness", "ease", "efficiency", "equity",
                "employee_helpfulness",
            ])
        XCTAssertEqual(dashboard(desk, october).surveys.responses, 1)
    }

    func testStaffIdeasPerStatus() {
        let desk = Desk(at: Fixture.gmt(11, 2, 9))
        try! desk.run(.submitStaffIdea(kind: .idea, text: "A ramp at the side door", anonymous: false))
        try! desk.run(
            .submitStaffIdea(kind: .barrier, text: "The queue screen is too small", anonymous: true))
        try! desk.run(.submitStaffIdea(kind: .idea, text: "Forms in Polish", anonymous: false))
        try! desk.run(.changeStaffIdeaStatus(StaffIdeaID(1), status: .adopted, note: "Next year"), as: "boss")
        try! desk.run(.changeStaffIdeaStatus(StaffIdeaID(2), status: .underReview, note: ""), as: "boss")
        let d = dashboard(desk)
        XCTAssertEqual(
            d.staffIdeas.map(\.status.key), ["submitted", "under_review", "adopted", "declined", "done"])
        XCTAssertEqual(d.staffIdeas.map(\.count), [1, 1, 1, 0, 0])
        XCTAssertEqual([d.barriers, d.ideas], [1, 2])
    }

    func testMedianUnitsUnmeasuredAndTheVersionInForce() throws {
        let parkingOnly = ServiceStandard(
            id: "acknowledge", wording: "We will acknowledge parking complaints within 1 working day.",
            measure: .acknowledgement, categories: ["parking"], targetMinutes: 480, threshold: 0.9,
            version: 1,
            effective: Fixture.epoch, targetWorkingDays: 1, benchmarkWorkingDays: 2)
        let desk = Desk(at: Fixture.gmt(11, 2, 9), standards: [parkingOnly])
        let a = receive(desk, at: desk.clock.now)
        let b = receive(desk, at: desk.clock.now)
        _ = receive(desk, at: desk.clock.now, category: "housing")
        desk.clock.set(Fixture.gmt(11, 2, 10, 40))
        try! desk.run(.acknowledge(a, revision: desk.revision(a)))
        desk.clock.set(Fixture.gmt(11, 2, 16, 15))
        try! desk.run(.acknowledge(b, revision: desk.revision(b)))
        var d = dashboard(desk)
        XCTAssertEqual(d.unmeasured, 1, "no standard covers housing")
        var ack = figures(d, "acknowledge")
        // 100 and 435 minutes: the median of two is their mean, 267 minutes, 0.56 of an 8-hour day.
        XCTAssertEqual(ack.medianMinutes, 267)
        XCTAssertEqual(ack.median, ServiceQuantity(value: 0.56, unit: .workingDays))
        XCTAssertEqual(ack.target, ServiceQuantity(value: 1, unit: .workingDays))
        XCTAssertEqual(ack.benchmark, ServiceQuantity(value: 2, unit: .workingDays))
        XCTAssertEqual(ack.threshold, 0.9)
        // A second version from 16 November: November shows it; October the first.
        var v2 = parkingOnly
        v2.version = 2
        v2.threshold = 0.95
        v2.effective = Fixture.gmt(11, 16, 0)
        try desk.run(.publishStandard(v2), as: "boss")
        desk.clock.set(Fixture.gmt(11, 20, 9))
        d = dashboard(desk)
        ack = figures(d, "acknowledge")
        XCTAssertEqual(ack.standard.version, 2)
        XCTAssertEqual(ack.meetsThreshold, true, "both met; measured against version 1, shown against 0.95")
        XCTAssertEqual(figures(dashboard(desk, october), "acknowledge").standard.version, 1)
        XCTAssertNil(figures(dashboard(desk, october), "acknowledge").shareMet)
    }

    func testAPeriodBeforeAnyStandardShowsNoStandardAndAnEmptyDeskShowsZeros() throws {
        let desk = Desk(at: Fixture.gmt(11, 2, 9))
        XCTAssertEqual(dashboard(desk, try ReportingPeriod(length: .year, year: 2025)).standards.count, 0)
        let d = DeskState().serviceDashboard(period: november, now: Fixture.gmt(11, 2, 9))
        XCTAssertEqual(
            d.range.lowerBound, Timestamp(utcYear: 2026, month: 11, day: 1), "UTC without an office")
        XCTAssertEqual([d.received, d.closed, d.unmeasured, d.surveys.offered], [0, 0, 0, 0])
        XCTAssertEqual(d.standards.count, 0)
    }
}
