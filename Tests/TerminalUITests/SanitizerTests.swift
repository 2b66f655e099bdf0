import TerminalUI
import XCTest

final class SanitizerTests: XCTestCase {
    override func setUp() { XCTAssertTrue(localeReady) }

    private func clean(_ text: String, _ columns: Int = 200) -> [StyledSegment] {
        Sanitizer.sanitize(text, maxColumns: columns, role: .text)
    }

    /// Nothing a terminal would execute survives: no C0, DEL or C1 scalar in any output.
    private func assertHarmless(
        _ segments: [StyledSegment], file: StaticString = #filePath, line: UInt = #line
    ) {
        for segment in segments {
            for scalar in segment.text.unicodeScalars {
                let v = scalar.value
                XCTAssertFalse(
                    v < 0x20 || (0x7F..<0xA0).contains(v), "control U+\(v) in output", file: file, line: line)
                XCTAssertNil(
                    Sanitizer.escapeName(for: scalar, previous: "a", next: "a"),
                    "dangerous U+\(String(v, radix: 16)) in output", file: file, line: line)
            }
        }
    }

    func testPlainTextPassesInOneSegment() {
        XCTAssertEqual(clean("José Müller"), [StyledSegment("José Müller", role: .text)])
        XCTAssertEqual(clean("王小明"), [StyledSegment("王小明", role: .text)])
        XCTAssertEqual(clean("👨‍👩‍👧‍👦 family"), [StyledSegment("👨‍👩‍👧‍👦 family", role: .text)])
        XCTAssertEqual(clean("می\u{200C}خواهم"), [StyledSegment("می\u{200C}خواهم", role: .text)])
    }

    func testEachC0ControlIsShownAsEscape() {
        XCTAssertEqual(
            clean("a\u{1B}b"),
            [
                StyledSegment("a", role: .text), StyledSegment("⟨ESC⟩", role: .textEscape),
                StyledSegment("b", role: .text),
            ])
        XCTAssertEqual(plain(clean("a\rb\u{8}c\td\ne\0")), "a⟨CR⟩b⟨BS⟩c⟨TAB⟩d⟨LF⟩e⟨NUL⟩")
        XCTAssertEqual(plain(clean("x\r\ny")), "x⟨CR⟩⟨LF⟩y")
        for value in UInt32(0)..<0x20 {
            let segments = clean("a" + String(Character(Unicode.Scalar(value)!)) + "b")
            assertHarmless(segments)
            XCTAssertTrue(segments.contains { $0.role == .textEscape }, "U+\(value) not flagged")
        }
    }

    func testDELAndC1() {
        XCTAssertEqual(plain(clean("a\u{7F}b")), "a⟨DEL⟩b")
        XCTAssertEqual(plain(clean("\u{9B}31m")), "⟨CSI⟩31m")
        XCTAssertEqual(plain(clean("\u{9D}0;x\u{9C}")), "⟨OSC⟩0;x⟨ST⟩")
        XCTAssertEqual(plain(clean("\u{85}")), "⟨NEL⟩")
        for value in UInt32(0x80)..<0xA0 {
            assertHarmless(clean(String(Character(Unicode.Scalar(value)!))))
        }
    }

    func testEscapeSequencesAreDefused() {
        let csi = "\u{1B}[2J\u{1B}[31mred"
        XCTAssertEqual(plain(clean(csi)), "⟨ESC⟩[2J⟨ESC⟩[31mred")
        let osc = "\u{1B}]0;owned title\u{7}x"
        XCTAssertEqual(plain(clean(osc)), "⟨ESC⟩]0;owned title⟨BEL⟩x")
        let osc8 = "\u{1B}]8;;http://evil\u{1B}\\link\u{1B}]8;;\u{1B}\\"
        assertHarmless(clean(osc8))
        let dcs = "\u{1B}P+q544e\u{1B}\\"
        XCTAssertEqual(plain(clean(dcs)), "⟨ESC⟩P+q544e⟨ESC⟩\\")
        assertHarmless(clean("\u{90}1$r\u{9C}"))
    }

    func testBidiControlsAndSeparators() {
        XCTAssertEqual(plain(clean("abc\u{202E}fed")), "abc⟨U+202E⟩fed")
        for value: UInt32 in [
            0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
            0x2066, 0x2067, 0x2068, 0x2069, 0x2028, 0x2029, 0xFEFF,
        ] {
            let segments = clean("a" + String(Character(Unicode.Scalar(value)!)) + "b")
            assertHarmless(segments)
            XCTAssertEqual(
                segments.filter { $0.role == .textEscape }.count, 1, "U+\(String(value, radix: 16))")
        }
        XCTAssertEqual(plain(clean("\u{2028}\u{2029}\u{FEFF}")), "⟨LSEP⟩⟨PSEP⟩⟨BOM⟩")
    }

