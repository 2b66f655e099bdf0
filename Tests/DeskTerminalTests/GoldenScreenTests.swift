import Desk
import DeskCore
import DeskTestSupport
import Foundation
import TerminalUI
import XCTest

@testable import DeskTerminal

/// Every view of the desk, whole, at 80×24 and at 120×40: text and roles against golden files
/// in `Golden/`. Refresh after an intended change with
/// `DESK_UPDATE_GOLDEN=1 swift test --filter GoldenScreenTests`, then review `git diff`.
final class GoldenScreenTests: XCTestCase {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Golden")
    static let sizes = [ScreenSize(rows: 24, columns: 80), ScreenSize(rows: 40, columns: 120)]

    /// An office on a Wednesday afternoon: a complaint overdue now, one at risk, one whose
    /// acknowledgement was missed earlier, one flagged urgent, and one with 30 lines of details.
    func office() throws -> MemoryDesk {
        let desk = makeDesk(user: "alice")
        let details = (1...30).map { "Line \($0) of what happened at the counter, told in full." }.joined(
            separator: "\n")
        let late = try receive(
            desk, name: "Екатерина Смирнова", summary: "No reply to my letter", details: details)
        let overdue = try receive(
            desk, name: "अनुच्छेद क्षत्रिय", summary: "Parking permit refused", minutesLater: 30)
        desk.now = desk.now.adding(minutes: 2 * 1440 + 120)
        _ = try desk.execute(.acknowledge(late, revision: desk.state.complaint(late)!.revision))
        _ = try desk.execute(.claim(late, revision: desk.state.complaint(late)!.revision))
        let urgent = try receive(
            desk, name: "José Ñúñez-Müller", summary: "Bin not collected twice", minutesLater: 5)
        _ = try desk.execute(
            .assess(urgent, revision: desk.state.complaint(urgent)!.revision, severity: .high, urgent: true))
        try receive(desk, name: "王小明", summary: "Form lost", minutesLater: 10)
        desk.now = desk.now.adding(minutes: 20)
        _ = overdue
        return desk
    }

    func check(_ router: DeskRouter, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        for size in Self.sizes {
            GoldenScreen.assertMatches(
                router.render(size: size), named: "\(name)-\(size.columns)x\(size.rows)", in: Self.golden,
                file: file,
                line: line)
        }
    }

    func testQueueSearchAndHelp() throws {
        let router = try DeskRouter(desk: try office())
        check(router, "queue")
        press(router, .character("/"))
        type(router, "nunez")
        check(router, "queue-search")
        press(router, .enter, .function(1))
        check(router, "help-queue")
    }

    func testEmptyQueueOfANewDesk() throws {
        check(try DeskRouter(desk: makeDesk()), "queue-empty")
    }

    func testDetailTopAndEnd() throws {
        let router = try DeskRouter(desk: try office())
        router.openDetail(ComplaintID(1))
        check(router, "detail")
        press(router, .end)
        check(router, "detail-end")
    }

    func testIntakeConfirmReceiptAndMessages() throws {
        let router = try DeskRouter(desk: try office())
        press(router, .function(2))
        type(router, "Смир")
        check(router, "intake")
        press(router, .escape)
        check(router, "intake-confirm")
        press(router, .character("n"), .function(3))
        for _ in 0..<6 { press(router, .tab) }  // Summary.
        type(router, "Second letter unanswered")
        press(router, .function(2))
        check(router, "receipt")
        press(router, .function(9))
        check(router, "messages")
    }

    func testComplaintActionForm() throws {
        let router = try DeskRouter(desk: try office())
        router.openDetail(ComplaintID(1))
        press(router, .character("r"), .tab)
        type(router, "We found your letter and replied today")
        press(router, .function(2))  // Remedy is optional; saved. Open the form again, empty, to see it.
        press(router, .character("n"))
        check(router, "action-note")
    }

