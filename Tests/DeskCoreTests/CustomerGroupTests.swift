import DeskCore
import Foundation
import XCTest

/// EO 12862 §1(a): a customer's group is one the office lists, or none; the one rule, applied to
/// every `receive` however it arrives.
final class CustomerGroupTests: XCTestCase {
    func state(groups: [String]) -> DeskState {
        var office = Fixture.office
        office.customerGroups = groups
        var state = DeskState()
        state.apply(
            RecordedEvent(actor: "boss", at: Fixture.gmt(11, 2, 9), event: .officeConfigured(office)),
            position: 1)
        return state
    }

    func intake(group: String, needs: String = "") -> ComplaintIntake {
        var intake = Fixture.intake(at: Fixture.gmt(11, 25, 10))
        intake.customer.group = group
        intake.customer.accessibilityNeeds = needs
        return intake
    }

    func testAGroupTheOfficeListsOrNoneIsTakenAndKept() throws {
        let state = state(groups: ["resident", "business", "visitor"])
        let now = Fixture.gmt(11, 25, 11)
        for group in ["", "visitor"] {
            let events = try state.decide(
                .receive(intake(group: group, needs: "Wheelchair user")), actor: "maria", now: now)
            guard case .complaintReceived(_, let received) = events.first?.event else { return XCTFail() }
            XCTAssertEqual(received.customer.group, group)
            XCTAssertEqual(received.customer.accessibilityNeeds, "Wheelchair user")
        }
    }

    func testAGroupTheOfficeDoesNotListIsRefusedNamingTheAcceptedOnes() {
        let now = Fixture.gmt(11, 25, 11)
        let listed = state(groups: ["resident", "business", "visitor"])
        XCTAssertThrowsError(try listed.decide(.receive(intake(group: "landlord")), actor: "maria", now: now))
        {
            let error = $0 as? DeskError
            XCTAssertEqual(error?.field, "group")
            XCTAssertEqual(
                error?.message,
                "group: \"landlord\" is not a customer group of this office; use one of resident, business, visitor, or leave it empty"
            )
        }
        // Case matters: ids are lowercase.
        XCTAssertThrowsError(try listed.decide(.receive(intake(group: "Resident")), actor: "maria", now: now))
        let none = state(groups: [])
        XCTAssertThrowsError(try none.decide(.receive(intake(group: "resident")), actor: "maria", now: now)) {
            XCTAssertTrue(
                ($0 as? DeskError)?.message.contains("the office lists none ([office] customer_groups")
                    == true,
                "\($0)")
        }
        XCTAssertNil(customerGroupProblem("", office: none.office))
        XCTAssertNotNil(customerGroupProblem("visitor", office: nil))
    }

    func testTheOfficeCommandRefusesABadOrRepeatedGroup() {
        let state = DeskState()
        let now = Fixture.gmt(11, 25, 11)
        for groups in [["Resident"], ["a b"], ["resident", "resident"], [""]] {
            var office = Fixture.office
            office.customerGroups = groups
            XCTAssertThrowsError(
                try state.decide(.configureOffice(office), actor: "boss", now: now), "\(groups)")
        }
        var office = Fixture.office
        office.customerGroups = ["resident", "small-business", "visitor_2"]
        XCTAssertNoThrow(try state.decide(.configureOffice(office), actor: "boss", now: now))
    }

    func testAccessibilityNeedsAreOneLineOfAtMost500Characters() {
        XCTAssertNoThrow(try validate(intake(group: "", needs: "Needs British Sign Language; hearing loop")))
        XCTAssertThrowsError(try validate(intake(group: "", needs: String(repeating: "x", count: 501))))
        XCTAssertThrowsError(try validate(intake(group: "", needs: "line\nbreak"))) {
            XCTAssertEqual(($0 as? DeskError)?.field, "accessibility_needs")
        }
    }
}
