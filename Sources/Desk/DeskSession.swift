import DeskCore
import EventLog
import EventStore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The Unix account running this process: the desk's idea of who is acting.
public struct Identity: Sendable, Equatable {
    public var user: String
    public var groups: [String]

    public init(user: String, groups: [String]) {
        self.user = user
        self.groups = groups
    }

    /// The effective account and its groups. Root (who can become anyone anyway) may act as
    /// another account name through `DESK_AS_USER`, for demonstrations and tests.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Identity
    {
        // The real user: a desk installed setgid runs with its group's rights, never as another person.
        let uid = getuid()
        var name = "uid-\(uid)"
        var primaryGroup = getegid()
        if let entry = getpwuid(uid) {
            if let pwName = entry.pointee.pw_name { name = String(cString: pwName) }
            primaryGroup = entry.pointee.pw_gid
        }
        var count: Int32 = 64
        var ids = [gid_t](repeating: 0, count: 64)
        if getgrouplist(name, primaryGroup, &ids, &count) < 0 {
            ids = [primaryGroup]
            count = 1
        }
        let groups = ids.prefix(Int(count)).compactMap { gid -> String? in
            guard let group = getgrgid(gid), let groupName = group.pointee.gr_name else { return nil }
            return String(cString: groupName)
        }
        if uid == 0, let asUser = environment["DESK_AS_USER"], !asUser.isEmpty {
            return Identity(user: asUser, groups: [])
        }
        return Identity(user: name, groups: groups)
    }
}

/// What a new data directory starts with.
public enum FirstUse: Sendable {
    /// The commented sample office, published into the new log at once.
    case sampleOffice
    /// A `desk.toml` describing this office and these standards; the history about to be
    /// appended publishes them itself.
    case generatedHistory(OfficeConfiguration, [ServiceStandard])
}

/// One process's desk: the office's state rebuilt from the log and kept current, and the one
/// way to change it (`execute`), which decides each command under the log's lock against
/// up-to-date state.
public final class DeskSession {
    public let directory: DataDirectory
    public let identity: Identity
    public let clock: any Clock
    public internal(set) var configuration: DeskConfiguration
    public internal(set) var state = DeskState()
    /// Set when the log behind this desk changed in a way it must not (replaced, shrank, damaged).
    public private(set) var alarm: LogAlarm?
    /// Repairs that set aside complete records (perhaps acknowledged ones), in log order.
    public internal(set) var setAside: [SetAside] = []
    /// Those of `setAside` whose ids no `idsReserved` event has reserved yet.
    var unreserved: [SetAside] = []
    /// Acknowledged records the commit mark shows lost that no writer has noted in the log yet
    /// (the next writer does, and reserves their ids).
    var unnotedLoss: SetAside?
    /// Every warning of records set aside or lost, for screens and `desk status`.
    public var setAsideAndLost: [SetAside] { setAside + (unnotedLoss.map { [$0] } ?? []) }
    /// Where the records are kept: the data directory's log file.
    let log: any EventStore
    /// The byte offset of every record, by sequence number − 1: 8 bytes a record, so a
    /// complaint's history is read back with one `pread` per event.
    var recordOffsets: [Int64] = []
    /// The payloads of the log notes read (repairs), for the state snapshot.
    var notePayloads: [[UInt8]] = []
    /// The snapshot this desk started from or last wrote, if any (`DeskSession+Snapshot`).
    var snapshotBase: SnapshotBase?
    /// Set while a snapshot is being written on another thread.
    let snapshotWriting = SnapshotFlag()
    /// The log's file id (its header), which a snapshot names.
    var logFileID: [UInt8] = []
    let chainVerification = ChainVerification()

    /// This account's role as the roles published in the log stand (a file grants nothing).
    public var role: DeskRole { state.roles.role(of: identity.user, groups: identity.groups) }
    public var position: LogPosition { log.position }
    public var logPath: String { log.location }
    /// Why this process can no longer write, if it cannot.
    public var writingStoppedReason: String? { log.writingStoppedReason }
    /// Told, after a second of waiting for the writers' lock and each second after, what a change
    /// is waiting for ("waiting for the lock on …"), so a screen or a batch command can say so.
    public var lockWaiting: ((String) -> Void)? {
        get { log.lockWaiting }
        set { log.lockWaiting = newValue }
    }

