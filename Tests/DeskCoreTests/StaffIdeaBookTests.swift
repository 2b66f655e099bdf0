import XCTest

@testable import DeskCore

final class StaffIdeaBookTests: XCTestCase {
    let t0 = Timestamp(utcYear: 2026, month: 11, day: 2, hour: 9)
    let t1 = Timestamp(utcYear: 2026, month: 11, day: 3, hour: 9)

    func testIdeasAreNumberedInOrderAndOutOfOrderOnesSkipped() {
        var book = StaffIdeaBook()
        XCTAssertEqual(book.nextID, StaffIdeaID(1))
        book.submit(StaffIdeaID(1), kind: .barrier, text: "Form too long", by: "", at: t0)
        book.submit(StaffIdeaID(3), kind: .idea, text: "skipped", by: "li", at: t0)
        book.submit(StaffIdeaID(2), kind: .idea, text: "Evening hours", by: "li", at: t1)
        XCTAssertEqual(book.ideas.map(\.text), ["Form too long", "Evening hours"])
        XCTAssertEqual(book.ideas.map(\.submittedBy), [nil, "li"], "an empty actor is anonymous")
        XCTAssertEqual(book.ideas[1].status, .submitted)
        XCTAssertEqual(book.ideas[1].statusChangedAt, t1)
        XCTAssertEqual(book.nextID, StaffIdeaID(3))
    }

    func testReservedNumbersLeaveGapsThatAreFoundAround() {
        var book = StaffIdeaBook()
        book.submit(StaffIdeaID(1), kind: .idea, text: "one", by: "li", at: t0)
        book.reserve(through: 4)
        book.reserve(through: 2)
        XCTAssertEqual(book.reservedThrough, 4, "a lower reservation does not shrink it")
        XCTAssertEqual(book.nextID, StaffIdeaID(5))
        book.submit(StaffIdeaID(5), kind: .idea, text: "five", by: "li", at: t0)
        XCTAssertEqual(book.idea(StaffIdeaID(5))?.text, "five")
        XCTAssertNil(book.idea(StaffIdeaID(3)))
        XCTAssertEqual(book.nextID, StaffIdeaID(6))
    }

    func testAStatusChangeRecordsWhoAndWhenAndUnknownIdsAreIgnored() {
        var book = StaffIdeaBook()
        book.submit(StaffIdeaID(1), kind: .idea, text: "one", by: "li", at: t0)
        book.change(StaffIdeaID(1), to: .adopted, note: "from January", by: "maria", at: t1)
        book.change(StaffIdeaID(9), to: .declined, note: "", by: "maria", at: t1)
        let idea = book.idea(StaffIdeaID(1))
        XCTAssertEqual(idea?.status, .adopted)
        XCTAssertEqual(idea?.statusNote, "from January")
        XCTAssertEqual(idea?.statusChangedBy, "maria")
        XCTAssertEqual(idea?.statusChangedAt, t1)
        XCTAssertEqual(idea?.submittedAt, t0)
        XCTAssertEqual(book.ideas.count, 1)
    }
}
