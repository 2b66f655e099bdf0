import DeskTerminal
import XCTest

/// Fails with a row-by-row diff when the buffer does not show the expected lines.
func assertScreen(
    _ buffer: ScreenBuffer, _ expected: [String], file: StaticString = #filePath, line: UInt = #line
) {
    if let diff = screenDiff(expected: expected, actual: buffer.lines()) {
        XCTFail("screen differs:\n\(diff)", file: file, line: line)
    }
}

/// Plain text of sanitised segments.
func plain(_ segments: [StyledSegment]) -> String { segments.map(\.text).joined() }

/// Sets the locale once so wcwidth sees UTF-8, as the desk does at start-up.
let localeReady: Bool = {
    ensureUTF8Locale()
    return true
}()
