import DeskTestSupport
import TerminalUI
import XCTest

final class TerminalLoopTests: XCTestCase {
    override func setUp() { XCTAssertTrue(localeReady) }

    func testOnlyChangedRowsAreRedrawn() {
        var first = ScreenBuffer(size: ScreenSize(rows: 5, columns: 10))
        first.put("a", row: 1, column: 0)
        var second = first
        XCTAssertEqual(changedRows(from: first, to: second), [])
        second.put("12:01", row: 4, column: 0, role: .statusInfo)
        second.setRole(.selection, row: 2, column: 0, columns: 10)
        XCTAssertEqual(changedRows(from: first, to: second), [2, 4])
        XCTAssertEqual(changedRows(from: nil, to: second), [0, 1, 2, 3, 4])
        XCTAssertEqual(
            changedRows(from: ScreenBuffer(size: ScreenSize(rows: 5, columns: 11)), to: second).count, 5)
    }

    func testTooSmallScreen() {
        let screen = tooSmallScreen(size: ScreenSize(rows: 10, columns: 40), minimum: .minimum)
        assertScreen(
            screen,
            [
                "", "", "",
                "        Make the window larger.",
                "  The desk needs 80×24; this is 40×10.",
                "        Ctrl-C leaves the desk.",
                "", "", "", "",
            ])
        let tiny = tooSmallScreen(size: ScreenSize(rows: 1, columns: 8), minimum: .minimum)
        XCTAssertEqual(tiny.lines(), ["Make th…"])
        XCTAssertEqual(tooSmallScreen(size: ScreenSize(rows: 0, columns: 0), minimum: .minimum).lines(), [])
    }

    func testMinimumIsEightyByTwentyFour() {
        XCTAssertTrue(ScreenSize(rows: 24, columns: 80).fits(.minimum))
        XCTAssertFalse(ScreenSize(rows: 23, columns: 200).fits(.minimum))
        XCTAssertFalse(ScreenSize(rows: 50, columns: 79).fits(.minimum))
    }
}
