// Reading complaints back from the compact state, as views the screens and reports use.
extension DeskState {

    func record(_ id: ComplaintID) -> ComplaintRecord? {
        let i = Int(id.number) - 1
        guard i >= 0, i < complaints.count, complaints[i].has(ComplaintRecord.exists) else { return nil }
        return complaints[i]
    }

    /// A complaint as the screens show it.
    public func complaint(_ id: ComplaintID) -> ComplaintView? {
        guard let r = record(id) else { return nil }
        return view(r, id: id)
    }

    func view(_ r: ComplaintRecord, id: ComplaintID) -> ComplaintView {
        func ts(_ v: Int64) -> Timestamp? { v == never ? nil : Timestamp(milliseconds: v) }
        return ComplaintView(
            id: id, revision: r.revision, status: ComplaintStatus(rawValue: r.status) ?? .received,
            channel: Channel(rawValue: r.channel) ?? .counter, category: names[r.category],
            summary: text.string(r.summary),
            customer: customer(number: r.customer),
            isReturningCustomer: customers[Int(r.customer) - 1].complaints > 1,
            holder: r.holder == 0 ? nil : names[r.holder],
            severity: Severity(rawValue: r.severity) ?? .normal,
            isUrgent: r.has(ComplaintRecord.urgent), isEscalated: r.has(ComplaintRecord.escalated),
            decision: Decision(rawValue: r.decision), receivedAt: Timestamp(milliseconds: r.receivedAt),
            acknowledgedAt: ts(r.acknowledgedAt), firstRespondedAt: ts(r.firstRespondedAt),
            respondedAt: ts(r.respondedAt),
            closedAt: ts(r.closedAt), withdrawnAt: ts(r.withdrawnAt), pausedSince: ts(r.pausedSince),
            reopenCount: Int(r.reopenCount), surveyOffered: r.has(ComplaintRecord.surveyOffered),
            surveyed: r.has(ComplaintRecord.surveyed),
            isUnmeasured: r.receivedAt < firstStandardEffective,
            lastChange: LastChange(
                actor: names[r.lastActor], at: Timestamp(milliseconds: r.lastChangeAt),
                what: EventCodec.verb(r.lastKind)))
    }

    /// Log positions of a complaint's events, oldest first, for reading its full story back.
    public func timeline(of id: ComplaintID) -> [UInt64] {
        guard let r = record(id) else { return [] }
        var out: [UInt64] = []
        var i = r.lastEvent
        while i >= 0 {
            out.append(eventPositions[Int(i)])
            i = eventPrevious[Int(i)]
        }
        return out.reversed()
    }

    /// Every version of a standard, in publication order.
    public func versions(ofStandard id: String) -> [ServiceStandard] { standardVersions[id] ?? [] }

    /// The latest version of each standard, as published now.
    public var currentStandards: [ServiceStandard] {
        standardIDs.compactMap { id in standardVersions[id]?.max(by: { $0.version < $1.version }) }
    }

    /// The standards in force at an instant: per id, the highest version effective by then.
    public func standardsInForce(at t: Timestamp) -> [ServiceStandard] {
        standardIDs.compactMap { id in
            standardVersions[id]?.filter { $0.effective <= t }.max(by: { $0.version < $1.version })
        }
    }

    /// Category title for an id (the id itself when unknown).
    public func categoryTitle(_ id: String) -> String {
        office?.categories.first(where: { $0.id == id })?.title ?? id
    }
}

/// Who last changed a complaint, when, and how ("claimed").
public struct LastChange: Hashable, Sendable {
    public var actor: String
    public var at: Timestamp
    public var what: String
}

/// A complaint as read from the state (materialised on demand; the state keeps it compact).
public struct ComplaintView: Hashable, Sendable {
    public var id: ComplaintID
    /// Bumped by every event on this complaint; commands carry the revision they saw.
    public var revision: UInt32
    public var status: ComplaintStatus
    public var channel: Channel
    public var category: String
    public var summary: String
    public var customer: Customer
    public var isReturningCustomer: Bool
    public var holder: String?
    public var severity: Severity
    public var isUrgent: Bool
    public var isEscalated: Bool
    public var decision: Decision?
    public var receivedAt: Timestamp
    public var acknowledgedAt: Timestamp?
    public var firstRespondedAt: Timestamp?
    /// Response in the current measure (after the latest reopening).
    public var respondedAt: Timestamp?
    public var closedAt: Timestamp?
    public var withdrawnAt: Timestamp?
    public var pausedSince: Timestamp?
    public var reopenCount: Int
    public var surveyOffered: Bool
    public var surveyed: Bool
    /// Received before any standard was in force: no standard measures it ("not measured").
    public var isUnmeasured: Bool
    public var lastChange: LastChange
}
