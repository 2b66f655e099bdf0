import Desk
import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import TerminalUI
import XCTest

@testable import DeskTerminal

/// What the views do key by key, on a desk in memory.
final class ViewBehaviourTests: XCTestCase {
    let size = ScreenSize(rows: 24, columns: 80)

    @discardableResult
    func receive(
        _ desk: MemoryDesk, _ name: String, email: String = "", phone: String = "",
        category: String = "parking"
    )
        throws -> ComplaintID
    {
        desk.now = desk.now.adding(minutes: 1)
        let events = try desk.execute(
            .receive(
                ComplaintIntake(
                    channel: .counter, category: category, summary: "About \(name)",
                    customer: Customer(name: name, email: email, phone: phone), receivedAt: desk.now)))
        guard case .complaintReceived(let id, _) = events[0].event else { throw XCTSkip("no id") }
        return id
    }

    func testSearchFindsEmailAndPhoneIgnoresAccentsAndCaseAndGoesBackwards() throws {
        let desk = makeDesk()
        try receive(desk, "Ann Lee", email: "ann@example.org")
        let jose = try receive(desk, "José Ñúñez-Müller")
        let phone = try receive(desk, "Bo Chan", phone: "+44 161 496 0000")
        let second = try receive(desk, "Maria Nunez")
        let router = try DeskRouter(desk: desk)
        _ = router.render(size: size)
        press(router, .character("/"))
        type(router, "NUÑEZ")
        XCTAssertEqual(router.queue.selectedID, jose, "accents and case are ignored")
        press(router, .enter)
        press(router, .character("n"))
        XCTAssertEqual(router.queue.selectedID, second, "n finds the next match")
        press(router, .character("N"))
        XCTAssertEqual(router.queue.selectedID, jose, "N searches backwards")
        press(router, .character("N"))
        XCTAssertEqual(router.queue.selectedID, second, "backwards wraps around")
        press(router, .character("/"))
        type(router, "1614960")
        XCTAssertEqual(router.queue.selectedID, phone, "phone digits match without spaces")
        press(router, .escape)
        press(router, .character("/"))
        type(router, "ANN@EXAMPLE")
        XCTAssertEqual(router.queue.selectedID, ComplaintID(1), "e-mail is searched")
        type(router, "zzz")
        XCTAssertTrue(router.queue.search?.missed == true)
        press(router, .enter)
        XCTAssertTrue(
            screen(router).contains("Not found: ann@examplezzz") || screen(router).contains("Not found"))
    }

    func testAcknowledgingStaysPossibleAfterAClaimOrAnAssessmentUntilRecorded() throws {
        let desk = makeDesk()
        let id = try receive(desk, "Ann Lee")
        let router = try DeskRouter(desk: desk)
        router.openDetail(id)
        press(router, .character("c"))
        XCTAssertEqual(desk.state.complaint(id)?.status, .inProgress)
        press(router, .character("s"), .function(2))
        XCTAssertNil(desk.state.complaint(id)?.acknowledgedAt)
        press(router, .character("a"))
        XCTAssertNotNil(desk.state.complaint(id)?.acknowledgedAt, screen(router))
        press(router, .character("a"))
        XCTAssertTrue(screen(router).contains("Not now: already acknowledged."), screen(router))
    }

    func testTheReturningKeyShowsOnlyWhereItDoesSomething() throws {
        let desk = makeDesk()
        let id = try receive(desk, "Екатерина Смирнова", email: "e.smirnova@example.org")
        let router = try DeskRouter(desk: desk)
        press(router, .function(2))
        XCTAssertFalse(screen(router).contains("F3 Returning"), "nobody typed yet")
        type(router, "Zed")
        XCTAssertFalse(screen(router).contains("F3 Returning"), "nobody known by that name")
        press(router, .control("u"))
        type(router, "Смир")
        XCTAssertTrue(screen(router).contains("F3 Returning"), screen(router))
        press(router, .escape, .character("y"))
        router.openDetail(id)
        press(router, .character("n"))
        XCTAssertTrue(router.top is ComplaintActionView)
        XCTAssertFalse(screen(router).contains("Returning"), "an action's form has no returning customer")
    }

    func testEscOnAFilledFormAsksAndNoKeepsEveryCharacter() throws {
        let router = try DeskRouter(desk: makeDesk())
        press(router, .function(2))
        press(router, .escape)
        XCTAssertTrue(router.top is QueueView, "an empty form just closes")
        press(router, .function(2))
        type(router, "Ολυμπία")
        press(router, .tab)
        type(router, "o@example.gr")
        press(router, .escape)
        XCTAssertTrue(router.top is ConfirmView)
        press(router, .character("n"))
        let form = try XCTUnwrap(router.top as? IntakeView).form
        XCTAssertEqual(form.value("name"), "Ολυμπία")
        XCTAssertEqual(form.value("email"), "o@example.gr")
        press(router, .escape, .character("y"))
        XCTAssertTrue(router.top is QueueView)
        XCTAssertTrue(screen(router).contains("The form was discarded; nothing was saved."))
    }

    func testTheAlarmLineLeavesThePositionCounter() throws {
        let desk = makeDesk()
        for index in 0..<30 { try receive(desk, "Person \(index)") }
        desk.alarmText =
            "LOG ALARM: events.log was replaced by another file; every figure on screen is suspect"
        let router = try DeskRouter(desk: desk)
        let row = router.render(size: size).lines()[1]
        XCTAssertTrue(row.hasSuffix("1–19 of 30"), row)
        XCTAssertTrue(row.contains("⚠ LOG ALARM: events.log was replaced"), row)
    }

