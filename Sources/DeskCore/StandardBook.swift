/// Every published version of every service standard, in publication order.
struct StandardBook: Sendable {
    /// Standard ids in the order first published.
    private(set) var ids: [String] = []
    private var versionsByID: [String: [ServiceStandard]] = [:]
    /// The earliest instant any version took effect; nil before the first is published.
    private(set) var firstEffective: Timestamp?

    mutating func publish(_ s: ServiceStandard) {
        if versionsByID[s.id] == nil { ids.append(s.id) }
        versionsByID[s.id, default: []].append(s)
        firstEffective = min(firstEffective ?? s.effective, s.effective)
    }

    /// Every version of a standard, in publication order.
    func versions(of id: String) -> [ServiceStandard] { versionsByID[id] ?? [] }

    /// The latest version of each standard.
    var current: [ServiceStandard] {
        ids.compactMap { id in versionsByID[id]?.max(by: { $0.version < $1.version }) }
    }

    /// Per id, the highest version effective by `t`.
    func inForce(at t: Timestamp) -> [ServiceStandard] {
        ids.compactMap { id in
            versionsByID[id]?.filter { $0.effective <= t }.max(by: { $0.version < $1.version })
        }
    }

    /// The standards that measure a complaint received at `t` in a category through a channel:
    /// per id, the highest version in force at receipt, if it covers both.
    func applicable(receivedAt t: Timestamp, category: String, channel: Channel) -> [ServiceStandard] {
        ids.compactMap { id -> ServiceStandard? in
            var best: ServiceStandard?
            for v in versionsByID[id] ?? [] where v.effective <= t {
                if best == nil || v.version > best!.version { best = v }
            }
            guard let b = best, b.covers(category: category, channel: channel) else { return nil }
            return b
        }
    }

    /// Whether a complaint received at `t` came before any standard was in force.
    func isUnmeasured(receivedAt t: Timestamp) -> Bool {
        guard let firstEffective else { return true }
        return t < firstEffective
    }

    /// Every distinct effective instant, earliest first.
    var effectiveInstants: [Int64] {
        Array(Set(versionsByID.values.joined().map(\.effective.milliseconds))).sorted()
    }
}

// MARK: Snapshots

extension StandardBook {
    /// Every version, id by id in first-published order, each as the event that published it.
    func write(to w: SnapshotWriter) throws {
        try w.count(ids.count)
        for id in ids {
            let versions = versionsByID[id] ?? []
            try w.count(versions.count)
            for v in versions {
                try w.array(
                    EventCodec.encode(RecordedEvent(actor: "", at: v.effective, event: .standardPublished(v)))
                )
            }
        }
    }

    init(snapshot r: SnapshotReader) throws {
        for _ in 0..<(try r.count(limit: 1 << 20)) {
            for _ in 0..<(try r.count(limit: 1 << 20)) {
                guard case .standardPublished(let s) = try DeskState.snapshotEvent(r) else {
                    throw SnapshotDamage("a standard's place holds another event")
                }
                publish(s)
            }
        }
    }
}
