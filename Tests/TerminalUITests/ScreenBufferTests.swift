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

    /// The columns of each drawn cluster of a row, for comparing layouts.
    private func layout(_ buffer: ScreenBuffer, row: Int) -> [String] {
        buffer.renderedCells(row: row).map { "\($0.text)/\($0.columns)" }
    }

    func testDevanagariNameKeepsEveryLetter() {
        var buffer = ScreenBuffer(size: ScreenSize(rows: 1, columns: 16))
        XCTAssertEqual(buffer.put("क्षत्रिय नमस्ते", row: 0, column: 0), 11)
        XCTAssertEqual(
            Array(layout(buffer, row: 0).prefix(8)),
            ["क्ष/2", "त्रि/3", "य/1", " /1", "न/1", "म/1", "स्ते/2", " /1"])
        XCTAssertEqual(buffer.lines(), ["क्षत्रिय नमस्ते"])
        XCTAssertTrue(buffer[0, 1].isContinuation)
        XCTAssertTrue(buffer[0, 3].isContinuation && buffer[0, 4].isContinuation)
        XCTAssertEqual(buffer[0, 5].text, "य")
        buffer.put("अनुच्छेद", row: 0, column: 12)
        XCTAssertEqual(buffer.lines(), ["क्षत्रिय नमस्ते अनु…"])
    }

    /// A ZWJ sequence takes the columns of its parts and is drawn without its joiners, so ncurses
    /// and every terminal put the next cell at the same column.
    func testZWJSequenceIsDrawnAsItsPartsInItsColumns() {
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"
        let rainbowFlag = "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}"
        var buffer = ScreenBuffer(size: ScreenSize(rows: 1, columns: 12))
        XCTAssertEqual(buffer.put(family + "x" + rainbowFlag + "y", row: 0, column: 0), 11)
        XCTAssertEqual(
            layout(buffer, row: 0),
            ["\u{1F468}\u{1F469}\u{1F467}/6", "x/1", "\u{1F3F3}\u{FE0F}\u{1F308}/3", "y/1", " /1"])
        XCTAssertFalse(buffer.text(row: 0).unicodeScalars.contains("\u{200D}"))
        XCTAssertEqual(buffer.put("🇫🇷👍🏽\u{2764}\u{FE0F}", row: 0, column: 0), 7)
        XCTAssertEqual(layout(buffer, row: 0).prefix(3), ["🇫🇷/2", "👍🏽/4", "\u{2764}\u{FE0F}/1"])
    }

    func testOverwritingAnyPartOfAWideClusterBlanksTheRest() {
        for column in 0..<6 {
            var buffer = ScreenBuffer(size: ScreenSize(rows: 1, columns: 8))
            buffer.put("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}ab", row: 0, column: 0)
            buffer.put("x", row: 0, column: column, maxColumns: 1)
            let expected =
                String(repeating: " ", count: column) + "x" + String(repeating: " ", count: 5 - column)
            XCTAssertEqual(buffer.text(row: 0), expected + "ab", "x at \(column)")
        }
        var buffer = ScreenBuffer(size: ScreenSize(rows: 1, columns: 6))
        buffer.put("त्रिa", row: 0, column: 1)
        buffer.put("王", row: 0, column: 0)
        XCTAssertEqual(buffer.text(row: 0), "王  a ")
        buffer.put("ab", row: 0, column: 2)
        buffer.put("क्ष", row: 0, column: 3)
        XCTAssertEqual(layout(buffer, row: 0), ["王/2", "a/1", "क्ष/2", " /1"])
    }

    func testClusterThatDoesNotFitItsFieldLeavesItsColumnsBlank() {
        var buffer = ScreenBuffer(size: ScreenSize(rows: 1, columns: 8), role: .border)
        buffer.put("zzzzzzzz", row: 0, column: 0, role: .border)
        XCTAssertEqual(buffer.put([StyledSegment("ab👍🏽", role: .text)], row: 0, column: 1, maxColumns: 5), 5)
        XCTAssertEqual(buffer.text(row: 0), "zab   zz")
        XCTAssertEqual(buffer.roles(row: 0)[3], .text)
        XCTAssertEqual(buffer.roles(row: 0)[6], .border)
        XCTAssertEqual(buffer.put([StyledSegment("क्षत्रिय", role: .text)], row: 0, column: 0, maxColumns: 4), 4)
        XCTAssertEqual(buffer.text(row: 0), "क्ष    zz")
        // Through the sanitiser the cut is marked, and still measured in clusters.
        XCTAssertEqual(buffer.put("क्षत्रिय", row: 0, column: 0, maxColumns: 5), 3)
        XCTAssertEqual(buffer.lines(), ["क्ष…   zz"])
    }

    /// Random writes of many scripts at random places: each row is always exactly as wide as the
    /// buffer, every drawn cluster is as wide as the columns it was given, and nothing outside a
    /// field changes.
    func testRowsStayExactlyAsWideAsTheBuffer() {
        var random = SeededGenerator(seed: 0x5EED)
        let columns = 23
        var buffer = ScreenBuffer(size: ScreenSize(rows: 3, columns: columns))
        for round in 0..<3000 {
            let text = sampleText(using: &random, clusters: Int.random(in: 0...12, using: &random))
            let row = Int.random(in: 0..<3, using: &random)
            let column = Int.random(in: -3...(columns + 1), using: &random)
            let width = Int.random(in: 0...(columns + 2), using: &random)
            let before = buffer
            if Bool.random(using: &random) {
                buffer.put(text, row: row, column: column, role: .text, maxColumns: width)
            } else {
                buffer.put([StyledSegment(text, role: .title)], row: row, column: column, maxColumns: width)
            }
            let lower = max(0, column)
            assertOnlyFieldChanged(
                before, buffer, row: row, columns: lower..<max(lower, min(columns, column + width)))
            for r in 0..<3 {
                let cells = buffer.renderedCells(row: r)
                XCTAssertEqual(cells.reduce(0) { $0 + $1.columns }, columns, "round \(round) row \(r)")
                for cell in cells where DisplayWidth.of(cell.text) != cell.columns {
                    XCTFail("round \(round): \(cell.text.debugDescription) drawn in \(cell.columns) columns")
                }
                XCTAssertEqual(DisplayWidth.of(buffer.text(row: r)), columns, "round \(round) row \(r)")
            }
        }
    }
}

final class ScreenBufferLocaleTests: XCTestCase {
    /// Text the C library cannot measure (its locale not UTF-8) still draws, as marks, and never
    /// sends the buffer round in circles.
    func testUnmeasurableTextNeverLoops() {
        var buffer = ScreenBuffer(size: ScreenSize(rows: 1, columns: 20))
        buffer.put([StyledSegment("⚠ \u{1B}x\u{200D}", role: .text)], row: 0, column: 0)
        XCTAssertEqual(buffer.lines()[0].isEmpty, false)
    }
}
