import DeskTestSupport
import Foundation
import TerminalUI
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// A small application for the real curses backend: a name field, the last key, and hostile text.
final class CheckApplication: TerminalApplication {
    var name = LineEditor()
    var lastKey = "none"
    /// The last few keys, oldest first: shows that nothing arrived between two keys.
    var history: [String] = []
    var ticks = 0
    var wakeUps = 0
    let wakeDescriptor: Int32

    init(wakeDescriptor: Int32) {
        self.wakeDescriptor = wakeDescriptor
    }

    func render(size: ScreenSize) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        buffer.put("Desk terminal check \(size)", row: 0, column: 0, role: .title)
        buffer.put("Name: ", row: 2, column: 0, role: .fieldLabel)
        let slice = name.visibleSlice(width: 30)
        buffer.fill(row: 2, column: 6, columns: 30, role: .fieldFocus)
        buffer.put(slice.text, row: 2, column: 6, role: .fieldFocus, maxColumns: 30)
        buffer.put("Last key: \(lastKey)", row: 4, column: 0)
        buffer.put("Keys: " + history.joined(separator: " "), row: 3, column: 0)
        buffer.put("Wake-ups: \(wakeUps)", row: 5, column: 0)
        buffer.put("Ticks: \(ticks)", row: 5, column: 40, role: .statusInfo)
        buffer.put(
            "Hostile: \u{1B}]0;pwned\u{7}\u{1B}[2J\u{202E}evil\u{9B}31m", row: 6, column: 0, maxColumns: 60)
        buffer.put("王小明王小明王小明王小明", row: 7, column: 0, role: .statusWarning, maxColumns: 9)
        buffer.put("|", row: 7, column: 9)
        buffer.put("F1 Help F2 New F3 Claim F10 Quit", row: size.rows - 1, column: 0, role: .keyBar)
        buffer.cursor = ScreenPoint(row: 2, column: 6 + slice.cursorColumn)
        return buffer
    }

    func handle(_ key: Key) -> LoopDecision {
        if key == .function(10) { return .quit }
        lastKey = key.description
        history = Array((history + [key.description]).suffix(8))
        name.handle(key)
        return .keepRunning
    }

    func wakeUp() -> LoopDecision {
        var byte: UInt8 = 0
        while read(wakeDescriptor, &byte, 1) == 1 {}
        wakeUps += 1
        return .keepRunning
    }

    func tick() -> LoopDecision {
        ticks += 1
        return .keepRunning
    }
}