    func testTagsAndZeroWidthCharacters() {
        let tags =
            "hi" + String(String.UnicodeScalarView([Unicode.Scalar(0xE0041)!, Unicode.Scalar(0xE007F)!]))
        XCTAssertEqual(plain(clean(tags)), "hi⟨U+E0041⟩⟨U+E007F⟩")
        XCTAssertEqual(plain(clean("a\u{200B}b")), "a⟨U+200B⟩b")
        XCTAssertEqual(plain(clean("a\u{2060}b")), "a⟨U+2060⟩b")
        XCTAssertEqual(plain(clean("\u{200D}")), "⟨U+200D⟩")
        XCTAssertEqual(plain(clean("a\u{200D}")), "a⟨U+200D⟩")
        XCTAssertEqual(plain(clean("\u{200C}x")), "⟨U+200C⟩x")
        XCTAssertEqual(plain(clean("x\u{200C} y")), "x⟨U+200C⟩ y")
    }

    /// Joiners between visible characters are text: Persian ZWNJ, a Devanagari half-form (virama
    /// then ZWJ), emoji sequences.
    func testJoinersBetweenVisibleCharactersPass() {
        for text in ["می\u{200C}خواهم", "क्\u{200D}ष", "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}", "👩🏽\u{200D}💻"] {
            XCTAssertEqual(clean(text), [StyledSegment(text, role: .text)], text.debugDescription)
        }
    }

    /// The cap is on runs of marks: a conjunct's consonants each start a new run, so "क्ष्म्यें"
    /// (five marks in one cluster, never more than two in a row) keeps them all; joiners between
    /// marks do not start a run, so they cannot be used to get around the cap.
    func testMarkCapCountsRunsNotClusters() {
        let conjunct = "क्ष्म्यें"
        XCTAssertEqual(conjunct.count, 1)
        XCTAssertEqual(clean(conjunct), [StyledSegment(conjunct, role: .text)])
        let joined = "a" + String(repeating: "\u{301}\u{301}\u{200D}", count: 4) + "b"
        let output = plain(clean(joined))
        XCTAssertEqual(output.unicodeScalars.filter { $0 == "\u{301}" }.count, 4, output.debugDescription)
        XCTAssertTrue(output.contains("⟨+4 marks⟩"), output.debugDescription)
    }

    func testInvalidUTF8BecomesVisible() {
        let bytes: [UInt8] = [0x41, 0xFF, 0xC3, 0x28, 0x42, 0xED, 0xA0, 0x80]
        let segments = Sanitizer.sanitize(bytes: bytes, maxColumns: 80, role: .text)
        assertHarmless(segments)
        XCTAssertTrue(plain(segments).hasPrefix("A⟨invalid⟩"))
        XCTAssertTrue(plain(segments).contains("B"))
    }

    func testCombiningMarksAreCapped() {
        let zalgo = "Z" + String(repeating: "\u{301}", count: 10)
        XCTAssertEqual(plain(clean(zalgo)), "Z\u{301}\u{301}\u{301}\u{301}⟨+6 marks⟩")
        XCTAssertEqual(plain(clean("\u{301}x")), "◌\u{301}x")
    }

    func testHugeInputsAreFastAndBounded() {
        let big = String(repeating: "\u{1B}[31mA", count: 64 * 1024 / 6)
        let marks = "a" + String(repeating: "\u{0300}", count: 10_000) + "b"
        let start = Date()
        let first = Sanitizer.sanitize(big, maxColumns: 80)
        let second = Sanitizer.sanitize(marks, maxColumns: 80)
        let third = Sanitizer.sanitize(String(repeating: "王", count: 40_000), maxColumns: 80)
        XCTAssertLessThan(Date().timeIntervalSince(start), 2.0)
        for segments in [first, second, third] {
            XCTAssertLessThanOrEqual(DisplayWidth.of(plain(segments)), 80)
            assertHarmless(segments)
        }
        XCTAssertEqual(plain(second), "a\u{300}\u{300}\u{300}\u{300}⟨+9996 marks⟩b")
        XCTAssertTrue(plain(third).hasSuffix("…"))
    }

    func testTruncationByColumnsKeepsEllipsisInside() {
        for columns in 1...12 {
            for text in [
                "王小明王小明王小明", "a\u{1B}bcdefghijk", "José Müller-Lüdenscheidt", "👍👍👍👍👍👍👍",
                "क्षत्रिय नमस्ते", "👨‍👩‍👧🇫🇷👍🏽", "\u{202E}अनुच्छेद",
            ] {
                let segments = clean(text, columns)
                XCTAssertLessThanOrEqual(DisplayWidth.of(plain(segments)), columns, "\(text) in \(columns)")
            }
        }
        XCTAssertEqual(plain(clean("abcdef", 4)), "abc…")
        XCTAssertEqual(plain(clean("abcd", 4)), "abcd")
        XCTAssertEqual(plain(clean("王小明", 5)), "王小…")
        XCTAssertEqual(plain(clean("क्षत्रिय", 6)), "क्षत्रिय")
        XCTAssertEqual(plain(clean("क्षत्रिय", 5)), "क्ष…")
    }

    func testLines() {
        let lines = Sanitizer.sanitizeLines("one\r\ntwo\u{1B}\nthree\nfour", maxColumns: 20, maxLines: 3)
        XCTAssertEqual(lines.map(plain), ["one", "two⟨ESC⟩", "three"])
        // A CR is part of a break only before an LF; elsewhere, even at the very end, it shows.
        XCTAssertEqual(
            Sanitizer.sanitizeLines("a\r\r\nb\r", maxColumns: 20, maxLines: 3).map(plain), ["a⟨CR⟩", "b⟨CR⟩"])
    }
}
