import Desk
import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

/// The kiosk's settings and records outside the screen: `[kiosk] quiet_timeout` through the one
/// validator into the log, the survey import's `answered_at` kept in the log, and the clerks'
/// PINs (`desk pin`) kept hashed beside the log, never in it.
final class KioskSettingsTests: XCTestCase {
    static let sample = SampleConfiguration.text(supervisor: "maria", timeZone: "Europe/London")

    func check(_ text: String) -> Result<DeskConfiguration, ConfigurationProblems> {
        DeskConfiguration.check(text, file: "desk.toml")
    }

    func testTheQuietTimeoutIsReadCheckedAndPublished() throws {
        // The sample says 2m, the default.
        guard case .success(let sample) = check(Self.sample) else { return XCTFail("the sample is refused") }
        XCTAssertEqual(sample.office.kioskQuietTimeoutSeconds, 120)
        for (written, seconds) in [("\"90s\"", 90), ("\"30m\"", 1800), ("45", 45), ("\"15s\"", 15)] {
            let text = Self.sample.replacingOccurrences(
                of: "quiet_timeout = \"2m\"", with: "quiet_timeout = \(written)")
            guard case .success(let configuration) = check(text) else { return XCTFail("\(written) refused") }
            XCTAssertEqual(configuration.office.kioskQuietTimeoutSeconds, seconds, written)
        }
        let lines = Self.sample.split(separator: "\n", omittingEmptySubsequences: false)
        let line = 1 + lines.firstIndex { $0.hasPrefix("quiet_timeout") }!
        for (written, words) in [
            ("\"5s\"", "5 seconds is outside 15s–30m"), ("\"31m\"", "1860 seconds is outside 15s–30m"),
            ("\"soon\"", "is not a time"), ("true", "is not a time"),
        ] {
            let text = Self.sample.replacingOccurrences(
                of: "quiet_timeout = \"2m\"", with: "quiet_timeout = \(written)")
            guard case .failure(let found) = check(text) else { return XCTFail("\(written) accepted") }
            XCTAssertEqual(found.problems.count, 1, found.problems.map(\.description).joined(separator: "\n"))
            let description = found.problems.first?.description ?? ""
            XCTAssertTrue(
                description.hasPrefix("desk.toml:\(line): kiosk.quiet_timeout: \(words)"), description)
            XCTAssertTrue(description.contains("e.g. quiet_timeout = \"2m\""), description)
        }
        let unknown = Self.sample.replacingOccurrences(of: "quiet_timeout = \"2m\"", with: "quiet = \"2m\"")
        guard case .failure(let found) = check(unknown) else { return XCTFail("an unknown key accepted") }
        XCTAssertTrue(
            found.problems[0].description.contains("kiosk.quiet: is not a setting"), "\(found.problems)")
    }

    func testThePublishedQuietTimeoutReadsBackFromTheLog() throws {
        let data = try TemporaryDirectory(prefix: "desk-kiosk")
        let text = Self.sample.replacingOccurrences(
            of: "quiet_timeout = \"2m\"", with: "quiet_timeout = \"5m\"")
        try text.write(toFile: data.file("desk.toml"), atomically: true, encoding: .utf8)
        let session = try DeskSession.open(
            DataDirectory(path: data.path), access: .readWrite, identity: Identity(user: "maria", groups: []))
        XCTAssertEqual(session.state.office?.kioskQuietTimeoutSeconds, 300)
        let reader = try DeskSession.open(DataDirectory(path: data.path), access: .readOnly)
        XCTAssertEqual(reader.state.office?.kioskQuietTimeoutSeconds, 300)
    }

    func testTheSurveyImportKeepsAnsweredAtInTheLog() throws {
        let data = try TemporaryDirectory(prefix: "desk-kiosk")
        let session = try DeskSession.open(
            DataDirectory(path: data.path), access: .readWrite, identity: Identity(user: "alice", groups: []))
        try session.execute(
            .receive(
                ComplaintIntake(
                    channel: .phone, category: "other", summary: "Bin not collected",
                    customer: Customer(name: "Ann Lee", email: "", phone: ""), receivedAt: session.clock.now))
        )
        let id = ComplaintID(1)
        try session.execute(
            .respond(
                id, revision: session.state.complaint(id)!.revision, decision: .upheld, reasons: "Collected",
                remedyOffered: ""))
        let answered = session.state.complaint(id)!.firstRespondedAt!.adding(milliseconds: 500)
        let parsed = SurveyImport(
            bytes: Array(
                #"{"complaint":"C-000001","channel":"web","answered_at":"\#(answered.iso8601)","ease":4}"#
                    .utf8),
            state: session.state, now: session.clock.now.adding(minutes: 1))
        XCTAssertTrue(parsed.isValid, parsed.problems.joined(separator: "\n"))
        _ = try session.importSurveys(parsed)
        let reader = try DeskSession.open(DataDirectory(path: data.path), access: .readOnly)
        let last = reader.events(at: reader.state.timeline(of: id)).last.flatMap { try? $0.1.get() }
        guard case .surveyRecorded(_, .web, let answers) = last?.event else {
            return XCTFail("\(String(describing: last))")
        }
        XCTAssertEqual(answers.answeredAt, answered)
        XCTAssertEqual(answers[.ease], 4)
    }

