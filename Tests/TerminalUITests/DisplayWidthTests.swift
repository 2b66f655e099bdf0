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
            ("\u{1100}\u{1161}", 2),  // conjoining jamo: the vowel rides on the wide consonant
            ("👍", 2),
            ("a\u{300}\u{301}\u{302}", 1),
            ("", 0),
        ]
        for (text, width) in cases {
            XCTAssertEqual(DisplayWidth.of(text), width, "width of \(text.debugDescription)")
        }
    }

    /// Devanagari conjuncts are one cluster each, as wide as tmux and ncurses draw them (the sum of
    /// their scalars): the old first-scalar width gave "क्ष" one column, so the next cell hid its ष.
    func testDevanagariIsMeasuredAsDrawn() {
        XCTAssertEqual("क्षत्रिय".map(String.init), ["क्ष", "त्रि", "य"])
        XCTAssertEqual(DisplayWidth.of(Character("क्ष")), 2)
        XCTAssertEqual(DisplayWidth.of(Character("त्रि")), 3)
        XCTAssertEqual(DisplayWidth.of("क्षत्रिय"), 6)
        XCTAssertEqual(DisplayWidth.of("नमस्ते"), 4)
        XCTAssertEqual(DisplayWidth.of("अनुच्छेद"), 5)
        XCTAssertEqual(DisplayWidth.of("कि"), 2)  // U+093F, a spacing vowel sign, takes a column
        XCTAssertEqual(DisplayWidth.of("के"), 1)  // U+0947 does not
    }

    /// Emoji sequences take the sum of their parts: what tmux 3.3a and ncurses give flags, modifiers
    /// and VS16, and what every terminal gives a ZWJ sequence once the buffer has drawn it without
    /// its joiners. (The old model said 2 for each; tmux moved the cursor 2, 4, 1 and 2.)
    func testEmojiSequencesAreTheSumOfTheirParts() {
        let cases: [(String, Int)] = [
            ("🇫🇷", 2),  // two regional indicators, 1 each
            ("🇺🇸", 2),
            ("👍🏽", 4),  // the skin-tone modifier is wide on its own
            ("❤️", 1),  // U+2764 is narrow; VS16 widens nothing in tmux or ncurses
            ("👨‍👩‍👧", 6),
            ("👨‍👩‍👧‍👦", 8),
            ("🏳️‍🌈", 3),
        ]
        for (text, width) in cases {
            XCTAssertEqual(text.count, 1, "\(text) should be one cluster")
            XCTAssertEqual(DisplayWidth.of(Character(text)), width, "width of \(text)")
            XCTAssertEqual(DisplayWidth.of(text), width, "width of \(text)")
        }
    }

    func testControlsAndJoinersTakeNoColumns() {
        XCTAssertEqual(DisplayWidth.of(Character("\r\n")), 0)
        XCTAssertEqual(DisplayWidth.of("a\u{1B}b\u{9B}"), 2)
        XCTAssertEqual(DisplayWidth.of("می\u{200C}خواهم"), 7)
    }

    func testTruncateNeverSplitsWideCharacters() {
        XCTAssertEqual(DisplayWidth.truncate("王小明王小明", toColumns: 6), "王小…")
        XCTAssertEqual(DisplayWidth.of(DisplayWidth.truncate("王小明王小明", toColumns: 6)), 5)
        XCTAssertEqual(DisplayWidth.truncate("王小明王小明", toColumns: 5), "王小…")
        XCTAssertEqual(DisplayWidth.truncate("abcdef", toColumns: 4), "abc…")
        XCTAssertEqual(DisplayWidth.truncate("abcd", toColumns: 4), "abcd")
        XCTAssertEqual(DisplayWidth.truncate("Ж", toColumns: 0), "")
        XCTAssertEqual(DisplayWidth.truncate("e\u{301}e\u{301}e\u{301}", toColumns: 2), "e\u{301}…")
        XCTAssertEqual(DisplayWidth.truncate("👨‍👩‍👧‍👦👨‍👩‍👧‍👦", toColumns: 9), "👨‍👩‍👧‍👦…")
        XCTAssertEqual(DisplayWidth.truncate("👨‍👩‍👧‍👦👨‍👩‍👧‍👦", toColumns: 8), "…")
        XCTAssertEqual(DisplayWidth.truncate("क्षत्रिय नमस्ते", toColumns: 5), "क्ष…")
        XCTAssertEqual(DisplayWidth.truncate("क्षत्रिय नमस्ते", toColumns: 6), "क्षत्रि…")
        XCTAssertEqual(DisplayWidth.prefix("ab王", columns: 3), "ab")
    }

    func testPadFillsExactly() {
        for text in ["王小明", "abc", "José", "👍x", "محمد", "क्षत्रिय", "🇫🇷👍🏽"] {
            for columns in 1...8 {
                XCTAssertEqual(DisplayWidth.of(DisplayWidth.pad(text, toColumns: columns)), columns, text)
            }
        }
    }
}
