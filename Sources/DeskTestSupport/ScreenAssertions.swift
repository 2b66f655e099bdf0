import TerminalUI
import XCTest

/// Fails with a row-by-row diff when the buffer does not show the expected lines.
public func assertScreen(
    _ buffer: ScreenBuffer, _ expected: [String], file: StaticString = #filePath, line: UInt = #line
) {
    if let diff = screenDiff(expected: expected, actual: buffer.lines()) {
        XCTFail("screen differs:\n\(diff)", file: file, line: line)
    }
}
