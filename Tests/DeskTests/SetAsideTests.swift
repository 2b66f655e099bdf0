import Desk
import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

/// Issue 8, item 2: a repair that sets aside complete (perhaps acknowledged) records says so
/// everywhere, never lets their ids be given out again, and a supervisor can put them back.
final class SetAsideTests: XCTestCase {
    private func desk(_ arguments: [String], input: String = "", data: String, user: String? = nil) throws
        -> ProductRun
    {
        var environment = ["TZ": "UTC"]
        if let user { environment["DESK_AS_USER"] = user }
        return try ProductRun.run(
            "desk", arguments + ["--data", data], input: Array(input.utf8), environment: environment)
    }

    private func rows(_ count: Int, from first: Int = 1) -> String {
        (first..<first + count).map {
            #"{"customer":"Customer \#($0)","channel":"phone","category":"payments","summary":"Payment \#($0) has not arrived"}"#
        }.joined(separator: "\n")
    }

    private func ids(_ from: Int, _ through: Int) -> String {
        (from...through).map { "\(ComplaintID(UInt32($0)))\n" }.joined()
    }

    /// A desk holding one complaint, then a 50-row import as one batch (one record a row): the
    /// log's size before and after that batch and the offsets of its records.
    private func deskWithLastBatchAnImport() throws -> (
        TemporaryDirectory, before: Int64, offsets: [Int64], end: Int64
    ) {
        let data = try TemporaryDirectory(prefix: "desk-aside")
        XCTAssertEqual(try desk(["import", "-"], input: rows(1), data: data.path).standardOutput, ids(1, 1))
        let before = try EventLog.verify(path: data.file("events.log")).fileSize
        let imported = try desk(["import", "-"], input: rows(50, from: 2), data: data.path)
        XCTAssertEqual(imported.standardOutput, ids(2, 51), imported.standardError)
        let offsets = try LogSurgery.records(data).map(\.offset).filter { $0 >= before }
        XCTAssertEqual(offsets.count, 50)
        let end = try EventLog.verify(path: data.file("events.log")).fileSize
        return (data, before, offsets, end)
    }

    /// A copy of the desk with its log cut to `size`; with `mark`, the writers' lock file and the
    /// commit mark in it come along (without, the log cannot tell loss from a torn write).
    private func copy(_ data: TemporaryDirectory, cutTo size: Int64, mark: Bool = false) throws
        -> TemporaryDirectory
    {
        let fresh = try TemporaryDirectory(prefix: "desk-aside-cut")
        for name in ["desk.toml", "events.log"] + (mark ? ["events.log.lock"] : []) {
            try FileManager.default.copyItem(atPath: data.file(name), toPath: fresh.file(name))
            XCTAssertEqual(chmod(fresh.file(name), 0o660), 0)
        }
        XCTAssertEqual(truncate(fresh.file("events.log"), off_t(size)), 0)
        return fresh
    }

    private func quarantineFiles(_ data: TemporaryDirectory) -> [String] {
        data.entries().filter { $0.hasPrefix("events.log.quarantine-") }
    }

