import CSV
import DeskCore
import Foundation
import XCTest

@testable import Desk

/// An export larger than one chunk holds every complaint once, in order (a CSV export of more
/// than 5,000 complaints once repeated its first 5,000 and dropped the rest), and the byte
/// writer's times are exactly ``Timestamp/iso8601``.
final class ExportScaleTests: XCTestCase {
    func testAnExportOfManyComplaintsHoldsEachOnceInOrder() throws {
        let end = Timestamp(utcYear: 2025, month: 5, day: 12, hour: 11)
        let count = 6_000
        let state = DeskState(
            replaying: DemoHistory(
                seed: 3, complaints: count, start: DemoHistory.start(forComplaints: count, endingNear: end)))
        let expected = (1...state.complaintCount).compactMap { number -> String? in
            let id = ComplaintID(UInt32(number))
            return state.complaint(id) == nil ? nil : id.description
        }
        XCTAssertGreaterThan(expected.count, 5_000)
        for format in ComplaintExport.Format.allCases {
            var chunks: [String] = []
            try ComplaintExport.write(state, now: end, format: format) { chunks.append($0) }
            XCTAssertGreaterThan(chunks.count, 1, "\(format): more than one chunk")
            XCTAssertTrue(chunks.allSatisfy { $0.hasSuffix("\n") }, "\(format): each chunk ends a line")
            let text = chunks.joined()
            var ids: [String] = []
            switch format {
            case .csv:
                let reader = try CSVReader(string: text, hasHeaderRow: true)
                XCTAssertEqual(reader.headerRow?.first, "id")
                while let row = reader.next() { ids.append(row[0]) }
                XCTAssertNil(reader.error)
            case .jsonl:
                for line in text.split(separator: "\n") {
                    let object = try XCTUnwrap(
                        JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
                    ids.append(try XCTUnwrap(object["id"] as? String))
                }
            }
            XCTAssertEqual(ids.count, expected.count, "\(format)")
            XCTAssertEqual(ids, expected, "\(format): every complaint once, in order")
        }
    }

    func testTimesAreWrittenExactlyAsISO8601() {
        var generator = SystemRandomNumberGenerator()
        var times: [Int64] = [
            0, -1, 1, 86_399_999, 86_400_000, -86_400_000, 253_402_300_799_999, -62_167_219_200_000,
        ]
        times += (0..<5_000).map { _ in
            Int64.random(in: -3_000_000_000_000...4_000_000_000_000, using: &generator)
        }
        times += (0..<500).map { _ in Int64.random(in: 0...4_000_000_000_000, using: &generator) / 1000 * 1000
        }
        times += [253_402_300_800_000, -62_167_219_200_001, 9_000_000_000_000_000, -9_000_000_000_000_000]
        for milliseconds in times {
            let time = Timestamp(milliseconds: milliseconds)
            var out = ExportWriter()
            out.jsonTime(time)
            out.csvTime(time)
            let expected =
                "\"\(time.iso8601)\""
                + "," + ComplaintExport.spreadsheetSafe(time.iso8601)
            XCTAssertEqual(out.take(), expected, "\(milliseconds)")
        }
        var none = ExportWriter()
        none.jsonTime(nil)
        none.csvTime(nil)
        XCTAssertEqual(none.take(), "\"\",")
    }
}
