import DeskCore
import EventLog
import Foundation
import Synchronization

/// A repair that moved complete records out of the log into a quarantine file, or acknowledged
/// records the commit mark shows gone. Without a mark the log cannot tell whether set-aside
/// records were acknowledged (a batch whose last record lost a byte looks the same either way),
/// so the desk says so on every screen and never gives their ids out again; with one, loss is
/// known even of records cut away whole, and their ids are reserved through the mark's watermark.
public struct SetAside: Sendable, Equatable {
    /// The quarantine file's name, beside the log.
    public var file: String
    public var records: Int
    /// When the repair happened.
    public var at: Timestamp
    /// Who ran the process that repaired.
    public var user: String

    /// Acknowledged records the commit mark shows gone (`CommitMark`): committed, then cut away
    /// whole, so their ids are known only from the mark's watermark. Nil when the log cannot tell.
    public var lost: Lost?

    /// What a commit mark showed lost: sequence numbers and the highest ids handed out by then.
    public struct Lost: Sendable, Equatable {
        public var fromSequence: UInt64
        public var throughSequence: UInt64
        /// From the mark's watermark (`DeskSession.watermark`); nil when it held none.
        public var complaintsThrough: ComplaintID?
        public var ideasThrough: StaffIdeaID?

        init(fromSequence: UInt64, throughSequence: UInt64, watermark: [UInt8]) {
            self.fromSequence = fromSequence
            self.throughSequence = throughSequence
            let (complaints, ideas) = DeskSession.decodeWatermark(watermark)
            complaintsThrough = complaints == 0 ? nil : ComplaintID(complaints)
            ideasThrough = ideas == 0 ? nil : StaffIdeaID(ideas)
        }
    }

    /// The repair note's fields, when it set aside at least one complete record or records were
    /// lost; also the note a writer leaves when a log cut at a batch boundary lost records.
    public init?(note payload: UnsafeRawBufferPointer) {
        guard
            let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
            let kind = object["note"] as? String
        else { return nil }
        if let through = (object["lost_through_sequence"] as? NSNumber)?.uint64Value,
            let from = (object["lost_from_sequence"] as? NSNumber)?.uint64Value
        {
            let hex = object["lost_mark"] as? String ?? ""
            var bytes: [UInt8] = []
            var index = hex.startIndex
            while let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex), index != next {
                bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
                index = next
            }
            lost = Lost(fromSequence: from, throughSequence: through, watermark: bytes)
        }
        switch kind {
        case "torn tail repaired":
            guard let file = object["quarantine"] as? String,
                let records = object["complete_records"] as? Int,
                records > 0 || lost != nil
            else { return nil }
            self.file = file
            self.records = records
        case "acknowledged records lost":
            guard lost != nil else { return nil }
            file = ""
            records = 0
        default:
            return nil
        }
        at = Timestamp(milliseconds: (object["at"] as? NSNumber)?.int64Value ?? 0)
        user = object["user"] as? String ?? ""
    }

    /// Loss a reader sees before any writer has noted it in the log.
    public init(detected: LostRecords, at now: Timestamp) {
        file = ""
        records = 0
        self.at = now
        user = ""
        lost = Lost(
            fromSequence: detected.fromSequence, throughSequence: detected.throughSequence,
            watermark: detected.watermark)
    }

    /// The warning every screen and `desk status` show.
    public var warning: String {
        var lines: [String] = []
        if let lost {
            let through = [
                lost.complaintsThrough?.description, lost.ideasThrough.map { "idea \($0.number)" },
            ]
            .compactMap { $0 }.joined(separator: ", ")
            lines.append(
                "ACKNOWLEDGED RECORDS LOST: records \(lost.fromSequence)…\(lost.throughSequence)"
                    + (through.isEmpty ? "" : " (through \(through))")
                    + " were committed but are no longer in the log; their ids are never issued again")
        }
        if records > 0 { lines.append(setAsideWarning) }
        return lines.joined(separator: " | ")
    }

    private var setAsideWarning: String {
        var count = String(records)
        for index in stride(from: count.count - 3, to: 0, by: -3) {
            count.insert(",", at: count.index(count.startIndex, offsetBy: index))
        }
        let noun = records == 1 ? "record was" : "records were"
        return
            "RECORDS SET ASIDE: \(count) complete \(noun) moved to \(file) by a repair at \(at.iso8601); a supervisor can put them back: desk log restore \(file)"
    }
}

