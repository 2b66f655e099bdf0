import Desk
import EventLog

/// Opens the desk read-only for a command that reports on the whole log (`export`, `status`).
/// A record the replay could not read stops the command with its message, naming the byte offset
/// and the record; the figures of the records before it are never printed as if they were all.
func openWholeLog(_ directory: DataDirectory, for command: String) throws -> DeskSession {
    try reportingFailures(command) { () throws(DeskFailure) -> DeskSession in
        do throws(DeskFailure) {
            let session = try DeskSession.open(
                directory, access: .readOnly, verifyChainInBackground: false, showsProgress: true)
            switch session.alarm {
            case nil: return session
            case .damaged(let damage): throw .log(.damaged(path: session.logPath, damage))
            case let alarm?: throw .log(.alarm(path: session.logPath, alarm))
            }
        } catch .unreadableEvent(let sequence, let error) {
            let place = recordOffset(of: sequence, in: directory.logPath).map { " at byte \($0)" } ?? ""
            throw .dataDirectory(
                "\(directory.logPath): record \(sequence)\(place) is intact but cannot be read as an event (\(error.message)); is this desk older than the one that wrote it? `desk log dump` shows the record's bytes"
            )
        } catch {
            throw error
        }
    }
}

/// Where record `sequence` starts, found by walking the log: only for naming it in a failure.
private func recordOffset(of sequence: UInt64, in path: String) -> Int64? {
    struct Found: Error { var offset: Int64 }
    do {
        _ = try EventLog.verify(path: path) { record in
            if record.sequence == sequence { throw Found(offset: record.offset) }
        }
    } catch let found as Found {
        return found.offset
    } catch {}
    return nil
}
