import TerminalUI

/// The text of `themes/default.toml`, compiled in so the desk can draw without its theme folder.
/// A test keeps it equal to the file.
let builtInDefaultThemeText = #"""
    # The desk's default theme: the terminal's own background, colour for meaning.
    #
    # Roles inherit from their parent: queue.overdue falls back to queue, then default.
    # fg/bg: 256-colour (a name or 0-255); fg8/bg8: 8-colour names; attrs: attributes in colour;
    # mono: attributes on a monochrome terminal (or with NO_COLOR).

    name = "default"
    description = "Terminal background, orange for at risk, red and bold for breach."

    [default]
    fg = "default"
    bg = "default"
    fg8 = "default"
    bg8 = "default"
    attrs = []
    mono = []

    [title]
    attrs = ["bold"]
    mono = ["bold"]

    [border]
    fg = 244
    fg8 = "default"

    # Control or invisible characters the sanitiser made visible: must stand out.
    [text.escape]
    fg = 214
    fg8 = "yellow"
    attrs = ["reverse"]
    mono = ["reverse", "underline"]

    [status.info]
    fg = 39
    fg8 = "cyan"

    [status.ok]
    fg = 34
    fg8 = "green"

    [status.warning]
    fg = 214
    fg8 = "yellow"
    attrs = ["bold"]
    mono = ["bold"]

    [status.error]
    fg = 196
    fg8 = "red"
    attrs = ["bold"]
    mono = ["bold", "reverse"]

    [key.bar]
    fg = 252
    bg = 236
    fg8 = "white"
    bg8 = "blue"
    mono = ["reverse"]

    [key.bar.key]
    fg = 214
    fg8 = "yellow"
    attrs = ["bold"]
    mono = ["reverse", "bold"]

    [key.bar.disabled]
    fg = 243
    fg8 = "black"
    attrs = ["dim"]
    mono = ["reverse", "dim"]

    [field]
    attrs = ["underline"]
    mono = ["underline"]

    [field.label]
    fg = 250
    fg8 = "default"
    attrs = []
    mono = []

    [field.focus]
    fg = 231
    bg = 24
    fg8 = "white"
    bg8 = "blue"
    attrs = []
    mono = ["reverse"]

    [field.invalid]
    fg = 196
    fg8 = "red"
    attrs = ["bold", "underline"]
    mono = ["bold", "underline"]

    [selection]
    fg = 231
    bg = 24
    fg8 = "white"
    bg8 = "blue"
    mono = ["reverse"]

    [queue.header]
    attrs = ["bold", "underline"]
    mono = ["bold", "underline"]

    # Before breach: a warning.
    [queue.atrisk]
    fg = 214
    fg8 = "yellow"
    mono = ["underline"]

    # Breached: colour and attribute both differ.
    [queue.overdue]
    fg = 196
    fg8 = "red"
    attrs = ["bold"]
    mono = ["bold", "reverse"]

    [clock.atrisk]
    fg = 214
    fg8 = "yellow"
    mono = ["underline"]

    [clock.breach]
    fg = 196
    fg8 = "red"
    attrs = ["bold"]
    mono = ["bold", "reverse"]

    [help.key]
    fg = 214
    fg8 = "yellow"
    attrs = ["bold"]
    mono = ["bold"]

    [help.disabled]
    fg = 243
    fg8 = "default"
    attrs = ["dim"]
    mono = ["dim"]
    """#
