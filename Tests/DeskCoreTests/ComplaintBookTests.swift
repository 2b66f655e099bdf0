import XCTest

@testable import DeskCore

/// The complaints' part of the state, driven event by event.
final class ComplaintBookTests: XCTestCase {
    var book = ComplaintBook()
    var names = Interner()
    var text = TextArena()
    var events = EventIndex()
    var position: UInt64 = 0

    func at(_ hour: Int, _ minute: Int = 0) -> Timestamp { Fixture.gmt(11, 2, hour, minute) }

    func receive(_ n: UInt32, at t: Timestamp) {
        let id = ComplaintID(n)
        XCTAssertTrue(book.accepts(id))
        var c = ComplaintRecord()
        c.flags = .exists
        c.receivedAt = t
        c.roundStart = t
        c.channel = .phone
        book.receive(id, c)
        apply(.complaintReceived(id, Fixture.intake(at: t, channel: .phone)), at: t)
    }

    func apply(_ event: DeskEvent, at t: Timestamp, actor: String = "maria") {
        guard let id = event.complaint, let index = book.index(of: id) else { return XCTFail("\(event)") }
        book.apply(
            event, toIndex: index, at: t, actor: actor, position: position, names: &names, text: &text,
            events: &events)
        position += 1
    }

    var one: ComplaintRecord { book.record(ComplaintID(1))! }

    func testReceiptTakesTheNextNumberOrAReservedEmptySlot() {
        receive(1, at: at(9))
        XCTAssertFalse(book.accepts(ComplaintID(1)), "taken")
        XCTAssertFalse(book.accepts(ComplaintID(3)), "out of order")
        book.reserve(through: 3)
        XCTAssertEqual(book.count, 3)
        XCTAssertEqual(book.reservedThrough, 3)
        XCTAssertNil(book.record(ComplaintID(2)), "an empty slot is no complaint")
        XCTAssertTrue(book.accepts(ComplaintID(2)))
        XCTAssertTrue(book.accepts(ComplaintID(4)))
        receive(3, at: at(10))
        XCTAssertFalse(book.accepts(ComplaintID(3)))
        XCTAssertEqual(book.count, 3)
        XCTAssertEqual(book.record(ComplaintID(3))?.receivedAt, at(10))
    }

    func testLifecycleSetsTypedFields() {
        receive(1, at: at(9))
        XCTAssertEqual(one.lastKind, .complaintReceived)
        XCTAssertEqual(one.revision, 1)
        apply(.acknowledged(ComplaintID(1)), at: at(9, 5))
        apply(.acknowledged(ComplaintID(1)), at: at(9, 7))
        XCTAssertEqual(one.acknowledgedAt.timestamp, at(9, 5), "the first acknowledgement stands")
        XCTAssertEqual(one.status, .acknowledged)
        apply(.assessed(ComplaintID(1), severity: .high, urgent: true), at: at(9, 10))
        XCTAssertEqual(one.severity, .high)
        XCTAssertEqual(one.flags, [.exists, .urgent])
        apply(.assessed(ComplaintID(1), severity: .low, urgent: false), at: at(9, 11))
        XCTAssertEqual(one.flags, [.exists])
        apply(.claimed(ComplaintID(1), clerk: "omar"), at: at(9, 12))
        XCTAssertEqual(one.status, .inProgress)
        XCTAssertEqual(names[one.holder], "omar")
        apply(.escalated(ComplaintID(1), reason: "press"), at: at(9, 13))
        XCTAssertTrue(one.flags.contains(.escalated))
        apply(
            .responded(ComplaintID(1), decision: .partlyUpheld, reasons: "r", remedyOffered: ""), at: at(11))
        XCTAssertEqual(one.decision, .partlyUpheld)
        XCTAssertEqual(one.status, .responded)
        XCTAssertEqual(one.firstRespondedAt.timestamp, at(11))
        apply(.closed(ComplaintID(1), acceptance: .accepted, recourse: ""), at: at(12))
        XCTAssertEqual(one.status, .closed)
        XCTAssertEqual(one.holder, 0)
        XCTAssertEqual(one.closedAt.timestamp, at(12))
        XCTAssertEqual(one.lastKind, .closed)
        XCTAssertEqual(one.lastChangeAt, at(12))
        XCTAssertEqual(one.revision, 9)
        XCTAssertEqual(events.chain(endingAt: one.lastEvent), Array(0..<9))
    }

