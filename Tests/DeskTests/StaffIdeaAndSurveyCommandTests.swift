import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

@testable import Desk

/// `desk idea` and `desk survey import` with the real binary: an anonymous idea leaves no account
/// anywhere, only a supervisor changes a status, and a bad survey file is refused whole.
final class StaffIdeaAndSurveyCommandTests: XCTestCase {
    func desk(_ arguments: [String], as user: String, data: String, input: String = "") throws -> ProductRun {
        try ProductRun.run(
            "desk", arguments + ["--data", data], input: Array(input.utf8),
            environment: ["DESK_AS_USER": user, "TZ": "UTC"])
    }

    /// A desk alice created (she supervises; every other account is a clerk).
    func newDesk() throws -> TemporaryDirectory {
        let data = try TemporaryDirectory(prefix: "desk-ideas")
        let run = try desk(["config", "publish"], as: "alice", data: data.path)
        XCTAssertEqual(run.status, 0, run.standardError)
        return data
    }

    /// Every byte of every file in the data directory.
    func allBytes(_ data: TemporaryDirectory) throws -> Data {
        var bytes = Data()
        for name in data.entries() {
            bytes += (try? Data(contentsOf: URL(fileURLWithPath: data.file(name)))) ?? Data()
        }
        return bytes
    }

    func testAnAnonymousIdeaLeavesNoAccountAnywhereInTheLog() throws {
        let data = try newDesk()
        var run = try desk(
            ["idea", "--barrier", "--anonymous", "The ticket printer jams every morning"], as: "quentinx",
            data: data.path)
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertEqual(run.standardOutput, "S-0001\n")
        // A named one by another clerk shows the search would find a name if it were there.
        run = try desk(["idea", "Forms", "by", "the", "door"], as: "rupertx", data: data.path)
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertEqual(run.standardOutput, "S-0002\n")

        let bytes = try allBytes(data)
        XCTAssertNotNil(bytes.range(of: Data("The ticket printer jams".utf8)), "the idea is in the log")
        XCTAssertNotNil(bytes.range(of: Data("rupertx".utf8)), "a named idea's account is in the log")
        XCTAssertNil(bytes.range(of: Data("quentinx".utf8)), "no byte of the data directory names quentinx")

        run = try desk(["log", "dump"], as: "alice", data: data.path)
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertTrue(run.standardOutput.contains("The ticket printer jams"), run.standardOutput)
        XCTAssertTrue(run.standardOutput.contains("rupertx"), run.standardOutput)
        XCTAssertFalse(run.standardOutput.contains("quentinx"), run.standardOutput)

        let session = try DeskSession.open(DataDirectory(path: data.path), access: .readOnly)
        XCTAssertNil(session.state.staffIdea(StaffIdeaID(1))?.submittedBy)
        XCTAssertEqual(session.state.staffIdea(StaffIdeaID(1))?.kind, .barrier)
        XCTAssertEqual(session.state.staffIdea(StaffIdeaID(2))?.submittedBy, "rupertx")
        XCTAssertEqual(session.state.staffIdea(StaffIdeaID(2))?.text, "Forms by the door")
    }

    func testOnlyASupervisorChangesAStatus() throws {
        let data = try newDesk()
        XCTAssertEqual(try desk(["idea", "Longer hours"], as: "bob", data: data.path).status, 0)
        var run = try desk(["idea", "--status", "S-0001", "adopted"], as: "bob", data: data.path)
        XCTAssertEqual(run.status, 77, run.standardError)
        XCTAssertTrue(
            run.standardError.contains(
                "bob is a clerk at this desk and may not change a staff idea's status"),
            run.standardError)
        run = try desk(
            ["idea", "--status", "S-0001", "under_review", "--note", "Asking the union"], as: "alice",
            data: data.path)
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertEqual(run.standardOutput, "S-0001 under_review\n")
        let session = try DeskSession.open(DataDirectory(path: data.path), access: .readOnly)
        XCTAssertEqual(session.state.staffIdea(StaffIdeaID(1))?.status, .underReview)
        XCTAssertEqual(session.state.staffIdea(StaffIdeaID(1))?.statusNote, "Asking the union")

        run = try desk(["idea", "--status", "S-0009", "done"], as: "alice", data: data.path)
        XCTAssertEqual(run.status, 65, run.standardError)
        XCTAssertTrue(run.standardError.contains("S-0009 does not exist"), run.standardError)
        run = try desk(["idea", "--status", "S-0001", "finished"], as: "alice", data: data.path)
        XCTAssertEqual(run.status, 64, run.standardError)
        XCTAssertTrue(
            run.standardError.contains("submitted, under_review, adopted, declined, done"), run.standardError)
        run = try desk(["idea"], as: "bob", data: data.path)
        XCTAssertEqual(run.status, 64, run.standardError)
    }

    // MARK: desk survey import

