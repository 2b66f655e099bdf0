import DeskCore
import XCTest

/// A small office in London: Monday–Friday 09:00–17:00, Christmas and the 28th December off.
enum Fixture {
    static let calendar = try! BusinessCalendar.weekdays9to5(
        timeZone: "Europe/London",
        holidays: [
            CalendarDate(year: 2026, month: 12, day: 25), CalendarDate(year: 2026, month: 12, day: 28),
        ])

    static let office = OfficeConfiguration(
        name: "Riverside Office", calendar: calendar,
        categories: [Category(id: "parking", title: "Parking"), Category(id: "housing", title: "Housing")],
        // The fixture customer's group among them: a new complaint's group must be one of these.
        customerGroups: ["resident", "business", "visitor"])

    /// Instant in London in November/December (GMT, so equal to UTC).
    static func gmt(_ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Timestamp {
        Timestamp(utcYear: 2026, month: month, day: day, hour: hour, minute: minute)
    }

    static let epoch = Timestamp(utcYear: 2026, month: 1, day: 1)

    static func acknowledge(minutes: Int = 480, version: Int = 1, effective: Timestamp = epoch)
        -> ServiceStandard
    {
        ServiceStandard(
            id: "acknowledge", wording: "We will acknowledge your complaint within 1 working day.",
            measure: .acknowledgement, targetMinutes: minutes, threshold: 0.9, benchmarkMinutes: 240,
            benchmarkSource: "Example benchmark", version: version, effective: effective)
    }

    static func respond(minutes: Int = 2400) -> ServiceStandard {
        ServiceStandard(
            id: "respond", wording: "We will respond within 5 working days.", measure: .response,
            targetMinutes: minutes, threshold: 0.8, version: 1, effective: epoch)
    }

    static let customer = Customer(
        name: "Zoë Ångström", email: "Zoe@Example.org", phone: "+44 20 7946 0000", preferredReply: .email,
        accessibilityNeeds: "large print", group: "resident")

    static func intake(at t: Timestamp, category: String = "parking", channel: Channel = .counter)
        -> ComplaintIntake
    {
        ComplaintIntake(
            channel: channel, category: category, summary: "Permit not renewed",
            details: "I applied in October.\nNo answer.", remedySought: "Renew the permit",
            customer: customer,
            receivedAt: t)
    }
}

/// A desk under test: a state, a manual clock, and a way to run commands as someone.
final class Desk {
    var state = DeskState()
    let clock: ManualClock
    var log: [RecordedEvent] = []

    init(at start: Timestamp, standards: [ServiceStandard] = [Fixture.acknowledge(), Fixture.respond()]) {
        clock = ManualClock(start)
        try! run(.configureOffice(Fixture.office), as: "boss")
        for s in standards { try! run(.publishStandard(s), as: "boss") }
    }

    @discardableResult
    func run(_ command: Command, as actor: String = "maria") throws(DeskError) -> [RecordedEvent] {
        let events = try state.decide(command, actor: actor, now: clock.now)
        for e in events {
            state.apply(e)
            log.append(e)
        }
        return events
    }

    func receive(at t: Timestamp? = nil, category: String = "parking") -> ComplaintID {
        let id = state.nextComplaintID
        try! run(.receive(Fixture.intake(at: t ?? clock.now, category: category)))
        return id
    }

    func revision(_ id: ComplaintID) -> UInt32 { state.complaint(id)!.revision }

    func clock(_ id: ComplaintID, _ standard: String, round: Int = 0) -> ServiceClock? {
        state.clocks(of: id, now: clock.now).first { $0.standard.id == standard && $0.round == round }
    }
}

func assertThrowsDeskError(
    _ body: @autoclosure () throws -> Any, kind: DeskError.Kind, contains text: String,
    file: StaticString = #filePath,
    line: UInt = #line
) {
    do {
        _ = try body()
        XCTFail("expected an error containing \"\(text)\"", file: file, line: line)
    } catch let e as DeskError {
        XCTAssertEqual(e.kind, kind, "\(e.message)", file: file, line: line)
        XCTAssertTrue(
            e.message.contains(text), "\"\(e.message)\" does not contain \"\(text)\"", file: file, line: line)
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}
