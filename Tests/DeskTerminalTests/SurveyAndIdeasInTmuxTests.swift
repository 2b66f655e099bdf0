import Desk
import DeskCore
import DeskTestSupport
import Foundation
import XCTest

/// The real `desk` in tmux: a clerk records answers a customer gave on the phone, and raises an
/// anonymous barrier that no record names them in.
final class SurveyAndIdeasInTmuxTests: DeskInTmuxTestCase {
    func testPhoneAnswersAreRecordedThroughTheForm() throws {
        let writer = try openSession(as: "bob")
        try writer.execute(
            .receive(
                ComplaintIntake(
                    channel: .phone, category: "other", summary: "Bin not collected",
                    customer: Customer(name: "Ann Lee", email: "", phone: ""), receivedAt: writer.clock.now)))
        let id = ComplaintID(1)
        try writer.execute(
            .respond(
                id, revision: writer.state.complaint(id)!.revision, decision: .upheld, reasons: "Collected",
                remedyOffered: ""))
        let desk = try startDesk()
        try desk.waitFor("C-000001")
        try desk.sendKeys("Enter")
        try desk.waitFor("C-000001 — Ann Lee")
        try desk.type("u")
        try desk.waitFor("C-000001: record survey answers")
        try desk.sendKeys("Tab")
        try desk.waitFor("I am satisfied with the service")
        try desk.type("5")
        try desk.waitFor("5 strongly agree")
        try desk.sendKeys("Tab")
        try desk.type("4")
        try desk.sendKeys("Tab")
        try desk.type("3")
        try desk.waitFor("3 neither agree nor disagree")
        try desk.sendKeys("F2")
        try desk.waitFor("Recorded the survey answers for C-000001 (by phone).")

        let reader = try openSession(as: "carol")
        let report = reader.state.surveyReport(channel: .phone)
        XCTAssertEqual(report.responses, 1)
        let answered = Dictionary(uniqueKeysWithValues: report.drivers.map { ($0.driver, $0.answered) })
        XCTAssertEqual(answered[.satisfaction], 1)
        XCTAssertEqual(answered[.trust], 1)
        XCTAssertEqual(answered[.effectiveness], 1)
        XCTAssertEqual(answered[.ease], 0)
        // One survey per complaint: the form is not offered again.
        try desk.type("u")
        try desk.waitFor("one survey per complaint")
    }

    func testAnAnonymousBarrierRaisedAtTheDeskNamesNobody() throws {
        _ = try openSession(as: "alice")  // alice creates the desk; quentinx is a clerk at it.
        let desk = try startDesk(user: "quentinx")
        try desk.waitFor("No complaints yet")
        try desk.type("b")
        try desk.waitFor("No barriers or ideas yet")
        try desk.type("n")
        try desk.waitFor("Raise a barrier or an idea")
        try desk.type("b")
        try desk.sendKeys("Tab")
        try desk.type("Printer jams")
        try desk.sendKeys("Tab")
        try desk.type("a")
        try desk.waitFor("anonymous (no account")
        try desk.sendKeys("F2")
        try desk.waitFor("Recorded S-0001 anonymously")
        try desk.waitFor("S-0001 barrier submitted · anonymous")
        let reader = try openSession(as: "carol")
        XCTAssertNil(reader.state.staffIdea(StaffIdeaID(1))?.submittedBy)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: data)) ?? [] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: data + "/" + name))) ?? Data()
            if name == "events.log" { XCTAssertNotNil(bytes.range(of: Data("Printer jams".utf8))) }
            XCTAssertNil(bytes.range(of: Data("quentinx".utf8)), "\(name) names quentinx")
        }
    }
}
