import DeskCore
import EventLog

/// The desk as it stood at an instant: for `desk status --at`.
public struct DeskAsOf {
    /// The state replayed from every record up to the instant.
    public var state: DeskState
    /// The last record replayed (0 when none was) and the chain head as of it.
    public var lastSequence: UInt64
    public var chainHead: String

    /// Replays the log in `directory` from its first record up to `instant`: records are in time
    /// order in the log, so the replay stops at the first event recorded after it. The hash chain
    /// is checked on the way; a record that cannot be read stops the replay with a failure.
    public static func replay(_ directory: DataDirectory, through instant: Timestamp) throws(DeskFailure)
        -> DeskAsOf
    {
        struct Later: Error {}
        let log: EventLog
        do {
            log = try EventLog.open(path: directory.logPath, access: .readOnly)
        } catch {
            throw .log(error)
        }
        var replayed = DeskAsOf(state: DeskState(), lastSequence: 0, chainHead: log.position.head.hex)
        do {
            let summary = try log.readNew(verifyingChain: true) { record in
                if record.kind == .event {
                    let event: RecordedEvent
                    do throws(DeskError) {
                        event = try EventCodec.decode(record.payload)
                    } catch {
                        throw DeskFailure.unreadableEvent(sequence: record.sequence, error)
                    }
                    if event.at > instant { throw Later() }
                    replayed.state.apply(event, position: record.sequence)
                }
                replayed.lastSequence = record.sequence
                if let hash = record.hash { replayed.chainHead = hash.hex }
            }
            if let alarm = summary.alarm { throw DeskFailure.log(.alarm(path: directory.logPath, alarm)) }
        } catch is Later {
            // The first record after the instant: everything before it is replayed.
        } catch {
            throw DeskFailure(error)
        }
        return replayed
    }
}