    func testAThemeProblemIsSaidOnTheFirstScreen() throws {
        let router = try DeskRouter(
            desk: makeDesk(),
            notices: ["Theme: themes/x.toml:3: unknown colour \"reed\" — using the default theme."])
        XCTAssertTrue(screen(router).contains("Theme: themes/x.toml:3: unknown colour"), screen(router))
    }

    func testHelpFromTheQueueJudgesTheQueueNotItself() throws {
        let desk = makeDesk()
        try receive(desk, "Ann Lee")
        let router = try DeskRouter(desk: desk)
        press(router, .character("?"))
        XCTAssertTrue(router.top is HelpView)
        XCTAssertFalse(screen(router).contains("the queue is empty"), screen(router))
        press(router, .escape)
        XCTAssertTrue(router.top is QueueView)
    }

    func testALongMessageCanBeReadWhole() throws {
        let desk = makeDesk()
        let id = try receive(desk, "Ann Lee")
        let router = try DeskRouter(desk: desk)
        router.openDetail(id)
        press(router, .character("r"), .function(2))
        let cut = screen(router)
        XCTAssertTrue(cut.contains("F9 reads it all") || cut.contains("put right the field"), cut)
        press(router, .function(9))
        XCTAssertTrue(router.top is MessagesView)
        XCTAssertTrue(screen(router).contains("Not done: put right the field marked below."), screen(router))
    }

    /// A configuration with fewer categories, published while the intake form is open, neither
    /// crashes the desk nor files the complaint under another category.
    func testFewerCategoriesPublishedWhileTheFormIsOpen() throws {
        let desk = makeDesk()
        let router = try DeskRouter(desk: desk)
        press(router, .function(2))
        type(router, "Ann Lee")
        for _ in 0..<5 { press(router, .tab) }  // Category.
        press(router, .character("n"))  // Noise.
        XCTAssertEqual((router.top as? IntakeView)?.form.value("category"), "noise")
        press(router, .tab)
        type(router, "Music at night")
        var fewer = DemoHistory.office
        fewer = OfficeConfiguration(
            name: fewer.name, calendar: fewer.calendar,
            categories: [Category(id: "parking", title: "Parking and permits")],
            version: 2)
        desk.apply([RecordedEvent(actor: "boss", at: desk.now, event: .officeConfigured(fewer))])
        _ = router.tick()
        var text = screen(router)
        XCTAssertTrue(text.contains("noise (no longer offered)"), text)
        press(router, .function(2))
        XCTAssertEqual(
            desk.state.complaintCount, 0, "nothing filed under a category the office no longer has")
        text = screen(router)
        XCTAssertTrue(text.contains("“noise” is no longer offered"), text)
        XCTAssertTrue(text.contains("Music at night"), "the typed text stays")
        // The focus went to the category: choose one the office has now, then save.
        press(router, .right)
        press(router, .function(2))
        XCTAssertEqual(desk.state.complaintCount, 1)
        XCTAssertEqual(desk.state.complaint(ComplaintID(1))?.category, "parking")
    }

    /// A record of the timeline damaged on disk after the replay is named on the detail, with
    /// its offset and what was wrong, in the error colour; the records around it still show.
    func testTheDetailWarnsOfATimelineRecordItCannotRead() throws {
        let data = try TemporaryDirectory(prefix: "desk-timeline")
        let session = try DeskSession.open(
            DataDirectory(path: data.path), access: .readWrite, identity: Identity(user: "maria", groups: []),
            verifyChainInBackground: false)
        let intake = ComplaintIntake(
            channel: .counter, category: "payments", summary: "Card refused twice",
            details: "The machine took the card and refused it", customer: Customer(name: "Ana Sousa"),
            receivedAt: session.clock.now)
        try session.execute(.receive(intake))
        let id = ComplaintID(1)
        try session.execute(.claim(id, revision: try XCTUnwrap(session.state.complaint(id)?.revision)))
        let arrival = try XCTUnwrap(session.state.timeline(of: id).first)
        var offset: Int64 = -1
        _ = try EventLog.verify(path: data.file("events.log")) { record in
            if record.sequence == arrival { offset = record.offset }
        }
        let router = try DeskRouter(desk: SessionDesk(session: session))
        router.openDetail(id)
        XCTAssertTrue(screen(router).contains("The machine took the card"), screen(router))

        // A failing disk changes a byte of the arrival's record.
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: data.file("events.log")))
        let position = UInt64(offset) + UInt64(RecordFormat.recordHeaderSize) + 2
        try handle.seek(toOffset: position)
        let byte = try XCTUnwrap(handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: position)
        try handle.write(contentsOf: [byte ^ 0x5A])
        try handle.close()
        let detail = DetailView(environment: router.environment, id: id)
        detail.reload()
        let warnings = detail.paragraphs.filter { $0.role == .statusError }
        XCTAssertEqual(warnings.count, 1, "\(detail.paragraphs.map(\.text))")
        let warning = try XCTUnwrap(warnings.first).text
        XCTAssertTrue(warning.contains("record \(arrival) at byte \(offset)"), warning)
        XCTAssertTrue(warning.contains("checksum"), warning)
        XCTAssertTrue(
            detail.paragraphs.contains { $0.text.contains("claimed for maria") }, "the claim still shows")
    }
}
