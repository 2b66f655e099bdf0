import Desk
import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import TerminalUI
import XCTest

/// A log written by this format, with every event type, checked in: every future version must
/// read it to the same events and the same figures. Written once with `DESK_UPDATE_GOLDEN=1`;
/// never refreshed after a release, only added to.
final class GoldenLogTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Golden")
    static let log = folder.appendingPathComponent("every-event.log")
    static let dump = folder.appendingPathComponent("every-event.jsonl")

    /// The events the golden log was written from: a demo office's history and published roles.
    static func events() -> [RecordedEvent] {
        let start = Timestamp(utcYear: 2026, month: 9, day: 7, hour: 8)
        var events = Array(DemoHistory(seed: 12, complaints: 120, start: start))
        let last = events.last?.at ?? start
        // What the demo did not happen to do: reopen a closed complaint, move a staff idea on.
        if let closed = events.lazy.compactMap({ recorded -> ComplaintID? in
            if case .closed(let id, _, _) = recorded.event { return id }
            return nil
        }).last {
            events.append(
                RecordedEvent(actor: "maria", at: last, event: .reopened(closed, reason: "New evidence")))
        }
        events.append(
            RecordedEvent(
                actor: "supervisor", at: last,
                event: .staffIdeaStatusChanged(StaffIdeaID(1), status: .adopted, note: "From next month")))
        events.append(
            RecordedEvent(
                actor: "supervisor", at: last,
                event: .rolesPublished(
                    RolePolicy(supervisors: ["supervisor"], supervisorGroup: "desk-supervisors", clerks: [])))
        )
        // Ids already in use, so the figures stay those of the demo.
        events.append(
            RecordedEvent(
                actor: "supervisor", at: last,
                event: .idsReserved(complaintsThrough: ComplaintID(120), ideasThrough: StaffIdeaID(1))))
        return events + additions(after: last)
    }

    /// Records added to the golden log after it was first written, in the order they were added:
    /// the fields and event types later versions brought. Append here; never edit what is above.
    static func additions(after last: Timestamp) -> [RecordedEvent] {
        let calendar = try! BusinessCalendar(
            timeZone: "America/New_York",
            hours: Dictionary(
                uniqueKeysWithValues: [Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map {
                    ($0, OpeningHours(opens: 9 * 60, closes: 17 * 60))
                }),
            holidays: [])
        return [
            // Working days, the backdating window, the office's contact and escalation, a postal address.
            RecordedEvent(
                actor: "supervisor", at: last,
                event: .officeConfigured(
                    OfficeConfiguration(
                        name: "Golden Office", calendar: calendar,
                        categories: [Category(id: "noise", title: "Noise")],
                        version: 2, backdatingWindowDays: 90, contact: "1 Main St · 555-0100",
                        escalation: "Write to the Inspector General"))),
            RecordedEvent(
                actor: "supervisor", at: last,
                event: .standardPublished(
                    ServiceStandard(
                        id: "respond", wording: "We will respond within 10 working days.", measure: .response,
                        targetMinutes: 4_800, threshold: 0.9, benchmarkMinutes: 2_400,
                        benchmarkSource: "Agency survey", version: 2, effective: last, targetWorkingDays: 10,
                        benchmarkWorkingDays: 5))),
            RecordedEvent(
                actor: "maria", at: last,
                event: .complaintReceived(
                    ComplaintID(121),
                    ComplaintIntake(
                        channel: .mail, category: "noise", summary: "Letter about night works",
                        customer: Customer(
                            name: "Ada Post", preferredReply: .mail, address: "2 Side St\nSpringfield"),
                        receivedAt: last))),
            RecordedEvent(actor: "supervisor", at: last, event: .clockAccepted(latestInLog: last)),
            // The office's customer groups (EO 12862 §1(a)), and a customer filed under one with
            // accessibility needs.
            RecordedEvent(
                actor: "supervisor", at: last,
                event: .officeConfigured(
                    OfficeConfiguration(
                        name: "Golden Office", calendar: calendar,
                        categories: [Category(id: "noise", title: "Noise")],
                        version: 3, backdatingWindowDays: 90, contact: "1 Main St · 555-0100",
                        escalation: "Write to the Inspector General",
                        customerGroups: ["resident", "business", "visitor"]))),
            RecordedEvent(
                actor: "maria", at: last,
                event: .complaintReceived(
                    ComplaintID(122),
                    ComplaintIntake(
                        channel: .counter, category: "noise", summary: "Drilling at night",
                        customer: Customer(
                            name: "Ben Reed", accessibilityNeeds: "Deaf: write, do not phone",
                            group: "visitor"),
                        receivedAt: last))),
            // The kiosk (issue 10 item 3): a hand-over to the kiosk at counter c1 (surveyOffered
            // key 3), the customer's answers with when they answered (surveyRecorded key 5), and
            // the kiosk's quiet timeout (officeConfigured key 13).
            RecordedEvent(
                actor: "maria", at: last,
                event: .responded(
                    ComplaintID(122), decision: .upheld, reasons: "The works stop at 22:00 now",
                    remedyOffered: "")),
            RecordedEvent(
                actor: "maria", at: last,
                event: .surveyOffered(ComplaintID(122), channel: .kiosk, counter: "c1")),
            RecordedEvent(
                actor: "kiosk", at: last,
                event: .surveyRecorded(
                    ComplaintID(122), channel: .kiosk,
                    answers: SurveyAnswers(
                        [.satisfaction: 5, .ease: 4, .equity: 3], freeText: ["Quick and kind"],
                        answeredAt: last.adding(minutes: -1)))),
            RecordedEvent(
                actor: "supervisor", at: last,
                event: .officeConfigured(
                    {
                        var office = OfficeConfiguration(
                            name: "Golden Office", calendar: calendar,
                            categories: [Category(id: "noise", title: "Noise")],
                            version: 4, backdatingWindowDays: 90, contact: "1 Main St · 555-0100",
                            escalation: "Write to the Inspector General",
                            customerGroups: ["resident", "business", "visitor"])
                        office.kioskQuietTimeoutSeconds = 300
                        return office
                    }())),
            // Issue 12: the printer reports and receipts go to (officeConfigured key 12).
            RecordedEvent(
                actor: "supervisor", at: last,
                event: .officeConfigured(
                    OfficeConfiguration(
                        name: "Golden Office", calendar: calendar,
                        categories: [Category(id: "noise", title: "Noise")],
                        version: 4, backdatingWindowDays: 90, contact: "1 Main St · 555-0100",
                        escalation: "Write to the Inspector General",
                        customerGroups: ["resident", "business", "visitor"], printer: "counter-1"))),
        ]
    }

    /// Appends to the golden log the events it does not hold yet; never rewrites what it holds.
    static func write() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let writer = try EventLog.open(path: log.path, access: .readWrite, create: true)
        var held = 0
        _ = try EventLog.verify(path: log.path) { _ in held += 1 }
        let payloads = events().dropFirst(held).map { EventCodec.encode($0) }
        for start in stride(from: 0, to: payloads.count, by: 500) {
            _ = try writer.append(Array(payloads[start..<min(payloads.count, start + 500)]))
        }
        var lines = ""
        _ = try EventLog.verify(path: log.path) { lines += LogDumpFormat.line(for: $0) + "\n" }
        try lines.write(to: dump, atomically: true, encoding: .utf8)
    }

    func testTheGoldenLogReadsToTheSameEventsAndFigures() throws {
        if ProcessInfo.processInfo.environment["DESK_UPDATE_GOLDEN"] == "1" { try Self.write() }
        guard FileManager.default.fileExists(atPath: Self.log.path) else {
            try Self.write()
            return XCTFail("no golden log yet: wrote \(Self.log.path); review and commit it")
        }
        // Every record is intact and chained, and reads back as the same JSON it was written as.
        var lines: [String] = []
        var state = DeskState()
        let report = try EventLog.verify(path: Self.log.path) { record in
            lines.append(LogDumpFormat.line(for: record))
            if let event = try? EventCodec.decode(record.payload) {
                state.apply(event, position: record.sequence)
            }
        }
        XCTAssertNil(report.damage)
        let expected = try String(contentsOf: Self.dump, encoding: .utf8).split(separator: "\n").map(
            String.init)
        if let diff = screenDiff(expected: expected, actual: lines) {
            XCTFail("the golden log reads differently:\n\(diff)")
        }

        // Every event type this version knows is in it (add to the log when a type is added).
        let types = Set(
            lines.compactMap { line in
                line.range(of: #""type":"[A-Za-z]+""#, options: .regularExpression).map {
                    String(line[$0].dropFirst(8).dropLast())
                }
            })
        XCTAssertEqual(types, Set(EventCodec.typeNames), "event types missing from the golden log")
        XCTAssertFalse(lines.contains { $0.contains("\"unreadable\"") })

        // The same figures as the events it was written from, applied directly.
        var direct = DeskState()
        for (index, event) in Self.events().enumerated() { direct.apply(event, position: UInt64(index + 1)) }
        XCTAssertEqual(state.eventCount, direct.eventCount)
        XCTAssertEqual(state.complaintCount, direct.complaintCount)
        XCTAssertEqual(state.statusCounts(), direct.statusCounts())
        XCTAssertEqual(state.customerCount, direct.customerCount)
        XCTAssertEqual(state.roles, direct.roles)
        let now = Timestamp(utcYear: 2026, month: 12, day: 1, hour: 12)
        XCTAssertEqual(state.standardResults(now: now), direct.standardResults(now: now))
        for id in 1...UInt32(state.complaintCount) {
            XCTAssertEqual(state.complaint(ComplaintID(id)), direct.complaint(ComplaintID(id)))
        }
    }

    /// Today's encoder writes every golden record byte for byte as it stands in the log, but for
    /// a record written before a field this version always writes: that field is then added at
    /// the end, and nothing else changes but the field count.
    func testReEncodingEveryGoldenRecordGivesBackItsPayload() throws {
        // Fields added since a record was written are left out at their implied values, so every
        // record, old or new, re-encodes to exactly its bytes.
        var count = 0
        _ = try EventLog.verify(path: Self.log.path) { record in
            guard record.kind == .event else { return }
            let payload = Array(record.payload)
            guard let event = try? EventCodec.decode(payload) else {
                return XCTFail("record \(record.sequence) is unreadable")
            }
            count += 1
            XCTAssertEqual(EventCodec.encode(event), payload, "record \(record.sequence): \(event)")
        }
        XCTAssertEqual(count, try String(contentsOf: Self.dump, encoding: .utf8).split(separator: "\n").count)
    }
}