/// What `desk log restore` put back.
public struct Restored: Sendable {
    public var complaints: [ComplaintID]
    public var events: Int
}

extension DeskSession {
    func noteLogNote(_ payload: UnsafeRawBufferPointer) {
        guard let note = SetAside(note: payload) else { return }
        notePayloads.append(Array(payload))
        if note.lost != nil { unnotedLoss = nil }
        setAside.append(note)
        unreserved.append(note)
    }

    /// The commit mark's watermark for a batch: the highest complaint and staff idea numbers
    /// taken once `events` are applied to `base` (two little-endian UInt32s), so that a loss of
    /// acknowledged records can reserve them (`reservation`).
    static func watermark(after events: some Sequence<RecordedEvent>, from base: DeskState) -> [UInt8] {
        var complaints = UInt32(base.complaintCount)
        var ideas = base.nextStaffIdeaID.number - 1
        for recorded in events {
            switch recorded.event {
            case .complaintReceived(let id, _): complaints = max(complaints, id.number)
            case .staffIdeaSubmitted(let id, _, _): ideas = max(ideas, id.number)
            case .idsReserved(let c, let i):
                complaints = max(complaints, c?.number ?? 0)
                ideas = max(ideas, i?.number ?? 0)
            default: break
            }
        }
        return (0..<4).map { UInt8(truncatingIfNeeded: complaints >> (8 * $0)) }
            + (0..<4).map { UInt8(truncatingIfNeeded: ideas >> (8 * $0)) }
    }

