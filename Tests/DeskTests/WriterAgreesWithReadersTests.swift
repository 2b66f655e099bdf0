import Desk
import DeskCore
import DeskTestSupport
import XCTest

/// The writing process applies what the log holds, exactly as every other process reads it.
final class WriterAgreesWithReadersTests: XCTestCase {
    func testTheWriterAppliesTheBytesItWroteNotTheValueItBuilt() throws {
        let data = try TemporaryDirectory(prefix: "desk-agree")
        let writer = try DeskSession.open(
            DataDirectory(path: data.path), access: .readWrite, identity: Identity(user: "alice", groups: []))
        var office = try XCTUnwrap(writer.state.office)
        // A date that does not exist: what the codec writes and reads back is another day.
        office = OfficeConfiguration(
            name: office.name,
            calendar: try BusinessCalendar(
                timeZone: office.calendar.timeZoneIdentifier, hours: [.monday: OpeningHours(9, 0, 17, 0)],
                holidays: [CalendarDate(year: 2026, month: 2, day: 30)]),
            categories: office.categories, channels: office.channels, version: office.version + 1)
        let events = try writer.execute(.configureOffice(office))
        let reader = try DeskSession.open(
            DataDirectory(path: data.path), access: .readOnly, identity: Identity(user: "bob", groups: []))
        XCTAssertEqual(writer.state.office, reader.state.office, "the writer and a reader disagree")
        guard case .officeConfigured(let returned) = try XCTUnwrap(events.first).event else {
            return XCTFail("not the office")
        }
        XCTAssertEqual(returned, reader.state.office, "what execute returns is what the log holds")
    }
}
