import DeskTestSupport
import TerminalUI
import XCTest

final class ScreenBufferTests: XCTestCase {
    override func setUp() { XCTAssertTrue(localeReady) }

    private func snapshot(_ buffer: ScreenBuffer) -> [[Cell]] {
        (0..<buffer.rows).map { Array(buffer.row($0)) }
    }

    /// Asserts that only cells inside `field` differ between two buffers.
    private func assertOnlyFieldChanged(
        _ before: ScreenBuffer, _ after: ScreenBuffer, row: Int, columns: Range<Int>,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        for r in 0..<before.rows {
            for c in 0..<before.columns where !(r == row && columns.contains(c)) {
                XCTAssertEqual(
                    before[r, c], after[r, c], "cell \(r),\(c) outside the field changed", file: file,
                    line: line)
            }
        }
    }

    func testPutWritesAndClips() {
        var buffer = ScreenBuffer(size: ScreenSize(rows: 3, columns: 12))
        XCTAssertEqual(buffer.put("Hello, world!", row: 0, column: 0), 12)
        XCTAssertEqual(buffer.put("王小明王小明", row: 1, column: 2, maxColumns: 5), 5)
        buffer.put("x", row: 2, column: 11)
        assertScreen(buffer, ["Hello, worl…", "  王小…", "           x"])
        XCTAssertTrue(buffer[1, 3].isContinuation)
    }

    func testWideCharacterThatDoesNotFitLeavesBlank() {
        var buffer = ScreenBuffer(size: ScreenSize(rows: 1, columns: 6))
        buffer.put(
            [StyledSegment("ab王", role: .text)], row: 0, column: 0, maxColumns: 3)
        XCTAssertEqual(buffer.text(row: 0), "ab    ")
    }

    func testNoCellOutsideTheFieldChanges() {
        let texts = [
            "王小明王小明王小明", "\u{1B}[2J\u{1B}[H owned", "a" + String(repeating: "\u{301}", count: 500),
            "👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦", "\u{202E}evil\u{2066}", "x\ty\rz\u{8}", String(repeating: "W", count: 500),
            "محمد عبد الله", "e\u{301}\u{200B}\u{FEFF}",
        ]
        var base = ScreenBuffer(size: ScreenSize(rows: 4, columns: 20), role: .border)
        base.put("王王王王王王王王王王", row: 1, column: 0, role: .title)
        for text in texts {
            for start in [-3, 0, 1, 5, 18, 19, 25] {
                for width in [0, 1, 2, 3, 7, 40] {
                    var after = base
                    after.put(text, row: 1, column: start, role: .text, maxColumns: width)
                    let lower = max(0, start)
                    let upper = max(lower, min(20, start + width))
                    assertOnlyFieldChanged(base, after, row: 1, columns: lower..<upper)
                    for c in 0..<20 {
                        XCTAssertTrue(
                            after[1, c].text.unicodeScalars.allSatisfy {
                                $0.value >= 0x20 && !(0x7F..<0xA0).contains($0.value)
                            })
                    }
                }
            }
            var offRow = base
            offRow.put(text, row: 7, column: 0)
            offRow.put(text, row: -1, column: 0)
            XCTAssertEqual(offRow, base)
        }
    }

    func testOverwrittenHalfOfWideCharacterRendersAsSpace() {
        var buffer = ScreenBuffer(size: ScreenSize(rows: 1, columns: 6))
        buffer.put("王王王", row: 0, column: 0)
        buffer.put("x", row: 0, column: 1, maxColumns: 1)
        buffer.put("y", row: 0, column: 4, maxColumns: 1)
        XCTAssertEqual(buffer.text(row: 0), " x王y ")
        XCTAssertEqual(DisplayWidth.of(buffer.text(row: 0)), 6)
    }

    func testBoxAndLines() {
        var buffer = ScreenBuffer(size: ScreenSize(rows: 4, columns: 10))
        buffer.box(ScreenRect(row: 0, column: 0, rows: 4, columns: 10), title: "Queue")
        buffer.put("内容", row: 1, column: 1, maxColumns: 8)
        assertScreen(buffer, ["┌─ Queue ┐", "│内容    │", "│        │", "└────────┘"])
        XCTAssertEqual(buffer[0, 3].role, .title)
        XCTAssertEqual(buffer[0, 0].role, .border)
    }

    func testRoles() {
        var buffer = ScreenBuffer(size: ScreenSize(rows: 1, columns: 10))
        buffer.put("ok \u{7}x", row: 0, column: 0, role: .statusError)
        XCTAssertEqual(buffer.lines(), ["ok ⟨BEL⟩x"])
        XCTAssertEqual(buffer.roles(row: 0)[0], .statusError)
        XCTAssertEqual(buffer.roles(row: 0)[3], .textEscape)
        buffer.setRole(.selection, row: 0, column: 0, columns: 100)
        XCTAssertEqual(Set(buffer.roles(row: 0)), [.selection])
    }

    func testDiffIsReadable() {
        XCTAssertNil(screenDiff(expected: ["a", "b  "], actual: ["a", "b"]))
        XCTAssertEqual(
            screenDiff(expected: ["a", "b"], actual: ["a", "c", "d"]),
            "row  1 - |b|\nrow  1 + |c|\nrow  2 - (no row)\nrow  2 + |d|")
    }
}
