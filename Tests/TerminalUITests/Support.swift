import TerminalUI
import XCTest

/// Plain text of sanitised segments.
func plain(_ segments: [StyledSegment]) -> String { segments.map(\.text).joined() }

/// Sets the locale once so wcwidth sees UTF-8, as the desk does at start-up.
let localeReady: Bool = {
    ensureUTF8Locale()
    return true
}()
