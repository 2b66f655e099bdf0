import Desk
import DeskCore
import DeskTestSupport
import Foundation
import XCTest

/// The real desk in tmux: a reply by mail asks for the postal address before it is saved, and a
/// transfer is made to a clerk chosen from the list.
final class IntakePromisesEndToEndTests: DeskInTmuxTestCase {
    func testReplyByMailNeedsTheAddressAndTheTransferListsKnownClerks() throws {
        let desk = try startDesk(user: "alice")
        try desk.waitFor("No complaints yet — press F2 to take one")
        try desk.sendKeys("F2")
        try desk.waitFor("New complaint")
        try desk.type("Ada Post")
        for _ in 0..<3 { try desk.sendKeys("Tab") }
        for _ in 0..<3 { try desk.sendKeys("Right") }
        try desk.waitFor("‹ mail ›")
        for _ in 0..<3 { try desk.sendKeys("Tab") }
        try desk.type("Letter returned")
        try desk.sendKeys("F2")
        try desk.waitFor("preferred reply by mail needs")
        XCTAssertEqual(try openSession(as: "omar").state.complaintCount, 0, "nothing saved")
        try desk.type("2 Side Street, Springfield")
        try desk.sendKeys("F2")
        try desk.waitFor("Saved C-000001")
        try desk.sendKeys("Escape")
        try desk.waitFor("Letter returned")
        try desk.sendKeys("Enter")
        try desk.waitFor("2 Side Street, Springfield")
        try desk.sendKeys("t")
        try desk.waitFor("C-000001: transfer")
        try desk.sendKeys("Tab")
        try desk.sendKeys("Right")
        try desk.waitFor("‹ alice ›")
        try desk.sendKeys("Tab")
        try desk.type("Post room")
        try desk.sendKeys("F2")
        try desk.waitFor("Done: C-000001: transfer.")
        let state = try openSession(as: "omar").state
        XCTAssertEqual(state.complaint(ComplaintID(1))?.holder, "alice")
        XCTAssertEqual(state.complaint(ComplaintID(1))?.customer.address, "2 Side Street, Springfield")
    }
}
