import Desk
import DeskCore
import TerminalUI
import XCTest

@testable import DeskTerminal

extension DeskRouter {
    /// The queue at the bottom of the stack.
    var queue: QueueView { stack[0] as! QueueView }

    func openDetail(_ id: ComplaintID) {
        _ = carryOut(.open(DetailView(environment: environment, id: id)))
    }
}

/// A desk in memory with the demo office, its standards and complaints from customers whose names
/// are in many scripts.
func makeDesk(user: String = "alice", role: DeskRole = .clerk) -> MemoryDesk {
    _ = localeReady
    let start = Timestamp(utcYear: 2025, month: 5, day: 12, hour: 9)
    let desk = MemoryDesk(user: user, role: role, now: start)
    desk.apply([RecordedEvent(actor: "boss", at: start, event: .officeConfigured(DemoHistory.office))])
    desk.apply(
        DemoHistory.standards(effective: start).map {
            RecordedEvent(actor: "boss", at: start, event: .standardPublished($0))
        })
    return desk
}

let internationalNames = [
    "José Ñúñez-Müller", "Αλέξανδρος Παπαδόπουλος", "Екатерина Смирнова", "محمد عبد الله", "王小明", "山田太郎",
    "김민준", "Zoë 👩‍👩‍👧 Family",
]

@discardableResult
func receive(_ desk: MemoryDesk, name: String, summary: String, details: String = "", minutesLater: Int = 0)
    throws -> ComplaintID
{
    desk.now = desk.now.adding(minutes: minutesLater)
    let category = DemoHistory.office.categories.first!.id
    let events = try desk.execute(
        .receive(
            ComplaintIntake(
                channel: .counter, category: category, summary: summary, details: details,
                customer: Customer(name: name, email: "", phone: ""), receivedAt: desk.now)))
    guard case .complaintReceived(let id, _) = events[0].event else { throw XCTSkip("no id") }
    return id
}

/// Every row's text is exactly as wide as the screen (no cell spilled, nothing cut wrongly).
func assertRowsFit(_ buffer: ScreenBuffer, file: StaticString = #filePath, line: UInt = #line) {
    for row in 0..<buffer.rows {
        XCTAssertEqual(
            DisplayWidth.of(buffer.text(row: row)), buffer.columns, "row \(row)", file: file, line: line)
    }
}

final class DeskScreenTests: XCTestCase {
    let small = ScreenSize(rows: 24, columns: 80)
    let wide = ScreenSize(rows: 48, columns: 160)

    func testEmptyQueueShowsTheHintForNewDesks() throws {
        let app = try DeskRouter(desk: makeDesk())
        let lines = app.render(size: small).lines()
        XCTAssertEqual(lines[0].hasPrefix(" Complaint desk · "), true, lines[0])
        XCTAssertTrue(
            lines[0].hasSuffix("alice · clerk · 2025-05-12 11:00") || lines[0].contains("alice · clerk"))
        XCTAssertTrue(
            lines.joined(separator: " ").contains(
                "No complaints yet — press F2 to take one, or try a realistic history"))
        XCTAssertTrue(lines.joined(separator: " ").contains("--data /tmp/desk-demo`"))
        XCTAssertTrue(lines[23].hasPrefix("F1 Help F2 New"), lines[23])
    }

    func testQueueShowsEveryScriptAtBothSizes() throws {
        let desk = makeDesk()
        for (index, name) in internationalNames.enumerated() {
            try receive(desk, name: name, summary: "Complaint \(index) from \(name)", minutesLater: 5)
        }
        let app = try DeskRouter(desk: desk)
        for size in [small, wide] {
            let buffer = app.render(size: size)
            assertRowsFit(buffer)
            let lines = buffer.lines()
            XCTAssertTrue(lines[2].contains("ID       Age  Category"), lines[2])
            XCTAssertTrue(lines[1].contains("Queue · 8 · open"), lines[1])
            // Most urgent first: all on track, so the oldest first.
            XCTAssertTrue(lines[3].hasPrefix(" C-000001"), lines[3])
            XCTAssertTrue(lines[10].hasPrefix(" C-000008"), lines[10])
            // The selection bar is on the first row.
            XCTAssertEqual(buffer.roles(row: 3)[1], .selection)
            if size == wide {
                // An emoji ZWJ sequence is drawn as its parts side by side (TerminalUI's DisplayWidth).
                for name in internationalNames.map({
                    String(String.UnicodeScalarView($0.unicodeScalars.filter { $0 != "\u{200D}" }))
                }) {
                    XCTAssertTrue(
                        lines.contains { $0.contains(name) },
                        "\(name) missing:\n\(lines.joined(separator: "\n"))")
                }
            }
        }
        // At 80 columns the summary column still shows the CJK name, clipped by columns.
        let narrow = app.render(size: small).lines()
        XCTAssertTrue(narrow[7].contains("Complaint 4"), narrow[7])
    }

