import DeskCore
import TerminalUI

extension QueueView {
    struct Column {
        var title: String
        var width: Int
    }

    /// ID, age, category, status, next due, holder, then customer (wide screens) and summary.
    static func columns(width: Int) -> [Column] {
        let wide = width >= 120
        var columns = [
            Column(title: "ID", width: 8), Column(title: "Age", width: 4),
            Column(title: "Category", width: wide ? 18 : 9), Column(title: "Status", width: wide ? 19 : 11),
            Column(title: "Next due", width: 20), Column(title: "Holder", width: wide ? 12 : 7),
        ]
        if wide { columns.append(Column(title: "Customer", width: width >= 140 ? 22 : 16)) }
        let used = columns.reduce(0) { $0 + $1.width + 1 } + 1
        columns.append(Column(title: "Summary", width: max(4, width - used - 1)))
        return columns
    }

    func draw(into buffer: inout ScreenBuffer, body: Range<Int>) {
        let width = buffer.columns
        let columns = Self.columns(width: width)
        let visible = visibleRows(body)
        glance?.draw(into: &buffer, row: body.lowerBound + 1 + visible, body: body)
        var x = 1
        for column in columns {
            buffer.put(
                column.title, row: body.lowerBound, column: x, role: .queueHeader, maxColumns: column.width)
            x += column.width + 1
        }
        guard !entries.isEmpty else {
            let hint =
                environment.state.complaintCount == 0
                ? "No complaints yet — press F2 to take one, or try a realistic history: `desk demo --data /tmp/desk-demo`, then `desk --data /tmp/desk-demo`."
                : "No complaint matches this filter — press x to clear the filters."
            for (offset, line) in TextWrap.lines(hint, width: width - 4).enumerated() {
                buffer.put(line, row: body.lowerBound + 2 + offset, column: 2, maxColumns: width - 4)
            }
            return
        }
        let first = firstRow(body)
        let state = environment.state
        let now = environment.now
        for (offset, entry) in entries.dropFirst(first).prefix(visible).enumerated() {
            guard let c = state.complaint(entry.id) else { continue }
            let y = body.lowerBound + 1 + offset
            let (rowRole, clockRole): (Role, Role) =
                switch entry.urgency {
                case .overdue: (.queueOverdue, .clockBreach)
                case .atRisk: (.queueAtRisk, .clockAtRisk)
                case .onTrack: (entry.breachedEarlier ? .queueMissed : .queue, .clock)
                }
            if entry.breachedEarlier { buffer.put("×", row: y, column: 0, role: .queueMissed, maxColumns: 1) }
            let due =
                entry.nextDue.map {
                    DeskFormat.shortTime($0, calendar: environment.calendar) + " "
                        + DeskFormat.span(until: $0, from: now)
                } ?? (c.isUnmeasured ? "not measured" : "—")
            var cells: [(String, Role)] = [
                (c.id.description, rowRole), (DeskFormat.age(from: c.receivedAt, to: now), rowRole),
                (state.categoryTitle(c.category), rowRole), (c.status.name, rowRole), (due, clockRole),
                (c.holder ?? "—", rowRole),
            ]
            if columns.count == 8 { cells.append((environment.privacy.name(c.customer), rowRole)) }
            cells.append(((entry.isUrgentFlag || c.isEscalated ? "! " : "") + c.summary, rowRole))
            var x = 1
            for (column, cell) in zip(columns, cells) {
                buffer.put(cell.0, row: y, column: x, role: cell.1, maxColumns: column.width)
                x += column.width + 1
            }
            if first + offset == selectedIndex {
                buffer.setRole(.selection, row: y, column: 0, columns: width)
            }
        }
    }
}
