import CNcursesw
import Foundation

/// The single owner of curses: initialises the terminal, runs the event loop, draws frames.
///
/// Everything else in DeskTerminal is pure; this is the only file that sees curses. It is used from
/// one thread only (ncurses is not thread-safe) and is deliberately thin: decode keys, wait in
/// `poll()`, map roles to attributes, write the rows that changed, call `doupdate()` once.
public final class CursesTerminal {
    private let theme: Theme
    private var depth: ColorDepth = .monochrome
    private var styles: [Role: (attributes: attr_t, pair: Int32)] = [:]
    private var pairs: [PairKey: Int32] = [:]
    private var onScreen: ScreenBuffer?
    private var signalDescriptor: Int32 = -1
    private var started = false

    private struct PairKey: Hashable {
        var foreground: Int
        var background: Int
    }

    public init(theme: Theme) {
        self.theme = theme
    }

    /// Runs the desk until the application says quit or a signal (Ctrl-C, hang-up) arrives.
    /// Curses is always ended before this returns, so the shell gets its terminal back.
    public func run(_ application: TerminalApplication, options: TerminalLoopOptions = TerminalLoopOptions())
    {
        start()
        defer { stop() }
        var size = currentSize()
        let clock = ContinuousClock()
        var nextTick = options.tickInterval.map { clock.now + $0 }
        draw(frame(for: application, size: size, options: options))
        var wakeUpDescriptor = options.wakeUpDescriptor
        let gone = Int16(POLLHUP | POLLERR | POLLNVAL)
        while true {
            var descriptors = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0)]
            descriptors.append(pollfd(fd: signalDescriptor, events: Int16(POLLIN), revents: 0))
            // A negative descriptor is ignored by poll: that is how a closed wake-up is dropped.
            descriptors.append(pollfd(fd: wakeUpDescriptor ?? -1, events: Int16(POLLIN), revents: 0))
            let ready = poll(
                &descriptors, nfds_t(descriptors.count), pollTimeout(now: clock.now, nextTick: nextTick))
            if ready < 0 && errno != EINTR { return }
            var decision = LoopDecision.keepRunning
            if descriptors[1].revents != 0 {
                desk_drain_signal_fd(signalDescriptor)
                return
            }
            // The terminal went away (an SSH connection dropped without a hang-up): leave.
            if descriptors[0].revents & gone != 0 && descriptors[0].revents & Int16(POLLIN) == 0 { return }
            let wake = descriptors[2].revents
            if wake & Int16(POLLIN) != 0 {
                decision = application.wakeUp()
            } else if wake & gone != 0 {
                // Nothing more will come from it; stop watching instead of spinning.
                wakeUpDescriptor = nil
            }
            // Always read pending input: a resize (SIGWINCH) shows up here even when poll was interrupted.
            while decision == .keepRunning, let key = readKey() {
                if key == .resize {
                    size = currentSize()
                    onScreen = nil
                    wclear(desk_stdscr())
                } else if size.fits(options.minimumSize) {
                    decision = application.handle(key)
                }
                // Below the minimum size keys are dropped: the clerk cannot see what they would do.
            }
            if decision == .keepRunning, let due = nextTick, clock.now >= due {
                decision = application.tick()
                nextTick = options.tickInterval.map { clock.now + $0 }
            }
            if decision == .quit { return }
            draw(frame(for: application, size: size, options: options))
        }
    }

    private func frame(for application: TerminalApplication, size: ScreenSize, options: TerminalLoopOptions)
        -> ScreenBuffer
    {
        guard size.fits(options.minimumSize) else {
            return tooSmallScreen(size: size, minimum: options.minimumSize)
        }
        let frame = application.render(size: size)
        return frame.size == size ? frame : tooSmallScreen(size: size, minimum: options.minimumSize)
    }

    private func start() {
        guard !started else { return }
        started = true
        ensureUTF8Locale()
        signalDescriptor = desk_signal_fd()
        initscr()
        cbreak()
        noecho()
        nonl()
        keypad(desk_stdscr(), true)
        nodelay(desk_stdscr(), true)
        set_escdelay(25)
        if has_colors() {
            start_color()
            use_default_colors()
            let colors = desk_colors()
            depth = colors >= 256 ? .colors256 : (colors >= 8 ? .colors8 : .monochrome)
        }
    }

    private func stop() {
        guard started else { return }
        started = false
        endwin()
        desk_restore_signals()
        signalDescriptor = -1
    }

    private func currentSize() -> ScreenSize {
        ScreenSize(rows: Int(getmaxy(desk_stdscr())), columns: Int(getmaxx(desk_stdscr())))
    }

    /// Writes the rows that changed since the last frame, then one `doupdate()`.
    private func draw(_ frame: ScreenBuffer) {
        let window = desk_stdscr()
        for row in changedRows(from: onScreen, to: frame) {
            wmove(window, Int32(row), 0)
            var column = 0
            var current: Role?
            for cell in frame.renderedCells(row: row) {
                if cell.role != current {
                    let style = style(for: cell.role)
                    _ = desk_set_style(window, style.attributes, style.pair)
                    current = cell.role
                }
                // Writing each cell at its own column keeps a terminal's width disagreement local.
                _ = mvwaddstr(window, Int32(row), Int32(column), cell.text)
                column += cell.columns
            }
        }
        _ = desk_set_style(window, desk_a_normal(), 0)
        if let cursor = frame.cursor, cursor.row < frame.rows, cursor.column < frame.columns {
            curs_set(1)
            wmove(window, Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        wnoutrefresh(window)
        doupdate()
        onScreen = frame
    }

    private func style(for role: Role) -> (attributes: attr_t, pair: Int32) {
        if let known = styles[role] { return known }
        let textStyle = theme.style(for: role, depth: depth)
        var attributes = desk_a_normal()
        for attribute in textStyle.attributes {
            switch attribute {
            case .bold: attributes |= desk_a_bold()
            case .dim: attributes |= desk_a_dim()
            case .underline: attributes |= desk_a_underline()
            case .reverse: attributes |= desk_a_reverse()
            case .italic: attributes |= desk_a_italic()
            case .blink: attributes |= desk_a_blink()
            case .standout: attributes |= desk_a_standout()
            }
        }
        var pair: Int32 = 0
        if depth != .monochrome, textStyle.foreground != nil || textStyle.background != nil {
            let limit = depth == .colors256 ? 256 : 8
            let key = PairKey(
                foreground: textStyle.foreground.map { $0 % limit } ?? -1,
                background: textStyle.background.map { $0 % limit } ?? -1)
            if let existing = pairs[key] {
                pair = existing
            } else if Int32(pairs.count + 1) < desk_color_pairs() {
                pair = Int32(pairs.count + 1)
                init_pair(Int16(pair), Int16(key.foreground), Int16(key.background))
                pairs[key] = pair
            }
        }
        styles[role] = (attributes, pair)
        return (attributes, pair)
    }

    /// One key from the terminal, or `nil` when none is waiting.
    private func readKey() -> Key? {
        var value: wint_t = 0
        while true {
            let result = wget_wch(desk_stdscr(), &value)
            if result == desk_err() { return nil }
            if result == desk_key_code_yes() {
                if let key = Self.functionKey(Int32(value)) { return key }
                continue  // a key the desk does not use: skip it
            }
            if let key = Key.decode(character: UInt32(value)) { return key }
        }
    }

    private static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_IC: return .insert
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case desk_key_resize(): return .resize
        default:
            for n in 1...24 where code == desk_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }
}
