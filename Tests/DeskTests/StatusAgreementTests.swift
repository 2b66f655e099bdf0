import Desk
import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

/// Issue 10, "done when": for the same log and time, the dashboard's figures equal
/// `desk status --json` and `desk export` — through the real `desk` on a demo log.
final class StatusAgreementTests: XCTestCase {
    func desk(_ arguments: [String]) throws -> ProductRun {
        try ProductRun.run("desk", arguments)
    }

    func object(_ run: ProductRun) throws -> [String: Any] {
        XCTAssertEqual(run.status, 0, run.standardError)
        return try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    }

    /// The events of the log up to `instant`, replayed here without the desk's own replay.
    func stateAt(_ path: String, _ instant: Timestamp) throws -> (DeskState, records: Int) {
        var events: [(RecordedEvent, UInt64)] = []
        var records = 0
        _ = try EventLog.verify(path: path + "/events.log") { record in
            guard record.kind == .event else { return }
            events.append((try EventCodec.decode(record.payload), record.sequence))
            records += 1
        }
        var state = DeskState()
        var applied = 0
        for (event, sequence) in events where event.at <= instant {
            state.apply(event, position: sequence)
            applied += 1
        }
        XCTAssertLessThan(applied, records, "the instant leaves records out")
        return (state, applied)
    }

    func testTheDashboardStatusAndExportAgreeForTheSameLogAndTime() throws {
        let data = try TemporaryDirectory(prefix: "desk-agree")
        XCTAssertEqual(
            try desk(["demo", "--data", data.path, "--complaints", "300", "--seed", "3"]).status, 0)
        // A fixed instant in the history: the time of its 1,300th record (the history ends near
        // now, so the instant is fixed relative to the log, and every figure with it).
        var times: [Timestamp] = []
        _ = try EventLog.verify(path: data.file("events.log")) { record in
            times.append(try EventCodec.decode(record.payload).at)
        }
        XCTAssertEqual(times, times.sorted(), "records are in time order")
        let instant = times[1299]
        let (state, _) = try stateAt(data.path, instant)
        let calendar = state.reportingCalendar
        let month = ReportingPeriod.containing(instant, length: .month, calendar: calendar)
        let lastWeek = ReportingPeriod.containing(instant, length: .week, calendar: calendar).previous

        for (period, argument) in [(month, nil), (lastWeek, lastWeek.name), (month, "this-month")] {
            let dashboard = state.serviceDashboard(period: period, now: instant)
            XCTAssertGreaterThan(dashboard.standards.reduce(0) { $0 + $1.met + $1.missed }, 0, "\(period)")
            let status = try object(
                desk(
                    ["status", "--json", "--at", instant.iso8601, "--data", data.path]
                        + (argument.map { ["--period", $0] } ?? [])))
            XCTAssertEqual(status["at"] as? String, instant.iso8601)
            XCTAssertEqual(status["complaints"] as? Int, state.complaintCount)
            // Every member of the projection's JSON is in status, equal.
            for (key, value) in dashboard.jsonMembers {
                let mine = try JSONSerialization.jsonObject(
                    with: Data(value.encoded().utf8), options: .fragmentsAllowed)
                XCTAssertEqual(
                    status[key].map { NSDictionary(dictionary: ["v": $0]) },
                    NSDictionary(dictionary: ["v": mine]),
                    "\(period) \(key)")
            }
            try assertExportAgrees(data: data.path, status: status, period: period, through: instant)
        }
    }

