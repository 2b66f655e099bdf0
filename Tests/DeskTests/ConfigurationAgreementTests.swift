import Desk
import DeskCore
import DeskTestSupport
import Foundation
import XCTest

/// `desk config check` and `desk config publish` run one validator: on every case of issue 9's
/// "Why" they refuse alike, with the same lines, and publish appends nothing; what check accepts,
/// publish publishes. A broken `desk.toml` never stops the read-only commands.
final class ConfigurationAgreementTests: XCTestCase {
    func desk(_ arguments: [String], as user: String = "alice") throws -> ProductRun {
        try ProductRun.run("desk", arguments, environment: ["DESK_AS_USER": user, "NO_COLOR": ""])
    }

    /// The problem lines of a refusal, without the command's own prefix.
    func problemLines(_ run: ProductRun, command: String) -> [String] {
        run.standardError.split(separator: "\n").map {
            $0.hasPrefix("desk \(command): ") ? String($0.dropFirst("desk \(command): ".count)) : String($0)
        }
    }

    static let whyCases: [(name: String, find: String, replacement: String, key: String)] = [
        ("empty office name", "name = \"Riverside Public Service Office\"", "name = \"\"", "office.name"),
        (
            "100,000-character office name", "name = \"Riverside Public Service Office\"",
            "name = \"\(String(repeating: "N", count: 100_000))\"", "office.name"
        ),
        (
            "control character in a title", "title = \"Staff conduct\"", "title = \"Staff\\u0007conduct\"",
            "categories.title"
        ),
        ("duplicate category id", "id = \"staff\"", "id = \"payments\"", "categories.id"),
        ("duplicate standard id", "id = \"respond-access\"", "id = \"respond\"", "standards.id"),
        ("impossible holiday", "\"2026-12-28\"", "\"2026-02-30\"", "hours.holidays"),
        (
            "unknown key", "name = \"Riverside Public Service Office\"",
            "nmae = \"Riverside Public Service Office\"", "office.nmae"
        ),
        ("huge target", "target = \"10d\"", "target = \"10000000000000d\"", "standards.target"),
        ("huger target", "target = \"10d\"", "target = \"99999999999999999999d\"", "standards.target"),
        ("1e300 minutes", "target = \"10d\"", "target = \"1e300m\"", "standards.target"),
        ("fractional days", "target = \"10d\"", "target = \"1.5d\"", "standards.target"),
        (
            "a changed standard keeping its version", "target = \"10d\"", "target = \"8d\"",
            "standards.version"
        ),
    ]

    func testCheckAndPublishAgreeOnEveryCaseOfTheIssue() throws {
        let data = try TemporaryDirectory(prefix: "desk-agree")
        XCTAssertEqual(try desk(["config", "publish", "--data", data.path]).status, 0)
        let sample = try String(contentsOfFile: data.file("desk.toml"), encoding: .utf8)
        let logSize = {
            (try? FileManager.default.attributesOfItem(atPath: data.file("events.log"))[.size] as? Int) ?? -1
        }
        let before = logSize()
        var cases = Self.whyCases.map {
            ($0.name, sample.replacingOccurrences(of: $0.find, with: $0.replacement), [$0.key])
        }
        cases.append(("a file holding only [[", "[[\n", []))
        cases.append(("a file holding only [[ without a line end", "[[", []))
        cases.append(("an empty file", "", []))
        for (name, text, keys) in cases {
            XCTAssertTrue(text.count < 20 || text != sample, name)
            let file = data.file("next.toml")
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let check = try desk(["config", "check", "--data", data.path, file])
            let publish = try desk(["config", "publish", "--data", data.path, file])
            XCTAssertEqual(check.status, 65, "\(name): check \(check.standardError)")
            XCTAssertEqual(publish.status, 65, "\(name): publish \(publish.standardError)")
            XCTAssertEqual(
                problemLines(check, command: "config check"),
                problemLines(publish, command: "config publish"), name)
            for key in keys {
                XCTAssertTrue(check.standardError.contains("next.toml:"), check.standardError)
                XCTAssertTrue(check.standardError.contains(": \(key): "), "\(name): \(check.standardError)")
            }
            XCTAssertFalse(check.standardError.contains("Fatal error"), check.standardError)
            XCTAssertEqual(logSize(), before, "\(name): publish appended nothing")
        }
        // What check accepts, publish publishes.
        let raised = sample.replacingOccurrences(of: "target = \"10d\"", with: "target = \"8d\"")
            .replacingOccurrences(
                of: "(replace with your own)\"\nversion = 1\n\n[[standards]]\nid = \"respond-access\"",
                with: "(replace with your own)\"\nversion = 2\n\n[[standards]]\nid = \"respond-access\"")
        XCTAssertNotEqual(raised, sample)
        try raised.write(toFile: data.file("next.toml"), atomically: true, encoding: .utf8)
        let check = try desk(["config", "check", "--data", data.path, data.file("next.toml")])
        XCTAssertEqual(check.status, 0, check.standardError)
        let publish = try desk(["config", "publish", "--data", data.path, data.file("next.toml")])
        XCTAssertEqual(publish.status, 0, publish.standardError)
        XCTAssertTrue(publish.standardOutput.contains("standard respond version 2"), publish.standardOutput)
    }

