import Desk
import DeskCore
import DeskTestSupport
import Foundation
import TerminalUI
import XCTest

@testable import DeskTerminal

/// Staff barriers and ideas (`b` on the queue) and recorded survey answers (`u` on a complaint),
/// key by key on a desk in memory, and their golden screens.
final class StaffIdeasViewTests: XCTestCase {
    let size = ScreenSize(rows: 24, columns: 80)

    func check(_ router: DeskRouter, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        for size in GoldenScreenTests.sizes {
            GoldenScreen.assertMatches(
                router.render(size: size), named: "\(name)-\(size.columns)x\(size.rows)",
                in: GoldenScreenTests.golden, file: file, line: line)
        }
    }

    /// Three ideas: one named and adopted with a note, one anonymous barrier, one just submitted.
    func deskWithIdeas(role: DeskRole = .clerk) throws -> MemoryDesk {
        let desk = makeDesk(user: "alice", role: role)
        let at = desk.now
        desk.apply([
            RecordedEvent(
                actor: "bob", at: at,
                event: .staffIdeaSubmitted(
                    StaffIdeaID(1), kind: .idea, text: "Print the posted standards on the back of the receipt"
                )),
            RecordedEvent(
                actor: "boss", at: at.adding(minutes: 60),
                event: .staffIdeaStatusChanged(
                    StaffIdeaID(1), status: .adopted, note: "From next month's paper order")),
            RecordedEvent(
                actor: "", at: at.adding(minutes: 90),
                event: .staffIdeaSubmitted(
                    StaffIdeaID(2), kind: .barrier,
                    text: "The queue ticket printer jams every morning, so customers wait without a number")),
            RecordedEvent(
                actor: "carol", at: at.adding(minutes: 120),
                event: .staffIdeaSubmitted(StaffIdeaID(3), kind: .idea, text: "A bench by the counter")),
        ])
        desk.now = at.adding(minutes: 180)
        return desk
    }

    func testTheListShowsEveryIdeaWithItsStatusNoteAndNoNameForAnAnonymousOne() throws {
        let router = try DeskRouter(desk: try deskWithIdeas())
        press(router, .character("b"))
        let text = screen(router)
        XCTAssertTrue(text.contains("Staff barriers and ideas · 1 barriers · 2 ideas"), text)
        XCTAssertTrue(text.contains("S-0001 idea    adopted · bob"), text)
        XCTAssertTrue(text.contains("Note by boss, 2025-05-12 11:00: From next month's paper order"), text)
        XCTAssertTrue(text.contains("S-0002 barrier submitted · anonymous"), text)
        XCTAssertTrue(text.contains("S-0003 idea    submitted · carol"), text)
        XCTAssertLessThan(
            try XCTUnwrap(text.range(of: "S-0003")).lowerBound,
            try XCTUnwrap(text.range(of: "S-0001")).lowerBound,
            "newest first")
        check(router, "ideas")
    }

    func testAClerkRaisesAnAnonymousBarrierAndNoAccountIsRecorded() throws {
        let desk = makeDesk(user: "alice")
        let router = try DeskRouter(desk: desk)
        press(router, .character("b"))
        XCTAssertTrue(screen(router).contains("No barriers or ideas yet"), screen(router))
        press(router, .character("n"))
        check(router, "ideas-raise")
        type(router, "b")  // Kind: barrier.
        press(router, .tab)
        type(router, "Forms run out by noon")
        press(router, .tab)
        type(router, "a")  // Anonymous.
        XCTAssertTrue(screen(router).contains("anonymous (no account recorded"), screen(router))
        press(router, .function(2))
        let text = screen(router)
        XCTAssertTrue(text.contains("Recorded S-0001 anonymously: a barrier."), text)
        XCTAssertTrue(text.contains("S-0001 barrier submitted · anonymous"), text)
        let idea = try XCTUnwrap(desk.state.staffIdea(StaffIdeaID(1)))
        XCTAssertNil(idea.submittedBy)
        XCTAssertEqual(idea.kind, .barrier)
        XCTAssertEqual(idea.text, "Forms run out by noon")
        XCTAssertFalse(text.contains("alice ·") && text.contains("S-0001 barrier submitted · alice"), text)
    }

    func testANamedIdeaRecordsTheClerkAndAnEmptyTextIsRefusedOnTheForm() throws {
        let desk = makeDesk(user: "alice")
        let router = try DeskRouter(desk: desk)
        press(router, .character("b"), .character("n"), .function(2))
        XCTAssertTrue(screen(router).contains("↳"), "the empty text is marked: \(screen(router))")
        XCTAssertTrue(desk.state.staffIdeas.isEmpty)
        type(router, "Longer opening on Thursdays")  // The focus is on the field refused.
        press(router, .function(2))
        let idea = try XCTUnwrap(desk.state.staffIdea(StaffIdeaID(1)))
        XCTAssertEqual(idea.submittedBy, "alice")
        XCTAssertEqual(idea.kind, .barrier)
        XCTAssertEqual(idea.text, "Longer opening on Thursdays")
        XCTAssertTrue(screen(router).contains("S-0001 barrier submitted · alice"), screen(router))
    }

    func testTheBoardShowsIdeasButRaisesNone() throws {
        let router = try DeskRouter(desk: makeDesk(), isBoard: true)
        press(router, .character("b"))
        XCTAssertTrue(screen(router).contains("No barriers or ideas yet."), screen(router))
        XCTAssertFalse(screen(router).contains("Press n"), screen(router))
        press(router, .character("n"))
        XCTAssertFalse(screen(router).contains("Raise a barrier"), screen(router))
        XCTAssertTrue(router.top is StaffIdeasView)
    }