    func testSelectionStaysOnTheSameComplaintWhenTheListChangesLive() throws {
        let desk = makeDesk()
        for index in 0..<5 {
            try receive(desk, name: "Person \(index)", summary: "s\(index)", minutesLater: 1)
        }
        let app = try DeskRouter(desk: desk)
        _ = app.render(size: small)
        _ = app.handle(.down)
        _ = app.handle(.down)
        XCTAssertEqual(app.queue.selectedID, ComplaintID(3))
        // Another desk receives an older complaint (mail received last week): it sorts first.
        let other = desk.now.adding(minutes: -10_000)
        desk.apply([
            RecordedEvent(
                actor: "bob", at: desk.now,
                event: .complaintReceived(
                    ComplaintID(6),
                    ComplaintIntake(
                        channel: .mail, category: DemoHistory.office.categories.first!.id, summary: "older",
                        customer: Customer(name: "Old Letter", email: "", phone: ""), receivedAt: other)))
        ])
        _ = app.tick()  // The desk follows the log on its timer (and on the watcher's wake-ups).
        let lines = app.render(size: small).lines()
        XCTAssertEqual(app.queue.selectedID, ComplaintID(3))
        XCTAssertEqual(app.queue.selectedIndex, 3)
        XCTAssertTrue(lines[3].contains("C-000006"), lines[3])
        XCTAssertTrue(app.render(size: small).roles(row: 6).allSatisfy { $0 == .selection })
    }

    func testQueueIsSortedOnlyWhenSomethingChanged() throws {
        let desk = makeDesk()
        for index in 0..<30 { try receive(desk, name: "P\(index)", summary: "s", minutesLater: 1) }
        let app = try DeskRouter(desk: desk)
        _ = app.render(size: small)
        let sorted = app.queue.computations
        for key in [
            Key.down, .down, .pageDown, .up, .end, .home, .character("/"), .character("P"), .character("2"),
            .enter,
        ] {
            _ = app.handle(key)
            _ = app.render(size: small)
        }
        XCTAssertEqual(app.queue.computations, sorted, "the queue was sorted again for a key")
        XCTAssertEqual(app.queue.selectedID, ComplaintID(3))  // "P2" found.
        _ = app.handle(.character("s"))  // A filter changes: sorted once more.
        _ = app.render(size: small)
        XCTAssertEqual(app.queue.computations, sorted + 1)
    }

    func testDetailShowsCustomerTextClocksAndTimeline() throws {
        let desk = makeDesk()
        let id = try receive(
            desk, name: "Αλέξανδρος Παπαδόπουλος", summary: "Ο φάκελος χάθηκε",
            details: "First line\nSecond line 王小明")
        let app = try DeskRouter(desk: desk)
        app.openDetail(id)
        _ = app.handle(.character("c"))
        for size in [small, wide] {
            let buffer = app.render(size: size)
            assertRowsFit(buffer)
            let text = buffer.lines().joined(separator: "\n")
            XCTAssertTrue(text.contains("C-000001 — Αλέξανδρος Παπαδόπουλος"), text)
            XCTAssertTrue(text.contains("in progress · held by alice"), text)
            XCTAssertTrue(text.contains("Second line 王小明"), text)
            XCTAssertTrue(text.contains("business time left · on track"), text)
            XCTAssertTrue(text.contains("alice: claimed for alice"), text)
            XCTAssertTrue(text.contains("Claimed C-000001."), text)
        }
    }

    func testRespondThenCloseThroughPrompts() throws {
        let desk = makeDesk()
        let id = try receive(desk, name: "Екатерина Смирнова", summary: "Wrong bill")
        let app = try DeskRouter(desk: desk)
        app.openDetail(id)
        _ = app.handle(.character("x"))
        XCTAssertTrue(app.render(size: small).lines().joined().contains("Not now: respond first."))
        _ = app.handle(.character("r"))
        XCTAssertTrue(app.top is ComplaintActionView)
        _ = app.handle(.function(2))
        XCTAssertTrue(app.render(size: small).lines().joined().contains("reasons: must not be empty"))
        for c in "Bill corrected" { _ = app.handle(.character(c)) }
        _ = app.handle(.function(2))
        XCTAssertTrue(app.top is DetailView)
        XCTAssertEqual(desk.state.complaint(id)?.status, .responded)
        _ = app.handle(.character("x"))
        _ = app.handle(.function(2))
        XCTAssertEqual(desk.state.complaint(id)?.status, .closed)
        XCTAssertTrue(app.render(size: small).lines().joined(separator: "\n").contains("closed (accepted)"))
    }

