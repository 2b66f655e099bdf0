import DeskCore
import EventLog

/// Why a desk operation failed, in words a clerk or an operator can act on, with the exit code a
/// batch command returns (sysexits: 64 usage, 65 bad input data, 74 I/O error, 75 try again).
public enum DeskFailure: Error, Sendable, CustomStringConvertible {
    /// The desk refused a command: invalid input, a stale revision, a step the status forbids.
    case refused(DeskError)
    case configuration(ConfigurationError)
    case log(LogError)
    /// The data directory is missing or unusable.
    case dataDirectory(String)
    /// The account may not do this (its role comes from `[roles]` in desk.toml).
    case notAllowed(String)
    /// A record in the log is intact but cannot be read as an event (written by a newer desk?).
    case unreadableEvent(sequence: UInt64, DeskError)
    /// Several problems in one input; each names its line and field.
    case invalidInput([String])

    public var description: String {
        switch self {
        case .refused(let error): return error.message
        case .configuration(let error): return error.description
        case .log(let error): return error.description
        case .dataDirectory(let message): return message
        case .notAllowed(let message): return message
        case .unreadableEvent(let sequence, let error):
            return
                "record \(sequence) of the log cannot be read as an event (\(error.message)); is this desk older than the one that wrote it?"
        case .invalidInput(let problems): return problems.joined(separator: "\n")
        }
    }

    /// Any error met while reading or writing the log, as a desk failure: a desk failure stays
    /// itself, a log error is `.log`, and anything else is described as it is.
    init(_ error: any Error) {
        switch error {
        case let failure as DeskFailure: self = failure
        case let logError as LogError: self = .log(logError)
        default: self = .dataDirectory("\(error)")
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .refused(let error):
            switch error.kind {
            case .conflict: return 75
            case .corruptEvent: return 74
            default: return 65
            }
        case .configuration, .invalidInput: return 65
        case .log(let error): return error.isTemporary ? 75 : 74
        case .dataDirectory, .unreadableEvent: return 74
        case .notAllowed: return 77
        }
    }
}
