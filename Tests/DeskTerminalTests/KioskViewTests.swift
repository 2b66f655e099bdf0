import Desk
import DeskCore
import DeskTestSupport
import Foundation
import TerminalUI
import XCTest

@testable import DeskTerminal

/// The survey kiosk on a desk in memory with a manual clock: whole screens against golden files
/// (text and roles) at 80×24 — the standards while idle, a statement, the comment, the
/// thank-you, the neutral screen after the quiet timeout — and the keys it ignores.
final class KioskViewTests: XCTestCase {
    static let size = ScreenSize(rows: 24, columns: 80)

    func check(_ kiosk: KioskScreen, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let buffer = kiosk.render(size: Self.size)
        assertRowsFit(buffer, file: file, line: line)
        GoldenScreen.assertMatches(
            buffer, named: "\(name)-80x24", in: GoldenScreenTests.golden, file: file, line: line)
    }

    func text(_ kiosk: KioskScreen) -> String {
        kiosk.render(size: Self.size).lines().joined(separator: "\n")
    }

    /// A complaint responded to, and the clerk's hand-over of it to the kiosk at counter c1.
    func handedOver(_ desk: MemoryDesk, counter: String = "c1") throws -> ComplaintID {
        let id = try receive(desk, name: "Ann Lee", summary: "Bin not collected")
        desk.now = desk.now.adding(minutes: 30)
        _ = try desk.execute(
            .respond(
                id, revision: desk.state.complaint(id)!.revision, decision: .upheld,
                reasons: "Collected today",
                remedyOffered: ""))
        _ = try desk.execute(.offerSurvey(id, channel: .kiosk, counter: counter))
        return id
    }

    /// Keys a customer might try to leave or stop the kiosk with.
    static let barrage: [Key] =
        [
            .escape, .character("q"), .character("Q"), .control("c"), .control("z"), .control("d"), .tab, .up,
            .down,
        ]
        + (1...12).map { .function($0) }

    func testIdleShowsThePostedStandardsAndAHandOverStartsTheSurvey() throws {
        let desk = makeDesk()
        let kiosk = KioskScreen(desk: desk, counter: "c1")
        XCTAssertEqual(kiosk.mode, .idle)
        check(kiosk, "kiosk-idle")
        XCTAssertTrue(text(kiosk).contains("We will acknowledge your complaint within 2 working days."))
        for key in Self.barrage { _ = kiosk.handle(key) }
        XCTAssertEqual(kiosk.mode, .idle)

        // Another counter's hand-over is not this kiosk's.
        let other = try handedOver(desk, counter: "c2")
        _ = kiosk.tick()
        XCTAssertEqual(kiosk.mode, .idle)
        _ = try desk.execute(.offerSurvey(other, channel: .kiosk, counter: "c1"))
        _ = kiosk.wakeUp()
        XCTAssertEqual(kiosk.mode, .statement(0))
        XCTAssertEqual(kiosk.complaint, other)
        check(kiosk, "kiosk-statement")
        // Nothing of the complaint or the clerk is on the customer's screen.
        XCTAssertFalse(text(kiosk).contains("Ann Lee"))
        XCTAssertFalse(text(kiosk).contains(other.description))
        XCTAssertFalse(text(kiosk).contains("alice"))
    }

