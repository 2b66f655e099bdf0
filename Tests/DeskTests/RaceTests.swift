import Desk
import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

/// T7: two clerks' desks, in two processes, race to claim the same complaints, each with the
/// revision it saw before either acted: exactly one wins each time, the other gets a conflict
/// naming the winner, and nothing is claimed twice.
final class RaceTests: XCTestCase {
    func testTwoProcessesClaimingTheSameComplaintsExactlyOneWinsEachTime() throws {
        let complaints = ProcessInfo.processInfo.environment["DESK_LONG_TESTS"] == "1" ? 5_000 : 1_000
        let data = try TemporaryDirectory(prefix: "desk-race")
        let directory = DataDirectory(path: data.path)
        let session = try DeskSession.open(
            directory, access: .readWrite, identity: Identity(user: "setup", groups: []))
        let intakes = (0..<complaints).map { index in
            Command.receive(
                ComplaintIntake(
                    channel: .counter, category: "payments", summary: "Complaint \(index)",
                    customer: Customer(name: "Customer \(index)"), receivedAt: session.clock.now))
        }
        _ = try session.executeAll(intakes)

        let probe = try ProductsDirectory.executable("desk-probe")
        let racers = try ["maria", "omar"].map { user in
            try ChildProcess(
                executable: probe, arguments: ["claim-all", data.path, "1", "\(complaints)"],
                environment: ["DESK_AS_USER": user], stderrDirectory: data.path, name: user)
        }
        for racer in racers { XCTAssertEqual(try racer.readLine(timeout: 60), "ready") }
        XCTAssertTrue(FileManager.default.createFile(atPath: data.path + "/go", contents: nil))

        var winners: [UInt32: [String]] = [:]
        var conflicts = 0
        for (racer, user) in zip(racers, ["maria", "omar"]) {
            for line in try racer.remainingLines(timeout: 300) {
                let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
                let number = try XCTUnwrap(UInt32(parts[1]), line)
                switch parts[0] {
                case "won": winners[number, default: []].append(user)
                case "lost":
                    conflicts += 1
                    let other = user == "maria" ? "omar" : "maria"
                    XCTAssertTrue(
                        parts[2].contains("claimed by \(other)"), "the refusal names who won: \(line)")
                default: XCTFail("\(user): \(line)")
                }
            }
            XCTAssertEqual(try racer.wait(timeout: 60), .exited(0), racer.stderr)
        }
        XCTAssertEqual(winners.count, complaints, "every complaint was claimed")
        XCTAssertTrue(winners.values.allSatisfy { $0.count == 1 }, "exactly one winner each time")
        XCTAssertEqual(conflicts, complaints, "exactly one conflict each time")

        // The log agrees: one claim event per complaint, whoever won.
        var claims: [String: Int] = [:]
        _ = try EventLog.verify(path: directory.logPath) { record in
            guard record.kind == .event,
                case .claimed(let id, _) = try EventCodec.decode(record.payload).event
            else { return }
            claims[id.description, default: 0] += 1
        }
        XCTAssertEqual(claims.count, complaints)
        XCTAssertTrue(claims.values.allSatisfy { $0 == 1 })
        let wins = Dictionary(grouping: winners.values.map { $0[0] }, by: { $0 }).mapValues(\.count)
        print(
            "T7: \(complaints) races: maria won \(wins["maria"] ?? 0), omar won \(wins["omar"] ?? 0), \(conflicts) conflicts"
        )

        // A retried stale command never duplicates: the loser's retry is refused again.
        try session.catchUp()
        XCTAssertThrowsError(try session.execute(.claim(ComplaintID(1), revision: 1)))
    }
}
