import DeskTestSupport
import EventLog

@testable import Desk

// The real `desk` on a data directory, for the command-line tests: one definition for each.

/// Runs the real `desk` with `--data data`, `input` on its standard input, in UTC.
func desk(_ arguments: [String], input: String = "", data: String) throws -> ProductRun {
    try ProductRun.run(
        "desk", arguments + ["--data", data], input: Array(input.utf8), environment: ["TZ": "UTC"])
}

/// The sequence number of the last record in the data directory's log.
func lastSequence(_ data: String) throws -> UInt64 {
    try EventLog.verify(path: data + "/events.log").position.lastSequence
}

/// A desk with its first configuration published (the sample office), and its log's length.
func newDesk(prefix: String = "desk-import") throws -> (TemporaryDirectory, UInt64) {
    let data = try TemporaryDirectory(prefix: prefix)
    _ = try DeskSession.open(DataDirectory(path: data.path), access: .readWrite)
    return (data, try lastSequence(data.path))
}