    func testACustomerAnswersEveryStatementAndTheAnswersAreTheirs() throws {
        let desk = makeDesk()
        let id = try handedOver(desk)
        let kiosk = KioskScreen(desk: desk, counter: "c1")
        XCTAssertEqual(kiosk.mode, .statement(0))
        // Enter with nothing chosen does nothing; the barrage does nothing.
        _ = kiosk.handle(.enter)
        for key in Self.barrage { _ = kiosk.handle(key) }
        XCTAssertEqual(kiosk.mode, .statement(0))
        _ = kiosk.handle(.character("5"))
        check(kiosk, "kiosk-statement-chosen")
        _ = kiosk.handle(.enter)
        XCTAssertEqual(kiosk.mode, .statement(1))
        // Arrows: from nothing → 3, ← 2, then Enter.
        _ = kiosk.handle(.right)
        XCTAssertEqual(kiosk.choice, 3)
        _ = kiosk.handle(.left)
        _ = kiosk.handle(.enter)
        // Backspace goes back, keeping the answer given.
        _ = kiosk.handle(.backspace)
        XCTAssertEqual(kiosk.mode, .statement(1))
        XCTAssertEqual(kiosk.choice, 2)
        _ = kiosk.handle(.enter)
        _ = kiosk.handle(.character(" "))  // effectiveness: no answer
        for digit in "4444" {
            _ = kiosk.handle(.character(digit))
            _ = kiosk.handle(.enter)
        }
        XCTAssertEqual(kiosk.mode, .comment)
        for character in "Quick, thank you" { _ = kiosk.handle(.character(character)) }
        // In the comment letters are typing; every other key of the barrage changes nothing.
        for key in Self.barrage {
            if case .character = key { continue }
            _ = kiosk.handle(key)
        }
        XCTAssertEqual(kiosk.comment.text, "Quick, thank you")
        check(kiosk, "kiosk-comment")
        desk.now = desk.now.adding(minutes: 1)
        _ = kiosk.handle(.enter)
        XCTAssertEqual(kiosk.mode, .thanks)
        check(kiosk, "kiosk-thanks")
        XCTAssertNil(kiosk.lastProblem)

        let complaint = desk.state.complaint(id)!
        XCTAssertTrue(complaint.surveyed)
        guard
            case .surveyRecorded(_, let channel, let answers) = desk.events(of: id).last.flatMap({
                try? $0.1.get()
            })?.event
        else { return XCTFail("no survey recorded") }
        XCTAssertEqual(channel, .kiosk)
        XCTAssertEqual(answers[.satisfaction], 5)
        XCTAssertEqual(answers[.trust], 2)
        XCTAssertNil(answers[.effectiveness])
        XCTAssertEqual(answers[.employeeHelpfulness], 4)
        XCTAssertEqual(answers.freeText, ["Quick, thank you"])
        XCTAssertEqual(answers.answeredAt, desk.now)

        // The thank-you, then the neutral screen, then the standards again.
        desk.now = desk.now.adding(milliseconds: KioskScreen.thanksSeconds * 1000)
        _ = kiosk.tick()
        XCTAssertEqual(kiosk.mode, .neutral)
        desk.now = desk.now.adding(milliseconds: KioskScreen.neutralSeconds * 1000)
        _ = kiosk.tick()
        XCTAssertEqual(kiosk.mode, .idle)
        // The answered hand-over is not shown again.
        _ = kiosk.wakeUp()
        XCTAssertEqual(kiosk.mode, .idle)
    }

    func testAQuietCustomerLeavesANeutralScreenAndNothingRecorded() throws {
        let desk = makeDesk()
        let id = try handedOver(desk)
        let kiosk = KioskScreen(desk: desk, counter: "c1", quietTimeoutSeconds: 30)
        _ = kiosk.handle(.character("4"))
        _ = kiosk.handle(.enter)
        desk.now = desk.now.adding(milliseconds: 29_000)
        _ = kiosk.tick()
        XCTAssertEqual(kiosk.mode, .statement(1))
        desk.now = desk.now.adding(milliseconds: 1_000)
        _ = kiosk.tick()
        XCTAssertEqual(kiosk.mode, .neutral)
        check(kiosk, "kiosk-neutral")
        XCTAssertFalse(desk.state.complaint(id)!.surveyed)
        desk.now = desk.now.adding(milliseconds: KioskScreen.neutralSeconds * 1000)
        _ = kiosk.tick()
        XCTAssertEqual(kiosk.mode, .idle)
        // The clerk hands it over again: the kiosk shows it again, from the first statement.
        _ = try desk.execute(.offerSurvey(id, channel: .kiosk, counter: "c1"))
        _ = kiosk.wakeUp()
        XCTAssertEqual(kiosk.mode, .statement(0))
        XCTAssertNil(kiosk.choice)
    }

