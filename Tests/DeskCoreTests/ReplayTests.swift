import DeskCore
import XCTest

/// Replaying a log in one go gives the same desk as deciding and applying event by event.
final class ReplayTests: XCTestCase {
    /// Everything the desk shows, in comparable form.
    struct Picture: Equatable {
        var complaints: [ComplaintView?]
        var clocks: [[ServiceClock]]
        var timelines: [[UInt64]]
        var queue: [QueueEntry]
        var results: [[StandardResult]]
        var survey: SurveyReport
        var ideas: [StaffIdea]
        var counts: [ComplaintStatus: Int]

        init(_ s: DeskState, now: Timestamp) {
            let ids = (0..<s.complaintCount).map { ComplaintID(UInt32($0 + 1)) }
            complaints = ids.map { s.complaint($0) }
            clocks = ids.map { s.clocks(of: $0, now: now) }
            timelines = ids.map { s.timeline(of: $0) }
            queue = s.queue(now: now)
            results = [ResultGrouping.standard, .category, .channel].map {
                s.standardResults(now: now, groupedBy: $0)
            }
            survey = s.surveyReport()
            ideas = s.staffIdeas
            counts = s.statusCounts()
        }
    }

    /// Random clerks doing random (often refused) things over a few weeks.
    func randomHistory(seed: UInt64, steps: Int) -> (live: DeskState, log: [[UInt8]], now: Timestamp) {
        var rng = SplitMix64(seed: seed)
        let desk = Desk(
            at: Fixture.gmt(11, 2, 9),
            standards: [Fixture.acknowledge(minutes: 240), Fixture.respond(minutes: 960)])
        let clerks = ["maria", "omar", "li"]
        for _ in 0..<steps {
            desk.clock.advance(minutes: rng.below(90))
            let n = desk.state.complaintCount
            let id = ComplaintID(UInt32(n == 0 ? 1 : 1 + rng.below(n)))
            // Mostly fresh revisions, sometimes stale ones.
            let rev = (desk.state.complaint(id)?.revision ?? 0) &- (rng.chance(0.1) ? 1 : 0)
            let command: Command
            switch rng.below(16) {
            case 0, 1:
                command = .receive(
                    Fixture.intake(
                        at: desk.clock.now.adding(minutes: -rng.below(600)),
                        category: ["parking", "housing", "other"][rng.below(3)],
                        channel: Channel.allCases[rng.below(6)]))
            case 2: command = .acknowledge(id, revision: rev)
            case 3: command = .assess(id, revision: rev, severity: .high, urgent: rng.chance(0.3))
            case 4: command = .claim(id, revision: rev)
            case 5:
                command = .transfer(
                    id, revision: rev, category: "housing", clerk: clerks[rng.below(3)], reason: "move")
            case 6: command = .pause(id, revision: rev, reason: "waiting")
            case 7: command = .resume(id, revision: rev)
            case 8:
                command = .respond(
                    id, revision: rev, decision: .upheld, reasons: "because", remedyOffered: "")
            case 9: command = .close(id, revision: rev, acceptance: .accepted, recourse: "")
            case 10: command = .reopen(id, revision: rev, reason: "again")
            case 11: command = .withdraw(id, revision: rev, reason: "gone")
            case 12:
                command = .recordSurvey(
                    id, channel: .kiosk, answers: SurveyAnswers([.ease: 1 + rng.below(5)]))
            case 13: command = .submitStaffIdea(kind: .idea, text: "idea", anonymous: rng.chance(0.5))
            case 14: command = .escalate(id, revision: rev, reason: "up")
            default: command = .addNote(id, revision: rev, text: "note", customerVisible: rng.chance(0.5))
            }
            _ = try? desk.run(command, as: clerks[rng.below(3)])
        }
        return (desk.state, desk.log.map(EventCodec.encode), desk.clock.now)
    }

    func testReplayEqualsLiveApplicationForSeveralSeeds() throws {
        for seed: UInt64 in [1, 2, 3, 42, 2026] {
            let (live, log, now) = randomHistory(seed: seed, steps: 1500)
            XCTAssertGreaterThan(live.complaintCount, 50)
            let replayed = DeskState(replaying: try log.map { try EventCodec.decode($0) })
            XCTAssertEqual(replayed.eventCount, live.eventCount)
            XCTAssertEqual(Picture(replayed, now: now), Picture(live, now: now), "seed \(seed)")
            // Read at another time, both still agree (clocks are computed on read).
            let later = now.adding(minutes: 3000)
            XCTAssertEqual(Picture(replayed, now: later), Picture(live, now: later), "seed \(seed) later")
        }
    }

    func testDemoHistoryIsDeterministicAndRich() throws {
        let start = Timestamp(utcYear: 2026, month: 1, day: 5)
        let a = Array(DemoHistory(seed: 9, complaints: 2000, start: start))
        let b = Array(DemoHistory(seed: 9, complaints: 2000, start: start))
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, Array(DemoHistory(seed: 10, complaints: 2000, start: start)))
        XCTAssertEqual(a.map(\.at), a.map(\.at).sorted(), "events come in time order")
        let state = DeskState(replaying: a)
        XCTAssertEqual(state.complaintCount, 2000)
        let now = a.last!.at
        let names = Set(a.map { EventCodec.typeName(of: $0.event) })
        XCTAssertEqual(names.count, 19, "\(names)")
        let views = (1...2000).compactMap { state.complaint(ComplaintID(UInt32($0))) }
        XCTAssertEqual(Set(views.map(\.channel)).count, 6)
        XCTAssertEqual(Set(views.map { $0.category }).count, DemoHistory.office.categories.count)
        XCTAssertTrue(views.contains { $0.reopenCount > 0 })
        XCTAssertTrue(views.contains { $0.isReturningCustomer })
        XCTAssertTrue(views.contains { $0.customer.name.unicodeScalars.contains { $0.value > 0x3000 } })
        XCTAssertGreaterThan(state.queue(now: now).count, 10, "some complaints are still open")
        let results = state.standardResults(now: now)
        XCTAssertEqual(results.map(\.standardID), ["acknowledge", "respond", "resolve"])
        XCTAssertTrue(results.allSatisfy { $0.missed > 0 && $0.met > $0.missed }, "\(results)")
        XCTAssertGreaterThan(state.surveyReport().responses, 100)
        // Each demo event would have been accepted: the codec round-trips it and replay agrees.
        let replayed = DeskState(replaying: try a.map { try EventCodec.decode(EventCodec.encode($0)) })
        XCTAssertEqual(Picture(replayed, now: now), Picture(state, now: now))
    }
}
