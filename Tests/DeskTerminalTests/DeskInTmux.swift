import Desk
import DeskTestSupport
import Foundation
import XCTest

/// The real `desk` binary in tmux with a sealed environment, on a data directory of its own.
class DeskInTmuxTestCase: XCTestCase {
    /// The test's data directory (removed after the test).
    var data = ""

    override func setUpWithError() throws {
        guard TmuxSession.findTmux() != nil else { throw XCTSkip("tmux is not installed") }
        data =
            FileManager.default.temporaryDirectory.appendingPathComponent("desk-e2e-\(UUID().uuidString)")
            .path
        addTeardownBlock { [data] in try? FileManager.default.removeItem(atPath: data) }
    }

    /// Starts `desk` (with `arguments`) as `user` in a terminal `columns` × `rows`.
    func startDesk(
        user: String = "alice", columns: Int = 80, rows: Int = 24, arguments: [String] = [],
        environment: [String: String] = [:]
    ) throws -> TmuxSession {
        let session = try TmuxSession(
            command: [try ProductsDirectory.executable("desk")] + arguments, columns: columns, rows: rows,
            environment: environment.merging(["DESK_DATA": data, "DESK_AS_USER": user]) { $1 },
            timeZone: "Europe/London")
        addTeardownBlock { session.kill() }
        return session
    }

    /// A session on the same data directory, as another desk would open it.
    func openSession(as user: String) throws -> DeskSession {
        try DeskSession.open(
            DataDirectory(path: data), access: .readWrite, identity: Identity(user: user, groups: []))
    }
}