    /// How long a change waits for the writers' lock before it gives up (exit 75): `DESK_LOCK_TIMEOUT`
    /// seconds when set to a positive number, else 30.
    public static func lockTimeout(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Double {
        if let text = environment["DESK_LOCK_TIMEOUT"], let seconds = Double(text), seconds > 0,
            seconds.isFinite
        {
            return seconds
        }
        return 30
    }

    private init(
        directory: DataDirectory, identity: Identity, clock: any Clock, configuration: DeskConfiguration,
        log: any EventStore
    ) {
        self.directory = directory
        self.identity = identity
        self.clock = clock
        self.configuration = configuration
        self.log = log
    }

    /// Opens the desk in `directory` and replays its log, checking lengths, checksums and sequence
    /// numbers; with `verifyChainInBackground`, the hash chain is then walked on its own thread.
    /// For writing, a missing data directory is created (mode 2770), with a commented sample
    /// `desk.toml` naming this account as supervisor, a new log, and the sample configuration
    /// published into it; each file appears whole or not at all. A change waits at most
    /// `lockTimeout` seconds for the writers' lock.
    public static func open(
        _ directory: DataDirectory,
        access: EventLog.Access,
        clock: any Clock = SystemClock(),
        identity: Identity = .current(),
        firstUse: FirstUse = .sampleOffice,
        verifyChainInBackground: Bool = true,
        showsProgress: Bool = false,
        lockTimeout: Double? = DeskSession.lockTimeout()
    ) throws(DeskFailure) -> DeskSession {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: directory.path, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue {
            throw .dataDirectory("\(directory.path) is a file, not a data directory")
        }
        if exists { try Privilege.check(directory) }
        var linkInfo = stat()
        if lstat(directory.logPath, &linkInfo) == 0 && linkInfo.st_mode & S_IFMT == S_IFLNK {
            // Refused before anything is written beside it.
            throw .log(.symbolicLink(path: directory.logPath))
        }
        let hasLog = fileManager.fileExists(atPath: directory.logPath)
        if !hasLog && access == .readOnly {
            throw Privilege.missingLog(directory)
        }
        if !exists {
            if mkdir(directory.path, 0o2770) != 0 && errno != EEXIST {
                throw .dataDirectory(
                    "cannot create the data directory \(directory.path): \(String(cString: strerror(errno))); create it (install -d -m 2770 -g desk \(directory.path)) or choose another with --data or DESK_DATA"
                )
            }
            chmod(directory.path, 0o2770)
            try Privilege.check(directory)
        }
        if !fileManager.fileExists(atPath: directory.configurationPath) && access == .readWrite {
            let text: String
            switch firstUse {
            case .sampleOffice:
                text = SampleConfiguration.text(
                    supervisor: identity.user, timeZone: SampleConfiguration.hostTimeZone())
            case .generatedHistory(let office, let standards):
                text = SampleConfiguration.text(
                    describing: office, standards: standards, supervisor: identity.user)
            }
            // Whole or not at all: an empty desk.toml left by a full disk would block the directory.
            do {
                try WholeFile.create(at: directory.configurationPath, bytes: Array(text.utf8), mode: 0o660)
            } catch {
                throw .dataDirectory(
                    "cannot write \(directory.configurationPath): \(error); nothing was left behind, so run the desk again once that is fixed"
                )
            }
        }
        // A desk.toml that cannot be used stops only a first use: else the desk runs on the log's.
        let configuration = try startUpConfiguration(directory, newLog: !hasLog && access == .readWrite)
        let log: EventLog
        do {
            log = try EventLog.open(path: directory.logPath, access: access, create: access == .readWrite)
        } catch { throw .log(error) }
        log.lockTimeout = lockTimeout
        let session = DeskSession(
            directory: directory, identity: identity, clock: clock, configuration: configuration, log: log)
        session.logFileID = log.header.fileID
        // A valid snapshot replaces the replay of every record up to it (`StateSnapshot`).
        session.startFromSnapshot()
        // Start-up replays with checksums and sequence numbers but leaves the hash chain to a
        // thread of its own, so the first screen does not wait for it (PERFORMANCE.md, P3).
        // A long replay says how far it has got (`ProgressLine`: on a terminal, after half a second).
        let progress =
            showsProgress
            ? ProgressLine(
                "desk: reading the log", total: ProgressLine.size(of: directory.logPath), unit: .bytes)
            : nil
        try session.catchUp(verifyingChain: false, progress: progress)
        progress?.finish()
        session.considerSnapshot()
        // A batch command is gone before the thread could finish: `desk log verify` is its check.
        if verifyChainInBackground { session.startChainVerification() }
        if access == .readWrite && session.state.office == nil, case .sampleOffice = firstUse {
            // First use: the office's configuration becomes the log's first events.
            try session.publishConfiguration(checkingRole: false)
        }
        session.adoptPublishedConfiguration()
        return session
    }

    // MARK: Following

    /// Reads what other processes appended and applies it. Returns how many events arrived.
    @discardableResult
    public func catchUp() throws(DeskFailure) -> Int {
        try catchUp(verifyingChain: true)
    }

    @discardableResult
    private func catchUp(
        verifyingChain: Bool, progress: ProgressLine? = nil
    ) throws(DeskFailure) -> Int {
        if let damage = chainVerification.damage, alarm == nil { alarm = .damaged(damage) }
        var count = 0
        let summary: EventLog.ReadSummary
        do {
            summary = try log.readNew(verifyingChain: verifyingChain) { record in
                try self.apply(record)
                count += 1
                progress?.update(record.offset)
            }
        } catch {
            throw DeskFailure(error)
        }
        if let alarm = summary.alarm { self.alarm = alarm }
        if verifyingChain && count > 0 { considerSnapshot() }
        if let lost = log.lostRecords() {
            unnotedLoss = SetAside(detected: lost, at: clock.now)
        } else {
            unnotedLoss = nil
        }
        return count
    }

    func apply(_ record: LogRecordView) throws(DeskFailure) {
        noteOffset(record.offset, of: record.sequence)
        guard record.kind == .event else {
            noteLogNote(record.payload)
            return
        }
        do {
            let event = try EventCodec.decode(record.payload)
            if case .idsReserved = event.event { unreserved.removeAll() }
            state.apply(event, position: record.sequence)
        } catch {
            throw .unreadableEvent(sequence: record.sequence, error)
        }
    }

    /// Applies events this process just appended, at the positions the log gave them.
    /// Applies this process's own appended records as every other process will: decoded from the
    /// bytes written, not from the values that were encoded (where the two differ — a date that
    /// does not exist, say — desks would otherwise disagree). Returns the events as applied.
    @discardableResult
    func applyOwn<Outcome>(
        _ payloads: [[UInt8]], built events: [RecordedEvent], _ appended: EventLog.Appended<Outcome>
    ) -> [RecordedEvent] {
        var applied: [RecordedEvent] = []
        applied.reserveCapacity(payloads.count)
        for (index, (sequence, offset)) in zip(appended.sequences, appended.offsets).enumerated() {
            noteOffset(offset, of: sequence)
            // The codec reads everything it writes (its tests show it); the built value is only a
            // fallback that keeps this desk going should that ever not hold.
            let event = (try? EventCodec.decode(payloads[index])) ?? events[index]
            if case .idsReserved = event.event { unreserved.removeAll() }
            state.apply(event, position: sequence)
            applied.append(event)
        }
        return applied
    }

    private func noteOffset(_ offset: Int64, of sequence: UInt64) {
        let index = Int(sequence) - 1
        if index == recordOffsets.count {
            recordOffsets.append(offset)
        } else if index < recordOffsets.count {
            recordOffsets[index] = offset
        } else {
            recordOffsets += [Int64](repeating: -1, count: index - recordOffsets.count)
            recordOffsets.append(offset)
        }
    }

    /// The events at the given sequence numbers (a complaint's timeline), read back from the log
    /// by offset. A record that can no longer be read there (damaged since it was replayed, or
    /// another record in its place) is reported at its place, never left out.
    public func events(at sequences: [UInt64]) -> [TimelineRecord] {
        func read(_ sequence: UInt64) throws(UnreadableRecord) -> RecordedEvent {
            let index = Int(sequence) - 1
            guard index >= 0, index < recordOffsets.count, recordOffsets[index] >= 0 else {
                throw UnreadableRecord(
                    sequence: sequence, offset: nil, reason: "this desk has not read that far in the log")
            }
            let offset = recordOffsets[index]
            func unreadable(_ reason: String) -> UnreadableRecord {
                UnreadableRecord(sequence: sequence, offset: offset, reason: reason)
            }
            let record: (sequence: UInt64, kind: RecordKind, payload: [UInt8])
            do { record = try log.readRecord(at: offset) } catch {
                if case LogError.damaged(_, let damage) = error { throw unreadable(damage.detail) }
                throw unreadable("\(error)")
            }
            guard record.sequence == sequence else {
                throw unreadable("record \(record.sequence) stands in its place")
            }
            guard record.kind == .event else { throw unreadable("a log note stands in its place") }
            do { return try EventCodec.decode(record.payload) } catch { throw unreadable(error.message) }
        }
        return sequences.map { sequence in
            (sequence, Result { () throws(UnreadableRecord) in try read(sequence) })
        }
    }

    /// A watcher whose descriptor becomes readable when the log may have changed.
    public func makeWatcher() -> StoreWatcher { log.makeWatcher() }

    // MARK: Changing

    /// Decides `command` under the log's lock against up-to-date state, appends its events and
    /// makes them durable; returns them once they are. A stale revision is refused as a conflict
    /// that names who changed the complaint and when.
    @discardableResult
    public func execute(_ command: Command) throws(DeskFailure) -> [RecordedEvent] {
        try executeAll([command]).first ?? []
    }

    /// Decides every command in order against the state the earlier ones leave, and appends all
    /// their events as one batch, or nothing at all when any is refused. Deciding goes on after a
    /// refusal so that every problem is reported, each described by `describe`. A single
    /// command's refusal is thrown as it is (`.refused`), so a conflict keeps its kind.
    public func executeAll(
        _ commands: [Command], checkingRoles: Bool = true,
        describe: (Int, DeskError) -> String = { "command \($0 + 1): \($1.message)" }
    )
        throws(DeskFailure) -> [[RecordedEvent]]
    {
        // Checked before waiting for the lock (a quick refusal), and again under it: the roles
        // in force are those of the log as it stands when the command is decided.
        func checkRoles() throws(DeskFailure) {
            guard checkingRoles else { return }
            for command in commands {
                try require(role: requiredRole(for: command), toDo: Self.purpose(of: command))
            }
        }
        try checkRoles()
        let actor = identity.user
        // An anonymous staff idea names nobody: not even the ids a repair reserves in its batch.
        let batchActor = commands.contains(where: \.isAnonymous) ? "" : actor
        var written: [[UInt8]] = []
        var reserved: [RecordedEvent] = []
        do {
            let appended = try log.append(
                catchUp: { record in try self.apply(record) },
                decide: { () throws(DeskFailure) -> EventLog.Decision<[[RecordedEvent]]> in
                    try checkRoles()
                    // The clock is read here, under the lock and after catching up, so no event is
                    // stamped earlier than one already in the log because this process waited.
                    let now = self.clock.now
                    // Ids taken by records a repair set aside are reserved first, so this batch's
                    // own complaints are numbered after them.
                    reserved = self.reservation(actor: batchActor, now: now)
                    var base = self.state
                    for event in reserved { base.apply(event) }
                    let decided = try self.decideAll(
                        commands.map { $0.takingEffect(at: now) }, from: base, actor: actor, now: now,
                        describe: describe)
                    let events = reserved + decided.joined()
                    written = events.map { EventCodec.encode($0) }
                    return EventLog.Decision(
                        payloads: written, outcome: decided,
                        mark: Self.watermark(after: events, from: self.state))
                })
            let built = reserved + appended.outcome.joined()
            var stored = applyOwn(written, built: built, appended).dropFirst(reserved.count)
            considerSnapshot()
            // The events as the log holds them, grouped by command as they were decided.
            return appended.outcome.map { group in
                defer { stored = stored.dropFirst(group.count) }
                return Array(stored.prefix(group.count))
            }
        } catch {
            throw DeskFailure(error)
        }
    }

    /// Decides against the current state; a batch decides each command against a copy that the
    /// earlier commands' events have been applied to (a copy only batches pay for).
    private func decideAll(
        _ commands: [Command], from state: DeskState, actor: String, now: Timestamp,
        describe: (Int, DeskError) -> String
    )
        throws(DeskFailure) -> [[RecordedEvent]]
    {
        if commands.count == 1 {
            do { return [try state.decide(commands[0], actor: actor, now: now)] } catch {
                throw .refused(error)
            }
        }
        var scratch = state
        var decided: [[RecordedEvent]] = []
        var problems: [String] = []
        for (index, command) in commands.enumerated() {
            do {
                let events = try scratch.decide(command, actor: actor, now: now)
                for event in events { scratch.apply(event) }
                decided.append(events)
            } catch {
                problems.append(describe(index, error))
                decided.append([])
            }
        }
        if !problems.isEmpty { throw .invalidInput(problems) }
        return decided
    }

    /// Appends events produced elsewhere (the demo history) in batches, without deciding them.
    /// Used only to lay down a generated history; every event still goes through the codec and
    /// the log's chain, and is applied to this desk's state in log order.
    public func appendGenerated(_ events: some Sequence<RecordedEvent>, batchSize: Int = 5000)
        throws(DeskFailure) -> Int
    {
        var payloads: [[UInt8]] = []
        var pending: [RecordedEvent] = []
        var count = 0
        func flush() throws(DeskFailure) {
            guard !payloads.isEmpty else { return }
            do {
                let appended = try log.append(
                    catchUp: { record in try self.apply(record) },
                    decide: {
                        EventLog.Decision(
                            payloads: payloads, outcome: (),
                            mark: Self.watermark(after: pending, from: self.state))
                    })
                applyOwn(payloads, built: pending, appended)
            } catch {
                throw DeskFailure(error)
            }
            payloads.removeAll(keepingCapacity: true)
            pending.removeAll(keepingCapacity: true)
        }
        for event in events {
            payloads.append(EventCodec.encode(event))
            pending.append(event)
            count += 1
            if payloads.count >= batchSize { try flush() }
        }
        try flush()
        considerSnapshot()
        return count
    }
}

extension Command {
    /// A standard published with no effective time takes effect `now`.
    fileprivate func takingEffect(at now: Timestamp) -> Command {
        guard case .publishStandard(var standard) = self, standard.effective.milliseconds == 0 else {
            return self
        }
        standard.effective = now
        return .publishStandard(standard)
    }
}
