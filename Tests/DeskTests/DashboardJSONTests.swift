import Desk
import DeskCore
import XCTest

/// The dashboard's figures for scripts, whole: every key of issue 10's `desk status --json`
/// additions, in order, for a small office on a known history.
final class DashboardJSONTests: XCTestCase {
    func testTheWholeDashboardAsJSON() throws {
        let calendar = try BusinessCalendar.weekdays9to5(timeZone: "Europe/London")
        let office = OfficeConfiguration(
            name: "Riverside Office", calendar: calendar,
            categories: [Category(id: "parking", title: "Parking")],
            channels: [.counter, .phone])
        let start = Timestamp(utcYear: 2026, month: 11, day: 2, hour: 9)
        let acknowledge = ServiceStandard(
            id: "acknowledge", wording: "We will acknowledge your complaint within 1 working day.",
            measure: .acknowledgement, targetMinutes: 480, threshold: 0.9,
            benchmarkSource: "Another office, 2025",
            version: 1, effective: start, targetWorkingDays: 1, benchmarkWorkingDays: 2)
        var state = DeskState()
        var now = start
        func run(_ command: Command, as actor: String = "maria") throws {
            for event in try state.decide(command, actor: actor, now: now) { state.apply(event) }
        }
        try run(.configureOffice(office), as: "boss")
        try run(.publishStandard(acknowledge), as: "boss")
        let customer = Customer(name: "Ann Lee")
        for channel in [Channel.phone, .phone, .counter] {
            try run(
                .receive(
                    ComplaintIntake(
                        channel: channel, category: "parking", summary: "Permit", customer: customer,
                        receivedAt: now
                    )))
        }
        now = start.adding(minutes: 120)
        try run(.acknowledge(ComplaintID(1), revision: state.complaint(ComplaintID(1))!.revision))
        try run(
            .respond(
                ComplaintID(2), revision: state.complaint(ComplaintID(2))!.revision, decision: .upheld,
                reasons: "Reissued", remedyOffered: ""))
        try run(
            .recordSurvey(
                ComplaintID(2), channel: .phone, answers: SurveyAnswers([.satisfaction: 4, .ease: 2])))
        try run(.submitStaffIdea(kind: .barrier, text: "The printer jams", anonymous: true))
        now = Timestamp(utcYear: 2026, month: 11, day: 3, hour: 12)
        let period = try ReportingPeriod.parse("2026-11", now: now, calendar: calendar)
        let json = state.serviceDashboard(period: period, now: now).json.encoded()
        let expected = """
            {"office":"Riverside Office","at":"2026-11-03T12:00:00Z",\
            "period":{"name":"2026-11","label":"November 2026","from":"2026-11-01T00:00:00Z","until":"2026-12-01T00:00:00Z"},\
            "standards":[{"id":"acknowledge","wording":"We will acknowledge your complaint within 1 working day.",\
            "met":2,"missed":1,"pending":0,"threshold":0.9,"share_met":0.6666666666666666,"meets_threshold":false,\
            "target":{"value":1,"unit":"working_days"},"benchmark":{"value":2,"unit":"working_days"},\
            "benchmark_source":"Another office, 2025","median":{"value":0.25,"unit":"working_days"},\
            "at_risk":0,"overdue":1,"trend":[\
            {"period":"2025-12","share_met":null},{"period":"2026-01","share_met":null},\
            {"period":"2026-02","share_met":null},{"period":"2026-03","share_met":null},\
            {"period":"2026-04","share_met":null},{"period":"2026-05","share_met":null},\
            {"period":"2026-06","share_met":null},{"period":"2026-07","share_met":null},\
            {"period":"2026-08","share_met":null},{"period":"2026-09","share_met":null},\
            {"period":"2026-10","share_met":null},{"period":"2026-11","share_met":0.6666666666666666}]}],\
            "volumes":{"received":3,"closed":0,"withdrawn":0},"unmeasured":0,\
            "channels":{"counter":{"received":1,"met":0,"missed":1},"phone":{"received":2,"met":2,"missed":0}},\
            "categories":{"parking":{"title":"Parking","received":3,"met":2,"missed":1},\
            "other":{"title":"Other","received":0,"met":0,"missed":0}},\
            "surveys":{"offered":1,"responses":1,"drivers":{"satisfaction":{"favourable":1,"answered":1},\
            "trust":{"favourable":0,"answered":0},"effectiveness":{"favourable":0,"answered":0},\
            "ease":{"favourable":0,"answered":1},"efficiency":{"favourable":0,"answered":0},\
            "equity":{"favourable":0,"answered":0},"employee_helpfulness":{"favourable":0,"answered":0}}},\
            "staff_ideas":{"submitted":1,"under_review":0,"adopted":0,"declined":0,"done":0}}
            """
        XCTAssertEqual(json, expected)
    }
}