    func testAPINIsKeptHashedForItsAccountOnly() throws {
        let data = try TemporaryDirectory(prefix: "desk-kiosk")
        let pins = KioskPins(directory: DataDirectory(path: data.path))
        XCTAssertFalse(pins.hasPIN(for: "bob"))
        XCTAssertFalse(pins.check("2468", for: "bob"))
        for bad in ["123", "1234567890123", "12a4", "", "１２３４"] {
            XCTAssertThrowsError(try pins.set(bad, for: "bob"), bad)
        }
        try pins.set("2468", for: "bob")
        try pins.set("1357", for: "carol")
        XCTAssertTrue(pins.check("2468", for: "bob"))
        XCTAssertFalse(pins.check("1357", for: "bob"))
        XCTAssertFalse(pins.check("2468", for: "carol"))
        XCTAssertFalse(pins.check("24680", for: "bob"))
        // Set again: replaced, the other account's kept.
        try pins.set("97531", for: "bob")
        XCTAssertFalse(pins.check("2468", for: "bob"))
        XCTAssertTrue(pins.check("97531", for: "bob"))
        XCTAssertTrue(pins.check("1357", for: "carol"))
        var info = stat()
        XCTAssertEqual(stat(pins.path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o660)
        let text = try String(contentsOfFile: pins.path, encoding: .utf8)
        XCTAssertEqual(text.split(separator: "\n").count, 2, text)
        XCTAssertFalse(text.contains("97531"), text)
        // Two salts: the same PIN for two accounts does not give the same line.
        try pins.set("1357", for: "bob")
        let lines = try String(contentsOfFile: pins.path, encoding: .utf8).split(separator: "\n")
        XCTAssertNotEqual(lines[0].split(separator: " ").last, lines[1].split(separator: " ").last)
    }

    func testDeskPinReadsStandardInputAndRefusesABadPIN() throws {
        let data = try TemporaryDirectory(prefix: "desk-kiosk")
        _ = try DeskSession.open(
            DataDirectory(path: data.path), access: .readWrite, identity: Identity(user: "alice", groups: []))
        let before = try EventLog.verify(path: data.file("events.log")).position.lastSequence
        let bad = try ProductRun.run(
            "desk", ["pin", "--data", data.path], input: Array("12\n".utf8),
            environment: ["DESK_AS_USER": "bob"])
        XCTAssertEqual(bad.status, 65, bad.standardError)
        XCTAssertTrue(bad.standardError.contains("a PIN is 4 to 12 digits"), bad.standardError)
        let good = try ProductRun.run(
            "desk", ["pin", "--data", data.path], input: Array("2468\n".utf8),
            environment: ["DESK_AS_USER": "bob"])
        XCTAssertEqual(good.status, 0, good.standardError)
        XCTAssertTrue(KioskPins(directory: DataDirectory(path: data.path)).check("2468", for: "bob"))
        // Never in the log.
        XCTAssertEqual(try EventLog.verify(path: data.file("events.log")).position.lastSequence, before)
    }

    func testTheKioskRefusesAViewerAndBadArguments() throws {
        let data = try TemporaryDirectory(prefix: "desk-kiosk")
        let session = try DeskSession.open(
            DataDirectory(path: data.path), access: .readWrite, identity: Identity(user: "alice", groups: []))
        try session.execute(.publishRoles(RolePolicy(supervisors: ["alice"], clerks: ["bob"])))
        func kiosk(_ arguments: [String], as user: String) throws -> ProductRun {
            try ProductRun.run(
                "desk", ["kiosk", "--data", data.path] + arguments, environment: ["DESK_AS_USER": user])
        }
        let viewer = try kiosk(["--counter", "c1"], as: "kiosk")
        XCTAssertEqual(viewer.status, 77, viewer.standardError)
        XCTAssertTrue(
            viewer.standardError.contains(
                "kiosk is a viewer at this desk and may not record the customer's answers"),
            viewer.standardError)
        let counter = try kiosk(["--counter", "Counter 1"], as: "bob")
        XCTAssertEqual(counter.status, 64, counter.standardError)
        XCTAssertTrue(counter.standardError.contains("must be 1–40 lowercase letters"), counter.standardError)
        let quiet = try kiosk(["--counter", "c1", "--quiet-timeout", "5"], as: "bob")
        XCTAssertEqual(quiet.status, 64, quiet.standardError)
        XCTAssertTrue(
            quiet.standardError.contains("--quiet-timeout: 5 is outside 15–1800 seconds"), quiet.standardError
        )
        // A clerk gets as far as the terminal, which a test has not.
        let clerk = try kiosk(["--counter", "c1"], as: "bob")
        XCTAssertEqual(clerk.status, 64, clerk.standardError)
        XCTAssertTrue(
            clerk.standardError.contains("The kiosk needs a full-screen terminal"), clerk.standardError)
        let desk = try ProductRun.run(
            "desk", ["--data", data.path], environment: ["DESK_AS_USER": "bob", "DESK_COUNTER": "C 1"])
        XCTAssertEqual(desk.status, 64, desk.standardError)
        XCTAssertTrue(desk.standardError.contains("DESK_COUNTER: counter: \"C 1\""), desk.standardError)
    }
}
