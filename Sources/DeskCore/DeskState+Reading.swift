// Reading complaints back from the compact state, as views the screens and reports use.
extension DeskState {

    func record(_ id: ComplaintID) -> ComplaintRecord? { book.record(id) }

    /// A complaint as the screens show it.
    public func complaint(_ id: ComplaintID) -> ComplaintView? {
        guard let r = record(id) else { return nil }
        return view(r, id: id)
    }

    func view(_ r: ComplaintRecord, id: ComplaintID) -> ComplaintView {
        ComplaintView(
            id: id, revision: r.revision, status: r.status,
            channel: r.channel, category: names[r.category],
            summary: text.string(r.summary),
            customer: customer(number: r.customer),
            isReturningCustomer: customers[Int(r.customer) - 1].complaints > 1,
            holder: r.holder == 0 ? nil : names[r.holder],
            severity: r.severity,
            isUrgent: r.flags.contains(.urgent), isEscalated: r.flags.contains(.escalated),
            decision: r.decision, receivedAt: r.receivedAt,
            acknowledgedAt: r.acknowledgedAt.timestamp, firstRespondedAt: r.firstRespondedAt.timestamp,
            respondedAt: r.respondedAt.timestamp,
            closedAt: r.closedAt.timestamp, withdrawnAt: r.withdrawnAt.timestamp,
            pausedSince: r.pausedSince.timestamp,
            reopenCount: Int(r.reopenCount), surveyOffered: r.flags.contains(.surveyOffered),
            surveyed: r.flags.contains(.surveyed),
            isUnmeasured: standards.isUnmeasured(receivedAt: r.receivedAt),
            lastChange: LastChange(
                actor: names[r.lastActor], at: r.lastChangeAt,
                what: EventCodec.verb(r.lastKind)))
    }

    /// Log positions of a complaint's events, oldest first, for reading its full story back.
    public func timeline(of id: ComplaintID) -> [UInt64] {
        guard let r = record(id) else { return [] }
        return events.chain(endingAt: r.lastEvent)
    }

    /// The `count` complaints changed last, the latest first (the board's ticker reads their
    /// newest events); one pass, no complaint materialised.
    public func lastChanged(_ count: Int) -> [ComplaintID] {
        var top: [(at: Int64, index: Int)] = []
        for (i, r) in complaints.enumerated() where r.exists {
            let at = r.lastChangeAt.milliseconds
            guard top.count < count || at > top[top.count - 1].at else { continue }
            let position = top.firstIndex { at > $0.at } ?? top.count
            top.insert((at, i), at: position)
            if top.count > count { top.removeLast() }
        }
        return top.map { ComplaintID(UInt32($0.index + 1)) }
    }

    /// Every version of a standard, in publication order.
    public func versions(ofStandard id: String) -> [ServiceStandard] { standards.versions(of: id) }

    /// The latest version of each standard, as published now.
    public var currentStandards: [ServiceStandard] { standards.current }

    /// The standards in force at an instant: per id, the highest version effective by then.
    public func standardsInForce(at t: Timestamp) -> [ServiceStandard] { standards.inForce(at: t) }

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
