import DeskCore
import XCTest

final class LifecycleTests: XCTestCase {
    func testFullLifeOfAComplaint() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 10))
        let id = desk.receive()
        XCTAssertEqual(id.description, "C-000001")
        XCTAssertEqual(desk.state.nextComplaintID.description, "C-000002")
        func rev() -> UInt32 { desk.revision(id) }
        try desk.run(.acknowledge(id, revision: rev()))
        try desk.run(.assess(id, revision: rev(), severity: .high, urgent: true))
        try desk.run(.claim(id, revision: rev()), as: "maria")
        try desk.run(.addNote(id, revision: rev(), text: "Called the permit team", customerVisible: false))
        // A transfer goes only to a clerk the desk knows: refused until the roles name omar.
        XCTAssertThrowsError(
            try desk.run(
                .transfer(id, revision: rev(), category: "housing", clerk: "omar", reason: "Housing permit")))
        desk.state.apply(
            RecordedEvent(
                actor: "maria", at: desk.state.latestRecordedInstant ?? Fixture.gmt(11, 25, 10),
                event: .rolesPublished(RolePolicy(supervisors: ["maria"], clerks: ["omar"]))))
        try desk.run(
            .transfer(id, revision: rev(), category: "housing", clerk: "omar", reason: "Housing permit"))
        try desk.run(.escalate(id, revision: rev(), reason: "Second complaint"), as: "omar")
        try desk.run(
            .respond(
                id, revision: rev(), decision: .partlyUpheld, reasons: "Delay was ours",
                remedyOffered: "Refund"), as: "omar")
        try desk.run(.close(id, revision: rev(), acceptance: .accepted, recourse: "Ombudsman"), as: "omar")
        let v = desk.state.complaint(id)!
        XCTAssertEqual(v.status, .closed)
        XCTAssertEqual(v.category, "housing")
        XCTAssertNil(v.holder)
        XCTAssertEqual(v.severity, .high)
        XCTAssertTrue(v.isUrgent)
        XCTAssertTrue(v.isEscalated)
        XCTAssertEqual(v.decision, .partlyUpheld)
        XCTAssertEqual(v.revision, 9)
        XCTAssertEqual(v.lastChange.actor, "omar")
        XCTAssertEqual(v.lastChange.what, "closed")
        XCTAssertEqual(desk.state.timeline(of: id).count, 9)
        XCTAssertEqual(desk.state.statusCounts()[.closed], 1)
    }

    func testStaleRevisionIsAConflictNamingWhoAndWhen() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 10, 42))
        let id = desk.receive()
        let seen = desk.revision(id)
        try desk.run(.claim(id, revision: seen), as: "maria")
        assertThrowsDeskError(
            try desk.run(.claim(id, revision: seen), as: "omar"), kind: .conflict,
            contains: "C-000001 was claimed by maria at 10:42 — refresh and try again")
        assertThrowsDeskError(
            try desk.run(.claim(id, revision: desk.revision(id)), as: "omar"), kind: .conflict,
            contains: "held by maria")
    }

    func testConflictOnAnotherDayGivesTheDate() throws {
        let desk = Desk(at: Fixture.gmt(11, 24, 16, 5))
        let id = desk.receive()
        let seen = desk.revision(id)
        try desk.run(.acknowledge(id, revision: seen), as: "li")
        desk.clock.set(Fixture.gmt(11, 25, 9))
        assertThrowsDeskError(
            try desk.run(.assess(id, revision: seen, severity: .low, urgent: false)), kind: .conflict,
            contains: "acknowledged by li on 2026-11-24 at 16:05")
    }

    func testInvalidTransitionsAreClear() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 10))
        let id = desk.receive()
        assertThrowsDeskError(
            try desk.run(.close(id, revision: desk.revision(id), acceptance: .accepted, recourse: "")),
            kind: .invalidTransition, contains: "no response yet; respond before closing")
        assertThrowsDeskError(
            try desk.run(.reopen(id, revision: desk.revision(id), reason: "")), kind: .invalidTransition,
            contains: "is not closed (it is received)")
        assertThrowsDeskError(
            try desk.run(.resume(id, revision: desk.revision(id))), kind: .invalidTransition,
            contains: "not waiting")
        try desk.run(.pause(id, revision: desk.revision(id), reason: "Need a photo"))
        XCTAssertEqual(desk.state.complaint(id)!.status, .waitingOnCustomer)
        assertThrowsDeskError(
            try desk.run(
                .respond(id, revision: desk.revision(id), decision: .upheld, reasons: "x", remedyOffered: "")),
            kind: .invalidTransition, contains: "waiting on the customer; resume it first")
        try desk.run(.resume(id, revision: desk.revision(id)))
        XCTAssertEqual(desk.state.complaint(id)!.status, .received)
        let events = try desk.run(
            .respond(id, revision: desk.revision(id), decision: .upheld, reasons: "x", remedyOffered: ""))
        XCTAssertEqual(events.count, 2, "responding also acknowledges")
        try desk.run(.close(id, revision: desk.revision(id), acceptance: .notAccepted, recourse: "Ombudsman"))
        assertThrowsDeskError(
            try desk.run(.claim(id, revision: desk.revision(id))), kind: .invalidTransition,
            contains: "C-000001 is closed; reopen it first")
        assertThrowsDeskError(
            try desk.run(.acknowledge(ComplaintID(99), revision: 0)), kind: .notFound,
            contains: "C-000099 does not exist")
        let other = desk.receive()
        try desk.run(.withdraw(other, revision: desk.revision(other), reason: "No longer needed"))
        assertThrowsDeskError(
            try desk.run(.claim(other, revision: desk.revision(other))), kind: .invalidTransition,
            contains: "withdrawn")
    }

    func testIntakeChecksCategoryChannelAndTime() {
        let desk = Desk(at: Fixture.gmt(11, 25, 10))
        assertThrowsDeskError(
            try desk.run(.receive(Fixture.intake(at: desk.clock.now, category: "zoo"))), kind: .invalidInput,
            contains: "category: \"zoo\" is unknown; accepted: parking, housing, other")
        assertThrowsDeskError(
            try desk.run(.receive(Fixture.intake(at: desk.clock.now.adding(minutes: 60)))),
            kind: .invalidInput,
            contains: "received_at")
        assertThrowsDeskError(
            try DeskState().decide(
                .receive(Fixture.intake(at: desk.clock.now)), actor: "maria", now: desk.clock.now),
            kind: .invalidTransition, contains: "not configured")
    }

    func testReturningCustomerRecognisedByNormalisedContact() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 10))
        let first = desk.receive()
        XCTAssertFalse(desk.state.complaint(first)!.isReturningCustomer)
        var again = Fixture.intake(at: desk.clock.now)
        again.customer = Customer(name: "Zoe Angstrom", email: "  zoe@EXAMPLE.org ")
        XCTAssertEqual(desk.state.returningCustomer(like: again.customer)?.complaints, 1)
        try desk.run(.receive(again))
        XCTAssertTrue(desk.state.complaint(ComplaintID(2))!.isReturningCustomer)
        let byPhone = Customer(name: "Z", phone: "(+44) 20-7946-0000")
        XCTAssertEqual(desk.state.returningCustomer(like: byPhone)?.complaints, 2)
        XCTAssertNil(desk.state.returningCustomer(like: Customer(name: "New", email: "new@example.org")))
        XCTAssertEqual(desk.state.customerCount, 1)
    }

    func testSurveyOnePerComplaintAfterResponse() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 10))
        let id = desk.receive()
        let answers = SurveyAnswers([.satisfaction: 5, .trust: 3, .ease: 4], freeText: ["Quick and kind"])
        assertThrowsDeskError(
            try desk.run(.recordSurvey(id, channel: .kiosk, answers: answers)), kind: .invalidTransition,
            contains: "no response yet")
        try desk.run(
            .respond(id, revision: desk.revision(id), decision: .upheld, reasons: "r", remedyOffered: ""))
        try desk.run(.recordSurvey(id, channel: .kiosk, answers: answers))
        assertThrowsDeskError(
            try desk.run(.recordSurvey(id, channel: .kiosk, answers: answers)), kind: .invalidTransition,
            contains: "one survey per complaint")
        let unanswered = desk.receive()
        try desk.run(
            .respond(
                unanswered, revision: desk.revision(unanswered), decision: .notUpheld, reasons: "r",
                remedyOffered: ""))
        try desk.run(.offerSurvey(unanswered, channel: .email))
        let report = desk.state.surveyReport()
        XCTAssertEqual(report.offered, 2)
        XCTAssertEqual(report.responses, 1)
        let satisfaction = report.drivers.first { $0.driver == .satisfaction }!
        XCTAssertEqual(satisfaction.favourable, 1)
        XCTAssertEqual(report.drivers.first { $0.driver == .trust }!.share, 0)
        XCTAssertEqual(report.drivers.first { $0.driver == .equity }!.answered, 0)
        XCTAssertEqual(report.comments.map(\.text), ["Quick and kind"])
        XCTAssertEqual(desk.state.surveyReport(channel: .email).offered, 1)
        XCTAssertEqual(desk.state.surveyReport(channel: .email).responses, 0)
    }

    func testStaffIdeasAnonymousAndStatus() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 10))
        let events = try desk.run(
            .submitStaffIdea(kind: .barrier, text: "The printer jams daily", anonymous: true))
        XCTAssertEqual(events.first?.actor, "")
        try desk.run(.submitStaffIdea(kind: .idea, text: "Open at 8 on Mondays", anonymous: false), as: "li")
        try desk.run(
            .changeStaffIdeaStatus(StaffIdeaID(1), status: .adopted, note: "New printer ordered"), as: "boss")
        XCTAssertEqual(desk.state.staffIdeas.map(\.submittedBy), [nil, "li"])
        XCTAssertEqual(desk.state.staffIdeas[0].status, .adopted)
        XCTAssertEqual(desk.state.staffIdeas[0].id.description, "S-0001")
        assertThrowsDeskError(
            try desk.run(.changeStaffIdeaStatus(StaffIdeaID(9), status: .done, note: "")), kind: .notFound,
            contains: "S-0009")
    }

    func testPublishingAStandardNeedsANewVersion() {
        let desk = Desk(at: Fixture.gmt(11, 25, 10))
        assertThrowsDeskError(
            try desk.run(.publishStandard(Fixture.acknowledge()), as: "boss"), kind: .conflict,
            contains: "publish it as version 2")
        var bad = Fixture.acknowledge(version: 2)
        bad.threshold = 90
        assertThrowsDeskError(
            try desk.run(.publishStandard(bad), as: "boss"), kind: .invalidInput, contains: "threshold")
    }

    func testResultsPerCategoryAndChannel() throws {
        let desk = Desk(at: Fixture.gmt(11, 23, 9), standards: [Fixture.acknowledge(minutes: 60)])
        let a = desk.receive(category: "parking")
        _ = desk.receive(category: "housing")
        try desk.run(.acknowledge(a, revision: desk.revision(a)))
        desk.clock.advance(minutes: 120)
        let byCategory = desk.state.standardResults(now: desk.clock.now, groupedBy: .category)
        XCTAssertEqual(byCategory.map(\.group), ["housing", "parking"])
        XCTAssertEqual(byCategory.map(\.met), [0, 1])
        XCTAssertEqual(byCategory.map(\.missed), [1, 0])
        let all = desk.state.standardResults(now: desk.clock.now)[0]
        XCTAssertEqual(all.shareMet, 0.5)
        XCTAssertEqual(all.meetsThreshold, false)
        let later = Fixture.gmt(12, 1, 0)..<Fixture.gmt(12, 31, 0)
        XCTAssertTrue(desk.state.standardResults(now: desk.clock.now, period: later).isEmpty)
        XCTAssertEqual(
            desk.state.standardResults(now: desk.clock.now, groupedBy: .channel).map(\.group), ["counter"])
    }
}

