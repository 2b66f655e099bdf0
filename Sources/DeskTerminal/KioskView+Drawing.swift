import Desk
import DeskCore
import TerminalUI

// What the customer sees: large, centred, nothing but the survey (no clerk, no complaint, no
// key bar), in roles every theme draws clearly.
extension KioskScreen {
    /// The answer scale, as the boxes' captions say it.
    static let scale: [(Int, [String])] = [
        (1, ["Strongly", "disagree"]), (2, ["Disagree"]), (3, ["Neither agree", "nor disagree"]),
        (4, ["Agree"]), (5, ["Strongly", "agree"]),
    ]

    public func render(size: ScreenSize) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        switch mode {
        case .idle: drawStandards(into: &buffer)
        case .statement(let index): drawStatement(index, into: &buffer)
        case .comment: drawComment(into: &buffer)
        case .thanks:
            let top = max(1, size.rows / 2 - 3)
            centre("Thank you.", row: top, role: .title, in: &buffer)
            centre("Your answers have been recorded.", row: top + 2, role: .text, in: &buffer)
            centre("They help us serve everyone better.", row: top + 4, role: .text, in: &buffer)
        case .neutral:
            centre("Please wait for the clerk.", row: max(1, size.rows / 2 - 1), role: .text, in: &buffer)
            if isHandedOverTerminal { drawUnlock(into: &buffer) }
        }
        return buffer
    }

    /// Text centred on `row`, clipped to the screen.
    func centre(_ text: String, row: Int, role: Role, in buffer: inout ScreenBuffer) {
        guard row >= 0, row < buffer.rows else { return }
        let width = min(DisplayWidth.of(text), buffer.columns - 2)
        buffer.put(
            text, row: row, column: max(1, (buffer.columns - width) / 2), role: role, maxColumns: width)
    }

    /// Wrapped to `width` and centred line by line from `row`, every `spacing` rows; returns the
    /// row after the last.
    @discardableResult
    func centreParagraph(
        _ text: String, row: Int, width: Int, role: Role, spacing: Int = 1, in buffer: inout ScreenBuffer
    ) -> Int {
        var next = row
        for line in TextWrap.plainLines(text, width: min(width, buffer.columns - 4)) {
            centre(line, row: next, role: role, in: &buffer)
            next += spacing
        }
        return next
    }

    // MARK: Idle: the posted standards

    func drawStandards(into buffer: inout ScreenBuffer) {
        let standards = desk.state.currentStandards
        centre(office, row: 1, role: .title, in: &buffer)
        centre("Our service standards", row: 3, role: .title, in: &buffer)
        var row = 5
        let last = buffer.rows - 3
        if standards.isEmpty {
            centreParagraph(
                "Ask at the counter about the standards we work to.", row: row, width: 64, role: .text,
                in: &buffer)
        }
        for standard in standards {
            let wording = TextWrap.plainLines(standard.wording, width: min(70, buffer.columns - 6))
            let aim = TextWrap.plainLines(Self.aim(of: standard), width: min(70, buffer.columns - 6))
            guard row + wording.count + aim.count <= last else { break }
            for line in wording {
                centre(line, row: row, role: .text, in: &buffer)
                row += 1
            }
            for line in aim {
                centre(line, row: row, role: .help, in: &buffer)
                row += 1
            }
            row += 1
        }
        centre(
            "After we have answered you, a clerk may ask your views here.", row: buffer.rows - 2, role: .help,
            in: &buffer)
    }

    /// A standard's target and threshold in plain words.
    static func aim(of standard: ServiceStandard) -> String {
        let target: String
        if standard.targetWorkingDays != nil {
            target = standard.targetDescription
        } else if standard.targetMinutes % 60 == 0 {
            let hours = standard.targetMinutes / 60
            target = "\(hours) \(hours == 1 ? "hour" : "hours") of opening time"
        } else {
            target = "\(standard.targetMinutes) minutes of opening time"
        }
        let share = Int((standard.threshold * 100).rounded())
        return "Our aim: \(target), for at least \(share) in every 100 complaints."
    }

    // MARK: A statement

    func drawStatement(_ index: Int, into buffer: inout ScreenBuffer) {
        let driver = Self.drivers[index]
        centre("Your views on our service", row: 1, role: .title, in: &buffer)
        centre("Statement \(index + 1) of \(Self.drivers.count)", row: 2, role: .help, in: &buffer)
        // Short lines, double-spaced, in the title role: the largest, clearest text a terminal has.
        centreParagraph(
            driver.statement(office: office), row: 5, width: 52, role: .title, spacing: 2, in: &buffer)
        let boxTop = max(11, buffer.rows / 2)
        drawScale(top: boxTop, into: &buffer)
        centre(
            "Press 1 to 5, or use ← and →, then press Enter.", row: boxTop + 7, role: .text, in: &buffer)
        let more =
            index > 0
            ? "Space: no answer to this one.  Backspace: the statement before."
            : "Space: no answer to this one."
        centre(more, row: boxTop + 8, role: .help, in: &buffer)
    }

    /// The five answers as boxes three rows high, the chosen one highlighted, captions below.
    func drawScale(top: Int, into buffer: inout ScreenBuffer) {
        let boxWidth = min(13, (buffer.columns - 2 - 4 * 2) / 5)
        let gap = 2
        let total = boxWidth * 5 + gap * 4
        var left = max(1, (buffer.columns - total) / 2)
        let inner = boxWidth - 2
        for (value, caption) in Self.scale {
            let chosen = choice == value
            let role: Role = chosen ? .selection : .border
            buffer.put("┌" + String(repeating: "─", count: inner) + "┐", row: top, column: left, role: role)
            let digit = String(value)
            let pad = (inner - 1) / 2
            buffer.put(
                "│" + String(repeating: " ", count: pad) + digit
                    + String(repeating: " ", count: inner - 1 - pad)
                    + "│", row: top + 1, column: left, role: role)
            buffer.put(
                "└" + String(repeating: "─", count: inner) + "┘", row: top + 2, column: left, role: role)
            for (offset, line) in caption.enumerated() {
                let width = min(DisplayWidth.of(line), boxWidth + gap - 1)
                buffer.put(
                    line, row: top + 3 + offset, column: left + max(0, (boxWidth - width) / 2),
                    role: chosen ? .title : .text, maxColumns: width)
            }
            left += boxWidth + gap
        }
    }

    // MARK: The comment

    func drawComment(into buffer: inout ScreenBuffer) {
        centre("Your views on our service", row: 1, role: .title, in: &buffer)
        centre("Is there anything else you would like to tell us?", row: 5, role: .title, in: &buffer)
        centre("You may leave this empty.", row: 7, role: .help, in: &buffer)
        let width = min(70, buffer.columns - 6)
        let left = (buffer.columns - width - 2) / 2
        let top = 10
        buffer.put("┌" + String(repeating: "─", count: width) + "┐", row: top, column: left, role: .border)
        buffer.put("│", row: top + 1, column: left, role: .border)
        buffer.fill(row: top + 1, column: left + 1, columns: width, role: .fieldFocus)
        let slice = comment.visibleSlice(width: width - 1)
        buffer.put(slice.text, row: top + 1, column: left + 1, role: .fieldFocus, maxColumns: width - 1)
        buffer.put("│", row: top + 1, column: left + width + 1, role: .border)
        buffer.put(
            "└" + String(repeating: "─", count: width) + "┘", row: top + 2, column: left, role: .border)
        buffer.cursor = ScreenPoint(row: top + 1, column: left + 1 + slice.cursorColumn)
        centre("Press Enter when you are done.", row: top + 5, role: .text, in: &buffer)
        centre("Backspace on an empty line: the statements again.", row: top + 6, role: .help, in: &buffer)
    }

    // MARK: The clerk's unlock

    func drawUnlock(into buffer: inout ScreenBuffer) {
        let row = buffer.rows - 4
        if pinRefused {
            centre(
                "That is not your PIN or password. The screen stays here.", row: row - 2,
                role: .statusWarning, in: &buffer
            )
        }
        let dots = pinDots
        if !dots.isEmpty { centre(dots, row: row, role: .text, in: &buffer) }
        centre(
            "Staff: type your desk PIN or your login password, then Enter.", row: buffer.rows - 2,
            role: .help, in: &buffer)
    }
}