    func testAConflictIsSaidInPlainWords() throws {
        let desk = makeDesk()
        let id = try receive(desk, name: "محمد عبد الله", summary: "Queue")
        let app = try DeskRouter(desk: desk)
        app.openDetail(id)
        _ = app.handle(.character("n"))  // The note prompt remembers the revision it saw.
        for c in "called back" { _ = app.handle(.character(c)) }
        // Meanwhile bob claims it at his desk.
        let revision = desk.state.complaint(id)!.revision
        desk.user = "bob"
        _ = try desk.execute(.claim(id, revision: revision))
        desk.user = "alice"
        _ = app.handle(.function(2))
        let text = app.render(size: small).lines().joined(separator: "\n")
        XCTAssertTrue(text.contains("Not done — someone else changed it first"), text)
        // The form and its text stay; saving again adds the note to the complaint as it is now.
        XCTAssertTrue(app.top is ComplaintActionView)
        XCTAssertTrue(text.contains("Note             called back"), text)
        _ = app.handle(.function(2))
        let detail = app.render(size: small).lines().joined(separator: "\n")
        XCTAssertTrue(detail.contains("held by bob"), detail)
        XCTAssertTrue(detail.contains("alice: internal note: called back"), detail)
    }

    func testIntakeFormSavesAndShowsTheReceipt() throws {
        let desk = makeDesk()
        let app = try DeskRouter(desk: desk)
        _ = app.handle(.function(2))
        XCTAssertTrue(app.top is IntakeView)
        for c in "山田太郎" { _ = app.handle(.character(c)) }
        _ = app.handle(.tab)
        for c in "taro@example.jp" { _ = app.handle(.character(c)) }
        for size in [small, wide] {
            let buffer = app.render(size: size)
            assertRowsFit(buffer)
            XCTAssertTrue(buffer.lines()[2].hasSuffix("Customer name    山田太郎"), buffer.lines()[2])
            XCTAssertEqual(buffer.cursor, ScreenPoint(row: 3, column: 18 + 15))
        }
        _ = app.handle(.function(2))
        XCTAssertTrue(app.top is IntakeView)
        XCTAssertTrue(app.render(size: small).lines().joined().contains("summary: must not be empty"))
        for c in "Lost parcel" { _ = app.handle(.character(c)) }
        _ = app.handle(.function(2))
        XCTAssertTrue(app.top is ReceiptView)
        let text = app.render(size: small).lines().joined(separator: "\n")
        XCTAssertTrue(text.contains("Reference: C-000001"), text)
        XCTAssertTrue(text.contains("What we promise:"), text)
        XCTAssertTrue(text.contains("Saved C-000001."), text)

        // The same customer again: found by email as the clerk types it.
        _ = app.handle(.function(2))
        _ = app.handle(.tab)
        for c in "TARO@example.jp" { _ = app.handle(.character(c)) }
        XCTAssertTrue(app.render(size: small).lines().joined().contains("Returning customer: 山田太郎"))
        _ = app.handle(.function(3))
        XCTAssertTrue(app.render(size: small).lines()[2].hasSuffix("山田太郎"))
    }

    func testViewerHasNoChangingActionsAndHelpListsKeys() throws {
        let desk = makeDesk(role: .viewer)
        XCTAssertThrowsError(try receive(desk, name: "x", summary: "y"))
        desk.role = .clerk
        try receive(desk, name: "Zoë", summary: "seen")
        desk.role = .viewer
        let app = try DeskRouter(desk: desk)
        XCTAssertFalse(app.render(size: small).lines()[23].contains("New"))
        _ = app.handle(.function(2))
        XCTAssertTrue(app.top is QueueView)
        _ = app.handle(.enter)
        XCTAssertFalse(app.render(size: small).lines()[23].contains("Claim"))
        _ = app.handle(.character("c"))
        XCTAssertEqual(desk.state.complaint(ComplaintID(1))?.holder, nil)
        _ = app.handle(.character("?"))
        let help = app.render(size: small).lines().joined(separator: "\n")
        XCTAssertTrue(help.contains("Keys — complaint C-000001 · viewer"), help)
        XCTAssertFalse(help.contains("Claim"), help)
    }