    func testABrokenDeskTomlDoesNotStopTheReadOnlyCommands() throws {
        let data = try TemporaryDirectory(prefix: "desk-fallback")
        let row =
            #"{"customer":"Ann Lee","channel":"mail","category":"payments","summary":"Late payment"}"# + "\n"
        XCTAssertEqual(
            try ProductRun.run(
                "desk", ["import", "--data", data.path, "-"], input: Array(row.utf8),
                environment: ["DESK_AS_USER": "alice"]
            ).status, 0)
        for broken in ["[[\n", "", "[office]\nnmae = \"x\"\n", "\u{0}\u{1}\u{2}", "target = \"1e300m\"\n"] {
            try broken.write(toFile: data.file("desk.toml"), atomically: true, encoding: .utf8)
            for arguments in [
                ["status"], ["status", "--json"], ["export", "--format", "csv"], ["config", "show"],
            ] {
                let run = try desk(arguments + ["--data", data.path])
                XCTAssertEqual(
                    run.status, 0, "\(arguments) with \(broken.debugDescription): \(run.standardError)")
                XCTAssertTrue(
                    run.standardError.contains("desk: warning: \(data.file("desk.toml")) cannot be used"),
                    run.standardError)
                XCTAssertTrue(
                    run.standardError.contains("runs on the configuration published in the log"),
                    run.standardError)
            }
            let status = try desk(["status", "--data", data.path])
            XCTAssertTrue(
                status.standardOutput.contains("Riverside Public Service Office"), status.standardOutput)
            // Publishing still refuses it, naming what is wrong.
            let publish = try desk(["config", "publish", "--data", data.path])
            XCTAssertEqual(publish.status, 65, publish.standardError)
        }
        // In-process, the session runs on the published configuration and says why.
        try "[[\n".write(toFile: data.file("desk.toml"), atomically: true, encoding: .utf8)
        let session = try DeskSession.open(
            DataDirectory(path: data.path), access: .readOnly, verifyChainInBackground: false)
        XCTAssertEqual(session.configuration.office.name, "Riverside Public Service Office")
        XCTAssertEqual(
            session.configuration.standards.map(\.id), ["acknowledge", "respond", "respond-access"])
        XCTAssertEqual(session.configuration.problems.map(\.line), [1])
        XCTAssertNil(session.configuration.theme)
        XCTAssertTrue(
            session.configurationWarning?.contains("desk.toml:1:") == true, session.configurationWarning ?? ""
        )
        // A missing desk.toml, too.
        try FileManager.default.removeItem(atPath: data.file("desk.toml"))
        let missing = try desk(["status", "--data", data.path])
        XCTAssertEqual(missing.status, 0, missing.standardError)
        XCTAssertTrue(missing.standardError.contains("is missing"), missing.standardError)
    }

    func testAFirstUseWithABrokenDeskTomlCreatesNothingAndListsEveryProblem() throws {
        let data = try TemporaryDirectory(prefix: "desk-first-broken")
        let text = SampleConfiguration.text(supervisor: "alice", timeZone: "UTC")
            .replacingOccurrences(of: "name = \"Riverside", with: "nmae = \"Riverside")
            .replacingOccurrences(of: "target = \"10d\"", with: "target = \"1e300m\"")
        try text.write(toFile: data.file("desk.toml"), atomically: true, encoding: .utf8)
        let run = try desk(["config", "publish", "--data", data.path])
        XCTAssertEqual(run.status, 65, run.standardError)
        for key in ["office.nmae", "office.name", "standards.target"] {
            XCTAssertTrue(run.standardError.contains(": \(key): "), run.standardError)
        }
        XCTAssertEqual(data.entries(), ["desk.toml"], "nothing else written")
    }
}
