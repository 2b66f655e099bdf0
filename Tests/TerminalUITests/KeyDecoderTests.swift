import TerminalUI
import XCTest

final class KeyDecoderTests: XCTestCase {
    /// Every built-in form, as the terminals send them.
    static let table: [(String, Key)] = [
        ("\u{1B}[A", .up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
        ("\u{1B}OA", .up), ("\u{1B}OB", .down), ("\u{1B}OC", .right), ("\u{1B}OD", .left),
        ("\u{1B}[1;5A", .up), ("\u{1B}[1;2B", .down), ("\u{1B}[1;3C", .right), ("\u{1B}[1;6D", .left),
        ("\u{1B}O5A", .up),
        ("\u{1B}[H", .home), ("\u{1B}[F", .end), ("\u{1B}OH", .home), ("\u{1B}OF", .end),
        ("\u{1B}[1~", .home), ("\u{1B}[4~", .end), ("\u{1B}[7~", .home), ("\u{1B}[8~", .end),
        ("\u{1B}[1;5H", .home), ("\u{1B}[1;2F", .end), ("\u{1B}[7$", .home), ("\u{1B}[8^", .end),
        ("\u{1B}[2~", .insert), ("\u{1B}[3~", .delete), ("\u{1B}[5~", .pageUp), ("\u{1B}[6~", .pageDown),
        ("\u{1B}[3;5~", .delete), ("\u{1B}[5;2~", .pageUp),
        ("\u{1B}[Z", .backTab), ("\u{1B}OM", .enter),
        ("\u{1B}OP", .function(1)), ("\u{1B}OQ", .function(2)), ("\u{1B}OR", .function(3)),
        ("\u{1B}OS", .function(4)), ("\u{1B}[1;2P", .function(1)),
        ("\u{1B}[11~", .function(1)), ("\u{1B}[12~", .function(2)), ("\u{1B}[13~", .function(3)),
        ("\u{1B}[14~", .function(4)), ("\u{1B}[15~", .function(5)), ("\u{1B}[17~", .function(6)),
        ("\u{1B}[18~", .function(7)), ("\u{1B}[19~", .function(8)), ("\u{1B}[20~", .function(9)),
        ("\u{1B}[21~", .function(10)), ("\u{1B}[23~", .function(11)), ("\u{1B}[24~", .function(12)),
        ("\u{1B}[15;2~", .function(5)),
        ("\u{1B}[[A", .function(1)), ("\u{1B}[[B", .function(2)), ("\u{1B}[[C", .function(3)),
        ("\u{1B}[[D", .function(4)), ("\u{1B}[[E", .function(5)),
        ("\r", .enter), ("\n", .enter), ("\t", .tab), ("\u{7F}", .backspace), ("\u{8}", .backspace),
        ("\u{1}", .control("a")), ("\u{C}", .control("l")), ("\u{1A}", .control("z")),
        ("q", .character("q")), (" ", .character(" ")),
    ]

    func testEveryTableFormWhole() {
        for (text, key) in Self.table {
            var decoder = KeyDecoder()
            XCTAssertEqual(decoder.decode(Array(text.utf8)), [key], debug(text))
            XCTAssertFalse(decoder.isWaiting, debug(text))
        }
    }

    func testEveryTableFormByteByByte() {
        for (text, key) in Self.table {
            var decoder = KeyDecoder()
            var keys: [Key] = []
            for byte in text.utf8 { keys += decoder.decode([byte]) }
            XCTAssertEqual(keys, [key], debug(text))
            XCTAssertFalse(decoder.isWaiting, debug(text))
        }
    }

    func testAllFormsInOneRead() {
        var decoder = KeyDecoder()
        let text = Self.table.map(\.0).joined()
        XCTAssertEqual(decoder.decode(Array(text.utf8)), Self.table.map(\.1))
    }

    func testUnknownSequencesAreConsumedWholeAndIgnored() {
        for unknown in [
            "\u{1B}[99~", "\u{1B}[200q", "\u{1B}[?1;2c", "\u{1B}O9X", "\u{1B}[1;2;3A", "\u{1B}[[Z",
        ] {
            var decoder = KeyDecoder()
            XCTAssertEqual(decoder.decode(Array((unknown + "x").utf8)), [.character("x")], debug(unknown))
            var slow = KeyDecoder()
            var keys: [Key] = []
            for byte in (unknown + "x").utf8 { keys += slow.decode([byte]) }
            XCTAssertEqual(keys, [.character("x")], debug(unknown))
            XCTAssertEqual(slow.timeOut(), [])
        }
    }

    func testLoneEscapeOnlyAfterTheTimeout() {
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.decode([0x1B]), [])
        XCTAssertTrue(decoder.isWaiting)
        XCTAssertEqual(decoder.timeOut(), [.escape])
        XCTAssertFalse(decoder.isWaiting)
        XCTAssertEqual(decoder.timeOut(), [])
        // An unfinished sequence at the timeout is dropped, not Esc plus letters.
        XCTAssertEqual(decoder.decode(Array("\u{1B}[1".utf8)), [])
        XCTAssertEqual(decoder.timeOut(), [])
        XCTAssertEqual(decoder.decode(Array("a".utf8)), [.character("a")])
    }

