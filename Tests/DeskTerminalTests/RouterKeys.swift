import TerminalUI

@testable import DeskTerminal

// Keys and screens for the view tests on a desk in memory: one definition for every test class.

/// Hands each key to the router, as the loop would.
func press(_ router: DeskRouter, _ keys: Key...) {
    for key in keys { _ = router.handle(key) }
}

/// Types text into the router a character at a time.
func type(_ router: DeskRouter, _ text: String) {
    for character in text { _ = router.handle(.character(character)) }
}

/// The whole screen as text, 80×24 unless told.
func screen(_ router: DeskRouter, size: ScreenSize = ScreenSize(rows: 24, columns: 80)) -> String {
    router.render(size: size).lines().joined(separator: "\n")
}
