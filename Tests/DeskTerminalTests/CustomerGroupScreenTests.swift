import DeskCore
import DeskTestSupport
import Foundation
import TerminalUI
import XCTest

@testable import DeskTerminal

/// EO 12862 §1(a) at the counter: the intake form offers the office's customer groups and takes
/// accessibility needs; the detail view shows the needs under the customer's name, and the group.
final class CustomerGroupScreenTests: XCTestCase {
    static let groups = ["resident", "business", "visitor"]

    /// The screen tests' desk, its office listing customer groups.
    func desk(groups: [String] = groups) -> MemoryDesk {
        let desk = makeDesk()
        var office = DemoHistory.office
        office.customerGroups = groups
        office.version += 1
        desk.apply([RecordedEvent(actor: "boss", at: desk.now, event: .officeConfigured(office))])
        return desk
    }

    func screen(_ router: DeskRouter, _ size: ScreenSize = ScreenSize(rows: 24, columns: 80)) -> String {
        let buffer = router.render(size: size)
        return (0..<buffer.rows).map { buffer.text(row: $0) }.joined(separator: "\n")
    }

    func check(_ router: DeskRouter, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        for size in GoldenScreenTests.sizes {
            GoldenScreen.assertMatches(
                router.render(size: size), named: "\(name)-\(size.columns)x\(size.rows)",
                in: GoldenScreenTests.golden, file: file, line: line)
        }
    }

    /// Fills the form: name, summary, then the group (→ `steps` times) and the needs.
    func fill(_ router: DeskRouter, groupSteps: Int, needs: String) {
        press(router, .function(2))
        type(router, "Ada Lovelace")
        for _ in 0..<6 { press(router, .tab) }  // Summary.
        type(router, "Ramp blocked at the entrance")
        for _ in 0..<4 { press(router, .tab) }  // Customer group, after the postal address.
        for _ in 0..<groupSteps { press(router, .right) }
        press(router, .tab)  // Access needs.
        type(router, needs)
    }

    func testTheFormOffersTheGroupsAndSavesTheGroupAndNeeds() throws {
        let desk = desk()
        let router = try DeskRouter(desk: desk)
        fill(router, groupSteps: 3, needs: "Wheelchair user; write, do not phone")
        XCTAssertEqual((router.top as? IntakeView)?.form.value("group"), "visitor")
        let text = screen(router)
        XCTAssertTrue(text.contains("Customer group   ‹ visitor ›"), text)
        XCTAssertTrue(text.contains("Access needs     Wheelchair user; write, do not phone"), text)
        check(router, "intake-customer")
        press(router, .function(2))
        XCTAssertEqual(desk.state.complaintCount, 1, screen(router))
        let customer = desk.state.complaint(ComplaintID(1))?.customer
        XCTAssertEqual(customer?.group, "visitor")
        XCTAssertEqual(customer?.accessibilityNeeds, "Wheelchair user; write, do not phone")

        router.openDetail(ComplaintID(1))
        let detail = screen(router)
        XCTAssertTrue(detail.contains("Customer       Ada Lovelace · visitor"), detail)
        XCTAssertTrue(detail.contains("Access needs   Wheelchair user; write, do not phone"), detail)
        let lines = detail.split(separator: "\n").map(String.init)
        let customerRow = lines.firstIndex { $0.contains("Customer ") }
        let needsRow = lines.firstIndex { $0.contains("Access needs") }
        XCTAssertEqual(needsRow, customerRow.map { $0 + 1 }, "the needs come right under the name")
        check(router, "detail-customer")
    }

    func testNoGroupIsAChoiceAndAnEmptyListOffersOnlyThat() throws {
        let router = try DeskRouter(desk: desk(groups: []))
        fill(router, groupSteps: 1, needs: "")
        XCTAssertEqual((router.top as? IntakeView)?.form.value("group"), "")
        XCTAssertTrue(screen(router).contains("Customer group   ‹ none ›"), screen(router))
        press(router, .function(2))
        router.openDetail(ComplaintID(1))
        let detail = screen(router)
        XCTAssertFalse(detail.contains("Access needs"), detail)
        let customerLine = detail.split(separator: "\n").first { $0.contains("Customer ") } ?? ""
        XCTAssertTrue(customerLine.contains("Ada Lovelace"), detail)
        XCTAssertFalse(customerLine.contains("·"), "no group shown when none was chosen: \(customerLine)")
    }

    /// A group the office stops listing while the form is open stays chosen and marked; nothing
    /// is filed under it.
    func testAGroupNoLongerListedIsMarkedNotFiled() throws {
        let desk = desk()
        let router = try DeskRouter(desk: desk)
        fill(router, groupSteps: 2, needs: "")
        XCTAssertEqual((router.top as? IntakeView)?.form.value("group"), "business")
        var office = DemoHistory.office
        office.customerGroups = ["resident"]
        office.version += 2
        desk.apply([RecordedEvent(actor: "boss", at: desk.now, event: .officeConfigured(office))])
        _ = router.tick()
        XCTAssertTrue(screen(router).contains("business (no longer offered)"), screen(router))
        press(router, .function(2))
        XCTAssertEqual(desk.state.complaintCount, 0)
        XCTAssertTrue(screen(router).contains("“business” is no longer offered"), screen(router))
        press(router, .right)  // The focus is on the group: choose again.
        press(router, .function(2))
        XCTAssertEqual(desk.state.complaintCount, 1, screen(router))
    }

    /// F3 takes a known customer's needs, and their group when the office still lists it.
    func testAReturningCustomerBringsTheirNeedsAndGroup() throws {
        let desk = desk()
        _ = try desk.execute(
            .receive(
                ComplaintIntake(
                    channel: .counter, category: DemoHistory.office.categories[0].id, summary: "First",
                    customer: Customer(
                        name: "Ben Reed", email: "ben@example.org", accessibilityNeeds: "Hearing loop",
                        group: "resident"),
                    receivedAt: desk.now)))
        let router = try DeskRouter(desk: desk)
        press(router, .function(2), .tab)
        type(router, "ben@example.org")
        press(router, .function(3))
        let form = (router.top as? IntakeView)?.form
        XCTAssertEqual(form?.value("access"), "Hearing loop")
        XCTAssertEqual(form?.value("group"), "resident")
    }
}