    /// Per-complaint results in `desk export` (taken now), summed over the measures decided in the
    /// period up to `instant` (of the complaints recorded by then), agree with status's met and missed per standard and per channel,
    /// and its receipts with status's volumes.
    func assertExportAgrees(
        data: String, status: [String: Any], period: ReportingPeriod, through instant: Timestamp
    )
        throws
    {
        let periodJSON = try XCTUnwrap(status["period"] as? [String: Any])
        XCTAssertEqual(periodJSON["name"] as? String, period.name)
        let from = try XCTUnwrap(Timestamp(iso8601: periodJSON["from"] as? String ?? ""))
        let until = try XCTUnwrap(Timestamp(iso8601: periodJSON["until"] as? String ?? ""))
        func inPeriod(_ t: Timestamp) -> Bool { t >= from && t < until && t <= instant }
        let known = try XCTUnwrap(status["complaints"] as? Int)

        let export = try desk(["export", "--format", "jsonl", "--data", data])
        XCTAssertEqual(export.status, 0, export.standardError)
        var byStandard: [String: (met: Int, missed: Int)] = [:]
        var byChannel: [String: (received: Int, met: Int, missed: Int)] = [:]
        for line in export.standardOutput.split(separator: "\n") {
            let complaint = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            // Complaints are numbered as they are recorded: those recorded after the instant
            // (a letter received earlier, entered later) were not yet known to the desk.
            let number = Int((complaint["id"] as? String ?? "").dropFirst(2)) ?? .max
            guard number <= known else { continue }
            let channel = complaint["channel"] as? String ?? "?"
            let received = try XCTUnwrap(Timestamp(iso8601: complaint["received_at"] as? String ?? ""))
            if inPeriod(received) { byChannel[channel, default: (0, 0, 0)].received += 1 }
            for clock in complaint["standards"] as? [[String: Any]] ?? [] {
                let result = clock["result"] as? String ?? ""
                let met = result == "met"
                let decided =
                    met
                    ? Timestamp(iso8601: clock["stopped_at"] as? String ?? "")
                    : ["missed", "overdue"].contains(result)
                        ? Timestamp(iso8601: clock["due_at"] as? String ?? "") : nil
                guard let decided, inPeriod(decided) else { continue }
                let id = clock["standard"] as? String ?? "?"
                if met {
                    byStandard[id, default: (0, 0)].met += 1
                    byChannel[channel, default: (0, 0, 0)].met += 1
                } else {
                    byStandard[id, default: (0, 0)].missed += 1
                    byChannel[channel, default: (0, 0, 0)].missed += 1
                }
            }
        }
        let standards = try XCTUnwrap(status["standards"] as? [[String: Any]])
        XCTAssertEqual(Set(standards.compactMap { $0["id"] as? String }), Set(byStandard.keys), "\(period)")
        for standard in standards {
            let id = standard["id"] as? String ?? ""
            XCTAssertEqual(standard["met"] as? Int, byStandard[id]?.met ?? 0, "\(period) \(id) met")
            XCTAssertEqual(standard["missed"] as? Int, byStandard[id]?.missed ?? 0, "\(period) \(id) missed")
        }
        let channels = try XCTUnwrap(status["channels"] as? [String: [String: Int]])
        for (channel, figures) in channels {
            let exported = byChannel[channel] ?? (0, 0, 0)
            XCTAssertEqual(figures["received"], exported.received, "\(period) \(channel) received")
            XCTAssertEqual(figures["met"], exported.met, "\(period) \(channel) met")
            XCTAssertEqual(figures["missed"], exported.missed, "\(period) \(channel) missed")
        }
        let volumes = try XCTUnwrap(status["volumes"] as? [String: Int])
        XCTAssertEqual(volumes["received"], byChannel.values.reduce(0) { $0 + $1.received }, "\(period)")
    }
}

/// `desk status --period` and `--at`: what a script or a person types wrong is refused with what
/// is accepted (exit 64); the text names the period its figures cover.
final class StatusOptionsTests: XCTestCase {
    func testABadPeriodOrTimeIsRefusedNamingWhatIsAccepted() throws {
        let data = try TemporaryDirectory(prefix: "desk-status-options")
        XCTAssertEqual(try ProductRun.run("desk", ["config", "publish", "--data", data.path]).status, 0)
        for (arguments, expected) in [
            (["--period", "2026-13"], "2026 has no month 13; they run 1–12"),
            (
                ["--period", "November"],
                "period \"November\" is not one the desk knows; use 2026-11-29 (day), 2026-W48 (ISO week)"
            ),
            (["--period", "2026-W53x"], "this-quarter, last-month or last-quarter"),
            (
                ["--at", "yesterday"],
                "--at \"yesterday\" is not an ISO 8601 instant; use a date and time with its zone"
            ),
            (["--at", "2026-11-25T10:42"], "e.g. 2026-11-25T10:42:00Z"),
            (["--at", "2999-01-01T00:00:00Z"], "--at 2999-01-01T00:00:00Z is after now"),
        ] {
            let run = try ProductRun.run("desk", ["status", "--data", data.path] + arguments)
            XCTAssertEqual(run.status, 64, "\(arguments): \(run.standardError)")
            XCTAssertTrue(run.standardError.contains(expected), "\(arguments): \(run.standardError)")
            XCTAssertTrue(run.standardError.hasPrefix("desk status: "), run.standardError)
            XCTAssertEqual(run.standardOutput, "", "no figures for a bad question")
        }
        // A good period, in the text: its label and its instants head the figures.
        let run = try ProductRun.run("desk", ["status", "--data", data.path, "--period", "2026-q4"])
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertTrue(
            run.standardOutput.contains("Figures for 2026-Q4 (Oct–Dec): from "), run.standardOutput)
        XCTAssertTrue(
            run.standardOutput.contains("Service standards, measures decided in 2026-Q4 (Oct–Dec):"),
            run.standardOutput)
    }

    /// Before the first record, the desk as it stood had nothing: no complaints, no office, the
    /// log's first record not yet written.
    func testAnInstantBeforeTheLogShowsAnEmptyDesk() throws {
        let data = try TemporaryDirectory(prefix: "desk-status-before")
        XCTAssertEqual(try ProductRun.run("desk", ["config", "publish", "--data", data.path]).status, 0)
        let run = try ProductRun.run(
            "desk", ["status", "--json", "--data", data.path, "--at", "2001-01-01T00:00:00Z"])
        XCTAssertEqual(run.status, 0, run.standardError)
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(json["complaints"] as? Int, 0)
        XCTAssertEqual((json["log"] as? [String: Any])?["last_sequence"] as? Int, 0)
        XCTAssertEqual((json["period"] as? [String: Any])?["name"] as? String, "2001-01")
        XCTAssertEqual((json["standards"] as? [Any])?.count, 0)
    }
}
