import Desk
import DeskCore
import DeskTestSupport
import Foundation
import XCTest

final class ConfigurationTests: XCTestCase {
    private func sample() throws -> String {
        // The sample a new data directory gets: it must parse, and serves as the base for mistakes.
        let directory = try TemporaryDirectory(prefix: "desk-config")
        _ = try DeskSession.open(
            DataDirectory(path: directory.path), access: .readWrite,
            identity: Identity(user: "maria", groups: []))
        return try String(contentsOfFile: directory.path + "/desk.toml", encoding: .utf8)
    }

    private func error(in text: String) -> ConfigurationError? {
        switch DeskConfiguration.check(text, file: "desk.toml") {
        case .success: return nil
        case .failure(let found): return found.problems.first
        }
    }

    private func line(of needle: String, in text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }! + 1
    }

    func testTheSampleConfigurationParsesAndNamesTheCreatorAsSupervisor() throws {
        let configuration = try DeskConfiguration.parse(try sample(), file: "desk.toml")
        XCTAssertTrue(configuration.office.categories.contains { $0.id == "other" })
        XCTAssertEqual(Set(configuration.office.channels), Set(Channel.allCases))
        XCTAssertEqual(configuration.standards.map(\.id), ["acknowledge", "respond", "respond-access"])
        XCTAssertEqual(configuration.standards[0].targetMinutes, 2 * 8 * 60, "2 working days of 09:00–17:00")
        XCTAssertEqual(configuration.standards[0].targetWorkingDays, 2)
        XCTAssertEqual(configuration.standards[0].benchmarkWorkingDays, 1)
        XCTAssertEqual(configuration.office.backdatingWindowDays, 365)
        XCTAssertTrue(configuration.office.contact.contains("1 High Street"), configuration.office.contact)
        XCTAssertTrue(
            configuration.office.escalation.contains("Office Director"), configuration.office.escalation)
        XCTAssertNil(configuration.theme, "the sample leaves the theme to each clerk (and NO_COLOR)")
        XCTAssertEqual(configuration.roles.role(of: "maria", groups: []), .supervisor)
        XCTAssertEqual(configuration.roles.role(of: "omar", groups: []), .clerk)
        XCTAssertEqual(configuration.roles.role(of: "omar", groups: ["desk-supervisors"]), .supervisor)
    }

    func testMistakesAreNamedByFileLineAndKey() throws {
        let text = try sample()
        let cases: [(String, String, String, String)] = [
            // (replace, with, expected key, words the message must contain)
            ("threshold = 0.9\n", "threshold = 1.5\n", "standards.threshold", "more than 0 and at most 1"),
            ("target = \"10d\"", "target = \"ten days\"", "standards.target", "minutes (\"90m\")"),
            (
                "measure = \"response\"", "measure = \"answer\"", "standards.measure",
                "acknowledgement, response, resolution"
            ),
            ("monday = \"09:00-17:00\"", "monday = \"17:00-09:00\"", "hours.monday", "HH:MM-HH:MM"),
            ("categories = [\"access\"]", "categories = [\"acess\"]", "standards.categories", "payments"),
            (
                "channels = [\"counter\",", "channels = [\"counter\", \"pigeon\",", "office.channels",
                "counter, phone, mail, email, web, kiosk"
            ),
        ]
        for (find, replacement, key, words) in cases {
            let broken = text.replacingOccurrences(of: find, with: replacement)
            XCTAssertNotEqual(broken, text, "the sample has \(find)")
            let failure = try XCTUnwrap(error(in: broken), "\(replacement) was accepted")
            XCTAssertEqual(failure.key, key, failure.description)
            XCTAssertEqual(
                failure.line, line(of: replacement.trimmingCharacters(in: .newlines), in: broken),
                failure.description)
            XCTAssertTrue(failure.description.contains(words), failure.description)
            XCTAssertTrue(failure.description.hasPrefix("desk.toml:"), failure.description)
        }
    }

    func testATimeZoneThatDoesNotExistAndBrokenTOMLArePlaced() throws {
        let text = try sample()
        let zone = try XCTUnwrap(
            error(in: text.replacingOccurrences(of: #"time_zone = ""#, with: #"time_zone = "Mars/Olympus"#)))
        XCTAssertEqual(zone.key, "office.time_zone")
        XCTAssertTrue(zone.description.contains("IANA"), zone.description)
        let broken = text.replacingOccurrences(of: "[roles]", with: "[roles")
        let parse = try XCTUnwrap(error(in: broken))
        XCTAssertEqual(parse.line, line(of: "[roles", in: broken), parse.description)
        XCTAssertTrue(parse.description.contains("not valid TOML"), parse.description)
    }

    func testAChangedStandardMustRaiseItsVersionToBePublished() throws {
        let directory = try TemporaryDirectory(prefix: "desk-publish")
        let data = DataDirectory(path: directory.path)
        let maria = Identity(user: "maria", groups: [])
        let session = try DeskSession.open(data, access: .readWrite, identity: maria)
        XCTAssertEqual(session.state.currentStandards.count, 3)
        XCTAssertEqual(try session.publishConfiguration(), [], "nothing changed")

        var text = try String(contentsOfFile: data.configurationPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "target = \"10d\"", with: "target = \"8d\"")
        try text.write(toFile: data.configurationPath, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try session.publishConfiguration()) { error in
            XCTAssertTrue("\(error)".contains("raise it to 2"), "\(error)")
        }
        text = text.replacingOccurrences(
            of:
                "target = \"8d\"\nthreshold = 0.9\nbenchmark = \"5d\"\nbenchmark_source = \"Example: the best of five comparable offices surveyed in 2026 (replace with your own)\"\nversion = 1",
            with:
                "target = \"8d\"\nthreshold = 0.9\nbenchmark = \"5d\"\nbenchmark_source = \"Example: the best of five comparable offices surveyed in 2026 (replace with your own)\"\nversion = 2"
        )
        try text.write(toFile: data.configurationPath, atomically: true, encoding: .utf8)
        XCTAssertEqual(try session.publishConfiguration(), ["standard respond version 2"])
        XCTAssertEqual(session.state.versions(ofStandard: "respond").map(\.version), [1, 2])

        let clerk = try DeskSession.open(
            data, access: .readWrite, identity: Identity(user: "omar", groups: []))
        XCTAssertThrowsError(try clerk.publishConfiguration()) { error in
            guard case DeskFailure.notAllowed(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("omar is a clerk"), message)
        }
    }
}
