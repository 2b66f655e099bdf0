import Desk
import DeskCore
import DeskTestSupport
import Foundation
import XCTest

/// `[office] printer` (issue 12): read by the one validator, published as officeConfigured key 12,
/// left out of the record and its dump when the office names none.
final class ReportPrinterConfigurationTests: XCTestCase {
    static let sample = SampleConfiguration.text(supervisor: "maria", timeZone: "Europe/London")

    func withPrinter(_ line: String) -> String {
        Self.sample.replacingOccurrences(of: "# printer = \"counter-1\"", with: line)
    }

    func testAPrinterNameIsReadAndABadOneIsRefusedWithItsLine() throws {
        XCTAssertTrue(Self.sample.contains("# printer = \"counter-1\""), "the sample shows the key")
        guard case .success(let none) = DeskConfiguration.check(Self.sample, file: "desk.toml") else {
            return XCTFail("the sample is valid")
        }
        XCTAssertEqual(none.office.printer, "")
        guard
            case .success(let named) = DeskConfiguration.check(
                withPrinter("printer = \"HP_LaserJet.2@desk\""), file: "desk.toml")
        else { return XCTFail("a queue name is accepted") }
        XCTAssertEqual(named.office.printer, "HP_LaserJet.2@desk")

        for bad in ["-o evil", "a b", "x;rm -rf", "", "counter\u{1B}", String(repeating: "p", count: 128)] {
            let text = withPrinter("printer = \"\(bad.replacingOccurrences(of: "\u{1B}", with: "\\u001b"))\"")
            if bad.isEmpty {
                guard case .success(let empty) = DeskConfiguration.check(text, file: "desk.toml") else {
                    return XCTFail("an empty printer means none")
                }
                XCTAssertEqual(empty.office.printer, "")
                continue
            }
            guard case .failure(let found) = DeskConfiguration.check(text, file: "desk.toml") else {
                XCTFail("\(bad.debugDescription) is refused")
                continue
            }
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0.hasPrefix("printer = ")
            }.map { $0 + 1 }
            XCTAssertEqual(found.problems.count, 1, "\(found)")
            XCTAssertEqual(found.problems.first?.line, line)
            XCTAssertTrue(found.description.contains("office.printer"), found.description)
            XCTAssertTrue(found.description.contains("not starting with -"), found.description)
        }
    }

    func testThePrinterRoundTripsAsKey12AndNoneIsNeitherWrittenNorDumped() throws {
        let calendar = try BusinessCalendar.weekdays9to5(timeZone: "UTC")
        let plain = OfficeConfiguration(name: "Office", calendar: calendar, categories: [])
        var printing = plain
        printing.printer = "counter-1"
        let at = Timestamp(milliseconds: 1_790_000_000_000)
        let withPrinter = RecordedEvent(actor: "boss", at: at, event: .officeConfigured(printing))
        let without = RecordedEvent(actor: "boss", at: at, event: .officeConfigured(plain))
        XCTAssertEqual(try EventCodec.decode(EventCodec.encode(withPrinter)), withPrinter)
        XCTAssertGreaterThan(
            EventCodec.encode(withPrinter).count, EventCodec.encode(without).count + "counter-1".utf8.count)
        XCTAssertTrue(EventCodec.jsonLine(withPrinter).hasSuffix(#","printer":"counter-1"}"#))
        XCTAssertFalse(EventCodec.jsonLine(without).contains("printer"))
        // The desk refuses to decide a configuration with a printer name lpr could take as an option.
        printing.printer = "-Pother"
        XCTAssertThrowsError(try DeskState().decide(.configureOffice(printing), actor: "boss", now: at))
    }
}
