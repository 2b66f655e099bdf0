import DeskTerminal
import TerminalUI
import XCTest

/// RELIABILITY.md's T9 corpus: text a hostile or broken client could put in any free-text field.
enum HostileText {
    static var corpus: [String] {
        var items: [String] = []
        items.append(String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init))))
        items.append(String(String.UnicodeScalarView((0x7F..<0xA0).compactMap(Unicode.Scalar.init))))
        items += [
            "\u{1B}[2J\u{1B}[H\u{1B}[31;1mRED\u{1B}[0m", "\u{1B}]0;window title\u{7}",
            "\u{1B}]52;c;cHduZWQ=\u{7}",
            "\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\", "\u{1B}P$q m\u{1B}\\",
            "\u{9B}6n\u{9D}0;t\u{9C}",
            "\u{1B}[?1049h\u{1B}[?25l", "a\rb\u{8}\u{8}c", "\u{202E}gnp.exe\u{202C}",
            "\u{2066}x\u{2069}\u{061C}\u{200E}\u{200F}",
            "zero\u{200B}width\u{2060}\u{FEFF}", "tag\u{E0041}\u{E0042}\u{E007F}", "line\u{2028}para\u{2029}",
            String(
                decoding: [0x41, 0xC0, 0xAF, 0xFF, 0xFE, 0xED, 0xA0, 0x80, 0x42] as [UInt8], as: UTF8.self),
            String(repeating: "\u{1B}[31m王", count: 64 * 1024 / 8),
            "Z" + String(repeating: "\u{0336}", count: 10_000),
            String(repeating: "\u{0301}", count: 10_000),
        ]
        return items
    }
}

final class HostileTextTests: XCTestCase {
    override func setUp() { XCTAssertTrue(localeReady) }

    func testCorpusInAFieldChangesNothingElseAndShowsNoControl() {
        let size = ScreenSize(rows: 5, columns: 80)
        var base = ScreenBuffer(size: size, role: .border)
        base.put("row above", row: 1, column: 0)
        base.put("row below", row: 3, column: 0)
        for text in HostileText.corpus {
            var screen = base
            let written = screen.put(text, row: 2, column: 10, role: .text, maxColumns: 40)
            XCTAssertLessThanOrEqual(written, 40)
            for r in 0..<size.rows {
                for c in 0..<size.columns where !(r == 2 && (10..<50).contains(c)) {
                    XCTAssertEqual(
                        screen[r, c], base[r, c],
                        "cell \(r),\(c) changed by \(text.prefix(20).debugDescription)")
                }
            }
            for c in 0..<size.columns {
                for scalar in screen[2, c].text.unicodeScalars {
                    XCTAssertNil(
                        Sanitizer.escapeName(for: scalar, previous: "a", next: "a"),
                        "U+\(String(scalar.value, radix: 16)) reached a cell")
                }
            }
            // The supervisor can see something odd was there.
            XCTAssertTrue(
                screen.roles(row: 2).contains(.textEscape),
                "no escape shown for \(text.prefix(20).debugDescription)")
        }
    }
}