    func testAPauseRestoresTheStatusAndIsChained() {
        receive(1, at: at(9))
        apply(.claimed(ComplaintID(1), clerk: "omar"), at: at(9, 1))
        apply(.paused(ComplaintID(1), reason: "documents"), at: at(10))
        XCTAssertEqual(one.status, .waitingOnCustomer)
        XCTAssertTrue(one.isPaused)
        apply(.paused(ComplaintID(1), reason: "again"), at: at(10, 30))
        XCTAssertEqual(one.pausedSince.timestamp, at(10), "a second pause changes nothing")
        apply(.resumed(ComplaintID(1)), at: at(11))
        XCTAssertEqual(one.status, .inProgress)
        XCTAssertFalse(one.isPaused)
        apply(.paused(ComplaintID(1), reason: "more"), at: at(12))
        XCTAssertEqual(
            book.pauseIntervals(one, now: at(13).milliseconds).map { [$0.0, $0.1] },
            [[at(10), at(11)], [at(12), at(13)]].map { $0.map(\.milliseconds) })
        apply(.withdrawn(ComplaintID(1), reason: "moved away"), at: at(12, 30))
        XCTAssertEqual(one.status, .withdrawn)
        XCTAssertEqual(one.withdrawnAt.timestamp, at(12, 30))
        XCTAssertEqual(book.pauses.count, 2, "withdrawal ends the pause")
    }

    func testReopeningKeepsEveryMiddleRound() {
        receive(1, at: at(9))
        for round in 0..<3 {
            apply(
                .responded(ComplaintID(1), decision: .upheld, reasons: "", remedyOffered: ""),
                at: at(10 + 3 * round))
            apply(.closed(ComplaintID(1), acceptance: .notAccepted, recourse: ""), at: at(11 + 3 * round))
            apply(.reopened(ComplaintID(1), reason: "not done"), at: at(12 + 3 * round))
        }
        XCTAssertEqual(one.reopenCount, 3)
        XCTAssertEqual(one.status, .reopened)
        XCTAssertFalse(one.respondedAt.isSet)
        XCTAssertFalse(one.closedAt.isSet)
        XCTAssertEqual(one.firstRespondedAt.timestamp, at(10))
        XCTAssertEqual(one.firstClosedAt.timestamp, at(11))
        XCTAssertEqual(one.roundStart, at(18))
        XCTAssertEqual(
            book.middleRounds(one).map(\.start), [at(12), at(15)], "the first round is the record's own")
        XCTAssertEqual(book.middleRounds(one).map(\.closedAt.timestamp), [at(14), at(17)])
    }

    func testASurveyIsOfferedAndRecordedOnce() {
        receive(1, at: at(9))
        let answers = SurveyAnswers([.efficiency: 5], freeText: ["Quick", "Kind"])
        apply(.surveyOffered(ComplaintID(1), channel: .email), at: at(10))
        apply(.surveyOffered(ComplaintID(1), channel: .phone), at: at(10, 5))
        apply(.surveyRecorded(ComplaintID(1), channel: .email, answers: answers), at: at(11))
        apply(.surveyRecorded(ComplaintID(1), channel: .email, answers: answers), at: at(11, 5))
        XCTAssertEqual(book.surveyOffers.map(\.channel), [.email])
        XCTAssertEqual(book.surveys.map(\.at), [at(11)])
        XCTAssertEqual(text.string(book.surveys[0].freeText), "Quick\nKind")
        XCTAssertEqual(one.flags, [.exists, .surveyOffered, .surveyed])
        XCTAssertEqual(one.revision, 5, "every event on the complaint counts, even one that changes nothing")
    }
}
