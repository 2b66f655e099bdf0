/// A staff barrier or idea (EO 12862 §1(e)).
public struct StaffIdea: Hashable, Sendable {
    public var id: StaffIdeaID
    public var kind: StaffIdeaKind
    public var text: String
    /// nil when submitted anonymously.
    public var submittedBy: String?
    public var submittedAt: Timestamp
    public var status: StaffIdeaStatus
    public var statusNote: String
    public var statusChangedAt: Timestamp
    public var statusChangedBy: String
}

/// The staff ideas submitted, in id order, and the numbers reserved for a restore.
struct StaffIdeaBook: Sendable {
    private(set) var ideas: [StaffIdea] = []
    /// The highest idea number reserved by `idsReserved` (0: none).
    private(set) var reservedThrough: UInt32 = 0

    var nextID: StaffIdeaID { StaffIdeaID(max(ideas.last?.id.number ?? 0, reservedThrough) + 1) }

    func idea(_ id: StaffIdeaID) -> StaffIdea? { index(of: id).map { ideas[$0] } }

    /// Ideas are kept in id order but reserved ids leave gaps, so the index is searched for.
    private func index(of id: StaffIdeaID) -> Int? {
        var low = 0
        var high = ideas.count
        while low < high {
            let mid = (low + high) / 2
            if ideas[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < ideas.count && ideas[low].id == id ? low : nil
    }

    mutating func reserve(through n: UInt32) { reservedThrough = max(reservedThrough, n) }

    /// Records an idea; one out of order (a damaged log) is skipped. An empty actor submitted
    /// it anonymously.
    mutating func submit(
        _ id: StaffIdeaID, kind: StaffIdeaKind, text: String, by actor: String, at: Timestamp
    ) {
        guard id == nextID else { return }
        ideas.append(
            StaffIdea(
                id: id, kind: kind, text: text, submittedBy: actor.isEmpty ? nil : actor,
                submittedAt: at, status: .submitted, statusNote: "", statusChangedAt: at,
                statusChangedBy: actor))
    }

    /// Changes an idea's status; an unknown id is ignored.
    mutating func change(
        _ id: StaffIdeaID, to status: StaffIdeaStatus, note: String, by actor: String, at: Timestamp
    ) {
        guard let i = index(of: id) else { return }
        ideas[i].status = status
        ideas[i].statusNote = note
        ideas[i].statusChangedAt = at
        ideas[i].statusChangedBy = actor
    }
}

// MARK: Snapshots

extension StaffIdeaBook {
    func write(to w: SnapshotWriter) throws {
        try w.count(ideas.count)
        for idea in ideas {
            try w.u32(idea.id.number)
            try w.u8(idea.kind.rawValue)
            try w.text(idea.text)
            try w.u8(idea.submittedBy == nil ? 0 : 1)
            try w.text(idea.submittedBy ?? "")
            try w.time(idea.submittedAt)
            try w.u8(idea.status.rawValue)
            try w.text(idea.statusNote)
            try w.time(idea.statusChangedAt)
            try w.text(idea.statusChangedBy)
        }
        try w.u32(reservedThrough)
    }

    init(snapshot r: SnapshotReader) throws {
        let n = try r.count(limit: 1 << 24)
        for _ in 0..<n {
            let id = StaffIdeaID(try r.u32())
            let kind = try r.enumeration(StaffIdeaKind.self)
            let text = try r.text()
            let named = try r.u8() == 1
            let by = try r.text()
            ideas.append(
                StaffIdea(
                    id: id, kind: kind, text: text, submittedBy: named ? by : nil, submittedAt: try r.time(),
                    status: try r.enumeration(StaffIdeaStatus.self), statusNote: try r.text(),
                    statusChangedAt: try r.time(), statusChangedBy: try r.text()))
        }
        reservedThrough = try r.u32()
    }
}
