/// Where each complaint's events sit in the log, kept so a complaint's story can be read back
/// when a clerk opens it: one backward chain per complaint through two flat arrays (12 bytes an
/// event), the chain's latest entry held by the complaint's record.
struct EventIndex: Sendable {
    private(set) var positions: [UInt64] = []
    private(set) var previous: [Int32] = []

    var count: Int { positions.count }

    mutating func reserve(_ n: Int) {
        positions.reserveCapacity(n)
        previous.reserveCapacity(n)
    }

    /// Adds an event at `position` to the chain whose latest entry is `last` (-1: a new chain);
    /// returns the chain's new latest entry.
    mutating func append(_ position: UInt64, after last: Int32) -> Int32 {
        positions.append(position)
        previous.append(last)
        return Int32(positions.count - 1)
    }

    /// The positions of the chain ending at `last`, oldest first.
    func chain(endingAt last: Int32) -> [UInt64] {
        var out: [UInt64] = []
        var i = last
        while i >= 0 {
            out.append(positions[Int(i)])
            i = previous[Int(i)]
        }
        return out.reversed()
    }
}

// MARK: Snapshots

extension EventIndex {
    func write(to w: SnapshotWriter) throws {
        try w.array(positions)
        try w.array(previous)
    }

    init(snapshot r: SnapshotReader) throws {
        positions = try r.array()
        previous = try r.array()
        guard positions.count == previous.count else {
            throw SnapshotDamage(
                "the event index has \(positions.count) positions and \(previous.count) links")
        }
    }
}
