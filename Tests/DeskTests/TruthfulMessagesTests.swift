import Desk
import DeskCore
import DeskTestSupport
import Foundation
import TerminalUI
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// Messages that tell the truth: an account that may not enter the data directory is told
/// "permission denied" with the directory and the group to join, never that there is no desk;
/// NO_COLOR wins over a theme nobody chose.
final class TruthfulMessagesTests: XCTestCase {
    func testAnAccountWithoutAccessIsToldPermissionDeniedAndTheGroupToJoin() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser"),
            FileManager.default.isExecutableFile(atPath: "/usr/sbin/groupadd")
        else {
            throw XCTSkip("needs root, runuser and groupadd to act as an account outside the desk's group")
        }
        let group = "deskdenied\(getpid() % 100_000)"
        XCTAssertEqual(try ProductRun.runExecutable("/usr/sbin/groupadd", ["-f", group]).status, 0)
        addTeardownBlock { _ = try? ProductRun.runExecutable("/usr/sbin/groupdel", [group]) }
        let base = try TemporaryDirectory(prefix: "desk-denied")
        XCTAssertEqual(chmod(base.path, 0o755), 0)
        let data = base.file("desk")
        let created = try ProductRun.run(
            "desk", ["config", "publish", "--data", data], environment: ["DESK_AS_USER": "alice"])
        XCTAssertEqual(created.status, 0, created.standardError)
        XCTAssertEqual(try ProductRun.runExecutable("/bin/chgrp", ["-R", group, data]).status, 0)

        let row = #"{"customer":"Ann Lee","channel":"mail","category":"other","summary":"Bus late"}"# + "\n"
        let commands: [[String]] = [
            ["status"], ["status", "--json"], ["export", "--format", "csv"], ["config", "show"],
            ["log", "verify"],
            ["import", "-"],
        ]
        for arguments in commands {
            let run = try ProductRun.run(
                "desk", arguments + ["--data", data], input: Array(row.utf8), asUser: "nobody")
            let said = run.standardError
            XCTAssertFalse(said.contains("no desk log"), "\(arguments): \(said)")
            guard arguments != ["log", "verify"] else {
                XCTAssertNotEqual(run.status, 0, said)
                continue
            }
            XCTAssertEqual(run.status, 77, "\(arguments): \(said)")
            XCTAssertTrue(said.contains("permission denied: nobody may not open \(data)"), said)
            XCTAssertTrue(said.contains("group \(group), mode 2770"), said)
            XCTAssertTrue(
                said.contains("add nobody to the group \(group) (usermod -aG \(group) nobody"), said)
        }
        // A directory above the data directory that refuses entry is the one named.
        XCTAssertEqual(chmod(base.path, 0o700), 0)
        let run = try ProductRun.run("desk", ["status", "--data", data], asUser: "nobody")
        XCTAssertEqual(run.status, 77, run.standardError)
        XCTAssertTrue(
            run.standardError.contains("may not open \(base.path) (owner root, group root"), run.standardError
        )
        // Where nothing is refused and there is no log, the old message still holds.
        let empty = try TemporaryDirectory(prefix: "desk-nolog")
        XCTAssertEqual(chmod(empty.path, 0o755), 0)
        let none = try ProductRun.run("desk", ["status", "--data", empty.path], asUser: "nobody")
        XCTAssertEqual(none.status, 74, none.standardError)
        XCTAssertTrue(
            none.standardError.contains("there is no desk log in \(empty.path)"), none.standardError)
    }

    func testNoColorWinsOverAThemeTheOfficeDidNotChoose() throws {
        let sample = SampleConfiguration.text(supervisor: "alice", timeZone: "UTC")
        XCTAssertFalse(
            sample.split(separator: "\n").contains {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix("theme")
            },
            "the generated desk.toml leaves theme commented out")
        let configured = try DeskConfiguration.parse(sample, file: "desk.toml").theme
        XCTAssertNil(configured)
        let noColor = ["NO_COLOR": "1"]
        XCTAssertEqual(
            chooseThemeName(explicit: nil, configured: configured, environment: noColor), "monochrome")
        // Older desks wrote theme = "default" into every desk.toml: that chooses nothing either.
        XCTAssertEqual(
            chooseThemeName(explicit: nil, configured: "default", environment: noColor), "monochrome")
        XCTAssertEqual(chooseThemeName(explicit: nil, configured: "default", environment: [:]), "default")
        // A theme the office did choose, and a clerk's --theme, still win.
        XCTAssertEqual(
            chooseThemeName(explicit: nil, configured: "high-contrast", environment: noColor), "high-contrast"
        )
        XCTAssertEqual(chooseThemeName(explicit: "light", configured: nil, environment: noColor), "light")
        // The demo's desk.toml and `desk config show` leave it out too.
        let data = try TemporaryDirectory(prefix: "desk-nocolor")
        let demo = try ProductRun.run(
            "desk", ["demo", "--data", data.path, "--complaints", "3"], environment: ["DESK_AS_USER": "alice"]
        )
        XCTAssertEqual(demo.status, 0, demo.standardError)
        let show = try ProductRun.run("desk", ["config", "show", "--data", data.path])
        for text in [
            try String(contentsOfFile: data.file("desk.toml"), encoding: .utf8), show.standardOutput,
        ] {
            XCTAssertNil(try DeskConfiguration.parse(text, file: "desk.toml").theme, text)
        }
    }
}
