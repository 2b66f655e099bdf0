import DeskCore
import XCTest

final class ValidationTests: XCTestCase {
    func testLengthCapsNameTheField() {
        assertThrowsDeskError(
            try TextField.summary.validate(String(repeating: "a", count: 201)), kind: .invalidInput,
            contains: "summary: 201 characters; at most 200 are accepted")
        XCTAssertNoThrow(try TextField.summary.validate(String(repeating: "é", count: 200)))
        XCTAssertNoThrow(try TextField.customerName.validate(String(repeating: "👩‍👩‍👧", count: 120)))
        assertThrowsDeskError(
            try TextField.customerName.validate(String(repeating: "x", count: 121)), kind: .invalidInput,
            contains: "customer:")
    }

    func testControlCharactersAreRefused() {
        assertThrowsDeskError(
            try TextField.summary.validate("Bell\u{07}here"), kind: .invalidInput,
            contains:
                "summary: control character U+0007 at character 5; printable text on one line is accepted")
        assertThrowsDeskError(
            try TextField.summary.validate("two\nlines"), kind: .invalidInput, contains: "U+000A")
        XCTAssertNoThrow(try TextField.details.validate("two\nlines\twith tab"))
        assertThrowsDeskError(
            try TextField.details.validate("escape \u{1B}[31m"), kind: .invalidInput,
            contains: "details: control character U+001B")
        assertThrowsDeskError(
            try TextField.details.validate("c1 \u{85}"), kind: .invalidInput, contains: "U+0085")
    }

    func testRequiredFields() {
        assertThrowsDeskError(
            try TextField.summary.validate("   "), kind: .invalidInput, contains: "summary: must not be empty"
        )
        XCTAssertNoThrow(try TextField.details.validate(""))
    }

    func testCustomerContactShapes() {
        assertThrowsDeskError(
            try validate(Customer(name: "A", email: "not-an-address")), kind: .invalidInput,
            contains: "email:")
        assertThrowsDeskError(
            try validate(Customer(name: "A", phone: "call me")), kind: .invalidInput, contains: "phone:")
        XCTAssertNoThrow(
            try validate(
                Customer(name: "Αλέξης Παπαδόπουλος", email: "alexis@example.gr", phone: "+30 210 123 4567")))
        do {
            try validate(Customer(name: "", email: "a@b.c"))
            XCTFail("empty name accepted")
        } catch {
            XCTAssertEqual(error.field, "customer")
        }
    }

    func testComplaintIDParsing() {
        XCTAssertEqual(ComplaintID("C-000042"), ComplaintID(42))
        XCTAssertEqual(ComplaintID("42"), ComplaintID(42))
        XCTAssertNil(ComplaintID("C-"))
        XCTAssertNil(ComplaintID("C-0"))
        XCTAssertNil(ComplaintID("X-1"))
    }
}