    func testTheOfficesQuietTimeoutIsTheKiosksUnlessGiven() throws {
        let desk = makeDesk()
        var office = DemoHistory.office
        office.kioskQuietTimeoutSeconds = 45
        desk.apply([RecordedEvent(actor: "boss", at: desk.now, event: .officeConfigured(office))])
        XCTAssertEqual(KioskScreen(desk: desk, counter: "c1").quietTimeoutSeconds, 45)
        XCTAssertEqual(
            KioskScreen(desk: desk, counter: "c1", quietTimeoutSeconds: 20).quietTimeoutSeconds, 20)
    }

    func testAStaleHandOverIsNotShownByAKioskStartedLater() throws {
        let desk = makeDesk()
        _ = try handedOver(desk)
        desk.now = desk.now.adding(minutes: 60)
        XCTAssertEqual(KioskScreen(desk: desk, counter: "c1").mode, .idle)
    }
}

/// A clerk's own terminal handed to the customer with `v`: the survey screen, and back to the
/// desk only with the clerk's PIN.
final class HandedOverTerminalTests: XCTestCase {
    func responded(_ desk: MemoryDesk) throws -> ComplaintID {
        let id = try receive(desk, name: "Ann Lee", summary: "Bin not collected")
        desk.now = desk.now.adding(minutes: 30)
        _ = try desk.execute(
            .respond(
                id, revision: desk.state.complaint(id)!.revision, decision: .upheld,
                reasons: "Collected today",
                remedyOffered: ""))
        return id
    }

    func router(_ desk: MemoryDesk, counter: String?, pin: String?) throws -> (DeskRouter, () -> [Bool]) {
        let router = try DeskRouter(desk: desk)
        var signals: [Bool] = []
        var setup = KioskSetup(counter: counter)
        setup.hasPIN = { pin != nil }
        setup.checkPIN = { $0 == pin }
        setup.keyboardSignals = { signals.append($0) }
        router.environment.kiosk = setup
        return (router, { signals })
    }

    func testVIsOfferedOnlyAfterAResponseAndNeverOnTheBoard() throws {
        let desk = makeDesk()
        let id = try receive(desk, name: "Ann Lee", summary: "Bin not collected")
        let (router, _) = try router(desk, counter: nil, pin: "2468")
        router.openDetail(id)
        press(router, .character("v"))
        XCTAssertTrue(screen(router).contains("Not now: the survey comes after a response."), screen(router))
        let board = try DeskRouter(desk: desk, isBoard: true)
        board.openDetail(id)
        press(board, .character("v"))
        XCTAssertNil(board.handedOver)
        XCTAssertFalse(screen(board).contains("Hand the survey"))
    }

    func testWithoutAPINTheTerminalIsNotHandedOver() throws {
        let desk = makeDesk()
        let id = try responded(desk)
        let (router, _) = try router(desk, counter: nil, pin: nil)
        router.openDetail(id)
        press(router, .character("v"))
        XCTAssertNil(router.handedOver)
        XCTAssertTrue(screen(router).contains("set your PIN first with `desk pin`"), screen(router))
    }