final class TerminalEndToEndTests: XCTestCase {
    /// Runs inside tmux, started by the tests below; returns at once in a normal test run.
    func testChildRunsCursesBackend() throws {
        guard let fifo = ProcessInfo.processInfo.environment["DESK_TERMINAL_CHECK_FIFO"] else { return }
        let wake = open(fifo, O_RDONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(wake, 0)
        let application = CheckApplication(wakeDescriptor: wake)
        CursesTerminal(theme: .plain).run(
            application,
            options: TerminalLoopOptions(wakeUpDescriptor: wake, tickInterval: .milliseconds(200)))
    }

    private func startChild(columns: Int = 80, rows: Int = 24) throws -> (TmuxSession, String) {
        guard TmuxSession.findTmux() != nil else {
            throw XCTSkip("tmux is not installed; end-to-end terminal tests skipped")
        }
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent(
            "desk-wake-\(UUID().uuidString)"
        ).path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        addTeardownBlock { unlink(fifo) }
        // The test bundle itself, told to run only the child test.
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let session = try TmuxSession(
            command: [binary, "TerminalUITests.TerminalEndToEndTests/testChildRunsCursesBackend"],
            columns: columns, rows: rows, environment: ["DESK_TERMINAL_CHECK_FIFO": fifo])
        addTeardownBlock { session.kill() }
        return (session, fifo)
    }

    func testDriverRunsACommand() throws {
        guard TmuxSession.findTmux() != nil else {
            throw XCTSkip("tmux is not installed; driver test skipped")
        }
        let session = try TmuxSession(
            command: ["sh", "-c", "printf 'hello %s' \"$LANG\"; sleep 5"], columns: 40, rows: 5)
        defer { session.kill() }
        try session.waitFor("hello C.UTF-8")
        XCTAssertThrowsError(try session.waitFor("never shown", timeout: .milliseconds(200))) { error in
            XCTAssertTrue("\(error)".contains("last screen:\nhello C.UTF-8"), "\(error)")
        }
    }

    func testCursesBackendDrawsTypesAndResizes() throws {
        let (session, fifo) = try startChild()
        var screen = try session.waitFor("Desk terminal check 80×24")
        XCTAssertTrue(screen.contains("F1 Help F2 New F3 Claim"), screen)
        try session.type("José 王小明")
        screen = try session.waitFor("Name: José 王小明")
        try session.sendKeys("Left", "BSpace")
        try session.waitFor("Name: José 王明")
        try session.sendKeys("C-a")
        try session.type("e\u{301}")
        try session.waitFor("Name: éJosé 王明")

        // The log wake-up descriptor wakes the loop.
        let writer = open(fifo, O_WRONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(writer, 0)
        XCTAssertEqual(write(writer, "x", 1), 1)
        close(writer)
        try session.waitFor("Wake-ups: 1")
        // The writer closed: the loop must not spin on the hung-up descriptor.
        let ticks =
            try session.capture().components(separatedBy: "Ticks: ").last?.prefix(while: \.isNumber) ?? ""
        try session.waitUntil("two more ticks") { screen in
            let now = screen.components(separatedBy: "Ticks: ").last?.prefix(while: \.isNumber) ?? ""
            return (Int(now) ?? 0) >= (Int(ticks) ?? 0) + 2
        }
        XCTAssertTrue(try session.capture().contains("Wake-ups: 1 "))

        // Below the minimum: a clear message; keys typed then are dropped; nothing is lost.
        try session.resize(columns: 60, rows: 20)
        try session.waitFor("Make the window larger.")
        try session.type("zz")
        try session.resize(columns: 100, rows: 30)
        screen = try session.waitFor("Desk terminal check 100×30")
        XCTAssertTrue(screen.contains("Name: éJosé 王明"), screen)
        try session.sendKeys("F10")
        try session.waitUntil("the program to exit") { _ in (try? session.hasExited()) == true }
    }

    func testEscapeArrivesQuickly() throws {
        let (session, _) = try startChild()
        try session.waitFor("Desk terminal check")
        let clock = ContinuousClock()
        let start = clock.now
        try session.sendKeys("Escape")
        try session.waitFor("Last key: Esc", timeout: .seconds(2))
        // curses waits ESCDELAY (1000 ms by default) for a lone Escape; the desk sets 25 ms.
        XCTAssertLessThan(clock.now - start, .milliseconds(800))
        try session.sendKeys("F2")
        try session.waitFor("Last key: F2")
        try session.sendKeys("Up")
        try session.waitFor("Last key: ↑")
    }

    /// PuTTY's and tmux's Home and End (`ESC [ 1 ~`, `ESC [ 4 ~`) arrive as Home and End, byte for byte.
    func testRawHomeAndEndAndUnknownSequences() throws {
        let (session, _) = try startChild()
        try session.waitFor("Desk terminal check")
        try session.type("abc")
        try session.waitFor("Name: abc")
        try session.sendKeys("-H", "1b", "5b", "31", "7e")
        try session.waitFor("Last key: Home")
        try session.type("X")
        try session.waitFor("Name: Xabc")
        try session.sendKeys("-H", "1b", "5b", "34", "7e")
        try session.waitFor("Last key: End")
        try session.type("Y")
        try session.waitFor("Name: XabcY")
        // Unknown sequences, then Z: they are consumed whole, and are not Esc.
        try session.sendKeys("-H", "1b", "5b", "39", "39", "7e", "1b", "5b", "32", "30", "30", "71", "5a")
        // Waited for whole: a capture may fall between the writes of one repaint (Name, then Keys).
        let screen = try session.waitFor("Keys: a b c Home X End Y Z")
        XCTAssertTrue(screen.contains("Name: XabcYZ"), screen)
        XCTAssertFalse(screen.contains("Esc"), screen)
    }

    /// Ctrl-L clears what another program scribbled on the terminal, and is not passed on as a key.
    func testControlLRepaints() throws {
        let (session, _) = try startChild()
        try session.waitFor("Desk terminal check")
        try session.type("q")
        try session.waitFor("Last key: q")
        let tty = open(try session.query("#{pane_tty}"), O_WRONLY | O_NOCTTY)
        XCTAssertGreaterThanOrEqual(tty, 0)
        let garbage = "\u{1B}[12;1HSCRIBBLED\u{1B}[1;1HSCRIBBLED"
        XCTAssertEqual(write(tty, garbage, garbage.utf8.count), garbage.utf8.count)
        close(tty)
        try session.waitFor("SCRIBBLED")
        try session.sendKeys("C-l")
        let screen = try session.waitUntil("the scribbles to go") { screen in
            !screen.contains("SCRIBBLED") && screen.contains("Desk terminal check")
        }
        XCTAssertTrue(screen.contains("Last key: q"), screen)
        XCTAssertFalse(screen.contains("^L"), screen)
    }

    /// P7: a clock ticking on an idle screen redraws only its own row: a few bytes per tick.
    func testIdleTickingScreenWritesLittle() throws {
        let (session, _) = try startChild()
        try session.waitFor("Ticks: 2")
        let log = FileManager.default.temporaryDirectory.appendingPathComponent(
            "desk-out-\(UUID().uuidString)"
        ).path
        addTeardownBlock { unlink(log) }
        try session.recordOutput(to: log)
        try session.waitFor("Ticks: 4")
        let before = (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? 0
        try session.waitFor("Ticks: 9")
        let after = (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? 0
        print("P7 check: \(after - before) bytes of terminal output for five idle ticks")
        // Five ticks (one second at 200 ms) must cost well under the 200 bytes/s budget.
        XCTAssertGreaterThan(after, before, "ticks drew nothing")
        XCTAssertLessThan(after - before, 200, "idle output \(after - before) bytes for five ticks")
    }

    /// Ctrl-C leaves the desk through endwin: the normal screen comes back (no desk left on it).
    func testControlCLeavesCursesCleanly() throws {
        let (session, _) = try startChild()
        try session.waitFor("Desk terminal check")
        try session.sendKeys("C-c")
        try session.waitUntil("the program to exit") { _ in (try? session.hasExited()) == true }
        let screen = try session.capture()
        XCTAssertFalse(screen.contains("Desk terminal check"), screen)
    }

    func testHostileTextNeverReachesTheTerminal() throws {
        let (session, _) = try startChild()
        let screen = try session.waitFor("Hostile:")
        let hostile = screen.split(separator: "\n").first { $0.hasPrefix("Hostile:") }.map(String.init) ?? ""
        XCTAssertEqual(hostile, "Hostile: ⟨ESC⟩]0;pwned⟨BEL⟩⟨ESC⟩[2J⟨U+202E⟩evil⟨CSI⟩31m")
        // The title escape was not executed.
        XCTAssertFalse(try session.query("#{pane_title}").contains("pwned"))
        // Wide text clipped to 9 columns leaves the bar at column 9 where it was drawn.
        XCTAssertTrue(screen.contains("\n王小明王…|"), screen)
        let withEscapes = try session.capture(escapes: true)
        XCTAssertFalse(withEscapes.contains("pwned\u{7}"))
        XCTAssertFalse(withEscapes.contains("\u{1B}]"))
    }
}
