import Desk
import DeskCore
import DeskTestSupport
import Foundation
import XCTest

/// Roles live in the log: editing a file grants nothing until a supervisor, as the roles already
/// in the log stand, publishes it.
final class RolesTests: XCTestCase {
    func desk(_ arguments: [String], as user: String, input: String = "") throws -> ProductRun {
        try ProductRun.run("desk", arguments, input: Array(input.utf8), environment: ["DESK_AS_USER": user])
    }

    func testEditingTheFileGrantsNothingUntilASupervisorPublishesIt() throws {
        let data = try TemporaryDirectory(prefix: "desk-roles")
        // alice creates the desk: she is its first supervisor.
        XCTAssertEqual(try desk(["config", "publish", "--data", data.path], as: "alice").status, 0)
        let toml = data.file("desk.toml")
        var text = try String(contentsOfFile: toml, encoding: .utf8)
        // The published roles: alice supervises, only alice is a clerk.
        text = text.replacingOccurrences(of: "clerks = []", with: "clerks = [\"alice\"]")
        try text.write(toFile: toml, atomically: true, encoding: .utf8)
        var run = try desk(["config", "publish", "--data", data.path], as: "alice")
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertTrue(run.standardOutput.contains("roles (supervisors: alice)"), run.standardOutput)

        // mallory, a viewer, writes herself into the file (as a group member could) ...
        let forged = text.replacingOccurrences(
            of: "supervisors = [\"alice\"]", with: "supervisors = [\"alice\", \"mallory\"]")
        XCTAssertNotEqual(forged, text)
        try forged.write(toFile: toml, atomically: true, encoding: .utf8)
        let row = #"{"customer":"Ann Lee","channel":"mail","category":"other","summary":"Bus late"}"# + "\n"
        // ... but the log's roles stand: she may neither record a complaint nor publish.
        run = try desk(["import", "--data", data.path, "-"], as: "mallory", input: row)
        XCTAssertEqual(run.status, 77, run.standardError)
        XCTAssertTrue(
            run.standardError.contains("mallory is a viewer at this desk and may not record a complaint"),
            run.standardError)
        run = try desk(["config", "publish", "--data", data.path], as: "mallory")
        XCTAssertEqual(run.status, 77, run.standardError)
        XCTAssertTrue(run.standardError.contains("may not publish the configuration"), run.standardError)
        let mine = data.file("mallory.toml")
        try forged.write(toFile: mine, atomically: true, encoding: .utf8)
        run = try desk(["config", "publish", "--data", data.path, mine], as: "mallory")
        XCTAssertEqual(run.status, 77, run.standardError)

        // Until a supervisor publishes it.
        run = try desk(["config", "publish", "--data", data.path], as: "alice")
        XCTAssertEqual(run.status, 0, run.standardError)
        run = try desk(["import", "--data", data.path, "-"], as: "mallory", input: row)
        XCTAssertEqual(run.status, 0, run.standardError)

        // What is in force can be shown as a file to start from, and it parses back to the same roles.
        run = try desk(["config", "show", "--data", data.path], as: "mallory")
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertTrue(run.standardOutput.contains(#"supervisors = ["alice", "mallory"]"#), run.standardOutput)
        let shown = try DeskConfiguration.parse(run.standardOutput, file: "shown.toml")
        XCTAssertEqual(shown.roles.supervisors, ["alice", "mallory"])
        XCTAssertEqual(shown.roles.clerks, ["alice"])
    }

    func testRolesThatLeaveNobodyToPublishAreRefused() throws {
        let data = try TemporaryDirectory(prefix: "desk-roles")
        XCTAssertEqual(try desk(["config", "publish", "--data", data.path], as: "alice").status, 0)
        let toml = data.file("desk.toml")
        let text = try String(contentsOfFile: toml, encoding: .utf8)
            .replacingOccurrences(of: "supervisors = [\"alice\"]", with: "supervisors = []")
            .replacingOccurrences(
                of: "supervisor_group = \"desk-supervisors\"", with: "supervisor_group = \"\"")
        try text.write(toFile: toml, atomically: true, encoding: .utf8)
        let run = try desk(["config", "publish", "--data", data.path], as: "alice")
        XCTAssertEqual(run.status, 65, run.standardError)
        XCTAssertTrue(run.standardError.contains("roles.supervisors"), run.standardError)
    }

    func testTheCreatorSupervisesALogWithNoRolesPublished() {
        var state = DeskState()
        let office = DemoHistory.office
        state.apply(
            RecordedEvent(actor: "founder", at: Timestamp(milliseconds: 0), event: .officeConfigured(office)))
        XCTAssertEqual(state.roles.role(of: "founder", groups: []), .supervisor)
        XCTAssertEqual(state.roles.role(of: "someone", groups: []), .clerk)
        state.apply(
            RecordedEvent(
                actor: "founder", at: Timestamp(milliseconds: 1),
                event: .rolesPublished(RolePolicy(supervisors: ["boss"], clerks: ["ann"]))))
        XCTAssertEqual(state.roles.role(of: "founder", groups: []), .viewer)
        XCTAssertEqual(state.roles.role(of: "boss", groups: []), .supervisor)
    }
}
