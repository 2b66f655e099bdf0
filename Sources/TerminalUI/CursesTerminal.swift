import CNcursesw
import Foundation

/// The single owner of curses: initialises the terminal, runs the event loop, draws frames.
///
/// Everything else in TerminalUI is pure; this is the only file that draws with curses. It is used
/// from one thread only (ncurses is not thread-safe) and is deliberately thin: wait in `poll()`,
/// read standard input itself (``KeyDecoder``; curses' own key reading cannot tell a terminal that
/// went away from "no key yet"), map roles to attributes, write the rows that changed, `doupdate()`.
public final class CursesTerminal {
    private let theme: Theme
    private var depth: ColorDepth = .monochrome
    private var styles: [Role: (attributes: attr_t, pair: Int32)] = [:]
    private var pairs: [PairKey: Int32] = [:]
    private var onScreen: ScreenBuffer?
    private var signalDescriptor: Int32 = -1
    private var input = TerminalInput()
    private var started = false
    private var runningOptions = TerminalLoopOptions()
    /// With false, the terminal is in raw mode: Ctrl-C, Ctrl-Z, Ctrl-\ and Ctrl-S arrive as keys
    /// (for the application to ignore), never as signals or flow control (the survey kiosk).
    public var keyboardSignals = true {
        didSet { if started { applyKeyboardSignals() } }
    }

    private struct PairKey: Hashable {
        var foreground: Int
        var background: Int
    }

    public init(theme: Theme) {
        self.theme = theme
    }

    /// Runs the desk until the application says quit, a signal (Ctrl-C, hang-up) arrives, or the
    /// terminal goes away. Curses is ended before this returns, so the shell gets its terminal back;
    /// a terminal that is gone gets nothing written to it.
    public func run(_ application: TerminalApplication, options: TerminalLoopOptions = TerminalLoopOptions())
    {
        start()
        defer { stop() }
        runningOptions = options
        var size = currentSize()
        let clock = ContinuousClock()
        var schedule = LoopSchedule(tickInterval: options.tickInterval, now: clock.now)
        var decoder = KeyDecoder(described: TerminalInput.describedKeys())
        draw(frame(for: application, size: size, options: options))
        var wakeUpDescriptor = options.wakeUpDescriptor
        let gone = Int16(POLLHUP | POLLERR | POLLNVAL)
        while true {
            schedule.endWakeUpPause(now: clock.now)
            let watchWakeUp = wakeUpDescriptor != nil && schedule.watchesWakeUp(now: clock.now)
            var descriptors = [
                pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signalDescriptor, events: Int16(POLLIN), revents: 0),
                // A negative descriptor is ignored by poll: that is how a wake-up is left out.
                pollfd(fd: watchWakeUp ? wakeUpDescriptor! : -1, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, nfds_t(descriptors.count), schedule.pollTimeout(now: clock.now))
            if ready < 0 && errno != EINTR { return }
            var decision = LoopDecision.keepRunning
            if descriptors[1].revents != 0 {
                let signals = desk_drain_signal_fd(signalDescriptor)
                if signals & DESK_SIGNAL_QUIT != 0 { return }
                if signals & DESK_SIGNAL_RESIZE != 0 {
                    guard let resized = resize() else { return }
                    size = resized
                }
            }
            // Hung up, closed, or in error: no key will ever come again (a pane closed under
            // runuser or sudo may send no SIGHUP). Pending bytes are not worth acting on.
            if descriptors[0].revents & gone != 0 { return }
            var keys: [Key] = []
            if descriptors[0].revents & Int16(POLLIN) != 0 {
                guard case .bytes(let bytes) = input.readAvailable() else { return }
                keys = decoder.decode(bytes)
                schedule.inputRead(decoderWaiting: decoder.isWaiting, now: clock.now)
            } else if schedule.escapeDue(now: clock.now) {
                keys = decoder.timeOut()
                schedule.escapeTimedOut()
            }
            let wake = descriptors[2].revents
            if wake & Int16(POLLIN) != 0 {
                decision = application.wakeUp()
                schedule.wokeUp(now: clock.now)
            } else if wake & gone != 0 {
                // Nothing more will come from it; stop watching instead of spinning.
                wakeUpDescriptor = nil
            }
            for key in keys where decision == .keepRunning {
                if key == .control("l") {
                    repaintEverything()
                } else if size.fits(options.minimumSize) {
                    decision = application.handle(key)
                }
                // Below the minimum size keys are dropped: the clerk cannot see what they would do.
            }
            if decision == .keepRunning, schedule.tickDue(now: clock.now) {
                decision = application.tick()
                schedule.ticked(now: clock.now)
            }
            if decision == .quit { return }
            draw(frame(for: application, size: size, options: options))
        }
    }

    /// Draws the application's screen now, from inside one of its own handlers (a save waiting
    /// for the log's lock says so while it waits). On the loop's thread, while `run` runs.
    public func showNow(_ application: TerminalApplication) {
        guard started else { return }
        draw(frame(for: application, size: currentSize(), options: runningOptions))
    }

    private func frame(for application: TerminalApplication, size: ScreenSize, options: TerminalLoopOptions)
        -> ScreenBuffer
    {
        guard size.fits(options.minimumSize) else {
            return tooSmallScreen(size: size, minimum: options.minimumSize, leaving: keyboardSignals)
        }
        let frame = application.render(size: size)
        return frame.size == size
            ? frame : tooSmallScreen(size: size, minimum: options.minimumSize, leaving: keyboardSignals)
    }

    private func start() {
        guard !started else { return }
        started = true
        ensureUTF8Locale()
        // Before initscr, so that curses leaves SIGINT, SIGTERM and SIGWINCH to these handlers.
        signalDescriptor = desk_signal_fd()
        initscr()
        applyKeyboardSignals()
        noecho()
        nonl()
        // Input is read by the loop, not curses; keypad only makes curses switch the terminal to
        // the keypad mode whose strings the terminal description lists.
        keypad(desk_stdscr(), true)
        // Otherwise doupdate peeks at standard input and may stop half-way through a frame.
        typeahead(-1)
        input.start()
        if has_colors() {
            start_color()
            use_default_colors()
            let colors = desk_colors()
            depth = colors >= 256 ? .colors256 : (colors >= 8 ? .colors8 : .monochrome)
        }
    }

    private func applyKeyboardSignals() {
        if keyboardSignals {
            noraw()
            cbreak()
        } else {
            raw()
        }
    }

    private func stop() {
        guard started else { return }
        started = false
        input.stop()
        // endwin writes the restore sequences and resets the modes; a hung-up terminal would
        // only answer EIO, so it is skipped when the terminal no longer answers.
        if desk_terminal_alive(1) != 0 { endwin() }
        desk_restore_signals()
        signalDescriptor = -1
    }

    /// Takes the new size from the terminal after SIGWINCH; `nil` when the terminal is gone.
    private func resize() -> ScreenSize? {
        var rows: Int32 = 0
        var columns: Int32 = 0
        guard desk_window_size(1, &rows, &columns) != 0 || desk_window_size(0, &rows, &columns) != 0 else {
            return nil
        }
        resizeterm(rows, columns)
        repaintEverything()
        return currentSize()
    }

    /// The next draw clears the terminal and writes every row, whatever curses thinks is there.
    private func repaintEverything() {
        onScreen = nil
        wclear(desk_stdscr())
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
}