    func testAClerkMayNotChangeAStatusAndIsToldWhy() throws {
        let desk = try deskWithIdeas()
        let router = try DeskRouter(desk: desk)
        press(router, .character("b"), .character("s"))
        let text = screen(router)
        XCTAssertTrue(text.contains("Not now: only a supervisor changes a status."), text)
        XCTAssertTrue(text.contains("Staff barriers and ideas ·"), "no form opened: \(text)")
        XCTAssertEqual(desk.state.staffIdea(StaffIdeaID(3))?.status, .submitted)
    }

    func testASupervisorChangesAStatusWithANote() throws {
        let desk = try deskWithIdeas(role: .supervisor)
        let router = try DeskRouter(desk: desk)
        press(router, .character("b"), .character("s"))
        XCTAssertTrue(screen(router).contains("S-0003 (submitted) A bench by the counter"), screen(router))
        press(router, .tab)
        type(router, "d")  // Declined.
        press(router, .tab)
        type(router, "No room by the fire exit")
        press(router, .function(2))
        let idea = try XCTUnwrap(desk.state.staffIdea(StaffIdeaID(3)))
        XCTAssertEqual(idea.status, .declined)
        XCTAssertEqual(idea.statusNote, "No room by the fire exit")
        XCTAssertEqual(idea.statusChangedBy, "alice")
        let text = screen(router)
        XCTAssertTrue(text.contains("S-0003 is now declined."), text)
        XCTAssertTrue(text.contains("Note by alice, 2025-05-12 13:00: No room by the fire exit"), text)
    }

    // MARK: Recorded survey answers

    func respondedComplaint(_ desk: MemoryDesk) throws -> ComplaintID {
        let id = try receive(desk, name: "Ann Lee", summary: "Bin not collected")
        desk.now = desk.now.adding(minutes: 30)
        _ = try desk.execute(
            .respond(
                id, revision: desk.state.complaint(id)!.revision, decision: .upheld,
                reasons: "Collected today", remedyOffered: ""))
        return id
    }

    func testSurveyAnswersAreOfferedOnlyAfterAResponseAndOnlyOnce() throws {
        let desk = makeDesk()
        let id = try receive(desk, name: "Ann Lee", summary: "Bin not collected")
        let router = try DeskRouter(desk: desk)
        router.openDetail(id)
        press(router, .character("u"))
        XCTAssertTrue(screen(router).contains("Not now: the survey comes after a response."), screen(router))
        _ = try desk.execute(
            .respond(
                id, revision: desk.state.complaint(id)!.revision, decision: .upheld,
                reasons: "Collected today",
                remedyOffered: ""))
        _ = try desk.execute(.recordSurvey(id, channel: .web, answers: SurveyAnswers([.trust: 4])))
        _ = router.carryOut(.close(1))
        router.openDetail(id)
        press(router, .character("u"))
        XCTAssertTrue(
            screen(router).contains(
                "Not now: this complaint has its survey already; one survey per complaint."),
            screen(router))
    }

    func testPhoneAnswersAreRecordedThroughTheForm() throws {
        let desk = makeDesk()
        let id = try respondedComplaint(desk)
        let router = try DeskRouter(desk: desk)
        router.openDetail(id)
        press(router, .character("u"))
        XCTAssertTrue(screen(router).contains("\(id): record survey answers"), screen(router))
        press(router, .tab)  // Satisfaction.
        check(router, "survey-form")
        XCTAssertTrue(
            screen(router).contains("I am satisfied with the service I received from"), screen(router))
        type(router, "5")
        press(router, .tab)
        type(router, "4")
        press(router, .tab, .tab)  // Effectiveness left blank.
        type(router, "2")
        for _ in 0..<4 { press(router, .tab) }  // Efficiency, equity, helpfulness, comment.
        type(router, "Quick and kind")
        press(router, .function(2))
        XCTAssertTrue(
            screen(router).contains("Recorded the survey answers for \(id) (by phone)."), screen(router))
        let report = desk.state.surveyReport()
        XCTAssertEqual(report.responses, 1)
        XCTAssertEqual(report.offered, 1)
        let answered = Dictionary(uniqueKeysWithValues: report.drivers.map { ($0.driver, $0.answered) })
        XCTAssertEqual(answered[.satisfaction], 1)
        XCTAssertEqual(answered[.trust], 1)
        XCTAssertEqual(answered[.effectiveness], 0)
        XCTAssertEqual(answered[.ease], 1)
        XCTAssertEqual(report.drivers.first { $0.driver == .ease }?.favourable, 0)
        XCTAssertEqual(report.comments.map(\.text), ["Quick and kind"])
    }

    func testPaperAnswersCountAsMailAndAnEmptyFormIsRefused() throws {
        let desk = makeDesk()
        let id = try respondedComplaint(desk)
        let router = try DeskRouter(desk: desk)
        router.openDetail(id)
        press(router, .character("u"))
        type(router, "m")  // A paper form, by mail.
        XCTAssertTrue(screen(router).contains("mail (a paper form)"), screen(router))
        press(router, .function(2))
        XCTAssertTrue(screen(router).contains("no statement was answered"), screen(router))
        XCTAssertEqual(desk.state.surveyReport().responses, 0)
        press(router, .tab)
        type(router, "3")
        press(router, .function(2))
        XCTAssertEqual(desk.state.surveyReport(channel: .mail).responses, 1)
        XCTAssertEqual(desk.state.complaint(id)?.surveyed, true)
    }
}
