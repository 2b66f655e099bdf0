import DeskCore
import Foundation
import XCTest

final class EventCodecTests: XCTestCase {
    static let id = ComplaintID(42)

    /// One of every event type, with awkward text.
    static let samples: [DeskEvent] = {
        var s = Fixture.acknowledge()
        s.categories = ["parking", "housing"]
        s.channels = [.web, .kiosk]
        return [
            .officeConfigured(Fixture.office),
            .standardPublished(s),
            .standardPublished(Fixture.respond()),
            .complaintReceived(id, Fixture.intake(at: Fixture.gmt(11, 25, 10), channel: .mail)),
            .complaintReceived(
                id,
                ComplaintIntake(
                    channel: .web, category: "other", summary: "王芳 — \"quotes\" \\ and 🌻",
                    customer: Customer(name: "فاطمة"),
                    receivedAt: Timestamp(milliseconds: -5))),
            .acknowledged(id),
            .assessed(id, severity: .critical, urgent: true),
            .claimed(id, clerk: "maria"),
            .transferred(id, category: "housing", clerk: "omar", reason: "Housing team"),
            .transferred(id, category: "other", clerk: nil, reason: ""),
            .escalated(id, reason: "Repeat"),
            .noteAdded(id, text: "line one\nline two\ttab", customerVisible: true),
            .paused(id, reason: "Waiting for photos"),
            .resumed(id),
            .responded(id, decision: .partlyUpheld, reasons: "Our delay", remedyOffered: "Refund"),
            .closed(id, acceptance: .notKnown, recourse: "Ombudsman"),
            .reopened(id, reason: "Not delivered"),
            .withdrawn(id, reason: "Resolved elsewhere"),
            .surveyOffered(id, channel: .kiosk),
            .surveyRecorded(
                id, channel: .phone,
                answers: SurveyAnswers([.satisfaction: 5, .equity: 1], freeText: ["Merci", "Ещё"])),
            .staffIdeaSubmitted(StaffIdeaID(7), kind: .barrier, text: "Printer jams"),
            .staffIdeaStatusChanged(StaffIdeaID(7), status: .underReview, note: ""),
            .idsReserved(complaintsThrough: ComplaintID(1000), ideasThrough: StaffIdeaID(7)),
            .idsReserved(complaintsThrough: nil, ideasThrough: StaffIdeaID(3)),
            .idsReserved(complaintsThrough: ComplaintID(UInt32.max), ideasThrough: nil),
            .idsReserved(complaintsThrough: nil, ideasThrough: nil),
            .rolesPublished(
                RolePolicy(
                    supervisors: ["ana", "bo"], supervisorGroup: "desk-sup", clerks: ["cy"], clerkGroup: "")),
            .rolesPublished(RolePolicy(supervisors: [])),
            .clockAccepted(latestInLog: Fixture.gmt(11, 25, 10, 42)),
            .clockAccepted(latestInLog: Timestamp(milliseconds: -86_400_000)),
        ] + newestFields
    }()

    /// The fields added last: the office's backdating window, contact and escalation (keys 8–10),
    /// a standard's working days (keys 12–13), a customer's postal address (nested key 7).
    static let newestFields: [DeskEvent] = {
        let calendar = try! BusinessCalendar(
            timeZone: "America/New_York",
            hours: [.monday: OpeningHours(9, 0, 17, 0), .saturday: OpeningHours(10, 30, 12, 0)],
            holidays: [
                CalendarDate(year: 2026, month: 12, day: 25), CalendarDate(year: 1969, month: 7, day: 20),
            ])
        return [
            .officeConfigured(
                OfficeConfiguration(
                    name: "Office · 東", calendar: calendar,
                    categories: [Category(id: "noise", title: "Noise"), .other], channels: [.mail],
                    version: 7, backdatingWindowDays: 30, contact: "1 Main St\n555-0100",
                    escalation: "Write to the Inspector General")),
            .officeConfigured(
                OfficeConfiguration(
                    name: "", calendar: calendar, categories: [], channels: [], backdatingWindowDays: 0)),
            .standardPublished(
                ServiceStandard(
                    id: "respond", wording: "Ten working days", measure: .resolution, categories: ["noise"],
                    channels: [.counter, .kiosk], targetMinutes: 4_800, threshold: 0.875, benchmarkMinutes: 0,
                    benchmarkSource: "Survey", version: 3, effective: Timestamp(milliseconds: -1),
                    targetWorkingDays: 10, benchmarkWorkingDays: 0)),
            .complaintReceived(
                ComplaintID(UInt32.max),
                ComplaintIntake(
                    channel: .kiosk, category: "noise", summary: "s", details: "d", remedySought: "r",
                    customer: Customer(
                        name: "Ada", email: "ada@example.org", phone: "555", preferredReply: .email,
                        accessibilityNeeds: "large print", group: "resident",
                        address: "2 Side St\nSpringfield"),
                    receivedAt: Fixture.gmt(11, 24, 9))),
        ]
    }()

