import XCTest

@testable import DeskCore

/// A returning customer is the same contact, never just the same 64-bit hash.
final class CustomerIdentityTests: XCTestCase {
    func intake(_ name: String, email: String = "", phone: String = "", at t: Timestamp) -> ComplaintIntake {
        ComplaintIntake(
            channel: .counter, category: "parking", summary: "s",
            customer: Customer(name: name, email: email, phone: phone), receivedAt: t)
    }

    func testTheSameContactInAnyCaseIsTheSameCustomer() throws {
        let desk = Desk(at: Fixture.gmt(11, 23, 9))
        try desk.run(.receive(intake("Ann Lee", email: "Ann@Example.org", at: desk.clock.now)))
        try desk.run(
            .receive(intake("Ann Lee", email: " ann@example.ORG", phone: "0161 496 0000", at: desk.clock.now))
        )
        XCTAssertEqual(desk.state.customerCount, 1)
        let found = try XCTUnwrap(
            desk.state.returningCustomer(like: Customer(name: "", email: "", phone: "0161-496-0000")))
        XCTAssertEqual(found.customer.name, "Ann Lee")
    }

    func testTwoContactsSharingAHashAreNotTakenForOnePerson() throws {
        let desk = Desk(at: Fixture.gmt(11, 23, 9))
        try desk.run(
            .receive(intake("Ann Lee", email: "ann@example.org", phone: "0161 496 0000", at: desk.clock.now)))
        // Make Bob's e-mail and phone collide with Ann's index entries, as two hashes might.
        desk.state.customerByContact[try XCTUnwrap(emailKey("bob@example.net"))] = 1
        desk.state.customerByContact[try XCTUnwrap(phoneKey("0207 946 0001"))] = 1
        let bob = Customer(name: "Bob Ray", email: "bob@example.net", phone: "0207 946 0001")
        XCTAssertNil(desk.state.returningCustomer(like: bob), "a hash hit alone is not the same customer")
        try desk.run(
            .receive(intake("Bob Ray", email: "bob@example.net", phone: "0207 946 0001", at: desk.clock.now)))
        XCTAssertEqual(desk.state.customerCount, 2)
        XCTAssertEqual(desk.state.complaint(ComplaintID(2))?.customer.name, "Bob Ray")
        XCTAssertEqual(desk.state.complaint(ComplaintID(2))?.isReturningCustomer, false)
    }
}