    func testTheTerminalComesBackOnlyWithTheRightPIN() throws {
        let desk = makeDesk()
        let id = try responded(desk)
        let (router, signals) = try router(desk, counter: "c1", pin: "2468")
        router.openDetail(id)
        press(router, .character("v"))
        XCTAssertTrue(screen(router).contains("k   the kiosk at counter c1"), screen(router))
        press(router, .character("t"))
        guard let kiosk = router.handedOver else { return XCTFail("not handed over") }
        XCTAssertEqual(signals(), [false])
        XCTAssertEqual(kiosk.mode, .statement(0))
        // The whole screen is the survey: no header, no clerk, no key bar.
        let shown = screen(router)
        XCTAssertTrue(shown.contains("Statement 1 of 7"), shown)
        XCTAssertFalse(shown.contains("alice"), shown)
        XCTAssertFalse(shown.contains("Complaint desk"), shown)
        // The offer is recorded, to no kiosk's counter.
        XCTAssertNil(desk.state.pendingKioskHandOver(counter: "c1"))
        // Digits answer statements here; the PIN is not taken during the survey.
        for key in KioskViewTests.barrage { press(router, key) }
        XCTAssertNotNil(router.handedOver)
        for _ in 0..<7 { press(router, .character("3"), .enter) }
        press(router, .enter)  // no comment
        XCTAssertEqual(kiosk.mode, .thanks)
        desk.now = desk.now.adding(milliseconds: KioskScreen.thanksSeconds * 1000)
        _ = router.tick()
        XCTAssertEqual(kiosk.mode, .neutral)
        GoldenScreen.assertMatches(
            router.render(size: KioskViewTests.size), named: "kiosk-handed-over-neutral-80x24",
            in: GoldenScreenTests.golden)
        // A wrong PIN is refused and the neutral screen stays.
        type(router, "1357")
        press(router, .enter)
        XCTAssertNotNil(router.handedOver)
        XCTAssertTrue(screen(router).contains("That is not your PIN or password."), screen(router))
        for key in KioskViewTests.barrage { press(router, key) }
        XCTAssertNotNil(router.handedOver)
        // The neutral screen stays however long it waits.
        desk.now = desk.now.adding(minutes: 60)
        _ = router.tick()
        XCTAssertNotNil(router.handedOver)
        type(router, "2468")
        press(router, .enter)
        XCTAssertNil(router.handedOver)
        XCTAssertEqual(signals(), [false, true])
        XCTAssertTrue(
            screen(router).contains("Your terminal is back; the customer answered the survey of \(id)."),
            screen(router))
        XCTAssertTrue(desk.state.complaint(id)!.surveyed)
        XCTAssertTrue(screen(router).contains("survey answered by kiosk"), screen(router))
    }

    func testTheKioskChoiceRecordsAHandOverToTheCounter() throws {
        let desk = makeDesk()
        let id = try responded(desk)
        let (router, _) = try router(desk, counter: "c1", pin: nil)
        router.openDetail(id)
        press(router, .character("v"), .character("k"))
        XCTAssertNil(router.handedOver)
        XCTAssertEqual(desk.state.pendingKioskHandOver(counter: "c1")?.complaint, id)
        XCTAssertTrue(
            screen(router).contains("Handed \(id)'s survey to the kiosk at counter c1"), screen(router))
        XCTAssertTrue(screen(router).contains("survey handed over to the kiosk at c1"), screen(router))
    }

    func testTheClerksFormKeepsWhenTheCustomerAnswered() throws {
        let desk = makeDesk()
        let id = try responded(desk)
        let respondedAt = desk.now
        desk.now = desk.now.adding(minutes: 60)
        let router = try DeskRouter(desk: desk)
        router.openDetail(id)
        press(router, .character("u"), .tab)
        type(router, "4")
        for _ in 0..<8 { press(router, .tab) }  // past the statements and the comment
        type(router, "25:00")
        press(router, .function(2))
        XCTAssertTrue(screen(router).contains("is not a time; write HH:MM"), screen(router))
        for _ in 0..<5 { press(router, .backspace) }
        let calendar = desk.state.office!.calendar
        let local = calendar.localTime(of: respondedAt.adding(minutes: 15))
        type(
            router,
            "\(local.hour < 10 ? "0" : "")\(local.hour):\(local.minute < 10 ? "0" : "")\(local.minute)")
        press(router, .function(2))
        XCTAssertTrue(
            screen(router).contains("Recorded the survey answers for \(id) (by phone)."), screen(router))
        guard
            case .surveyRecorded(_, .phone, let answers) = desk.events(of: id).last.flatMap({
                try? $0.1.get()
            })?.event
        else { return XCTFail("no survey recorded") }
        XCTAssertEqual(answers.answeredAt, respondedAt.adding(minutes: 15))
    }
}
