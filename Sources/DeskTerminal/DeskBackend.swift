import Desk
import DeskCore
import TerminalUI

/// What the desk's screens need from the application: the state, who is acting, and the one way
/// to change anything. ``SessionDesk`` is the real one over a `DeskSession`; tests use their own.
public protocol DeskBackend: AnyObject {
    var state: DeskState { get }
    var user: String { get }
    var role: DeskRole { get }
    var officeName: String { get }
    /// A warning that the log changed in a way it must not (shown on every screen), if any.
    var alarmText: String? { get }
    var now: Timestamp { get }
    /// The data directory (no report is ever written into it).
    var dataDirectoryPath: String { get }
    /// The log's last record and chain head as this desk has read it (a report's footer).
    var logPosition: (lastSequence: UInt64, chainHead: String) { get }
    func execute(_ command: Command) throws(DeskFailure) -> [RecordedEvent]
    /// Reads what other processes appended; returns how many events arrived.
    func catchUp() throws(DeskFailure) -> Int
    /// A complaint's events, oldest first, with their log sequence numbers; a record that could
    /// not be read back stands in its place as a failure.
    func events(of id: ComplaintID) -> [TimelineRecord]
}

/// The desk backed by a real session on the data directory.
public final class SessionDesk: DeskBackend {
    public let session: DeskSession

    public init(session: DeskSession) {
        self.session = session
    }

    public var state: DeskState { session.state }
    public var user: String { session.identity.user }
    public var role: DeskRole { session.role }
    public var officeName: String { session.state.office?.name ?? session.configuration.office.name }
    public var logPosition: (lastSequence: UInt64, chainHead: String) {
        (session.position.lastSequence, session.position.head.hex)
    }
    public var alarmText: String? {
        if let alarm = session.alarm { return "LOG ALARM: \(alarm)" }
        // After a failed write or sync this process never writes again (RELIABILITY.md).
        if let reason = session.writingStoppedReason {
            return "SAVING STOPPED: \(reason). This desk only shows now; restart it once fixed."
        }
        return session.standingSetAside.isEmpty
            ? nil : session.standingSetAside.map(\.warning).joined(separator: " | ")
    }
    public var now: Timestamp { session.clock.now }
    public var dataDirectoryPath: String { session.directory.path }

    public func execute(_ command: Command) throws(DeskFailure) -> [RecordedEvent] {
        try session.execute(command)
    }

    public func catchUp() throws(DeskFailure) -> Int { try session.catchUp() }

    public func events(of id: ComplaintID) -> [TimelineRecord] {
        session.events(at: session.state.timeline(of: id))
    }
}

/// A desk held in memory (for screen tests and measurements): commands are decided against the
/// state and applied at once; events are kept so the timeline can be shown.
public final class MemoryDesk: DeskBackend {
    public private(set) var state: DeskState
    public var user: String
    public var role: DeskRole
    public var alarmText: String?
    public var now: Timestamp
    public var dataDirectoryPath: String
    private var log: [RecordedEvent] = []

    public init(
        state: DeskState = DeskState(), user: String = "clerk", role: DeskRole = .clerk, now: Timestamp,
        dataDirectoryPath: String = "."
    ) {
        self.state = state
        self.user = user
        self.role = role
        self.now = now
        self.dataDirectoryPath = dataDirectoryPath
    }

    public var officeName: String { state.office?.name ?? "Office" }
    /// A desk in memory has no log: the events applied, and no chain.
    public var logPosition: (lastSequence: UInt64, chainHead: String) { (UInt64(log.count), "(in memory)") }

    /// Applies events as if another desk had written them.
    public func apply(_ events: some Sequence<RecordedEvent>) {
        for event in events {
            log.append(event)
            state.apply(event, position: UInt64(log.count))
        }
    }

    public func execute(_ command: Command) throws(DeskFailure) -> [RecordedEvent] {
        guard role >= .clerk else { throw .notAllowed("\(user) is a viewer and may not change anything") }
        let events: [RecordedEvent]
        do { events = try state.decide(command, actor: user, now: now) } catch { throw .refused(error) }
        apply(events)
        return events
    }

    public func catchUp() throws(DeskFailure) -> Int { 0 }

    public func events(of id: ComplaintID) -> [TimelineRecord] {
        state.timeline(of: id).compactMap { sequence in
            let index = Int(sequence) - 1
            guard index >= 0, index < log.count else { return nil }
            return (sequence, .success(log[index]))
        }
    }
}
