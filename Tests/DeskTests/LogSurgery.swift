import Desk
import DeskCore
import DeskTestSupport
import EventLog
import Foundation
import XCTest

/// Desks for the output and damage tests: made through the session as a clerk's desk makes them,
/// then written to or damaged byte by byte, as a hostile client or a failing disk would.
enum LogSurgery {
    /// A new desk in `data` (sample office) holding one complaint per entry of `texts`: the text is
    /// the customer's name, e-mail, phone, summary, details and remedy sought. Written without the
    /// intake's validation, as a crafted log could hold them.
    static func desk(in data: TemporaryDirectory, texts: [String]) throws -> DeskSession {
        let session = try DeskSession.open(
            DataDirectory(path: data.path), access: .readWrite, identity: Identity(user: "maria", groups: []),
            verifyChainInBackground: false)
        let at = session.clock.now
        let events = texts.enumerated().map { index, text in
            RecordedEvent(
                actor: "maria", at: at,
                event: .complaintReceived(
                    ComplaintID(UInt32(session.state.complaintCount + index + 1)),
                    ComplaintIntake(
                        channel: .counter, category: "payments", summary: text, details: text,
                        remedySought: text,
                        customer: Customer(name: text, email: text, phone: text), receivedAt: at)))
        }
        _ = try session.appendGenerated(events)
        return session
    }

    /// Every record of the log: sequence, offset, kind and payload.
    static func records(_ data: TemporaryDirectory) throws -> [(
        sequence: UInt64, offset: Int64, kind: RecordKind, payload: [UInt8]
    )] {
        var found: [(UInt64, Int64, RecordKind, [UInt8])] = []
        _ = try EventLog.verify(path: data.file("events.log")) { record in
            found.append((record.sequence, record.offset, record.kind, Array(record.payload)))
        }
        return found
    }

    /// The record holding complaint `id`'s arrival.
    static func arrival(of id: ComplaintID, in data: TemporaryDirectory) throws -> (
        sequence: UInt64, offset: Int64
    ) {
        for record in try records(data) where record.kind == .event {
            if case .complaintReceived(id, _) = try EventCodec.decode(record.payload).event {
                return (record.sequence, record.offset)
            }
        }
        throw XCTSkip("complaint \(id) is not in the log")
    }

    /// Flips a byte in the payload of the record at `offset`, as a failing disk would.
    static func damageRecord(at offset: Int64, in data: TemporaryDirectory) throws {
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: data.file("events.log")))
        defer { try? handle.close() }
        let position = UInt64(offset) + UInt64(RecordFormat.recordHeaderSize) + 2
        try handle.seek(toOffset: position)
        let byte = try XCTUnwrap(handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: position)
        try handle.write(contentsOf: [byte ^ 0x5A])
    }
}
