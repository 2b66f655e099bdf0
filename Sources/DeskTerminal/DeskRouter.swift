import Desk
import DeskCore
import TerminalUI

/// The desk in the terminal: a stack of views, the queue at the bottom.
///
/// The router draws what every screen shares (the header, the alarm or the view's subtitle, the
/// message line and the key bar), hands each key to the view on top, and carries out what the
/// view asks (open, close, replace, quit). It keeps the desk up to date: on every wake-up of the
/// log watcher and on every tick, so a change another process made shows within a tick even
/// when no wake-up came, and the background chain check's verdict reaches the alarm line.
public final class DeskRouter: TerminalApplication {
    public let environment: DeskEnvironment
    public private(set) var stack: [any DeskView]
    private let drainWakeUp: () -> Void
    /// The minute and the log length the views were last reloaded for (clocks move with the
    /// minute; another desk's change, or this one's, moves the log).
    private var loadedMinute: Int64
    private var loadedEvents: Int
    /// This terminal handed to the customer: the survey screen takes every key and the whole
    /// screen until the clerk's PIN or password gives it back.
    public private(set) var handedOver: KioskScreen?

    /// - Parameter isBoard: the supervisors' live board (`desk watch`): only a viewer's actions.
    /// - Parameter drainWakeUp: empties the log wake-up descriptor before catching up.
    /// - Parameter notices: said on the first screen (a theme that could not be read).
    public init(
        desk: DeskBackend, isBoard: Bool = false, notices: [String] = [],
        drainWakeUp: @escaping () -> Void = {}
    ) throws(ActionTableError) {
        environment = try DeskEnvironment(desk: desk, isBoard: isBoard)
        self.drainWakeUp = drainWakeUp
        loadedMinute = desk.now.milliseconds / 60_000
        loadedEvents = desk.state.eventCount
        let queue = QueueView(environment: environment)
        stack = [queue]
        for notice in notices { environment.say(notice, .statusWarning) }
        queue.reload()
    }

    /// The view on top: the one the keys go to.
    public var top: any DeskView { stack[stack.count - 1] }

    /// Keys that work on every screen.
    static let actions: [Action<DeskRouter, ViewEffect>] = [
        Action(
            id: "messages", title: "Read the last messages in full", keys: .function(9),
            perform: { router, _ in .open(MessagesView(environment: router.environment)) })
    ]

    // MARK: TerminalApplication

    public func handle(_ key: Key) -> LoopDecision {
        if let kiosk = handedOver { return kiosk.handle(key) }
        if key == .resize { return .keepRunning }
        let decision: LoopDecision
        let said = environment.said
        let effect: ViewEffect
        if case .performed(let global) = environment.keymaps.global.dispatch(key, on: self) {
            effect = global
        } else {
            effect = top.handle(key)
        }
        // Moving to another screen clears an old message; what this key said stays.
        if case .stay = effect {
        } else if environment.said == said, environment.message != nil {
            environment.clearMessage()
        }
        decision = carryOut(effect)
        // This desk's own change moved the log on: every view shows it.
        if environment.state.eventCount != loadedEvents { reloadAll() }
        return decision
    }

    private func reloadAll() {
        loadedMinute = environment.now.milliseconds / 60_000
        loadedEvents = environment.state.eventCount
        for view in stack { view.reload() }
    }

    public func wakeUp() -> LoopDecision {
        drainWakeUp()
        if let kiosk = handedOver { return kiosk.wakeUp() }
        follow()
        return .keepRunning
    }

    public func tick() -> LoopDecision {
        if let kiosk = handedOver { return kiosk.tick() }
        follow()
        return .keepRunning
    }

    /// Catches up with the log; reloads the views when anything arrived or the minute turned.
    private func follow() {
        environment.catchUp()
        let minute = environment.now.milliseconds / 60_000
        if environment.state.eventCount != loadedEvents || minute != loadedMinute
            || stack.contains(where: \.owesReload)
        {
            reloadAll()
        }
    }

    /// Carries out what a view asked.
    public func carryOut(_ effect: ViewEffect) -> LoopDecision {
        switch effect {
        case .stay: break
        case .open(let view):
            stack.append(view)
            view.reload()
        case .close(let count):
            stack.removeLast(min(count, stack.count - 1))
            top.reload()
        case .replace(let view):
            if stack.count == 1 {
                stack.append(view)
            } else {
                stack[stack.count - 1] = view
            }
            view.reload()
        case .help: return carryOut(.open(help(for: top)))
        case .quit: return .quit
        case .handOver(let id):
            // The choice of kiosk or terminal is done with once the terminal is handed over.
            if top is KioskChoiceView { stack.removeLast() }
            handOver(id)
        }
        return .keepRunning
    }

