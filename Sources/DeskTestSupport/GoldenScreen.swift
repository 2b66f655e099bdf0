import Foundation
import TerminalUI
import XCTest

/// Whole-screen golden files: every row's text, then every row's roles, compared line by line.
///
/// A golden file is the screen as a person sees it (text) and as a theme colours it (roles, as
/// runs `column:role`). After an intended change, refresh them with
/// `DESK_UPDATE_GOLDEN=1 swift test --filter GoldenScreenTests` and review the diff in git.
public enum GoldenScreen {
    /// The buffer as the golden file keeps it.
    public static func describe(_ buffer: ScreenBuffer) -> String {
        var lines = ["# \(buffer.columns)×\(buffer.rows)"]
        lines += buffer.lines().map { "|" + $0 }
        lines.append("# roles (column:role from that column on)")
        for row in 0..<buffer.rows {
            var runs: [String] = []
            var last: Role?
            for (column, role) in buffer.roles(row: row).enumerated() where role != last {
                runs.append("\(column):\(role.name)")
                last = role
            }
            lines.append("\(row < 10 ? " " : "")\(row) " + runs.joined(separator: " "))
        }
        if let cursor = buffer.cursor { lines.append("# cursor \(cursor.row),\(cursor.column)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Fails with a line diff when the buffer differs from `directory/name.txt`; writes the file
    /// instead when `DESK_UPDATE_GOLDEN=1` (or when it does not exist yet, failing so it is seen).
    public static func assertMatches(
        _ buffer: ScreenBuffer, named name: String, in directory: URL, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        let url = directory.appendingPathComponent(name + ".txt")
        let actual = describe(buffer)
        let update = ProcessInfo.processInfo.environment["DESK_UPDATE_GOLDEN"] == "1"
        guard !update, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            do {
                try actual.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                XCTFail("cannot write \(url.path): \(error)", file: file, line: line)
            }
            if !update {
                XCTFail("\(name): no golden file yet; wrote \(url.path) — review it", file: file, line: line)
            }
            return
        }
        let expectedLines = expected.components(separatedBy: "\n")
        let actualLines = actual.components(separatedBy: "\n")
        if let diff = screenDiff(expected: expectedLines, actual: actualLines) {
            XCTFail(
                "\(name) differs from \(url.lastPathComponent) (refresh with DESK_UPDATE_GOLDEN=1 after an intended change):\n\(diff)",
                file: file, line: line)
        }
    }
}
