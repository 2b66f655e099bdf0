import DeskCore
import XCTest

/// The kiosk's domain: a hand-over names a counter and may be repeated until the survey is
/// answered; answers carry when the customer gave them, held between the response and now.
final class KioskHandOverTests: XCTestCase {
    func responded(_ desk: Desk) throws -> ComplaintID {
        let id = desk.receive()
        try desk.run(
            .respond(id, revision: desk.revision(id), decision: .upheld, reasons: "r", remedyOffered: ""))
        return id
    }

    func testAHandOverNamesItsCounterAndEndsWhenTheSurveyIsAnswered() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 10))
        let id = desk.receive()
        assertThrowsDeskError(
            try desk.run(.offerSurvey(id, channel: .kiosk, counter: "c1")), kind: .invalidTransition,
            contains: "no response yet")
        try desk.run(
            .respond(id, revision: desk.revision(id), decision: .upheld, reasons: "r", remedyOffered: ""))
        XCTAssertNil(desk.state.pendingKioskHandOver(counter: "c1"))
        try desk.run(.offerSurvey(id, channel: .kiosk, counter: "c1"))
        XCTAssertEqual(desk.state.pendingKioskHandOver(counter: "c1")?.complaint, id)
        XCTAssertNil(desk.state.pendingKioskHandOver(counter: "c2"))
        // The customer walked away: handed over again, to another counter's kiosk this time.
        try desk.run(.offerSurvey(id, channel: .kiosk, counter: "c2"))
        XCTAssertEqual(desk.state.pendingKioskHandOver(counter: "c2")?.complaint, id)
        // Offered once for the report, however often handed over.
        XCTAssertEqual(desk.state.surveyReport().offered, 1)
        try desk.run(.recordSurvey(id, channel: .kiosk, answers: SurveyAnswers([.ease: 5])), as: "kiosk")
        XCTAssertNil(desk.state.pendingKioskHandOver(counter: "c1"))
        XCTAssertNil(desk.state.pendingKioskHandOver(counter: "c2"))
        assertThrowsDeskError(
            try desk.run(.offerSurvey(id, channel: .kiosk, counter: "c1")), kind: .invalidTransition,
            contains: "one survey per complaint")
    }

    func testCountersAreNamesAndOnlyKioskOffersNameOne() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 10))
        let id = try responded(desk)
        for bad in ["C1", "counter 1", String(repeating: "c", count: 41), "c1\u{1B}"] {
            assertThrowsDeskError(
                try desk.run(.offerSurvey(id, channel: .kiosk, counter: bad)), kind: .invalidInput,
                contains: "must be 1–40 lowercase letters, digits, - or _")
        }
        assertThrowsDeskError(
            try desk.run(.offerSurvey(id, channel: .email, counter: "c1")), kind: .invalidInput,
            contains: "only a kiosk hand-over names a counter")
        try desk.run(.offerSurvey(id, channel: .email))
        assertThrowsDeskError(
            try desk.run(.offerSurvey(id, channel: .phone)), kind: .invalidTransition,
            contains: "already offered")
        // A hand-over to the clerk's own terminal names no counter: no kiosk takes it.
        try desk.run(.offerSurvey(id, channel: .kiosk))
        XCTAssertNil(desk.state.pendingKioskHandOver(counter: ""))
    }

    func testAnsweredAtLiesBetweenTheResponseAndNow() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 10))
        let id = try responded(desk)
        let responded = desk.clock.now
        desk.clock.advance(minutes: 30)
        func answers(at t: Timestamp) -> SurveyAnswers { SurveyAnswers([.trust: 4], answeredAt: t) }
        assertThrowsDeskError(
            try desk.run(
                .recordSurvey(id, channel: .phone, answers: answers(at: desk.clock.now.adding(minutes: 2)))),
            kind: .invalidInput, contains: "answered_at: ")
        assertThrowsDeskError(
            try desk.run(
                .recordSurvey(id, channel: .phone, answers: answers(at: responded.adding(minutes: -1)))),
            kind: .invalidInput, contains: "is before \(id) was first responded to")
        let events = try desk.run(
            .recordSurvey(id, channel: .phone, answers: answers(at: responded.adding(minutes: 5))))
        guard case .surveyRecorded(_, _, let recorded) = events.last?.event else {
            return XCTFail("\(events)")
        }
        XCTAssertEqual(recorded.answeredAt, responded.adding(minutes: 5))
    }

    func testTheNewFieldsSurviveTheCodecAndOldRecordsKeepTheirBytes() throws {
        let at = Fixture.gmt(11, 25, 10)
        let id = ComplaintID(7)
        let events: [DeskEvent] = [
            .surveyOffered(id, channel: .kiosk, counter: "c1"),
            .surveyRecorded(
                id, channel: .kiosk, answers: SurveyAnswers([.ease: 3], answeredAt: at.adding(minutes: -3))),
        ]
        for event in events {
            let recorded = RecordedEvent(actor: "kiosk", at: at, event: event)
            XCTAssertEqual(try EventCodec.decode(EventCodec.encode(recorded)), recorded)
        }
        // Without a counter or an answered_at the bytes are those of a record written before them.
        let plain = EventCodec.encode(
            RecordedEvent(actor: "maria", at: at, event: .surveyOffered(id, channel: .email)))
        let counted = EventCodec.encode(
            RecordedEvent(actor: "maria", at: at, event: .surveyOffered(id, channel: .email, counter: "c1")))
        XCTAssertLessThan(plain.count, counted.count)
        let unanswered = EventCodec.encode(
            RecordedEvent(
                actor: "maria", at: at,
                event: .surveyRecorded(id, channel: .web, answers: SurveyAnswers([.ease: 3]))))
        let timed = EventCodec.encode(
            RecordedEvent(
                actor: "maria", at: at,
                event: .surveyRecorded(id, channel: .web, answers: SurveyAnswers([.ease: 3], answeredAt: at)))
        )
        XCTAssertLessThan(unanswered.count, timed.count)
    }
}