    func testAlarmBannerOnEveryScreen() throws {
        let desk = makeDesk()
        let id = try receive(desk, name: "a", summary: "b")
        desk.alarmText = "LOG ALARM: events.log was replaced"
        let app = try DeskRouter(desk: desk)
        var screens = [app.render(size: small)]
        app.openDetail(id)
        screens.append(app.render(size: small))
        _ = app.handle(.character("n"))
        screens.append(app.render(size: small))
        _ = app.handle(.function(1))
        screens.append(app.render(size: small))
        for buffer in screens {
            let row = buffer.lines().firstIndex { $0.contains("⚠ LOG ALARM: events.log was replaced") }
            XCTAssertNotNil(row, buffer.lines().joined(separator: "\n"))
            if let row { XCTAssertTrue(buffer.roles(row: row).contains(.statusError)) }
        }
    }

    func testWatchBoardShowsStandardsFigures() throws {
        let desk = makeDesk()
        try receive(desk, name: "a", summary: "b")
        let app = try DeskRouter(desk: desk, isBoard: true)
        let lines = app.render(size: small).lines()
        XCTAssertTrue(lines.contains { $0.contains("At a glance · May 2025") }, lines.joined(separator: "\n"))
        XCTAssertTrue(
            lines.contains {
                $0.contains("acknowledge: today — · month — (goal 95%) · met 0 missed 0 running 1")
            }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines[0].contains("· board ·"), lines[0])
        XCTAssertFalse(lines[23].contains("New"))
    }

    /// Item 2 of issue 11: the board's panel says, on 80×24, how many complaints are open by
    /// status, the oldest waiting and for how long, who holds what, and the latest events — masked.
    func testBoardGlanceSummarisesTheDeskMasked() throws {
        let desk = makeDesk(user: "alice")
        let first = try receive(desk, name: "Ruth Okonkwo-Baptiste", summary: "Lost parcel")
        let second = try receive(desk, name: "Samuel Lindqvist", summary: "Wrong bill", minutesLater: 30)
        let third = try receive(desk, name: "Imogen Featherstone", summary: "Late bus", minutesLater: 10)
        desk.now = desk.now.adding(minutes: 60)
        _ = try desk.execute(.acknowledge(second, revision: desk.state.complaint(second)!.revision))
        _ = try desk.execute(.claim(second, revision: desk.state.complaint(second)!.revision))
        desk.now = desk.now.adding(minutes: 5)
        _ = try desk.execute(.claim(third, revision: desk.state.complaint(third)!.revision))
        desk.now = desk.now.adding(minutes: 3 * 60 + 1)
        let app = try DeskRouter(desk: desk, isBoard: true)
        let lines = app.render(size: small).lines()
        let text = lines.joined(separator: "\n")
        XCTAssertTrue(
            text.contains("Open 3: received 1 · acknowledged 0 · in progress 2 · waiting 0 · responded 0"),
            text)
        XCTAssertTrue(text.contains("oldest waiting: \(first), 4h 46m"), text)
        XCTAssertTrue(text.contains("Held: alice 2 · unheld 1"), text)
        XCTAssertTrue(text.contains("05-12 11:45 \(third) · alice: claimed for alice"), text)
        XCTAssertTrue(text.contains("05-12 11:40 \(second) · alice: claimed for alice"), text)
        XCTAssertTrue(text.contains("05-12 11:40 \(second) · alice: acknowledged"), text)
        for id in [first, second, third] {
            XCTAssertTrue(lines.prefix(12).contains { $0.contains(id.description) }, "queue row for \(id)")
        }
        for name in ["Ruth", "Okonkwo", "Samuel", "Lindqvist", "Imogen", "Featherstone"] {
            XCTAssertFalse(text.contains(name), "\(name) on the board:\n\(text)")
        }
    }
}

