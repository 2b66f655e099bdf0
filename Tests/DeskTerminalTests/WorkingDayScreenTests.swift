import Desk
import DeskCore
import TerminalUI
import XCTest

@testable import DeskTerminal

/// What the screens say about working days, unmeasured complaints, a clock behind the log and a
/// standard out of bounds (issue 9).
final class WorkingDayScreenTests: XCTestCase {
    let size = ScreenSize(rows: 24, columns: 80)
    static let sunday = Timestamp(utcYear: 2026, month: 11, day: 29, hour: 11)

    /// The sample office's calendar and a 10-working-day response standard.
    func sampleDesk(
        now: Timestamp = sunday, standardEffective: Timestamp = Timestamp(utcYear: 2026, month: 1, day: 1)
    )
        throws -> MemoryDesk
    {
        let desk = MemoryDesk(user: "alice", role: .clerk, now: now)
        let weekday = OpeningHours(9, 0, 17, 0)
        let calendar = try BusinessCalendar(
            timeZone: "Europe/London",
            hours: [
                .monday: weekday, .tuesday: weekday, .wednesday: weekday, .thursday: weekday,
                .friday: OpeningHours(9, 0, 16, 30),
            ], holidays: [CalendarDate(year: 2026, month: 12, day: 25)])
        let office = OfficeConfiguration(
            name: "Riverside Public Service Office", calendar: calendar,
            categories: [Category(id: "payments", title: "Payments and benefits")])
        let respond = ServiceStandard(
            id: "respond", wording: "We will give you a full response within 10 working days.",
            measure: .response, targetMinutes: 4800, threshold: 0.9, version: 1, effective: standardEffective,
            targetWorkingDays: 10)
        desk.apply([
            RecordedEvent(actor: "boss", at: standardEffective, event: .officeConfigured(office)),
            RecordedEvent(actor: "boss", at: standardEffective, event: .standardPublished(respond)),
        ])
        return desk
    }

    func receive(_ desk: MemoryDesk, at t: Timestamp) throws -> ComplaintID {
        let events = try desk.execute(
            .receive(
                ComplaintIntake(
                    channel: .counter, category: "payments", summary: "Payment late",
                    customer: Customer(name: "Ana Sousa"), receivedAt: t)))
        guard case .complaintReceived(let id, _) = events[0].event else { throw XCTSkip("no id") }
        return id
    }

    /// The example: received on a Sunday, the receipt promises Friday 11 December 16:30.
    func testTheReceiptOfASundayComplaintPromisesFridayAtClose() throws {
        let desk = try sampleDesk()
        let id = try receive(desk, at: desk.now)
        let receipt = ReceiptView.slip(
            office: desk.officeName, complaint: desk.state.complaint(id)!,
            clocks: desk.state.clocks(of: id, now: desk.now), calendar: desk.state.office?.calendar)
        XCTAssertEqual(
            Array(receipt[9...10]),
            ["  We will give you a full response within 10 working days.", "    by 2026-12-11 16:30"])
        let app = try DeskRouter(desk: desk)
        app.openDetail(id)
        let screen = app.render(size: size).lines().joined(separator: "\n")
        XCTAssertTrue(screen.contains("due 2026-12-11 16:30"), screen)
    }

    func testAComplaintReceivedBeforeAnyStandardIsShownNotMeasured() throws {
        let desk = try sampleDesk(standardEffective: Self.sunday)
        let id = try receive(desk, at: Self.sunday.adding(minutes: -1440))
        let measured = try receive(desk, at: Self.sunday)
        let app = try DeskRouter(desk: desk)
        let queue = app.render(size: size).lines()
        XCTAssertTrue(queue[3].hasPrefix(" \(id) ") && queue[3].contains(" not measured "), queue[3])
        XCTAssertTrue(queue[4].hasPrefix(" \(measured) ") && !queue[4].contains("not measured"), queue[4])
        app.openDetail(id)
        let screen = app.render(size: size).lines().joined(separator: "\n")
        XCTAssertTrue(screen.contains("not measured: received before any standard was in force"), screen)
        let receipt = ReceiptView.slip(
            office: desk.officeName, complaint: desk.state.complaint(id)!,
            clocks: desk.state.clocks(of: id, now: desk.now), calendar: desk.state.office?.calendar)
        XCTAssertTrue(
            receipt.contains("  (not measured: received before any standard was in force)"), "\(receipt)")
    }

    func testTheAlarmLineWarnsOfAClockBehindTheLogAndAStandardOutOfBounds() throws {
        let desk = try sampleDesk()
        _ = try receive(desk, at: desk.now)
        let app = try DeskRouter(desk: desk)
        XCTAssertFalse(app.render(size: size).lines()[1].contains("CLOCK"))
        desk.now = Self.sunday.adding(minutes: -3 * 1440)
        var row = app.render(size: size).lines()[1]
        XCTAssertTrue(row.contains("CLOCK BEHIND THE LOG: this host says 2026-11-26T11:00:00Z"), row)
        var hostile = desk.state.currentStandards[0]
        hostile.targetWorkingDays = .max
        hostile.version = 2
        desk.apply([RecordedEvent(actor: "x", at: Self.sunday, event: .standardPublished(hostile))])
        desk.now = Self.sunday
        row = app.render(size: size).lines()[1]
        XCTAssertTrue(row.contains("STANDARD OUT OF BOUNDS: respond version 2: target of 92233720"), row)
    }
}
