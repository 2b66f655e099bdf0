import TerminalUI
import XCTest

/// SplitMix64: the same "random" texts on every run, so a failure can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Pieces of text from many scripts, including the awkward ones: conjuncts, ZWJ sequences, flags,
/// modifiers, decomposed accents, controls, bidi controls and lone joiners.
let samplePieces: [String] = [
    "a", "Z", "7", "é", "e\u{301}", "ß", "Ж", "Ω", "王", "明", "김", "ｶ", "م", "ح", "ل", "ا", "לא",
    "क्ष", "त्रि", "य", "न", "स्ते", "अ", "नु", "च्छे", "द", "क्\u{200D}ष", "ی\u{200C}خ", "น้ำ",
    "👍", "👍🏽", "🇫🇷", "🇺🇸", "\u{2764}\u{FE0F}", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
    "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}",
    "\u{1B}", "\t", "\r", "\u{7}", "\u{9B}", "\u{202E}", "\u{200D}", "\u{FEFF}", "\u{301}",
    "Z" + String(repeating: "\u{301}", count: 7),
]

/// A random mix of `clusters` sample pieces and spaces.
func sampleText(using random: inout SeededGenerator, clusters: Int) -> String {
    var text = ""
    for _ in 0..<clusters {
        text += Int.random(in: 0..<5, using: &random) == 0 ? " " : samplePieces.randomElement(using: &random)!
    }
    return text
}

final class TextWrapTests: XCTestCase {
    override func setUp() { XCTAssertTrue(localeReady) }

    private func wrapped(_ text: String, _ width: Int = 20) -> [String] {
        TextWrap.lines(text, width: width, role: .text).map(plain)
    }

    func testWrapsAtSpaces() {
        XCTAssertEqual(
            wrapped("The quick brown fox jumps over the lazy dog"),
            ["The quick brown fox", "jumps over the lazy", "dog"])
        XCTAssertEqual(wrapped("exactly twenty cols."), ["exactly twenty cols."])
        XCTAssertEqual(wrapped("two  spaces stay when they fit"), ["two  spaces stay", "when they fit"])
        XCTAssertEqual(TextWrap.plainLines("short", width: 20), ["short"])
    }

    func testLongWordsBreakBetweenClusters() {
        XCTAssertEqual(
            wrapped("see https://example.com/a/very/long/path ok"),
            ["see", "https://example.com/", "a/very/long/path ok"])
        XCTAssertEqual(wrapped("王小明王小明王小明王小明王小明", 9), ["王小明王", "小明王小", "明王小明", "王小明"])
        XCTAssertEqual(
            wrapped("क्षत्रियक्षत्रियक्षत्रिय", 5), ["क्षत्रि", "यक्ष", "त्रिय", "क्षत्रि", "य"])
    }

    func testHardBreaksAndEmptyLines() {
        XCTAssertEqual(wrapped("one\r\n\r\ntwo\n"), ["one", "", "two", ""])
        XCTAssertEqual(wrapped(""), [""])
        XCTAssertEqual(wrapped("a\rb"), ["a⟨CR⟩b"])
        XCTAssertEqual(wrapped("a\r\r\nb\r"), ["a⟨CR⟩", "b⟨CR⟩"])
        XCTAssertEqual(TextWrap.lines("x", width: 0), [])
    }

    func testDevanagariNamesWrapWhole() {
        XCTAssertEqual(
            wrapped("क्षत्रिय नमस्ते अनुच्छेद क्षत्रिय"),
            ["क्षत्रिय नमस्ते अनुच्छेद", "क्षत्रिय"])
    }

    func testEscapesKeepTheirRoleAndAreNotBrokenAtTheirSpace() {
        XCTAssertEqual(
            TextWrap.lines("a\u{1B}[31mred", width: 20, role: .text),
            [
                [
                    StyledSegment("a", role: .text), StyledSegment("⟨ESC⟩", role: .textEscape),
                    StyledSegment("[31mred", role: .text),
                ]
            ])
        let zalgo = "Z" + String(repeating: "\u{301}", count: 10) + " word"
        XCTAssertEqual(wrapped(zalgo, 8), ["Z\u{301}\u{301}\u{301}\u{301}⟨+6 mar", "ks⟩ word"])
    }

    /// Only a cluster wider than the whole line is cut, where ncurses would start a cell anyway.
    func testClusterWiderThanTheLineIsCutBetweenItsParts() {
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"
        XCTAssertEqual(wrapped("x " + family, 6), ["x", family])
        XCTAssertEqual(wrapped(family, 4), ["\u{1F468}\u{200D}\u{1F469}\u{200D}", "\u{1F467}"])
        XCTAssertEqual(wrapped("王", 1), ["王"])  // a width below 2 counts as 2
    }

    /// Many generated texts: nothing lost, repeated or restyled (spaces aside), no line too wide, no
    /// empty line but for empty input lines, and no cluster cut when every cluster fits a line.
    /// (Each hard line is wrapped on its own here, and the whole text must wrap to the same lines.)
    func testNothingIsLostAndNoLineIsTooWide() {
        var random = SeededGenerator(seed: 20_240_917)
        let separators = ["\n", "\r\n", "\n\n", " ", "  "]
        for round in 0..<200 {
            var text = ""
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                if Int.random(in: 0..<4, using: &random) == 0 {
                    // A long word: no space to break at.
                    text += String(repeating: samplePieces.randomElement(using: &random)!, count: 30)
                } else {
                    text += sampleText(using: &random, clusters: Int.random(in: 0...40, using: &random))
                }
                text += separators.randomElement(using: &random)!
            }
            let hardLines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
                String(String.UnicodeScalarView($0.last == "\r" ? $0.dropLast() : $0))
            }
            for width in [2, 3, 5, 8, 13, 20, 33] {
                var all: [[StyledSegment]] = []
                for hardLine in hardLines {
                    let lines = TextWrap.lines(hardLine, width: width, role: .text)
                    all += lines
                    let context = "round \(round) width \(width): \(hardLine.debugDescription)"
                    let sanitized = Sanitizer.sanitize(hardLine, maxColumns: .max, role: .text)
                    XCTAssertEqual(
                        styledScalars(lines.flatMap { $0 }), styledScalars(sanitized), context)
                    if hardLine.isEmpty {
                        XCTAssertEqual(lines, [[]], context)
                    }
                    for line in lines {
                        XCTAssertLessThanOrEqual(DisplayWidth.of(plain(line)), width, context)
                        if !hardLine.isEmpty { XCTAssertFalse(plain(line).isEmpty, context) }
                    }
                    let widest = plain(sanitized).map { DisplayWidth.of($0) }.max() ?? 0
                    if width >= widest {
                        XCTAssertEqual(
                            lines.flatMap { Array(plain($0)) }.filter { $0 != " " },
                            Array(plain(sanitized)).filter { $0 != " " }, context)
                    }
                }
                XCTAssertEqual(TextWrap.lines(text, width: width, role: .text), all, "round \(round)")
            }
        }
    }

    /// Each scalar with its role, spaces left out.
    private func styledScalars(_ segments: [StyledSegment]) -> [String] {
        segments.flatMap { segment in
            segment.text.unicodeScalars.filter { $0 != " " }.map { "\($0)|\(segment.role)" }
        }
    }
}
