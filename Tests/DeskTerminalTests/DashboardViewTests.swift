import Desk
import DeskCore
import DeskTestSupport
import Foundation
import TerminalUI
import XCTest

@testable import DeskTerminal

/// The dashboard view on a desk in memory with a manual clock: it follows a breach boundary and a
/// period boundary as the minutes pass, moves and types periods, and draws its trend in Unicode
/// blocks or ASCII. (The demo office: London; acknowledge within 960 business minutes.)
final class DashboardViewTests: XCTestCase {
    let size = ScreenSize(rows: 24, columns: 80)

    func row(_ router: DeskRouter, starting text: String) -> String {
        router.render(size: size).lines().first { $0.hasPrefix(" " + text) } ?? "(no row \(text))"
    }

    func dashboard(_ router: DeskRouter) throws -> DashboardView {
        try XCTUnwrap(router.top as? DashboardView)
    }

    func testTheAcknowledgementCrossesItsBreachBoundaryOnScreen() throws {
        let desk = makeDesk()  // Monday 12 May 2025, 09:00 UTC (10:00 in London).
        try receive(desk, name: "Ann Lee", summary: "Letter unanswered")
        let router = try DeskRouter(desk: desk)
        press(router, .character("d"))
        XCTAssertTrue(screen(router).contains("Dashboard: May 2025"), screen(router))
        // Wednesday 09:59 in London: 959 of the 960 minutes used (420 on Monday, 480 on Tuesday).
        // At risk, nothing decided yet.
        desk.now = Timestamp(utcYear: 2025, month: 5, day: 14, hour: 8, minute: 59)
        _ = router.tick()
        var line = row(router, starting: "acknowledge")
        XCTAssertTrue(line.hasSuffix("   —  95%             —     8h00m    1    0"), line)
        // Wednesday 10:01: due at 10:00, missed, overdue now, and the share met falls to 0 %.
        desk.now = Timestamp(utcYear: 2025, month: 5, day: 14, hour: 9, minute: 1)
        _ = router.tick()
        line = row(router, starting: "acknowledge")
        XCTAssertTrue(line.hasSuffix("  0%  95% BELOW       —     8h00m    0    1            ▁"), line)
        let roles = router.render(size: size).roles(row: 4)
        XCTAssertEqual(roles[26], .statusWarning, "BELOW stands out")
        XCTAssertEqual(roles[58], .clockBreach, "the overdue count is drawn as a breach")
        XCTAssertTrue(
            screen(router).contains("target 16h00m of business time · met 0 · missed 1 · running 0"))
    }

    func testWhatAnotherDeskRecordsShowsAtOnce() throws {
        let desk = makeDesk()
        try receive(desk, name: "Ann Lee", summary: "Letter unanswered")
        let router = try DeskRouter(desk: desk)
        press(router, .character("d"), .end)
        XCTAssertTrue(screen(router).contains("received 1 · closed 0"), screen(router))
        let intake = ComplaintIntake(
            channel: .phone, category: "parking", summary: "Meter broken",
            customer: Customer(name: "Bo Chan"),
            receivedAt: desk.now)
        desk.apply([
            RecordedEvent(
                actor: "bob", at: desk.now, event: .complaintReceived(desk.state.nextComplaintID, intake))
        ])
        _ = router.wakeUp()
        let text = screen(router)
        XCTAssertTrue(text.contains("received 2 · closed 0"), text)
        XCTAssertTrue(text.contains("phone        1"), text)
    }

    func testThePeriodTurnsAtTheOfficesMidnightAndMovesWithTheKeys() throws {
        let desk = makeDesk()
        desk.now = Timestamp(utcYear: 2025, month: 5, day: 31, hour: 22, minute: 59)  // 23:59 in London.
        let router = try DeskRouter(desk: desk)
        press(router, .character("d"))
        XCTAssertTrue(screen(router).contains("Dashboard: May 2025"))
        XCTAssertTrue(screen(router).contains("Service standards  measures decided in May 2025"))
        desk.now = desk.now.adding(minutes: 2)
        _ = router.tick()
        XCTAssertTrue(screen(router).contains("Dashboard: June 2025"), "this month turned with the minute")
        press(router, .character("["))
        XCTAssertTrue(screen(router).contains("Dashboard: May 2025"))
        press(router, .left, .left)
        XCTAssertTrue(screen(router).contains("Dashboard: March 2025"))
        XCTAssertTrue(screen(router).contains("No service standard was in force in this period."))
        press(router, .character("]"), .right)
        XCTAssertTrue(screen(router).contains("Dashboard: May 2025"))
        press(router, .character("t"))
        XCTAssertTrue(screen(router).contains("Dashboard: June 2025"))
        press(router, .escape)
        XCTAssertTrue(router.top is QueueView, "Esc goes back to the queue")
    }