final class DeskHostileScreenTests: XCTestCase {
    /// T9 on the desk's own screens: hostile text changes only the cells of its own fields.
    func testHostileTextChangesOnlyItsFields() throws {
        let size = ScreenSize(rows: 48, columns: 160)
        func screens(name: String, summary: String) throws -> (ScreenBuffer, ScreenBuffer) {
            let desk = makeDesk()
            let id = ComplaintID(1)
            desk.apply([
                RecordedEvent(
                    actor: "importer", at: desk.now,
                    event: .complaintReceived(
                        id,
                        ComplaintIntake(
                            channel: .mail, category: DemoHistory.office.categories.first!.id,
                            summary: summary,
                            customer: Customer(name: name, email: "", phone: ""), receivedAt: desk.now)))
            ])
            let app = try DeskRouter(desk: desk)
            let queue = app.render(size: size)
            app.openDetail(id)
            return (queue, app.render(size: size))
        }
        let (plainQueue, plainDetail) = try screens(name: "X", summary: "Y")
        for text in HostileText.corpus {
            let (queue, detail) = try screens(name: text, summary: text)
            for row in 0..<size.rows where row != 3 {
                XCTAssertEqual(queue.row(row), plainQueue.row(row), "queue row \(row) changed")
            }
            // The complaint's own row: id, age, category, status, due and holder columns unchanged.
            XCTAssertEqual(Array(queue.row(3).prefix(80)), Array(plainQueue.row(3).prefix(80)))
            // The detail wraps the hostile text over as many lines as it takes (everything stays
            // readable), so later paragraphs move down; but the header and key bar stay, and the
            // label column only ever holds the desk's own labels.
            for row in [0, size.rows - 1] {
                XCTAssertEqual(detail.row(row), plainDetail.row(row), "detail row \(row) changed")
            }
            let labels = Set((0..<size.rows).map { String(plainDetail.text(row: $0).prefix(16)) })
            for row in 2..<(size.rows - 2) {
                let label = String(detail.text(row: row).prefix(16))
                XCTAssertTrue(
                    labels.contains(label) || label.trimmingCharacters(in: .whitespaces).isEmpty
                        || label.hasPrefix(" 05-12"),
                    "hostile text reached the label column in row \(row): \(label)")
            }
            for buffer in [queue, detail] {
                for row in 0..<size.rows {
                    for cell in buffer.row(row) {
                        XCTAssertFalse(
                            cell.text.unicodeScalars.contains {
                                $0.value < 0x20 || (0x7F..<0xA0).contains($0.value)
                            })
                    }
                }
            }
        }
    }
}

final class KnownCustomerByNameTests: XCTestCase {
    func testTypingANameFindsAKnownCustomerAndF3UsesTheirDetails() throws {
        let desk = makeDesk()
        _ = try desk.execute(
            .receive(
                ComplaintIntake(
                    channel: .phone, category: DemoHistory.office.categories.first!.id,
                    summary: "Letter lost",
                    customer: Customer(
                        name: "Екатерина Смирнова", email: "e.smirnova@example.org", phone: "+44 20 7946 0001"
                    ),
                    receivedAt: desk.now)))
        let app = try DeskRouter(desk: desk)
        _ = app.handle(.function(2))
        for c in "Смир" { _ = app.handle(.character(c)) }
        let screen = app.render(size: ScreenSize(rows: 24, columns: 80)).lines().joined(separator: "\n")
        XCTAssertTrue(screen.contains("Known customer: Екатерина Смирнова (e.smirnova@example.org"), screen)
        _ = app.handle(.function(3))
        let filled = app.render(size: ScreenSize(rows: 24, columns: 80)).lines().joined(separator: "\n")
        XCTAssertTrue(filled.contains("e.smirnova@example.org"), filled)
        XCTAssertTrue(filled.contains("Customer name    Екатерина Смирнова"), filled)

        // Someone new: no note.
        _ = app.handle(.escape)
        _ = app.handle(.character("y"))
        _ = app.handle(.function(2))
        for c in "Zed" { _ = app.handle(.character(c)) }
        XCTAssertFalse(
            app.render(size: ScreenSize(rows: 24, columns: 80)).lines().joined().contains("Known customer"))
    }
}

final class OverdueClockWordingTests: XCTestCase {
    func testAnOverdueClockSaysHowFarPastDueItIs() throws {
        let desk = makeDesk()
        let id = try receive(desk, name: "Екатерина Смирнова", summary: "No reply")
        // Five working days later, nobody has acknowledged it (the target is two).
        desk.now = desk.now.adding(minutes: 7 * 1440)
        let app = try DeskRouter(desk: desk)
        app.openDetail(id)
        let text = app.render(size: ScreenSize(rows: 24, columns: 80)).lines().joined(separator: "\n")
        XCTAssertTrue(text.contains("business time past due · overdue"), text)
        XCTAssertNil(
            text.range(of: "· -[0-9]", options: .regularExpression), "no negative time left: \(text)")
    }
}