    func testEscapeEscapeIsOneEscape() {
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.decode([0x1B, 0x1B]), [])
        XCTAssertEqual(decoder.timeOut(), [.escape])
        XCTAssertEqual(decoder.decode([0x1B, 0x1B, UInt8(ascii: "x")]), [.escape, .character("x")])
        // Alt with a cursor key (rxvt, PuTTY): ignored, neither Esc nor the key.
        XCTAssertEqual(decoder.decode(Array("\u{1B}\u{1B}[Ab".utf8)), [.character("b")])
    }

    func testAltKeyIsIgnored() {
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.decode(Array("\u{1B}xy".utf8)), [.character("y")])
        XCTAssertEqual(decoder.decode(Array("\u{1B}é!".utf8)), [.character("!")])
        XCTAssertEqual(decoder.decode(Array("\u{1B}\u{7F}\u{1B}\u{8}.".utf8)), [.character(".")])
        XCTAssertFalse(decoder.isWaiting)
    }

    /// Esc then Enter typed within the ESC delay is both keys, as it was with curses.
    func testEscapeThenControlKeyIsBoth() {
        var decoder = KeyDecoder()
        XCTAssertEqual(
            decoder.decode(Array("\u{1B}\r\u{1B}\t\u{1B}\u{3}".utf8)),
            [
                .escape, .enter, .escape, .tab, .escape, .control("c"),
            ])
        XCTAssertFalse(decoder.isWaiting)
    }

    func testUTF8InSeveralScriptsSplitMidCharacter() {
        let text = "José 王小明 Ολυμπία Анна עברית 😀e\u{301}"
        let expected = text.unicodeScalars.map { Key.character(Character($0)) }
        let bytes = Array(text.utf8)
        for chunk in 1...5 {
            var decoder = KeyDecoder()
            var keys: [Key] = []
            for start in stride(from: 0, to: bytes.count, by: chunk) {
                keys += decoder.decode(bytes[start..<min(start + chunk, bytes.count)])
            }
            XCTAssertEqual(keys, expected, "chunks of \(chunk)")
            XCTAssertFalse(decoder.isWaiting)
        }
    }

    func testInvalidUTF8IsDropped() {
        var decoder = KeyDecoder()
        // A stray continuation byte, an overlong slash, a surrogate, a lead byte cut short, C1 NEL.
        let bytes: [UInt8] = [
            0x80, 0x61, 0xC0, 0xAF, 0x62, 0xED, 0xA0, 0x80, 0x63, 0xE4, 0xB8, 0x64, 0xC2, 0x85, 0x65, 0xFF,
        ]
        XCTAssertEqual(decoder.decode(bytes), "abcde".map { Key.character($0) })
        XCTAssertFalse(decoder.isWaiting)
        XCTAssertEqual(decoder.decode([0xE7, 0x8E]), [])
        XCTAssertTrue(decoder.isWaiting)
        XCTAssertEqual(decoder.timeOut(), [])
    }

    func testDescribedStringsTakePrecedence() {
        // A terminal whose description says `ESC [ 1 ~` is Find-as-End and lists an odd F1.
        var decoder = KeyDecoder(described: [
            Array("\u{1B}[1~".utf8): .end, Array("\u{1B}[[Q".utf8): .function(1),
            Array("\u{7F}".utf8): .delete,
        ])
        XCTAssertEqual(decoder.decode(Array("\u{1B}[1~".utf8)), [.end])
        var keys: [Key] = []
        for byte in "\u{1B}[[Q".utf8 { keys += decoder.decode([byte]) }
        XCTAssertEqual(keys, [.function(1)])
        // Single bytes stay control characters.
        XCTAssertEqual(decoder.decode([0x7F]), [.backspace])
        XCTAssertEqual(decoder.decode(Array("\u{1B}[A".utf8)), [.up])
    }

    func testEndlessSequenceIsDroppedNotHeld() {
        var decoder = KeyDecoder()
        let garbage = "\u{1B}[" + String(repeating: "1;", count: 40) + "x"
        XCTAssertEqual(decoder.decode(Array(garbage.utf8)), [.character("x")])
        XCTAssertFalse(decoder.isWaiting)
    }

    private func debug(_ text: String) -> String {
        text.unicodeScalars.map {
            $0.value < 0x20 ? "^" + String(UnicodeScalar($0.value + 0x40)!) : String($0)
        }
        .joined()
    }
}