    /// Three complaints; the first two have had a response.
    func deskWithResponses() throws -> TemporaryDirectory {
        let data = try newDesk()
        let session = try DeskSession.open(
            DataDirectory(path: data.path), access: .readWrite, identity: Identity(user: "alice", groups: []))
        for name in ["Ann Lee", "Bo Chan", "Cy Dee"] {
            try session.execute(
                .receive(
                    ComplaintIntake(
                        channel: .phone, category: "other", summary: "Bin not collected",
                        customer: Customer(name: name, email: "", phone: ""), receivedAt: session.clock.now)))
        }
        for number in [1, 2] as [UInt32] {
            let id = ComplaintID(number)
            try session.execute(
                .respond(
                    id, revision: session.state.complaint(id)!.revision, decision: .upheld,
                    reasons: "Collected", remedyOffered: ""))
        }
        return data
    }

    func lastSequence(_ data: TemporaryDirectory) throws -> UInt64 {
        try EventLog.verify(path: data.file("events.log")).position.lastSequence
    }

    func testAValidFileIsRecordedAndTheComplaintsPrinted() throws {
        let data = try deskWithResponses()
        let input = """
            {"complaint":"C-000001","channel":"web","answered_at":"2026-01-01T00:00:00Z","satisfaction":5,"trust":4,"equity":2,"comment":"Fine"}
            {"complaint":"C-000002","channel":"mail","employee_helpfulness":1}
            """
        let run = try desk(["survey", "import", "-"], as: "bob", data: data.path, input: input)
        XCTAssertEqual(run.status, 65, "answered before the response: \(run.standardError)")
        XCTAssertTrue(
            run.standardError.contains(
                "line 1: answered_at: 2026-01-01T00:00:00Z is before C-000001 was first responded to"),
            run.standardError)
        let fixed = input.replacingOccurrences(of: #""answered_at":"2026-01-01T00:00:00Z","#, with: "")
        let file = data.file("answers.jsonl")
        try fixed.write(toFile: file, atomically: true, encoding: .utf8)
        let ok = try desk(["survey", "import", file], as: "bob", data: data.path)
        XCTAssertEqual(ok.status, 0, ok.standardError)
        XCTAssertEqual(ok.standardOutput, "C-000001\nC-000002\n")
        let session = try DeskSession.open(DataDirectory(path: data.path), access: .readOnly)
        let report = session.state.surveyReport()
        XCTAssertEqual(report.responses, 2)
        XCTAssertEqual(session.state.surveyReport(channel: .mail).responses, 1)
        XCTAssertEqual(report.comments.map(\.text), ["Fine"])
        XCTAssertEqual(report.drivers.first { $0.driver == .satisfaction }?.favourable, 1)
        XCTAssertEqual(report.drivers.first { $0.driver == .employeeHelpfulness }?.answered, 1)

        // One survey per complaint: a second file naming C-000001 is refused whole.
        let again = try desk(
            ["survey", "import", "-"], as: "bob", data: data.path,
            input: #"{"complaint":"C-000001","channel":"web","trust":3}"#)
        XCTAssertEqual(again.status, 65, again.standardError)
        XCTAssertTrue(
            again.standardError.contains(
                "line 1: survey: C-000001 already has a survey; one survey per complaint")
                || again.standardError.contains("already has a survey"), again.standardError)
    }

    func testABadFileIsRejectedWholeWithEveryProblem() throws {
        let data = try deskWithResponses()
        let before = try lastSequence(data)
        let lines = [
            #"{"complaint":"C-000001","channel":"web","satisfaction":5}"#,  // 1: fine
            #"{"complaint":"C-000003","channel":"web","satisfaction":4}"#,  // 2: no response yet
            #"{"complaint":"C-000002","channel":"kiosk","satisfaction":4}"#,  // 3
            #"{"complaint":"C-000002","channel":"web","trust":6,"ease":"4"}"#,  // 4
            #"{"complaint":"C-000001","channel":"mail","ease":3}"#,  // 5: a second survey
            #"{"complaint":"C-000002","channel":"web","answered_at":"2099-01-01T00:00:00Z","ease":3}"#,  // 6
            #"{"complaint":"C-000002","channel":"web","colour":"blue","ease":3}"#,  // 7
            "not json",  // 8
            #"{"complaint":"C-000099","channel":"web","ease":3}"#,  // 9
            #"{"channel":"web","ease":3}"#,  // 10
            #"{"complaint":"C-000002","channel":"web"}"#,  // 11: nothing answered
        ]
        let file = data.file("bad.jsonl")
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let run = try desk(["survey", "import", file], as: "bob", data: data.path)
        XCTAssertEqual(run.status, 65, run.standardError)
        XCTAssertEqual(run.standardOutput, "", "nothing is printed when nothing is recorded")
        let expected = [
            "bad.jsonl: line 2: complaint: C-000003 has no response yet",
            "line 3: channel: \"kiosk\" is not a channel survey answers are imported from; use one of web, mail, email, phone",
            "line 4: trust: 6 is not an answer; use a whole number from 1 (strongly disagree) to 5",
            "line 4: ease: \"4\" is not an answer",
            "line 5: complaint: C-000001 is also on line 1; one survey per complaint",
            "line 6: answered_at: 2099-01-01T00:00:00Z is in the future",
            "line 7: colour: is not a field of a survey; the fields are complaint, channel, answered_at, satisfaction",
            "line 8: not a JSON object",
            "line 9: complaint: C-000099 does not exist",
            "line 10: complaint: is required",
            "line 11: survey: no statement was answered",
        ]
        for message in expected {
            XCTAssertTrue(
                run.standardError.contains(message), "missing «\(message)» in:\n\(run.standardError)")
        }
        XCTAssertFalse(run.standardError.contains("line 1:"), run.standardError)
        XCTAssertEqual(try lastSequence(data), before, "nothing was recorded")
        let session = try DeskSession.open(DataDirectory(path: data.path), access: .readOnly)
        XCTAssertEqual(session.state.surveyReport().responses, 0)

        let missing = try desk(["survey", "import", data.file("nowhere.jsonl")], as: "bob", data: data.path)
        XCTAssertEqual(missing.status, 66, missing.standardError)
        XCTAssertTrue(missing.standardError.contains("cannot open"), missing.standardError)
    }
}

/// The ids a repair reserves go into the batch of the next command: when that command is an
/// anonymous idea, the reservation names nobody either.
final class AnonymousReservationTests: XCTestCase {
    func testAReservationInTheBatchOfAnAnonymousIdeaNamesNobody() throws {
        let data = try TemporaryDirectory(prefix: "desk-ideas-aside")
        let environment = ["DESK_AS_USER": "alice", "TZ": "UTC"]
        let rows = (1...3).map {
            #"{"customer":"Customer \#($0)","channel":"phone","category":"other","summary":"Bus \#($0) late"}"#
        }.joined(separator: "\n")
        var run = try ProductRun.run(
            "desk", ["import", "--data", data.path, "-"], input: Array(rows.utf8), environment: environment)
        XCTAssertEqual(run.status, 0, run.standardError)
        // An acknowledged batch loses its last byte: the next writer sets its records aside and
        // reserves their ids in its own batch.
        let size = try EventLog.verify(path: data.file("events.log")).fileSize
        XCTAssertEqual(truncate(data.file("events.log"), off_t(size - 1)), 0)
        run = try ProductRun.run(
            "desk", ["idea", "--anonymous", "--data", data.path, "Buses"],
            environment: ["DESK_AS_USER": "quentinx", "TZ": "UTC"])
        XCTAssertEqual(run.status, 0, run.standardError)
        run = try ProductRun.run("desk", ["log", "dump", "--data", data.path], environment: environment)
        let reserved = run.standardOutput.split(separator: "\n").filter { $0.contains("\"idsReserved\"") }
        XCTAssertEqual(reserved.count, 1, run.standardOutput)
        XCTAssertTrue(reserved.allSatisfy { $0.contains(#""actor":"""#) }, "\(reserved)")
        XCTAssertFalse(run.standardOutput.contains("quentinx"), run.standardOutput)
    }
}

/// The survey file's values, read without the binary: JSON booleans, strings and fractions are
/// not answers, even where Foundation on Linux hands `true` over as the number 1.
final class SurveyImportValueTests: XCTestCase {
    func testOnlyWholeNumbersOneToFiveAreAnswers() {
        let state = DeskState()
        let now = Timestamp(milliseconds: 1_800_000_000_000)
        let text = """
            {"complaint":"C-000001","channel":"web","satisfaction":true,"trust":4.5,"ease":0,"equity":"5"}
            {"complaint":true,"channel":"web","trust":1}
            """
        let parsed = SurveyImport(bytes: Array(text.utf8), state: state, now: now)
        XCTAssertFalse(parsed.isValid)
        let report = parsed.report(source: "web.jsonl").joined(separator: "\n")
        for expected in [
            "web.jsonl: line 1: satisfaction: true is not an answer", "line 1: trust: 4.5 is not an answer",
            "line 1: ease: 0 is not an answer", "line 1: equity: \"5\" is not an answer",
            "line 2: complaint: must be a JSON string",
        ] {
            XCTAssertTrue(report.contains(expected), "missing «\(expected)» in:\n\(report)")
        }
        XCTAssertEqual(SurveyImport.score(NSNumber(value: 1)), 1)
        XCTAssertEqual(SurveyImport.score(NSNumber(value: 5)), 5)
        XCTAssertNil(SurveyImport.score(NSNumber(value: 6)))
    }

    func testAnEmptyFileOrOneNotInUTF8IsRefused() {
        let state = DeskState()
        let now = Timestamp(milliseconds: 1_800_000_000_000)
        XCTAssertEqual(
            SurveyImport(bytes: [], state: state, now: now).problems,
            ["line 1: the input has no survey answers"])
        XCTAssertEqual(
            SurveyImport(bytes: [0xFF, 0x7B], state: state, now: now).problems,
            ["line 1: the file is not valid UTF-8; save it as UTF-8"])
    }
}
