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
        XCTAssertEqual(types.count, 20, "every event type is covered")
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
}