    /// Shows the survey of `id` on this terminal, in raw mode, until the clerk's PIN or password.
    private func handOver(_ id: ComplaintID) {
        let kiosk = KioskScreen(
            desk: environment.desk, counter: nil, handedOver: id, unlock: environment.kiosk.checkPIN)
        kiosk.onUnlock = { [weak self] in self?.takeBack(from: kiosk) }
        handedOver = kiosk
        environment.kiosk.keyboardSignals(false)
    }

    private func takeBack(from kiosk: KioskScreen) {
        handedOver = nil
        environment.kiosk.keyboardSignals(true)
        environment.catchUp()
        let id = kiosk.complaint.map { "\($0)" } ?? "the complaint"
        let surveyed = kiosk.complaint.flatMap { environment.state.complaint($0) }?.surveyed == true
        environment.say(
            surveyed
                ? "Your terminal is back; the customer answered the survey of \(id)."
                : "Your terminal is back; no survey was recorded for \(id).",
            surveyed ? .statusOK : .statusInfo)
        reloadAll()
    }

    /// The help for the view on top: its keys, then the keys of every screen.
    func help(for view: any DeskView) -> HelpView {
        let global = environment.keymaps.global.helpEntries(on: self)
        return HelpView(environment: environment, of: view, extra: global)
    }

    // MARK: Drawing

    public func render(size: ScreenSize) -> ScreenBuffer {
        if let kiosk = handedOver { return kiosk.render(size: size) }
        environment.size = size
        var buffer = ScreenBuffer(size: size)
        let body = DeskRouter.body(size)
        top.draw(into: &buffer, body: body)
        drawFrame(into: &buffer, body: body)
        return buffer
    }

    /// The rows between the header and alarm rows and the message and key-bar rows.
    public static func body(_ size: ScreenSize) -> Range<Int> { 2..<max(2, size.rows - 2) }

    private func drawFrame(into buffer: inout ScreenBuffer, body: Range<Int>) {
        let width = buffer.columns
        let desk = environment.desk
        buffer.fill(row: 0, column: 0, columns: width, role: .status)
        let time = DeskFormat.time(environment.now, calendar: environment.calendar)
        let right =
            "\(desk.user) · \(environment.isBoard ? "board" : environment.role.rawValue) · \(time)"
        let rightWidth = min(DisplayWidth.of(right), width / 2)
        buffer.put(
            "Complaint desk · " + desk.officeName, row: 0, column: 1, role: .title,
            maxColumns: width - rightWidth - 3)
        buffer.put(right, row: 0, column: width - rightWidth - 1, role: .status, maxColumns: rightWidth)

        // Row 1: the alarm (or the view's subtitle), never over the position counter at its right.
        var room = width - 2
        if let position = top.position(body: body) {
            let positionWidth = DisplayWidth.of(position)
            buffer.put(
                position, row: 1, column: width - positionWidth - 1, role: .status, maxColumns: positionWidth)
            room -= positionWidth + 2
        }
        if let alarm = environment.alarm {
            buffer.fill(row: 1, column: 0, columns: room + 1, role: .statusError)
            buffer.put("⚠ " + alarm, row: 1, column: 1, role: .statusError, maxColumns: room)
        } else {
            buffer.put(top.subtitle, row: 1, column: 1, maxColumns: room)
        }

        if let message = environment.message {
            let line = buffer.rows - 2
            let hint = "  F9 reads it all"
            if DisplayWidth.of(message.text) <= width - 2 {
                buffer.put(message.text, row: line, column: 1, role: message.role, maxColumns: width - 2)
            } else {
                let room = width - 2 - DisplayWidth.of(hint)
                let used = buffer.put(
                    message.text, row: line, column: 1, role: message.role, maxColumns: room)
                buffer.put(hint, row: line, column: 1 + used, role: .status, maxColumns: width - 1 - used)
            }
        }
        let bar = buffer.rows - 1
        buffer.fill(row: bar, column: 0, columns: width, role: .keyBar)
        buffer.put(top.keyBar(width: width), row: bar, column: 0, maxColumns: width)
    }
}
