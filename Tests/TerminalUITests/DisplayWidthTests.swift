import TerminalUI
import XCTest

final class DisplayWidthTests: XCTestCase {
    override func setUp() { XCTAssertTrue(localeReady) }

    func testLocaleIsUTF8() {
        XCTAssertEqual(ensureUTF8Locale().lowercased().replacingOccurrences(of: "-", with: ""), "utf8")
    }

    func testWidthsAcrossScripts() {
        let cases: [(String, Int)] = [
            ("Hello", 5),
            ("José Müller", 11),
            ("e\u{301}", 1),  // decomposed é
            ("Ελένη Παπαδοπούλου", 18),
            ("Дмитрий Иванов", 14),
            ("محمد عبد الله", 13),
            ("王小明", 6),
            ("山田 太郎", 9),
            ("김민준", 6),
            ("👍", 2),
            ("👨‍👩‍👧‍👦", 2),
            ("🏳️‍🌈", 2),
            ("👍🏽", 2),
            ("🇫🇷", 2),
            ("a\u{300}\u{301}\u{302}", 1),
            ("", 0),
        ]
        for (text, width) in cases {
            XCTAssertEqual(DisplayWidth.of(text), width, "width of \(text.debugDescription)")
        }
    }

    func testTruncateNeverSplitsWideCharacters() {
        XCTAssertEqual(DisplayWidth.truncate("王小明王小明", toColumns: 6), "王小…")
        XCTAssertEqual(DisplayWidth.of(DisplayWidth.truncate("王小明王小明", toColumns: 6)), 5)
        XCTAssertEqual(DisplayWidth.truncate("王小明王小明", toColumns: 5), "王小…")
        XCTAssertEqual(DisplayWidth.truncate("abcdef", toColumns: 4), "abc…")
        XCTAssertEqual(DisplayWidth.truncate("abcd", toColumns: 4), "abcd")
        XCTAssertEqual(DisplayWidth.truncate("Ж", toColumns: 0), "")
        XCTAssertEqual(DisplayWidth.truncate("e\u{301}e\u{301}e\u{301}", toColumns: 2), "e\u{301}…")
        XCTAssertEqual(DisplayWidth.truncate("👨‍👩‍👧‍👦👨‍👩‍👧‍👦", toColumns: 3), "👨‍👩‍👧‍👦…")
        XCTAssertEqual(DisplayWidth.prefix("ab王", columns: 3), "ab")
    }

    func testPadFillsExactly() {
        for text in ["王小明", "abc", "José", "👍x", "محمد"] {
            for columns in 1...8 {
                XCTAssertEqual(DisplayWidth.of(DisplayWidth.pad(text, toColumns: columns)), columns, text)
            }
        }
    }
}
