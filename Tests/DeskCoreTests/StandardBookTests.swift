import XCTest

@testable import DeskCore

final class StandardBookTests: XCTestCase {
    func standard(_ id: String, version: Int, month: Int, minutes: Int = 480, channels: [Channel] = [])
        -> ServiceStandard
    {
        ServiceStandard(
            id: id, wording: "\(id) v\(version)", measure: .acknowledgement, channels: channels,
            targetMinutes: minutes, threshold: 0.9, version: version,
            effective: Timestamp(utcYear: 2026, month: month, day: 1))
    }

    func testNothingIsMeasuredBeforeTheFirstStandardTakesEffect() {
        var book = StandardBook()
        let march = Timestamp(utcYear: 2026, month: 3, day: 1)
        XCTAssertTrue(book.isUnmeasured(receivedAt: march), "no standard at all")
        XCTAssertNil(book.firstEffective)
        book.publish(standard("respond", version: 1, month: 6))
        book.publish(standard("acknowledge", version: 1, month: 4))
        XCTAssertEqual(book.firstEffective, Timestamp(utcYear: 2026, month: 4, day: 1))
        XCTAssertTrue(book.isUnmeasured(receivedAt: march))
        XCTAssertFalse(book.isUnmeasured(receivedAt: Timestamp(utcYear: 2026, month: 4, day: 1)))
    }

    func testVersionsCurrentAndInForce() {
        var book = StandardBook()
        book.publish(standard("acknowledge", version: 1, month: 1))
        book.publish(standard("respond", version: 1, month: 1))
        book.publish(standard("acknowledge", version: 2, month: 6, minutes: 240))
        XCTAssertEqual(book.ids, ["acknowledge", "respond"], "first publication order")
        XCTAssertEqual(book.versions(of: "acknowledge").map(\.version), [1, 2])
        XCTAssertEqual(book.versions(of: "nothing"), [])
        XCTAssertEqual(book.current.map(\.wording), ["acknowledge v2", "respond v1"])
        let may = Timestamp(utcYear: 2026, month: 5, day: 1)
        XCTAssertEqual(book.inForce(at: may).map(\.wording), ["acknowledge v1", "respond v1"])
        XCTAssertEqual(
            book.effectiveInstants,
            [Timestamp(utcYear: 2026, month: 1, day: 1), Timestamp(utcYear: 2026, month: 6, day: 1)].map(
                \.milliseconds))
    }

    func testApplicableStandardsAreTheVersionInForceAtReceiptThatCoversTheComplaint() {
        var book = StandardBook()
        book.publish(standard("acknowledge", version: 1, month: 1))
        book.publish(standard("acknowledge", version: 2, month: 6, channels: [.email]))
        book.publish(standard("respond", version: 1, month: 8))
        let may = Timestamp(utcYear: 2026, month: 5, day: 1)
        let september = Timestamp(utcYear: 2026, month: 9, day: 1)
        XCTAssertEqual(
            book.applicable(receivedAt: may, category: "parking", channel: .counter).map(\.wording),
            ["acknowledge v1"])
        XCTAssertEqual(
            book.applicable(receivedAt: september, category: "parking", channel: .counter).map(\.wording),
            ["respond v1"], "version 2 covers e-mail only")
        XCTAssertEqual(
            book.applicable(receivedAt: september, category: "parking", channel: .email).map(\.wording),
            ["acknowledge v2", "respond v1"])
    }
}
