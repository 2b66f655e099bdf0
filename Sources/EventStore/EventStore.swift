import EventLog

/// Where a desk's records are kept: numbered, hash-chained, appended in atomic batches, followed
/// live. The log file (``EventLog``) is the embedded default; another backend (PostgreSQL) keeps
/// the same promises and passes the same conformance suite (`EventStoreConformance` in
/// DeskTestSupport):
///
/// - a batch is appended whole or not at all, its records numbered on from the last with no gap,
///   each linked to the one before by its SHA-256;
/// - `append` catches up with every record appended elsewhere, hands each to `catchUp`, and only
///   then calls `decide`, under a lock no other writer can hold at the same time, so a decision is
///   never taken against stale state; a refusal appends nothing;
/// - an append is acknowledged only once it is durable;
/// - `readNew` hands over each whole batch appended since the last read, exactly once.
public protocol EventStore: AnyObject {
    /// Where the records are (a file's path, a database), for messages.
    var location: String { get }
    /// The last record read or written, and the chain head as of it.
    var position: LogPosition { get }
    /// Why this store refuses to write any more (after a failed write or sync), if it does.
    var writingStoppedReason: String? { get }
    /// Told, about once a second, what a writer is waiting for when the lock is held elsewhere.
    var lockWaiting: ((String) -> Void)? { get set }
    /// Seconds a writer waits for the lock before giving up (nil: for ever).
    var lockTimeout: Double? { get set }

    /// Reads the whole batches appended since the last read (verifying each link when asked).
    func readNew(verifyingChain: Bool, _ visit: (LogRecordView) throws -> Void) throws -> EventLog.ReadSummary
    /// Catches up, decides under the writers' lock, appends the decision as one durable batch.
    func append<Outcome>(
        catchUp: (LogRecordView) throws -> Void, decide: () throws -> EventLog.Decision<Outcome>
    ) throws -> EventLog.Appended<Outcome>
    /// Starts reading after `position` (a snapshot's) when the store's record at
    /// `position.lastSequence` ends there with exactly that chain head; false, changing nothing,
    /// otherwise. Only before the first read.
    func resume(at position: LogPosition) throws -> Bool
    /// One record, by the position `append` or `readNew` gave it (a complaint's timeline).
    func readRecord(at position: Int64) throws -> (sequence: UInt64, kind: RecordKind, payload: [UInt8])
    /// A walk of every record and its chain, runnable on another thread.
    func verifier() -> @Sendable () throws -> LogVerification
    /// Something to wait on for news of other writers.
    func makeWatcher() -> StoreWatcher
    /// Acknowledged records the store no longer holds, when it can tell (see `CommitMark`).
    func lostRecords() -> LostRecords?
}

/// A descriptor that becomes readable when the store may have new records.
public protocol StoreWatcher: AnyObject {
    /// Readable on news; -1 when there is none to watch (the caller then looks on its timer).
    var descriptor: Int32 { get }
    /// Empties the descriptor before reading.
    func drain()
}

extension EventLog: EventStore {
    public var location: String { path }

    public func verifier() -> @Sendable () throws -> LogVerification {
        let path = path
        return { try EventLog.verify(path: path) }
    }

    public func makeWatcher() -> StoreWatcher { LogWatcher(path: path) }
}

extension LogWatcher: StoreWatcher {}
