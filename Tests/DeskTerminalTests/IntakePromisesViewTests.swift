import Desk
import DeskCore
import DeskTestSupport
import Foundation
import TerminalUI
import XCTest

@testable import DeskTerminal

/// The intake form and the transfer form keep the desk's promises, key by key.
final class IntakePromisesViewTests: XCTestCase {
    let size = ScreenSize(rows: 24, columns: 80)

    /// Fills the intake form: a name, "Reply by" moved `replySteps` to the right, a summary.
    func fill(_ router: DeskRouter, name: String, replySteps: Int) {
        press(router, .function(2))
        type(router, name)
        for _ in 0..<3 { press(router, .tab) }  // Reply by.
        for _ in 0..<replySteps { press(router, .right) }
        for _ in 0..<3 { press(router, .tab) }  // Summary.
        type(router, "Letter returned")
    }

    func testAReplyByMailNeedsTheAddressTheFormAsksFor() throws {
        let desk = makeDesk()
        let router = try DeskRouter(desk: desk)
        fill(router, name: "Ada Post", replySteps: 3)
        let intake = try XCTUnwrap(router.top as? IntakeView)
        XCTAssertEqual(intake.form.value("reply"), "mail")
        press(router, .function(2))
        XCTAssertEqual(desk.state.complaintCount, 0, "not saved without a postal address")
        var text = screen(router)
        XCTAssertTrue(text.contains("preferred reply by mail needs a postal address"), text)
        XCTAssertEqual(intake.form.focused?.id, "address", "the focus went to the missing contact")
        type(router, "2 Side Street, Springfield")
        press(router, .function(2))
        XCTAssertEqual(desk.state.complaintCount, 1, screen(router))
        let saved = try XCTUnwrap(desk.state.complaint(ComplaintID(1)))
        XCTAssertEqual(saved.customer.address, "2 Side Street, Springfield")
        XCTAssertEqual(saved.customer.preferredReply, .mail)
        text = screen(router)
        XCTAssertTrue(text.contains("Saved C-000001"), text)
    }

    func testAReplyByEmailNeedsAnAddressToo() throws {
        let desk = makeDesk()
        let router = try DeskRouter(desk: desk)
        fill(router, name: "Bo Chan", replySteps: 4)
        XCTAssertEqual((router.top as? IntakeView)?.form.value("reply"), "email")
        press(router, .function(2))
        XCTAssertEqual(desk.state.complaintCount, 0)
        XCTAssertTrue(
            screen(router).contains("preferred reply by e-mail needs an e-mail address"), screen(router))
        XCTAssertEqual((router.top as? IntakeView)?.form.focused?.id, "email")
    }

    func testTheTransferFormOffersOnlyKnownClerks() throws {
        let desk = makeDesk(user: "alice")
        _ = try receive(desk, name: "Ann Lee", summary: "Permit")
        let router = try DeskRouter(desk: desk)
        router.openDetail(ComplaintID(1))
        press(router, .character("t"))
        let form = try XCTUnwrap(router.top as? ComplaintActionView)
        guard case .choice(let options, let chosen) = try XCTUnwrap(form.form["clerk"]).kind else {
            return XCTFail("the clerk is chosen from a list")
        }
        XCTAssertEqual(chosen, "", "keep the holder unless a clerk is chosen")
        XCTAssertEqual(options.map(\.value), ["", "alice", "boss"])
        press(router, .tab, .right, .tab)
        type(router, "Needs a second look")
        press(router, .function(2))
        XCTAssertEqual(desk.state.complaint(ComplaintID(1))?.holder, "alice", screen(router))
        // A clerk no longer known (say, from an older list) is refused by the domain rule.
        XCTAssertThrowsError(try validateTransfer(toClerk: "mallory", in: desk.state))
    }

    func testReturningIsShownOnTheLaterComplaintOnly() throws {
        let desk = makeDesk()
        for summary in ["First visit", "Second visit"] {
            desk.now = desk.now.adding(minutes: 5)
            _ = try desk.execute(
                .receive(
                    ComplaintIntake(
                        channel: .counter, category: "parking", summary: summary,
                        customer: Customer(name: "Ann Lee", email: "ann@example.org"), receivedAt: desk.now)))
        }
        let router = try DeskRouter(desk: desk)
        router.openDetail(ComplaintID(1))
        var text = screen(router)
        XCTAssertTrue(text.contains("Customer       Ann Lee"), text)
        XCTAssertFalse(text.contains("(returning)"), "the first complaint is not labelled:\n\(text)")
        press(router, .escape)
        router.openDetail(ComplaintID(2))
        text = screen(router)
        XCTAssertTrue(text.contains("Ann Lee  (returning)"), text)
    }
}
