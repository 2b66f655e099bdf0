// TerminalUI: a terminal toolkit that knows nothing of complaints.
//
// Pure parts (tested without a terminal):
// - `DisplayWidth` — columns via wcwidth per grapheme cluster; `ensureUTF8Locale()` first.
// - `Sanitizer` — the one door for untrusted text; `ScreenBuffer.put` always goes through it.
// - `ScreenBuffer` — rows × columns of cells with semantic `Role`s; `lines()` and `screenDiff`.
// - `Theme`, `ThemeCatalog`, `chooseThemeName` — theme files, roles with inheritance.
// - `ActionRegistry` — keys, the bottom key bar and the `?` help screen from one table.
// - `LineEditor` — a form field's text and cursor, key by key.
// - `TerminalApplication`, `TerminalLoopOptions`, `tooSmallScreen`, `changedRows`.
//
// The one impure part: `CursesTerminal` (CursesTerminal.swift), the only file that sees curses.
