import DeskTestSupport
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// The office deployment: the data directory belongs to a group with no person in it and `desk`
/// is installed setgid to that group. An account outside the group works only through `desk`,
/// as its role in the log allows, and reaches nothing else through it.
final class SetgidDeploymentTests: XCTestCase {
    private var group = ""
    private var root = ""

    override func setUpWithError() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser"),
            FileManager.default.isExecutableFile(atPath: "/usr/sbin/groupadd")
        else { throw XCTSkip("needs root, runuser and groupadd to install a setgid desk") }
        group = "desk\(getpid() % 100_000)"
        XCTAssertEqual(try ProductRun.runExecutable("/usr/sbin/groupadd", ["-f", group]).status, 0)
        root =
            FileManager.default.temporaryDirectory.appendingPathComponent("desk-setgid-\(UUID().uuidString)")
            .path
        addTeardownBlock { [group, root] in
            try? FileManager.default.removeItem(atPath: root)
            _ = try? ProductRun.runExecutable("/usr/sbin/groupdel", [group])
        }
        try FileManager.default.createDirectory(atPath: root + "/bin", withIntermediateDirectories: true)
        chmod(root, 0o755)
        try FileManager.default.copyItem(atPath: try ProductsDirectory.executable("desk"), toPath: installed)
        XCTAssertEqual(try ProductRun.runExecutable("/bin/chgrp", [group, installed]).status, 0)
        XCTAssertEqual(chmod(installed, 0o2755), 0)
        XCTAssertEqual(
            try ProductRun.runExecutable("/usr/bin/install", ["-d", "-m", "2770", "-g", group, data]).status,
            0)
    }

    var installed: String { root + "/bin/desk" }
    var data: String { root + "/data" }

    /// Runs the installed desk as `user` (root acts as alice through DESK_AS_USER).
    func desk(_ arguments: [String], as user: String, input: String = "", environment: [String: String] = [:])
        throws -> ProductRun
    {
        if user == "root" {
            return try ProductRun.runExecutable(
                installed, arguments, input: Array(input.utf8), environment: ["DESK_AS_USER": "alice"])
        }
        return try ProductRun.runExecutable(
            "/usr/sbin/runuser", ["-u", user, "--", installed] + arguments, input: Array(input.utf8),
            environment: environment)
    }

    func testAnAccountOutsideTheGroupWorksOnlyThroughTheDesk() throws {
        // alice creates the desk and publishes roles in which only she is a clerk.
        var run = try desk(["config", "publish", "--data", data], as: "root")
        XCTAssertEqual(run.status, 0, run.standardError)
        let toml = data + "/desk.toml"
        let text = try String(contentsOfFile: toml, encoding: .utf8)
        try text.replacingOccurrences(of: "clerks = []", with: "clerks = [\"alice\"]").write(
            toFile: toml, atomically: true, encoding: .utf8)
        XCTAssertEqual(try ProductRun.runExecutable("/bin/chgrp", [group, toml]).status, 0)
        run = try desk(["config", "publish", "--data", data], as: "root")
        XCTAssertEqual(run.status, 0, run.standardError)

        // nobody reads the desk through `desk` ...
        run = try desk(["status", "--data", data], as: "nobody")
        XCTAssertEqual(run.status, 0, run.standardError)
        // ... but cannot open the directory, the log, its lock or anything else in it directly.
        for path in [data, data + "/events.log", data + "/events.log.lock", data + "/desk.toml"] {
            let direct = try ProductRun.runExecutable(
                "/usr/sbin/runuser", ["-u", "nobody", "--", "/bin/cat", path])
            XCTAssertNotEqual(direct.status, 0, "nobody opened \(path)")
        }
        // nobody is a viewer: may not record a complaint, whatever the environment says.
        let row = #"{"customer":"Ann Lee","channel":"mail","category":"other","summary":"Bus late"}"# + "\n"
        run = try desk(
            ["import", "--data", data, "-"], as: "nobody", input: row, environment: ["DESK_AS_USER": "alice"])
        XCTAssertEqual(run.status, 77, run.standardError)
        XCTAssertTrue(run.standardError.contains("nobody is a viewer"), run.standardError)
        // A file nobody edited, naming nobody as supervisor, grants nothing.
        let own = root + "/nobody"
        XCTAssertEqual(
            try ProductRun.runExecutable("/usr/bin/install", ["-d", "-o", "nobody", own]).status, 0)
        let mine = own + "/mine.toml"
        try text.replacingOccurrences(of: "supervisors = [\"alice\"]", with: "supervisors = [\"nobody\"]")
            .write(
                toFile: mine, atomically: true, encoding: .utf8)
        _ = try ProductRun.runExecutable("/bin/chown", ["nobody", mine])
        run = try desk(["config", "publish", "--data", data, mine], as: "nobody")
        XCTAssertEqual(run.status, 77, run.standardError)
        XCTAssertTrue(run.standardError.contains("may not publish the configuration"), run.standardError)
        // Another office's data directory (not the desk's group) is refused.
        let other = root + "/other"
        XCTAssertEqual(
            try ProductRun.runExecutable("/usr/bin/install", ["-d", "-m", "2775", "-g", "root", other])
                .status, 0)
        run = try desk(["status", "--data", other], as: "nobody")
        XCTAssertEqual(run.status, 77, run.standardError)
        XCTAssertTrue(run.standardError.contains("does not belong to the desk's group"), run.standardError)

        // Once a supervisor publishes roles naming nobody a clerk, nobody may record complaints.
        try text.replacingOccurrences(of: "clerks = []", with: "clerks = [\"alice\", \"nobody\"]").write(
            toFile: toml, atomically: true, encoding: .utf8)
        run = try desk(["config", "publish", "--data", data], as: "root")
        XCTAssertEqual(run.status, 0, run.standardError)
        run = try desk(["import", "--data", data, "-"], as: "nobody", input: row)
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertEqual(run.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines), "C-000001")
    }

    /// The README's office: role groups say who is who, and give no access to any file. A clerk by
    /// group records complaints but may not publish; a supervisor by group publishes; an account in
    /// neither group is a viewer once clerks are named. Each from a clean account, through the
    /// installed setgid desk.
    func testRoleGroupsFromTheReadmeDecideWhoMayDoWhat() throws {
        let suffix = getpid() % 100_000
        let clerks = try ThrowawayGroup(name: "dkc\(suffix)")
        let supervisors = try ThrowawayGroup(name: "dks\(suffix)")
        defer {
            clerks.remove()
            supervisors.remove()
        }
        let maria = try ThrowawayAccount(name: "dkmaria\(suffix)", home: "/", group: clerks.name)
        let ruth = try ThrowawayAccount(name: "dkruth\(suffix)", home: "/", group: supervisors.name)
        let walter = try ThrowawayAccount(name: "dkwalt\(suffix)", home: "/")
        defer { for account in [maria, ruth, walter] { account.remove() } }

        // alice creates the desk, then publishes the README's roles.
        var run = try desk(["config", "publish", "--data", data], as: "root")
        XCTAssertEqual(run.status, 0, run.standardError)
        let toml = data + "/desk.toml"
        var text = try String(contentsOfFile: toml, encoding: .utf8)
        let roles = try XCTUnwrap(text.range(of: "[roles]"))
        let end = text[roles.upperBound...].range(of: "\n[").map(\.lowerBound) ?? text.endIndex
        text.replaceSubrange(
            roles.lowerBound..<end,
            with: """
                [roles]
                supervisors = ["alice"]
                supervisor_group = "\(supervisors.name)"
                clerks = []
                clerk_group = "\(clerks.name)"

                """)
        try text.write(toFile: toml, atomically: true, encoding: .utf8)
        XCTAssertEqual(try ProductRun.runExecutable("/bin/chgrp", [group, toml]).status, 0)
        run = try desk(["config", "publish", "--data", data], as: "root")
        XCTAssertEqual(run.status, 0, run.standardError)

        // The groups give no access to any file: maria cannot read the log directly.
        let direct = try ProductRun.runExecutable(
            "/usr/sbin/runuser", ["-u", maria.name, "--", "/bin/cat", data + "/events.log"])
        XCTAssertNotEqual(direct.status, 0, "a clerk read the log directly")

        let row = #"{"customer":"Ann Lee","channel":"mail","category":"other","summary":"Bus late"}"# + "\n"
        // A clerk by group records a complaint ...
        run = try desk(["import", "--data", data, "-"], as: maria.name, input: row)
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertEqual(run.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines), "C-000001")
        // ... and may not publish the configuration.
        run = try desk(["config", "publish", "--data", data], as: maria.name)
        XCTAssertEqual(run.status, 77, run.standardError)
        XCTAssertTrue(run.standardError.contains("may not publish the configuration"), run.standardError)
        // An account in neither group is a viewer: it reads, and records nothing.
        run = try desk(["status", "--data", data], as: walter.name)
        XCTAssertEqual(run.status, 0, run.standardError)
        run = try desk(["import", "--data", data, "-"], as: walter.name, input: row)
        XCTAssertEqual(run.status, 77, run.standardError)
        XCTAssertTrue(run.standardError.contains("\(walter.name) is a viewer"), run.standardError)
        // A supervisor by group publishes, and manages staff ideas.
        run = try desk(["config", "publish", "--data", data], as: ruth.name)
        XCTAssertEqual(run.status, 0, run.standardError)
        run = try desk(["idea", "--data", data, "Queue numbers at the door"], as: maria.name)
        XCTAssertEqual(run.status, 0, run.standardError)
        let idea = run.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        run = try desk(["idea", "--data", data, "--status", idea, "adopted"], as: maria.name)
        XCTAssertEqual(run.status, 77, run.standardError)
        run = try desk(["idea", "--data", data, "--status", idea, "adopted"], as: ruth.name)
        XCTAssertEqual(run.status, 0, run.standardError)
        // Every event names the account that made it.
        run = try desk(["log", "dump", "--data", data], as: "root")
        XCTAssertEqual(run.status, 0, run.standardError)
        for name in [maria.name, ruth.name] {
            XCTAssertTrue(run.standardOutput.contains(name), "\(name) not in the log:\n\(run.standardOutput)")
        }
    }
}
