import XCTest

@testable import Desk

/// The progress line: silent for the first half second and when not wanted, at most ten times a
/// second after that, erased at the end.
final class ProgressLineTests: XCTestCase {
    func testTheLineWaitsHalfASecondThenShowsHowFarAndIsErased() {
        var time = 0.0
        var written: [String] = []
        let progress = ProgressLine(
            "desk export", total: 200_000, unit: .rows, enabled: true, clock: { time },
            write: { written.append($0) })
        // The clock is read once every 1,024 updates.
        for done in 1...50_000 {
            time = Double(done) / 50_000 * 0.4
            progress.update(Int64(done))
        }
        XCTAssertEqual(written, [], "nothing in the first half second")
        for done in 50_001...100_000 {
            time = 0.4 + Double(done - 50_000) / 50_000 * 0.35
            progress.update(Int64(done))
        }
        XCTAssertFalse(written.isEmpty)
        XCTAssertLessThanOrEqual(written.count, 4, "at most ten a second: \(written.count) in 0.25 s")
        XCTAssertTrue(written.last!.hasSuffix("desk export: 46 % (93184 of 200000 rows)"), written.last!)
        progress.finish()
        XCTAssertEqual(written.last, "\r\u{1B}[K")
    }

    func testNothingIsWrittenWhenNotWanted() {
        var time = 0.0
        var written: [String] = []
        let progress = ProgressLine(
            "desk log verify", total: 1 << 30, unit: .bytes, enabled: false, clock: { time },
            write: { written.append($0) })
        for done in stride(from: 0, to: 1 << 30, by: 1 << 16) {
            time += 0.01
            progress.update(Int64(done))
        }
        progress.finish()
        XCTAssertEqual(written, [])
        XCTAssertEqual(
            ProgressLine(
                "desk log verify", total: 3 << 20, unit: .bytes, enabled: true, clock: { 0 }, write: { _ in }
            )
            .text(1 << 20),
            "desk log verify: 33 % (1 of 3 MiB)")
    }
}