    static func decodeWatermark(_ bytes: [UInt8]) -> (complaints: UInt32, ideas: UInt32) {
        guard bytes.count >= 8 else { return (0, 0) }
        func word(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * $1) } }
        return (word(0), word(4))
    }

    /// The events of a quarantine file: its complete records, and a last record cut only in its
    /// trailing length copy (its checksum still vouches for it), decoded; records that are not
    /// events, or do not decode, are left out. `torn` says whether a record whose end was cut away
    /// follows them. `name` is looked for beside the log unless it is a path.
    func setAsideEvents(in name: String) throws(DeskFailure) -> (events: [RecordedEvent], torn: Bool) {
        let path = name.contains("/") ? name : "\(directory.path)/\(name)"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .dataDirectory("cannot read \(path); name a quarantine file beside \(logPath)")
        }
        let found = data.withUnsafeBytes { RecordFormat.completeRecords(in: $0) }
        let records = found.complete + (found.cutInTrailer.map { [$0] } ?? [])
        let events = records.compactMap { record in
            record.kind == .event ? try? EventCodec.decode(record.payload) : nil
        }
        return (events, found.tornRecordBegins && found.cutInTrailer == nil)
    }

    /// An `idsReserved` event for the set-aside records met since the last reservation, if any:
    /// the highest complaint and staff idea ids they hold, and one more of each when a record cut
    /// short follows them (it may have held the next id of its batch). When a quarantine file
    /// cannot be read, as many ids as it held complete records are reserved past those in use.
    /// Records cut away whole leave no trace in the log; where the commit mark showed them lost,
    /// every id through its watermark is reserved instead (it covers all that was committed).
    func reservation(actor: String, now: Timestamp) -> [RecordedEvent] {
        guard !unreserved.isEmpty else { return [] }
        var complaints: UInt32 = 0
        var ideas: UInt32 = 0
        for note in unreserved {
            if let lost = note.lost, lost.complaintsThrough != nil || lost.ideasThrough != nil {
                // The watermark covers every committed record, those set aside among them.
                complaints = max(complaints, lost.complaintsThrough?.number ?? 0)
                ideas = max(ideas, lost.ideasThrough?.number ?? 0)
                continue
            }
            guard note.records > 0 else { continue }
            guard let (events, torn) = try? setAsideEvents(in: note.file) else {
                complaints = max(complaints, UInt32(state.complaintCount + note.records))
                ideas = max(ideas, state.nextStaffIdeaID.number - 1 + UInt32(note.records))
                continue
            }
            for recorded in events {
                switch recorded.event {
                case .complaintReceived(let id, _): complaints = max(complaints, id.number)
                case .staffIdeaSubmitted(let id, _, _): ideas = max(ideas, id.number)
                default: break
                }
            }
            if torn {
                complaints = max(complaints, UInt32(state.complaintCount)) + 1
                ideas = max(ideas, state.nextStaffIdeaID.number - 1) + 1
            }
        }
        let event = DeskEvent.idsReserved(
            complaintsThrough: complaints == 0 ? nil : ComplaintID(complaints),
            ideasThrough: ideas == 0 ? nil : StaffIdeaID(ideas))
        return [RecordedEvent(actor: actor, at: now, event: event)]
    }

    /// Puts back, as one batch, the complaints of a quarantine file whose ids are reserved and not
    /// yet received, each with every later event of its in the file (original actors and times).
    /// Nothing else is restored: not configuration, not staff ideas, and not events about
    /// complaints already in the log, so running it twice restores nothing the second time.
    public func restore(from file: String) throws(DeskFailure) -> Restored {
        let what = "restore records set aside by a repair"
        try require(role: .supervisor, toDo: what)
        let events = try setAsideEvents(in: file).events
        let actor = identity.user
        var written: [[UInt8]] = []
        var built: [RecordedEvent] = []
        var restored: [ComplaintID] = []
        var count = 0
        do {
            let appended = try log.append(
                catchUp: { record in try self.apply(record) },
                decide: { () throws(DeskFailure) -> EventLog.Decision<Void> in
                    try self.require(role: .supervisor, toDo: what)
                    let reserved = self.reservation(actor: actor, now: self.clock.now)
                    var base = self.state
                    for event in reserved { base.apply(event) }
                    var chosen = Set<ComplaintID>()
                    restored = []
                    var putBack: [RecordedEvent] = []
                    for recorded in events {
                        guard let id = recorded.event.complaint else { continue }
                        if case .complaintReceived = recorded.event, base.isReservedAndEmpty(id),
                            chosen.insert(id).inserted
                        {
                            restored.append(id)
                        }
                        if chosen.contains(id) { putBack.append(recorded) }
                    }
                    count = putBack.count
                    built = reserved + putBack
                    written = built.map { EventCodec.encode($0) }
                    return EventLog.Decision(
                        payloads: written, outcome: (), mark: Self.watermark(after: built, from: self.state))
                })
            applyOwn(written, built: built, appended)
        } catch {
            throw DeskFailure(error)
        }
        return Restored(complaints: restored, events: count)
    }
}

extension DeskSession {
    /// The set-aside warnings still standing: a repair's stops once every complaint its quarantine
    /// file holds is back in the log (`desk log restore`). Loss known only from the commit mark,
    /// and a quarantine file that cannot be read or holds no complaint, warn for good; the log's
    /// own notes keep the history for `desk log verify`.
    public var standingSetAside: [SetAside] {
        setAsideAndLost.filter { note in
            guard note.lost == nil, note.records > 0, !note.file.isEmpty else { return true }
            let ids = Self.complaintsSetAside(in: note.file, beside: directory.path)
            return ids.isEmpty
                || ids.contains { $0.number > state.complaintCount || state.isReservedAndEmpty($0) }
        }
    }

    /// The complaints a quarantine file holds, read once per file (a file is never rewritten).
    static func complaintsSetAside(in name: String, beside directory: String) -> [ComplaintID] {
        let path = name.contains("/") ? name : "\(directory)/\(name)"
        if let known = quarantineComplaints.withLock({ $0[path] }) { return known }
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let found = data.withUnsafeBytes { RecordFormat.completeRecords(in: $0) }
        var ids: [ComplaintID] = []
        for record in found.complete + (found.cutInTrailer.map { [$0] } ?? []) where record.kind == .event {
            if case .complaintReceived(let id, _)? = (try? EventCodec.decode(record.payload))?.event {
                ids.append(id)
            }
        }
        quarantineComplaints.withLock { $0[path] = ids }
        return ids
    }
}

private let quarantineComplaints = Mutex<[String: [ComplaintID]]>([:])