final class CustomerSearchTests: XCTestCase {
    func testCustomersAreFoundByAnyWordOfTheirNameWithoutASCIICase() throws {
        var state = DeskState()
        let now = Timestamp(utcYear: 2026, month: 3, day: 2, hour: 10)
        let office = OfficeConfiguration(
            name: "Test office", calendar: try BusinessCalendar.weekdays9to5(timeZone: "UTC"), categories: [])
        state.apply(RecordedEvent(actor: "boss", at: now, event: .officeConfigured(office)))
        for (index, name) in ["Ana Sousa", "Anastasia Ivanova", "José Sousa", "Ana Sousa"].enumerated() {
            let command = Command.receive(
                ComplaintIntake(
                    channel: .counter, category: "other", summary: "S \(index)",
                    customer: Customer(name: name, email: name == "Ana Sousa" ? "ana@example.org" : ""),
                    receivedAt: now))
            for event in try state.decide(command, actor: "maria", now: now) { state.apply(event) }
        }
        XCTAssertEqual(
            state.customers(namedLike: "ana").map(\.customer.name), ["Ana Sousa", "Anastasia Ivanova"])
        XCTAssertEqual(
            state.customers(namedLike: "ana").first?.complaints, 2, "the returning Ana, by email, comes first"
        )
        XCTAssertEqual(
            Set(state.customers(namedLike: "SOUSA").map(\.customer.name)), ["Ana Sousa", "José Sousa"])
        XCTAssertEqual(state.customers(namedLike: "José").map(\.customer.name), ["José Sousa"])
        XCTAssertTrue(state.customers(namedLike: "ousa").isEmpty, "words are matched from their start")
        XCTAssertTrue(state.customers(namedLike: "  ").isEmpty)
    }
}