    func testRoundTripOfEveryEventType() throws {
        var types = Set<String>()
        for (i, e) in Self.samples.enumerated() {
            let recorded = RecordedEvent(
                actor: i % 3 == 0 ? "" : "maria", at: Timestamp(milliseconds: Int64(i) * 1_000_003 - 7),
                event: e)
            let bytes = EventCodec.encode(recorded)
            XCTAssertEqual(bytes.first, EventCodec.schemaVersion)
            XCTAssertEqual(try EventCodec.decode(bytes), recorded, "\(e)")
            types.insert(EventCodec.typeName(of: e))
        }
        XCTAssertEqual(types, Set(EventCodec.typeNames), "every event type is covered")
    }

    /// `officeConfigured` key 11: the customer groups, in order; none is not written, so a record
    /// from before the field reads and re-encodes to its bytes.
    func testCustomerGroupsRoundTripAndAreLeftOutWhenNone() throws {
        var office = Fixture.office
        office.customerGroups = ["resident", "business", "visitor"]
        var without = Fixture.office
        without.customerGroups = []
        let recorded = RecordedEvent(
            actor: "boss", at: Fixture.gmt(11, 25, 9), event: .officeConfigured(office))
        let bytes = EventCodec.encode(recorded)
        let decoded = try EventCodec.decode(bytes)
        XCTAssertEqual(decoded, recorded)
        guard case .officeConfigured(let back) = decoded.event else { return XCTFail("\(decoded)") }
        XCTAssertEqual(back.customerGroups, ["resident", "business", "visitor"])
        XCTAssertTrue(
            EventCodec.jsonLine(recorded).hasSuffix(
                #","customer_groups":["resident","business","visitor"]}"#),
            EventCodec.jsonLine(recorded))

        let plain = RecordedEvent(
            actor: "boss", at: Fixture.gmt(11, 25, 9), event: .officeConfigured(without))
        let plainBytes = EventCodec.encode(plain)
        XCTAssertGreaterThan(bytes.count, plainBytes.count + "residentbusinessvisitor".utf8.count)
        XCTAssertFalse(EventCodec.jsonLine(plain).contains("customer_groups"), EventCodec.jsonLine(plain))
        XCTAssertEqual(try EventCodec.decode(plainBytes), plain)
    }

    func testTruncatedPayloadsAreRefused() {
        for e in Self.samples {
            let bytes = EventCodec.encode(RecordedEvent(actor: "li", at: Fixture.gmt(11, 25, 10), event: e))
            for n in 0..<bytes.count {
                XCTAssertThrowsError(try EventCodec.decode(Array(bytes[0..<n])), "prefix \(n) of \(e)") {
                    error in
                    XCTAssertEqual((error as? DeskError)?.kind, .corruptEvent)
                }
            }
            XCTAssertThrowsError(try EventCodec.decode(bytes + [0]), "trailing byte")
        }
    }

    func testRandomBytesNeverCrash() {
        var rng = SplitMix64(seed: 99)
        var refused = 0
        for _ in 0..<20_000 {
            let n = rng.below(120)
            var bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if n > 0, rng.chance(0.5) { bytes[0] = EventCodec.schemaVersion }
            do { _ = try EventCodec.decode(bytes) } catch { refused += 1 }
        }
        XCTAssertGreaterThan(refused, 19_000)
        // Flipped bits in real events: decoded or refused, never a crash.
        for e in Self.samples {
            let bytes = EventCodec.encode(RecordedEvent(actor: "li", at: Fixture.gmt(11, 25, 10), event: e))
            for _ in 0..<200 {
                var b = bytes
                b[rng.below(b.count)] ^= UInt8(1 << rng.below(8))
                _ = try? EventCodec.decode(b)
            }
        }
    }

    func testUnknownFieldsAreSkippedAndNewerSchemaIsRefused() throws {
        // schema 1, acknowledged, at 0, actor "li", 2 fields: id 5, unknown key 99 (bytes "abc").
        let bytes: [UInt8] = [1, 11, 0, 2, 0x6C, 0x69, 2, 1, 0, 5, 99, 1, 3, 0x61, 0x62, 0x63]
        XCTAssertEqual(
            try EventCodec.decode(bytes),
            RecordedEvent(actor: "li", at: Timestamp(milliseconds: 0), event: .acknowledged(ComplaintID(5))))
        var newer = bytes
        newer[0] = 2
        XCTAssertThrowsError(try EventCodec.decode(newer)) { e in
            XCTAssertTrue("\(e)".contains("newer desk"), "\(e)")
        }
        var badUTF8 = bytes
        badUTF8[4] = 0xFF
        XCTAssertThrowsError(try EventCodec.decode(badUTF8)) { e in
            XCTAssertTrue("\(e)".contains("UTF-8"), "\(e)")
        }
        var unknownType = bytes
        unknownType[1] = 200
        XCTAssertThrowsError(try EventCodec.decode(unknownType)) { e in
            XCTAssertTrue("\(e)".contains("unknown event type 200"))
        }
    }

    func testJSONLineIsOneReadableObject() throws {
        for e in Self.samples {
            let bytes = EventCodec.encode(
                RecordedEvent(actor: "maria", at: Fixture.gmt(11, 25, 10, 42), event: e))
            let line = try EventCodec.jsonLine(bytes)
            XCTAssertFalse(line.contains("\n"))
            let object = try XCTUnwrap(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
            XCTAssertEqual(object["type"] as? String, EventCodec.typeName(of: e))
            XCTAssertEqual(object["actor"] as? String, "maria")
            XCTAssertEqual(object["at"] as? String, "2026-11-25T10:42:00Z")
            if let c = e.complaint { XCTAssertEqual(object["complaint"] as? String, c.description) }
        }
        let received = EventCodec.jsonLine(
            RecordedEvent(actor: "web", at: Fixture.gmt(11, 25, 10), event: Self.samples[4]))
        XCTAssertTrue(
            received.hasPrefix(
                #"{"type":"complaintReceived","actor":"web","at":"2026-11-25T10:00:00Z","complaint":"C-000042""#
            ), received)
        let object = try JSONSerialization.jsonObject(with: Data(received.utf8)) as! [String: Any]
        XCTAssertEqual(object["summary"] as? String, "王芳 — \"quotes\" \\ and 🌻")
        XCTAssertEqual((object["customer"] as? [String: Any])?["name"] as? String, "فاطمة")
        let note = EventCodec.jsonLine(
            RecordedEvent(
                actor: "x", at: Fixture.gmt(11, 25, 10),
                event: .noteAdded(Self.id, text: "a\u{1B}b\u{2028}", customerVisible: false)))
        XCTAssertTrue(note.contains(#"a\u001Bb\u2028"#), note)
        XCTAssertThrowsError(try EventCodec.jsonLine([1, 2, 3]))
    }

    /// A payload as `encode` writes it with no actor at time 0, so that its header is five bytes:
    /// schema, type, time, actor length, field count (below 128).
    private static func bare(_ e: DeskEvent) -> (RecordedEvent, [UInt8]) {
        let recorded = RecordedEvent(actor: "", at: Timestamp(milliseconds: 0), event: e)
        let bytes = EventCodec.encode(recorded)
        precondition(bytes[2] == 0 && bytes[3] == 0 && bytes[4] < 0x70)
        return (recorded, bytes)
    }

    /// Where each top-level field of a `bare` payload starts and ends, and its tag.
    private static func fields(of bytes: [UInt8]) -> [(start: Int, tag: UInt8, end: Int)] {
        func varint(at i: Int) -> (value: Int, end: Int) {
            var (value, shift, j) = (0, 0, i)
            while true {
                value |= Int(bytes[j] & 0x7F) << shift
                shift += 7
                j += 1
                if bytes[j - 1] & 0x80 == 0 { return (value, j) }
            }
        }
        var found: [(start: Int, tag: UInt8, end: Int)] = []
        var p = 5
        while p < bytes.count {
            let tag = bytes[p + 1]
            let v = varint(at: p + 2)
            let end = tag == 1 ? v.end + v.value : v.end
            found.append((p, tag, end))
            p = end
        }
        XCTAssertEqual(found.count, Int(bytes[4]))
        return found
    }

    func testUnknownFieldsOfEveryTagAreSkippedInEveryEventType() throws {
        // Keys no event type uses, one of each tag: 150 as a number, "abc" as bytes, -3 signed.
        let unknown: [UInt8] = [200, 0, 0x96, 0x01, 201, 1, 3, 0x61, 0x62, 0x63, 202, 2, 5]
        for e in Self.samples {
            let (recorded, written) = Self.bare(e)
            var bytes = written
            bytes[4] += 3
            XCTAssertEqual(
                try EventCodec.decode(Array(bytes[..<5]) + unknown + bytes[5...]), recorded, "\(e)")
            XCTAssertEqual(try EventCodec.decode(bytes + unknown), recorded, "\(e)")
        }
        // Inside a nested value too: a customer with a field from a later desk.
        // complaintReceived, 3 fields: complaint 5, summary "S", customer {name "A", key 99 = 7}.
        let received: [UInt8] = [1, 10, 0, 0, 3, 1, 0, 5, 5, 1, 1, 0x53, 8, 1, 8, 2, 1, 1, 1, 0x41, 99, 0, 7]
        XCTAssertEqual(
            try EventCodec.decode(received),
            RecordedEvent(
                actor: "", at: Timestamp(milliseconds: 0),
                event: .complaintReceived(
                    ComplaintID(5),
                    ComplaintIntake(
                        channel: .counter, category: "", summary: "S", customer: Customer(name: "A"),
                        receivedAt: Timestamp(milliseconds: 0)))))
        // A tag no desk writes cannot be skipped: refused.
        XCTAssertThrowsError(try EventCodec.decode([1, 11, 0, 0, 2, 1, 0, 5, 99, 3, 0])) { e in
            XCTAssertTrue("\(e)".contains("unknown field tag 3"), "\(e)")
        }
    }

    func testAKnownFieldWithAnotherTagIsRefusedNamingTheEventTypeAndField() throws {
        var checked = 0
        for e in Self.samples {
            let (_, bytes) = Self.bare(e)
            let type = EventCodec.typeName(of: e)
            for field in Self.fields(of: bytes) {
                for other: UInt8 in [0, 1, 2] where other != field.tag {
                    // The same key with a value of the other kind (0, or no bytes).
                    let altered = Array(bytes[...field.start]) + [other, 0] + bytes[field.end...]
                    XCTAssertThrowsError(try EventCodec.decode(altered), "\(e) key \(bytes[field.start])") {
                        error in
                        let message = "\(error)"
                        XCTAssertEqual((error as? DeskError)?.kind, .corruptEvent)
                        XCTAssertTrue(message.hasPrefix("unreadable event: \(type) field "), message)
                        XCTAssertTrue(
                            message.contains("(key \(bytes[field.start])) has wire tag \(other) ("), message)
                        XCTAssertTrue(message.contains("expected \(field.tag) ("), message)
                    }
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 200)
        // The message in full: acknowledged, its complaint as bytes.
        XCTAssertThrowsError(try EventCodec.decode([1, 11, 0, 0, 1, 1, 1, 0])) { error in
            XCTAssertEqual(
                "\(error)",
                "unreadable event: acknowledged field complaint (key 1) has wire tag 1 (bytes), expected 0 (unsigned)"
            )
        }
        // In a nested value: a customer's email as a number.
        let received: [UInt8] = [1, 10, 0, 0, 2, 1, 0, 5, 8, 1, 8, 2, 1, 1, 1, 0x41, 2, 0, 7]
        XCTAssertThrowsError(try EventCodec.decode(received)) { error in
            XCTAssertEqual(
                "\(error)",
                "unreadable event: complaintReceived customer field email (key 2) has wire tag 0 (unsigned), expected 1 (bytes)"
            )
        }
    }

    func testOutOfRangeValuesAreStillRefused() {
        let cases: [([UInt8], String)] = [
            ([1, 12, 0, 0, 2, 1, 0, 5, 2, 0, 9], "unknown severity 9"),
            ([1, 20, 0, 0, 2, 1, 0, 5, 2, 0, 3], "unknown acceptance 3"),
            ([1, 30, 0, 0, 2, 1, 0, 5, 2, 0, 0x80, 0x02], "unknown channel 256"),
            ([1, 41, 0, 0, 2, 1, 0, 5, 2, 0, 5], "unknown idea status 5"),
            ([1, 11, 0, 0, 0], "complaint number 0 is missing"),
            ([1, 31, 0, 0, 2, 1, 0, 5, 3, 1, 2, 5, 6], "survey score 6 is outside 1–5"),
        ]
        for (bytes, expected) in cases {
            XCTAssertThrowsError(try EventCodec.decode(bytes), expected) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
            }
        }
    }
}