    /// Each cut keeps some rows' records whole, and perhaps the start of one more. The ids of whole
    /// records, and the next one when a record was cut short, are reserved; a restore brings back
    /// the whole ones (and a record cut only in its trailing length copy, whose checksum still
    /// vouches for it). Rows whose records were cut away whole leave no trace in the log.
    func testCutsInsideAnAcknowledgedImportAreReportedReservedAndRestorable() throws {
        let (original, before, offsets, end) = try deskWithLastBatchAnImport()
        let ends = offsets.dropFirst() + [end]
        let cuts = [
            ("the last byte", end - 1), ("the last record", (offsets[49] + end) / 2),
            ("the batch", (before + end) / 2),
        ]
        for (place, cut) in cuts {
            // Rows whose record's checksum survived come back; a record cut before its checksum
            // holds one more reserved id.
            let rowsBack = ends.filter { $0 - 4 <= cut }.count
            let torn = zip(offsets, ends).contains {
                $0 + Int64(RecordFormat.lengthFieldsSize) <= cut && cut < $1 - 4
            }
            let firstNew = 2 + rowsBack + (torn ? 1 : 0)
            if place != "the batch" { XCTAssertEqual(firstNew, 52, place) }
            let data = try copy(original, cutTo: cut)
            let quiet = try desk(["status"], data: data.path)
            XCTAssertEqual(quiet.status, 0, "\(place): \(quiet.standardError)")

            // The next import repairs: its own ids come after every set-aside one.
            let next = try desk(["import", "-"], input: rows(2, from: 100), data: data.path)
            XCTAssertEqual(next.status, 0, "\(place): \(next.standardError)")
            XCTAssertEqual(next.standardOutput, ids(firstNew, firstNew + 1), place)
            let quarantine = try XCTUnwrap(quarantineFiles(data).first, place)

            let status = try desk(["status"], data: data.path)
            XCTAssertEqual(status.status, 0, place)
            XCTAssertTrue(
                status.standardError.contains("RECORDS SET ASIDE"), "\(place): \(status.standardError)")
            XCTAssertTrue(status.standardError.contains("desk log restore \(quarantine)"), place)
            XCTAssertTrue(
                status.standardOutput.contains("Open complaints: 3 of 3"),
                "\(place): \(status.standardOutput)")
            let json = try desk(["status", "--json"], data: data.path)
            let object = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
            let setAside = try XCTUnwrap(object["set_aside"] as? [[String: Any]], place)
            XCTAssertEqual(setAside.first?["file"] as? String, quarantine, place)
            XCTAssertGreaterThan(setAside.first?["records"] as? Int ?? 0, 0, place)
            let verify = try desk(["log", "verify"], data: data.path)
            XCTAssertEqual(verify.status, 0, place)
            XCTAssertTrue(
                verify.standardOutput.contains("RECORDS SET ASIDE"), "\(place): \(verify.standardOutput)")

            let session = try DeskSession.open(
                DataDirectory(path: data.path), access: .readOnly, verifyChainInBackground: false)
            XCTAssertEqual(session.setAside.map(\.file), [quarantine], place)
            XCTAssertTrue(try XCTUnwrap(session.setAside.first).warning.contains(quarantine), place)

            // A supervisor puts the complaints back, with their ids and text; twice restores nothing.
            let restored = try desk(["log", "restore", quarantine], data: data.path)
            XCTAssertEqual(restored.status, 0, "\(place): \(restored.standardError)")
            XCTAssertEqual(restored.standardOutput, ids(2, 1 + rowsBack), place)
            let after = try DeskSession.open(
                DataDirectory(path: data.path), access: .readOnly, verifyChainInBackground: false)
            for number in 2...(1 + rowsBack) {
                let complaint = after.state.complaint(ComplaintID(UInt32(number)))
                XCTAssertEqual(complaint?.customer.name, "Customer \(number)", "\(place): C-\(number)")
                XCTAssertEqual(complaint?.summary, "Payment \(number) has not arrived", place)
            }
            XCTAssertEqual(
                after.state.complaint(ComplaintID(UInt32(firstNew)))?.customer.name, "Customer 100", place)
            // Everything set aside is back: screens and `desk status` stop warning.
            XCTAssertEqual(after.standingSetAside, [], place)
            XCTAssertEqual(after.setAside.map(\.file), [quarantine], "the history stays for verify")
            let settled = try desk(["status", "--json"], data: data.path)
            XCTAssertFalse(
                settled.standardError.contains("RECORDS SET ASIDE"), "\(place): \(settled.standardError)")
            let settledObject = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(settled.standardOutput.utf8)) as? [String: Any])
            XCTAssertEqual((settledObject["set_aside"] as? [Any])?.count, 0, place)
            let again = try desk(["log", "restore", quarantine], data: data.path)
            XCTAssertEqual(again.status, 0, again.standardError)
            XCTAssertEqual(again.standardOutput, "", place)
            XCTAssertEqual(try desk(["log", "verify"], data: data.path).status, 0, place)
        }
    }

    func testOnlyASupervisorMayRestore() throws {
        guard getuid() == 0 else { throw XCTSkip("acting as another account needs root (DESK_AS_USER)") }
        let (original, _, _, end) = try deskWithLastBatchAnImport()
        let data = try copy(original, cutTo: end - 1)
        _ = try desk(["import", "-"], input: rows(1, from: 100), data: data.path)
        let refused = try desk(
            ["log", "restore", try XCTUnwrap(quarantineFiles(data).first)], data: data.path,
            user: "nobody-clerk")
        XCTAssertEqual(refused.status, 77, refused.standardError)
    }

    func testReservedIdsAreSkippedAndOnlyTheyMayBeFilledLater() {
        let at = Timestamp(utcYear: 2026, month: 3, day: 2, hour: 9)
        func received(_ number: UInt32) -> RecordedEvent {
            RecordedEvent(
                actor: "maria", at: at,
                event: .complaintReceived(
                    ComplaintID(number),
                    ComplaintIntake(
                        channel: .phone, category: "payments", summary: "No. \(number)",
                        customer: Customer(name: "N\(number)"), receivedAt: at)))
        }
        var state = DeskState(replaying: [received(1)])
        state.apply(
            RecordedEvent(
                actor: "maria", at: at,
                event: .idsReserved(complaintsThrough: ComplaintID(4), ideasThrough: StaffIdeaID(2))))
        XCTAssertEqual(state.nextComplaintID, ComplaintID(5))
        XCTAssertEqual(state.nextStaffIdeaID, StaffIdeaID(3))
        state.apply(received(7))  // neither reserved nor next: refused as before
        state.apply(received(1))  // already received
        XCTAssertNil(state.complaint(ComplaintID(7)))
        XCTAssertEqual(state.complaint(ComplaintID(1))?.summary, "No. 1")
        state.apply(received(5))
        state.apply(received(3))  // a restore fills a reserved id
        XCTAssertEqual(state.complaint(ComplaintID(3))?.summary, "No. 3")
        XCTAssertEqual(state.complaint(ComplaintID(5))?.summary, "No. 5")
        XCTAssertFalse(state.isReservedAndEmpty(ComplaintID(3)))
        XCTAssertTrue(state.isReservedAndEmpty(ComplaintID(2)))
        XCTAssertEqual(state.nextComplaintID, ComplaintID(6))
    }

    /// A write torn before it was acknowledged — the second import cut in half, and the commit
    /// mark put back as it stood before that import, as a writer killed in its `write` leaves
    /// them — is repaired without a word.
    func testATornWriteOfAnUnacknowledgedRecordRepairsQuietly() throws {
        let data = try TemporaryDirectory(prefix: "desk-aside")
        XCTAssertEqual(try desk(["import", "-"], input: rows(1), data: data.path).status, 0)
        let before = try EventLog.verify(path: data.file("events.log")).fileSize
        let mark = try XCTUnwrap(FileManager.default.contents(atPath: data.file("events.log.lock")))
        XCTAssertEqual(mark.count, 72, "the commit mark")
        XCTAssertEqual(try desk(["import", "-"], input: rows(1, from: 2), data: data.path).status, 0)
        let end = try EventLog.verify(path: data.file("events.log")).fileSize
        XCTAssertEqual(truncate(data.file("events.log"), off_t((before + end) / 2)), 0)
        try mark.write(to: URL(fileURLWithPath: data.file("events.log.lock")))

        let next = try desk(["import", "-"], input: rows(1, from: 3), data: data.path)
        XCTAssertEqual(next.standardOutput, ids(2, 2), next.standardError)
        XCTAssertEqual(quarantineFiles(data).count, 1)
        let status = try desk(["status", "--json"], data: data.path)
        XCTAssertEqual(status.standardError, "")
        let object = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual((object["set_aside"] as? [Any])?.count, 0, status.standardOutput)
        var events: [DeskEvent] = []
        _ = try EventLog.verify(path: data.file("events.log")) { record in
            if record.kind == .event { events.append(try EventCodec.decode(record.payload).event) }
        }
        XCTAssertFalse(events.contains { if case .idsReserved = $0 { true } else { false } })
    }

    /// Issue 8, item 2: with the commit mark beside the log, a cut that takes acknowledged records
    /// away whole is known for what it is. Before any writer comes, `desk status` and
    /// `desk log verify` say so; the next import reserves every id through the mark's watermark
    /// (C-000051) and gives out C-000052 on, and the warning stays.
    func testCutsThatLoseAcknowledgedRecordsAreKnownFromTheCommitMark() throws {
        let (original, before, offsets, end) = try deskWithLastBatchAnImport()
        let lastSequence = try EventLog.verify(path: original.file("events.log")).position.lastSequence
        let cuts = [
            ("the whole batch", before), ("a record boundary", offsets[25]),
            ("inside a record", (offsets[10] + offsets[11]) / 2), ("the last byte", end - 1),
        ]
        let lostWords = "were committed but are no longer in the log"
        for (place, cut) in cuts {
            let data = try copy(original, cutTo: cut, mark: true)
            let status = try desk(["status"], data: data.path)
            XCTAssertEqual(status.status, 0, "\(place): \(status.standardError)")
            XCTAssertTrue(
                status.standardError.contains("ACKNOWLEDGED RECORDS LOST"),
                "\(place): \(status.standardError)")
            XCTAssertTrue(
                status.standardError.contains("through C-000051"), "\(place): \(status.standardError)")
            let verifyBefore = try desk(["log", "verify"], data: data.path)
            XCTAssertTrue(
                (verifyBefore.standardOutput + verifyBefore.standardError).contains(lostWords),
                "\(place): \(verifyBefore.standardOutput)")

            let next = try desk(["import", "-"], input: rows(2, from: 100), data: data.path)
            XCTAssertEqual(next.status, 0, "\(place): \(next.standardError)")
            XCTAssertEqual(next.standardOutput, ids(52, 53), place)

            let after = try desk(["status"], data: data.path)
            XCTAssertTrue(after.standardError.contains(lostWords), "\(place): \(after.standardError)")
            XCTAssertTrue(
                after.standardError.contains("…\(lastSequence) (through C-000051)"), after.standardError)
            let verify = try desk(["log", "verify"], data: data.path)
            XCTAssertEqual(verify.status, 0, place)
            XCTAssertEqual(
                verify.standardOutput.components(separatedBy: "ACKNOWLEDGED RECORDS LOST").count, 2,
                "\(place): said once: \(verify.standardOutput)")
            let session = try DeskSession.open(
                DataDirectory(path: data.path), access: .readOnly, verifyChainInBackground: false)
            XCTAssertEqual(session.setAside.first?.lost?.throughSequence, lastSequence, place)
            XCTAssertEqual(session.state.nextComplaintID, ComplaintID(54), place)
            let again = try desk(["import", "-"], input: rows(1, from: 200), data: data.path)
            XCTAssertEqual(again.standardOutput, ids(54, 54), place)
        }
    }

    /// A lock file whose mark fails its checksum says nothing: the desk goes on as before marks.
    func testACorruptedCommitMarkCannotTell() throws {
        let (original, _, offsets, _) = try deskWithLastBatchAnImport()
        let data = try copy(original, cutTo: offsets[25], mark: true)
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: data.file("events.log.lock")))
        try handle.seek(toOffset: 30)
        let byte = try XCTUnwrap(handle.readData(ofLength: 1).first)
        try handle.seek(toOffset: 30)
        try handle.write(contentsOf: [byte ^ 0x40])
        try handle.close()
        let status = try desk(["status"], data: data.path)
        XCTAssertEqual(status.status, 0, status.standardError)
        XCTAssertFalse(status.standardError.contains("LOST"), status.standardError)
        let next = try desk(["import", "-"], input: rows(1, from: 100), data: data.path)
        XCTAssertEqual(next.status, 0, next.standardError)
        XCTAssertEqual(next.standardOutput, ids(27, 27), "only the records the log holds are known")
        XCTAssertFalse(try desk(["status"], data: data.path).standardError.contains("LOST"))
    }
}