    /// The transfer form offers the clerks the desk knows; an address shows in the detail view.
    func testTransferFormAndAddress() throws {
        let desk = try office()
        _ = try desk.execute(
            .receive(
                ComplaintIntake(
                    channel: .mail, category: DemoHistory.office.categories.first!.id,
                    summary: "Letter returned",
                    customer: Customer(
                        name: "Ada Post", preferredReply: .mail, address: "2 Side Street\nSpringfield SP1 2AB"
                    ),
                    receivedAt: desk.now)))
        let router = try DeskRouter(desk: desk)
        router.openDetail(ComplaintID(5))
        check(router, "detail-address")
        press(router, .character("t"), .tab, .right)
        check(router, "action-transfer")
    }

    /// The receipt names the office's contact, who took the complaint, the time zone and how to
    /// take it further; `P` on a complaint shows it again to reprint.
    func testReceiptWithContactAndEscalationReprinted() throws {
        let desk = try office()
        var configuration = DemoHistory.office
        configuration.contact = "1 Civic Square, Riverside · 555-0100 · riverside.example.gov"
        configuration.escalation = "write to the Office of the Inspector General, 2 Civic Square"
        desk.apply([RecordedEvent(actor: "boss", at: desk.now, event: .officeConfigured(configuration))])
        let router = try DeskRouter(desk: desk)
        // The reprint writes the slip to a file (never into the home directory in a test); the
        // path is on the screen, so it is a fixed one.
        let reports = "/tmp/desk-golden-receipts"
        try? FileManager.default.removeItem(atPath: reports)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: reports) }
        router.environment.reportFiles.directory = reports
        router.openDetail(ComplaintID(4))
        press(router, .character("P"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: reports + "/receipt-C-000004.txt"))
        check(router, "receipt-reprinted")
        let screen = router.render(size: ScreenSize(rows: 40, columns: 120)).lines().joined(separator: "\n")
        for expected in [
            "555-0100", "Taken by:  alice", "(Europe/London)", "Inspector General, 2 Civic Square", "王小明",
        ] {
            XCTAssertTrue(screen.contains(expected), "\(expected) missing:\n\(screen)")
        }
        // The board never reaches it: the receipt names the customer.
        let board = try DeskRouter(desk: desk, isBoard: true)
        board.openDetail(ComplaintID(4))
        press(board, .character("P"))
        XCTAssertFalse(
            board.render(size: ScreenSize(rows: 40, columns: 120)).lines().joined().contains(
                "Complaint receipt"))
    }

    func testBoard() throws {
        let desk = try office()
        desk.now = desk.now.adding(minutes: 1)
        let events = try desk.execute(
            .receive(
                ComplaintIntake(
                    channel: .counter, category: DemoHistory.office.categories.first!.id,
                    summary: "Letter returned",
                    details: "Account 4417 was charged twice",
                    customer: Customer(
                        name: "Ada Lovelace", email: "ada@example.org", phone: "555-0142",
                        accessibilityNeeds: "Uses a wheelchair"),
                    receivedAt: desk.now)))
        guard case .complaintReceived(let id, _) = events[0].event else { return XCTFail("not received") }
        _ = try desk.execute(
            .addNote(
                id, revision: desk.state.complaint(id)!.revision, text: "Ada rang from 555-0199",
                customerVisible: false))
        let router = try DeskRouter(desk: desk, isBoard: true)
        check(router, "board")
        // An opened complaint on the board: initials, no contact, no details, no note text.
        router.openDetail(id)
        check(router, "board-detail")
        let screen = router.render(size: ScreenSize(rows: 40, columns: 120)).lines().joined(separator: "\n")
        XCTAssertTrue(screen.contains("A. L."), screen)
        for secret in ["Lovelace", "555-0199", "4417", "ada@example.org", "555-0142", "wheelchair"] {
            XCTAssertFalse(screen.contains(secret), screen)
        }
    }
}
