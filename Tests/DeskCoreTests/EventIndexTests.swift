import XCTest

@testable import DeskCore

final class EventIndexTests: XCTestCase {
    func testInterleavedChainsReadBackOldestFirst() {
        var index = EventIndex()
        var a: Int32 = -1
        var b: Int32 = -1
        a = index.append(10, after: a)
        b = index.append(11, after: b)
        a = index.append(12, after: a)
        a = index.append(15, after: a)
        b = index.append(20, after: b)
        XCTAssertEqual(index.count, 5)
        XCTAssertEqual(index.chain(endingAt: a), [10, 12, 15])
        XCTAssertEqual(index.chain(endingAt: b), [11, 20])
        XCTAssertEqual(index.chain(endingAt: -1), [])
    }

    func testReservingKeepsNothingExtra() {
        var index = EventIndex()
        index.reserve(1000)
        XCTAssertEqual(index.count, 0)
        XCTAssertEqual(index.append(7, after: -1), 0)
        XCTAssertEqual(index.chain(endingAt: 0), [7])
    }
}
