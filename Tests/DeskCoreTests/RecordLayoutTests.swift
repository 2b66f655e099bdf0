import XCTest

@testable import DeskCore

/// The typed fields keep the compact records their size: peak memory with 200,000 complaints
/// depends on it (PERFORMANCE.md, P4).
final class RecordLayoutTests: XCTestCase {
    func testTypedFieldsTakeNoMoreRoomThanTheRawOnes() {
        XCTAssertEqual(MemoryLayout<RecordedInstant>.size, 8)
        XCTAssertEqual(MemoryLayout<Timestamp?>.stride, 16, "why the records do not hold Timestamp?")
        XCTAssertEqual(MemoryLayout<ComplaintFlags>.size, 1)
        XCTAssertEqual(MemoryLayout<ComplaintStatus>.size, 1)
        XCTAssertEqual(MemoryLayout<Channel>.size, 1)
        XCTAssertEqual(MemoryLayout<Channel?>.size, 1)
        XCTAssertEqual(MemoryLayout<Severity>.size, 1)
        XCTAssertEqual(MemoryLayout<Decision?>.size, 1)
        XCTAssertEqual(MemoryLayout<EventCodec.Code?>.size, 1)
    }

    func testRecordStridesAreWhatTheyWereWithRawFields() {
        // Measured on the raw layout (Int64 times with an Int64.min sentinel, UInt8 codes).
        XCTAssertEqual(MemoryLayout<ComplaintRecord>.stride, 136)
        XCTAssertEqual(MemoryLayout<CustomerRecord>.stride, 52)
        XCTAssertEqual(MemoryLayout<SurveyRecord>.stride, 32)
        XCTAssertEqual(MemoryLayout<SurveyOffer>.stride, 24)
        XCTAssertEqual(MemoryLayout<RoundRecord>.stride, 32)
        XCTAssertEqual(MemoryLayout<PauseRecord>.stride, 24)
    }

    func testAFreshRecordHasNothingYet() {
        let r = ComplaintRecord()
        XCTAssertFalse(r.exists)
        XCTAssertFalse(r.isPaused)
        XCTAssertEqual(r.status, .received)
        XCTAssertEqual(r.severity, .normal)
        XCTAssertNil(r.decision)
        XCTAssertNil(r.lastKind)
        for t in [
            r.acknowledgedAt, r.firstRespondedAt, r.firstClosedAt, r.respondedAt, r.closedAt, r.withdrawnAt,
        ] {
            XCTAssertFalse(t.isSet)
        }
    }

    func testFlagsAreIndependentBits() {
        var f: ComplaintFlags = [.exists, .urgent]
        f.insert(.surveyed)
        f.remove(.urgent)
        XCTAssertEqual(f, [.exists, .surveyed])
        XCTAssertEqual(f.rawValue, 17, "bit values are the ones the raw flags used")
        let all: ComplaintFlags = [.exists, .urgent, .escalated, .surveyOffered, .surveyed]
        XCTAssertEqual(all.rawValue, 31)
    }
}

final class RecordedInstantTests: XCTestCase {
    func testNotYetHasNoTimeAndSortsFirst() {
        let t = Timestamp(milliseconds: -5)
        XCTAssertNil(RecordedInstant.notYet.timestamp)
        XCTAssertNil(RecordedInstant.notYet.milliseconds)
        XCTAssertFalse(RecordedInstant.notYet.isSet)
        XCTAssertEqual(RecordedInstant(nil as Timestamp?), .notYet)
        XCTAssertLessThan(RecordedInstant.notYet, RecordedInstant(t))
        XCTAssertEqual(max(RecordedInstant.notYet, RecordedInstant(t)), RecordedInstant(t))
        XCTAssertEqual(RecordedInstant.notYet.description, "not yet")
    }

    func testAnInstantRoundTrips() {
        for ms: Int64 in [0, 1, -1, 1_764_000_000_000, .max] {
            let t = Timestamp(milliseconds: ms)
            let r = RecordedInstant(t)
            XCTAssertTrue(r.isSet)
            XCTAssertEqual(r.timestamp, t)
            XCTAssertEqual(r.milliseconds, ms)
            XCTAssertEqual(r.rawMilliseconds, ms)
            XCTAssertEqual(RecordedInstant(Optional(t)), r)
        }
        XCTAssertLessThan(
            RecordedInstant(Timestamp(milliseconds: 1)), RecordedInstant(Timestamp(milliseconds: 2)))
    }

    func testLiesInAHalfOpenRange() {
        let r = RecordedInstant(Timestamp(milliseconds: 10))
        XCTAssertTrue(r.lies(from: 10, below: 11))
        XCTAssertFalse(r.lies(from: 0, below: 10))
        XCTAssertFalse(r.lies(from: 11, below: 20))
        XCTAssertFalse(RecordedInstant.notYet.lies(from: .min, below: .max), "not yet lies in no range")
    }
}
