import XCTest

@testable import DeskCore

/// The intake keeps its promises: a reply channel has its contact, a transfer goes to a clerk the
/// desk knows, and "(returning)" is said only of a customer's later complaints.
final class IntakePromisesTests: XCTestCase {
    func testThePreferredReplyChannelNeedsItsContact() {
        let cases: [(Channel, String, String)] = [
            (.email, "email", "email: preferred reply by e-mail needs an e-mail address"),
            (.phone, "phone", "phone: preferred reply by phone needs a phone number"),
            (.mail, "address", "address: preferred reply by mail needs a postal address"),
        ]
        for (channel, field, message) in cases {
            do {
                try validate(Customer(name: "A", preferredReply: channel))
                XCTFail("\(channel) without its contact was accepted")
            } catch {
                XCTAssertEqual(error.field, field)
                XCTAssertTrue(error.message.hasPrefix(message), error.message)
            }
        }
        XCTAssertNoThrow(try validate(Customer(name: "A", email: "a@example.org", preferredReply: .email)))
        XCTAssertNoThrow(try validate(Customer(name: "A", phone: "0161 496 0000", preferredReply: .phone)))
        XCTAssertNoThrow(
            try validate(Customer(name: "A", preferredReply: .mail, address: "2 Side St\nSpringfield")))
        XCTAssertNoThrow(try validate(Customer(name: "A", preferredReply: .counter)))
        assertThrowsDeskError(
            try validate(Customer(name: "A", preferredReply: .mail, address: "  ")), kind: .invalidInput,
            contains: "needs a postal address")
        assertThrowsDeskError(
            try validate(Customer(name: "A", address: "line\u{1B}[31m")), kind: .invalidInput,
            contains: "address: control character U+001B")
    }

    func testTheDeskRefusesAnIntakeWithoutTheContact() {
        let desk = Desk(at: Fixture.gmt(11, 25, 10))
        var intake = Fixture.intake(at: desk.clock.now)
        intake.customer = Customer(name: "Ada", preferredReply: .mail)
        assertThrowsDeskError(
            try desk.run(.receive(intake)), kind: .invalidInput,
            contains: "address: preferred reply by mail needs a postal address")
        XCTAssertEqual(desk.state.complaintCount, 0)
    }

    func testEveryProblemIsListedNotJustTheFirst() {
        let customer = Customer(name: "", email: "nope", phone: "call me", preferredReply: .mail)
        let intake = ComplaintIntake(
            channel: .counter, category: "parking", summary: String(repeating: "s", count: 201),
            customer: customer,
            receivedAt: Fixture.epoch)
        XCTAssertEqual(
            problems(of: intake).map { $0.field ?? "" }, ["summary", "customer", "email", "phone", "address"])
        XCTAssertEqual(
            problems(of: intake).map(\.message).filter { $0.hasPrefix("email: email:") }, [],
            "each message names its field once")
    }

    func testAddressIsKeptWithTheCustomerAndUpdatedByALaterComplaint() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 10))
        var intake = Fixture.intake(at: desk.clock.now)
        intake.customer = Customer(
            name: "Ada", email: "ada@example.org", preferredReply: .mail, accessibilityNeeds: "large print",
            address: "2 Side St\nSpringfield")
        try desk.run(.receive(intake))
        var customer = try XCTUnwrap(desk.state.complaint(ComplaintID(1))?.customer)
        XCTAssertEqual(customer.address, "2 Side St\nSpringfield")
        XCTAssertEqual(customer.accessibilityNeeds, "large print")
        // Again, by e-mail, without an address: the address stays; then a new one replaces it.
        intake.customer = Customer(name: "Ada", email: "ada@example.org", preferredReply: .email)
        try desk.run(.receive(intake))
        customer = try XCTUnwrap(desk.state.complaint(ComplaintID(2))?.customer)
        XCTAssertEqual(customer.address, "2 Side St\nSpringfield")
        XCTAssertEqual(customer.accessibilityNeeds, "large print")
        intake.customer = Customer(name: "Ada", email: "ada@example.org", address: "9 New Rd")
        try desk.run(.receive(intake))
        customer = try XCTUnwrap(desk.state.complaint(ComplaintID(1))?.customer)
        XCTAssertEqual(customer.address, "9 New Rd")
        XCTAssertEqual(customer.accessibilityNeeds, "large print")
        XCTAssertEqual(desk.state.customerCount, 1)
    }

    func testReturningIsSaidOnlyOfLaterComplaints() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 10))
        let first = desk.receive()
        XCTAssertFalse(desk.state.isLaterComplaintOfItsCustomer(first))
        var other = Fixture.intake(at: desk.clock.now)
        other.customer = Customer(name: "Someone Else", email: "else@example.org")
        try desk.run(.receive(other))
        let second = desk.receive()
        XCTAssertFalse(desk.state.isLaterComplaintOfItsCustomer(first), "the first stays unlabelled")
        XCTAssertFalse(desk.state.isLaterComplaintOfItsCustomer(ComplaintID(2)))
        XCTAssertTrue(desk.state.isLaterComplaintOfItsCustomer(second))
        XCTAssertFalse(desk.state.isLaterComplaintOfItsCustomer(ComplaintID(99)))
    }

    func testATransferGoesToAClerkTheDeskKnows() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 10))
        let id = desk.receive()
        try desk.run(.claim(id, revision: desk.revision(id)), as: "omar")
        // boss configured the office; maria received the complaint; omar claimed it.
        XCTAssertEqual(desk.state.knownClerks, ["boss", "maria", "omar"])
        XCTAssertNoThrow(try validateTransfer(toClerk: "maria", in: desk.state))
        XCTAssertNoThrow(try validateTransfer(toClerk: "boss", in: desk.state))
        assertThrowsDeskError(
            try validateTransfer(toClerk: "nobody", in: desk.state), kind: .invalidInput,
            contains: "clerk: \"nobody\" is not a clerk of this desk")
        assertThrowsDeskError(
            try validateTransfer(toClerk: "nobody", in: desk.state), kind: .invalidInput,
            contains: "choose one of boss, maria, omar")
        // "parking" is a category the desk interned, not an account.
        assertThrowsDeskError(
            try validateTransfer(toClerk: "parking", in: desk.state), kind: .invalidInput,
            contains: "not a clerk")
        // Published roles name clerks who have not worked here yet.
        try desk.run(
            .publishRoles(RolePolicy(supervisors: ["boss"], clerks: ["maria", "omar", "priya"])), as: "boss")
        XCTAssertNoThrow(try validateTransfer(toClerk: "priya", in: desk.state))
        XCTAssertTrue(desk.state.knownClerks.contains("priya"))
    }
}