    func testAPeriodIsTypedInTheGrammarAndAMistakeSaysWhatIsAccepted() throws {
        let desk = makeDesk()
        let router = try DeskRouter(desk: desk)
        press(router, .character("d"), .character("p"))
        type(router, "2025-W13")
        XCTAssertTrue(screen(router).contains("Dashboard: May 2025 · period: 2025-W13"), screen(router))
        press(router, .backspace, .backspace, .backspace)
        type(router, "Q5")
        press(router, .enter)
        var text = screen(router)
        XCTAssertTrue(text.contains("Not a period: 2025 has no quarter 5; they run 1–4."), text)
        XCTAssertTrue(text.contains("period: 2025-Q5"), "the text stays for mending")
        press(router, .backspace)
        type(router, "2")
        press(router, .enter)
        text = screen(router)
        XCTAssertTrue(text.contains("Dashboard: 2025-Q2 (Apr–Jun)"), text)
        XCTAssertTrue(text.contains("12 quarters"), text)
        press(router, .character("]"))
        XCTAssertTrue(screen(router).contains("Dashboard: 2025-Q3 (Jul–Sep)"))
        // Esc while typing keeps the period shown.
        press(router, .character("p"))
        type(router, "last-month")
        press(router, .escape)
        XCTAssertTrue(screen(router).contains("Dashboard: 2025-Q3 (Jul–Sep)   "))
        XCTAssertTrue(router.top is DashboardView)
        // The office calendar's years bound where the keys may go.
        press(router, .character("p"))
        type(router, "1900")
        press(router, .enter, .character("["))
        text = screen(router)
        XCTAssertTrue(text.contains("Dashboard: 1900 "), text)
        XCTAssertTrue(text.contains("The desk reports on the years 1900–2199."), text)
        press(router, .character("p"))
        type(router, "1899")
        press(router, .enter)
        text = screen(router)
        XCTAssertTrue(text.contains("Not a period here: the desk reports on the years 1900–2199."), text)
        XCTAssertTrue(text.contains("Dashboard: 1900 · period: 1899"), text)
    }

    func testTheTrendInUnicodeBlocksAndInASCII() throws {
        XCTAssertEqual(Sparkline.line([0, 0.5, 1, nil, 0.93], repertoire: .unicode), "▁▅█ █")
        XCTAssertEqual(Sparkline.line([0, 0.5, 1, nil, 0.93], repertoire: .ascii), "_=# #")
        XCTAssertEqual(Sparkline.line([-1, 2, .nan], repertoire: .unicode), "▁█ ")
        let desk = makeDesk()
        try receive(desk, name: "Ann Lee", summary: "Letter unanswered")
        desk.now = Timestamp(utcYear: 2025, month: 5, day: 15, hour: 9)
        let router = try DeskRouter(desk: desk)
        press(router, .character("d"))
        XCTAssertTrue(row(router, starting: "acknowledge").hasSuffix("0    1            ▁"))
        router.environment.repertoire = .ascii
        press(router, .character("["), .character("]"))
        let text = screen(router)
        XCTAssertTrue(row(router, starting: "acknowledge").hasSuffix("0    1            _"), text)
        XCTAssertFalse(text.components(separatedBy: "\n").dropFirst(2).dropLast(2).joined().contains("▁"))
        XCTAssertTrue(text.contains("received 1 | closed 0 | withdrawn 0 | no standard applies 0"), text)
    }

    func testTheTerminalAndLocaleChooseTheRepertoire() {
        XCTAssertEqual(
            Repertoire.of(environment: ["LANG": "en_GB.UTF-8", "TERM": "xterm-256color"]), .unicode)
        XCTAssertEqual(Repertoire.of(environment: ["LC_ALL": "C.utf8", "TERM": "tmux-256color"]), .unicode)
        XCTAssertEqual(Repertoire.of(environment: ["LANG": "C", "TERM": "xterm"]), .ascii)
        XCTAssertEqual(Repertoire.of(environment: ["TERM": "xterm"]), .ascii, "no locale at all")
        XCTAssertEqual(
            Repertoire.of(environment: ["LC_ALL": "C", "LANG": "en_GB.UTF-8"]), .ascii, "LC_ALL wins")
        XCTAssertEqual(Repertoire.of(environment: ["LANG": "en_GB.UTF-8", "TERM": "linux"]), .ascii)
        XCTAssertEqual(Repertoire.of(environment: ["LANG": "en_GB.UTF-8", "TERM": "vt220"]), .ascii)
        XCTAssertEqual(Repertoire.of(environment: ["LANG": "C", "DESK_CHARTS": "unicode"]), .unicode)
        XCTAssertEqual(Repertoire.of(environment: ["LANG": "C.UTF-8", "DESK_CHARTS": "ASCII"]), .ascii)
    }

    func testTheBoardAndEveryRoleOpenTheDashboard() throws {
        for (role, board) in [(DeskRole.viewer, false), (.clerk, true), (.supervisor, false)] {
            let router = try DeskRouter(desk: makeDesk(role: role), isBoard: board)
            press(router, .character("?"), .end)
            XCTAssertTrue(screen(router).contains("Service-standard dashboard"), "\(role) board \(board)")
            press(router, .escape, .character("d"))
            XCTAssertTrue(router.top is DashboardView, "\(role) board \(board)")
        }
    }
}
