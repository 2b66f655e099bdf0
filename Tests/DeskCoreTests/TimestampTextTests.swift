import DeskCore
import XCTest

/// A timestamp anywhere in Int64's range is written without trapping: a damaged or forged record
/// may hold one, and `desk log dump`, export and every screen write it.
final class TimestampTextTests: XCTestCase {
    func testEveryInstantIsWrittenAndTheWritableOnesReadBack() {
        for ms in [Int64.min, .min + 1, -62_167_219_200_001, .max, .max - 1, 253_402_300_800_000] {
            XCTAssertEqual(
                Timestamp(milliseconds: ms).iso8601, "\(ms) ms from 1970 (beyond ISO 8601)", "\(ms)")
        }
        for (ms, text) in [
            (Int64(-62_167_219_200_000), "0000-01-01T00:00:00Z"),
            (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
            (0, "1970-01-01T00:00:00Z"),
        ] {
            XCTAssertEqual(Timestamp(milliseconds: ms).iso8601, text)
            XCTAssertEqual(Timestamp(iso8601: text)?.milliseconds, ms)
        }
    }
}
