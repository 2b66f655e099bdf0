import TerminalUI
import XCTest

final class LineEditorTests: XCTestCase {
    override func setUp() { XCTAssertTrue(localeReady) }

    private func type(_ text: String, into editor: inout LineEditor) {
        for scalar in text.unicodeScalars { editor.handle(.character(Character(scalar))) }
    }

    func testTypingAndMoving() {
        var editor = LineEditor()
        type("Jose", into: &editor)
        XCTAssertEqual(editor.text, "Jose")
        XCTAssertEqual(editor.cursor, 4)
        editor.handle(.left)
        editor.handle(.left)
        editor.handle(.character("x"))
        XCTAssertEqual(editor.text, "Joxse")
        XCTAssertEqual(editor.cursor, 3)
        editor.handle(.home)
        XCTAssertEqual(editor.cursor, 0)
        editor.handle(.left)
        XCTAssertEqual(editor.cursor, 0)
        editor.handle(.end)
        XCTAssertEqual(editor.cursor, 5)
        editor.handle(.right)
        XCTAssertEqual(editor.cursor, 5)
        editor.handle(.control("a"))
        XCTAssertEqual(editor.cursor, 0)
        editor.handle(.control("e"))
        XCTAssertEqual(editor.cursor, 5)
    }

    func testDeleting() {
        var editor = LineEditor("Müller-Lüdenscheidt")
        editor.handle(.backspace)
        XCTAssertEqual(editor.text, "Müller-Lüdenscheid")
        editor.handle(.home)
        editor.handle(.delete)
        XCTAssertEqual(editor.text, "üller-Lüdenscheid")
        editor.handle(.backspace)
        XCTAssertEqual(editor.text, "üller-Lüdenscheid")
        for _ in 0..<6 { editor.handle(.right) }
        editor.handle(.control("k"))
        XCTAssertEqual(editor.text, "üller-")
        XCTAssertEqual(editor.cursor, 6)
        editor.handle(.left)
        editor.handle(.control("u"))
        XCTAssertEqual(editor.text, "-")
        XCTAssertEqual(editor.cursor, 0)
        editor.handle(.end)
        editor.handle(.delete)
        XCTAssertEqual(editor.text, "-")
    }

    func testWideAndCombiningCharacters() {
        var editor = LineEditor()
        type("王小明", into: &editor)
        XCTAssertEqual(editor.cursor, 3)
        editor.handle(.backspace)
        XCTAssertEqual(editor.text, "王小")
        type("e\u{301}", into: &editor)  // e then a combining acute: one character
        XCTAssertEqual(editor.text, "王小é")
        XCTAssertEqual(editor.cursor, 3)
        XCTAssertEqual(editor.count, 3)
        editor.handle(.left)
        XCTAssertEqual(editor.cursor, 2)
        editor.handle(.delete)
        XCTAssertEqual(editor.text, "王小")
        type("👨‍👩‍👧", into: &editor)
        XCTAssertEqual(editor.count, 3)
        editor.handle(.backspace)
        XCTAssertEqual(editor.text, "王小")
        type("محمد", into: &editor)
        XCTAssertEqual(editor.count, 6)
    }

    func testControlCharactersAreNotInserted() {
        var editor = LineEditor()
        editor.insert("a\u{1B}[31mb\u{202E}c")
        XCTAssertEqual(editor.text, "a[31mbc")
        XCTAssertFalse(editor.handle(.function(2)))
        XCTAssertFalse(editor.handle(.enter))
    }

    func testMaxLength() {
        var editor = LineEditor(maxLength: 3)
        type("abcd", into: &editor)
        XCTAssertEqual(editor.text, "abc")
    }

    func testVisibleSliceScrollsInColumns() {
        var editor = LineEditor("王小明王小明")
        var slice = editor.visibleSlice(width: 6)
        // Cursor at the end needs a column: the first wide character scrolls out.
        XCTAssertEqual(slice.text, "小明")
        XCTAssertEqual(slice.cursorColumn, 4)
        XCTAssertTrue(slice.clippedLeft)
        XCTAssertFalse(slice.clippedRight)
        editor.handle(.home)
        slice = editor.visibleSlice(width: 6)
        XCTAssertEqual(slice.text, "王小明")
        XCTAssertEqual(slice.cursorColumn, 0)
        XCTAssertTrue(slice.clippedRight)
        editor = LineEditor("abc")
        slice = editor.visibleSlice(width: 10)
        XCTAssertEqual(slice, .init(text: "abc", cursorColumn: 3, clippedLeft: false, clippedRight: false))
        for width in 1...8 {
            var e = LineEditor("王a小b明c王")
            for _ in 0...7 {
                let s = e.visibleSlice(width: width)
                XCTAssertLessThanOrEqual(DisplayWidth.of(s.text), width)
                XCTAssertLessThan(s.cursorColumn, max(width, 2))
                e.handle(.left)
            }
        }
    }
}
