import XCTest

@testable import DeskCore

/// The kiosk hand-overs are part of the state a snapshot keeps: a desk started from a snapshot
/// shows a kiosk the same pending survey a whole replay does.
final class KioskSnapshotTests: XCTestCase {
    func testHandOversSurviveASnapshot() throws {
        let desk = Desk(at: Fixture.gmt(11, 25, 10))
        var ids: [ComplaintID] = []
        for _ in 0..<3 {
            let id = desk.receive()
            try desk.run(
                .respond(id, revision: desk.revision(id), decision: .upheld, reasons: "r", remedyOffered: ""))
            ids.append(id)
        }
        var whole = DeskState()
        for (index, event) in desk.log.enumerated() { whole.apply(event, position: UInt64(index + 1)) }
        var position = UInt64(desk.log.count)
        func apply(_ command: Command, as actor: String = "maria") throws {
            for event in try whole.decide(command, actor: actor, now: desk.clock.now) {
                position += 1
                whole.apply(event, position: position)
            }
        }
        try apply(.offerSurvey(ids[0], channel: .kiosk, counter: "c2"))
        try apply(.offerSurvey(ids[1], channel: .kiosk, counter: "c1"))
        try apply(.offerSurvey(ids[2], channel: .kiosk, counter: "c3"))
        try apply(.recordSurvey(ids[2], channel: .kiosk, answers: SurveyAnswers([.ease: 4])), as: "kiosk")

        var out: [UInt8] = []
        let w = SnapshotWriter { out.append(contentsOf: $0) }
        try whole.writeSnapshot(to: w)
        try w.flush()
        var at = 0
        let r = SnapshotReader { buffer in
            let n = min(buffer.count, out.count - at)
            out.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + at, byteCount: n) }
            at += n
            return n
        }
        let restored = try DeskState(snapshot: r)
        XCTAssertEqual(at, out.count)
        for counter in ["c1", "c2", "c3", "c4"] {
            XCTAssertEqual(
                restored.pendingKioskHandOver(counter: counter), whole.pendingKioskHandOver(counter: counter),
                counter)
        }
        XCTAssertEqual(restored.pendingKioskHandOver(counter: "c1")?.complaint, ids[1])
        XCTAssertEqual(restored.pendingKioskHandOver(counter: "c1")?.position, position - 2)
        XCTAssertNil(restored.pendingKioskHandOver(counter: "c3"))
        // Equal states, equal bytes.
        var again: [UInt8] = []
        let w2 = SnapshotWriter { again.append(contentsOf: $0) }
        try restored.writeSnapshot(to: w2)
        try w2.flush()
        XCTAssertEqual(again, out)
    }
}
