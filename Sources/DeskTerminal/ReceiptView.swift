import Desk
import DeskCore
import Foundation
import TerminalUI

/// The receipt given to the customer: the reference and what the office promised, with F5 to
/// write it to a file and print it (``DeskEnvironment/printReceipt(_:)``).
final class ReceiptView: ScrollingView {
    let environment: DeskEnvironment
    let id: ComplaintID
    private(set) var slip: [String] = []
    var scroll = Scroll()

    init(environment: DeskEnvironment, id: ComplaintID) {
        self.environment = environment
        self.id = id
    }

    var name: String { "receipt \(id)" }
    var subtitle: [StyledSegment] { [StyledSegment("Receipt for \(id)", role: .title)] }
    var actions: ActionRegistry<ReceiptView, ViewEffect> { environment.keymaps.receipt }

    func reload() {
        guard let complaint = environment.state.complaint(id) else {
            slip = ["That complaint is not in the log."]
            return
        }
        // Who took it: the account that recorded its receipt.
        var clerk = ""
        if case .success(let received)? = environment.desk.events(of: id).first?.1 { clerk = received.actor }
        slip = Self.slip(
            office: environment.desk.officeName, complaint: complaint,
            clocks: environment.state.clocks(of: id, now: environment.now), calendar: environment.calendar,
            configuration: environment.state.office, clerk: clerk)
    }

    /// The slip's text (also what is written to the file for printing): ``ReceiptSlip``, the one
    /// definition `desk report receipt` shares.
    static func slip(
        office: String, complaint: ComplaintView, clocks: [ServiceClock], calendar: BusinessCalendar?,
        configuration: OfficeConfiguration? = nil, clerk: String = ""
    ) -> [String] {
        ReceiptSlip(
            office: office, complaint: complaint, clocks: clocks, calendar: calendar,
            configuration: configuration,
            clerk: clerk
        ).lines
    }

    /// The slip's box: at most 76 columns, centred.
    static func box(width: Int) -> (left: Int, width: Int) {
        let boxWidth = min(width - 4, 76)
        return (max(1, (width - boxWidth) / 2), boxWidth)
    }

    /// The slip wrapped to the inside of its box.
    func lines(width: Int) -> [[StyledSegment]] {
        let inside = Self.box(width: width).width - 4
        return slip.flatMap { line in line.isEmpty ? [[]] : TextWrap.lines(line, width: inside) }
    }

    func lineCount(width: Int) -> Int { lines(width: width).count }
    func listRows(_ body: Range<Int>) -> Int { max(0, body.count - 2) }

    func draw(into buffer: inout ScreenBuffer, body: Range<Int>) {
        let (left, width) = Self.box(width: buffer.columns)
        buffer.box(ScreenRect(row: body.lowerBound, column: left, rows: body.count, columns: width))
        let lines = lines(width: buffer.columns)
        let rows = listRows(body)
        let start = scroll.start(count: lines.count, rows: rows)
        for (offset, line) in lines.dropFirst(start).prefix(rows).enumerated() {
            // The office and the slip's title stand out.
            let role: Role? = start + offset < 2 ? .title : nil
            buffer.put(
                line.map { StyledSegment($0.text, role: role ?? $0.role) }, row: body.lowerBound + 1 + offset,
                column: left + 2, maxColumns: width - 4)
        }
    }

    static let actions: [Action<ReceiptView, ViewEffect>] = [
        Action(id: "help", title: "Show every key", barLabel: "Help", keys: .function(1), .character("?")) {
            _, _ in .help
        },
        Action(
            id: "print", title: "Write the receipt to a file and print it (where the office has a printer)",
            barLabel: "Print", keys: .function(5), .character("p")
        ) { view, _ in
            view.environment.printReceipt(view.id)
            return .stay
        },
        Action(id: "open", title: "Open the complaint", barLabel: "Open", keys: .enter) { view, _ in
            .replace(DetailView(environment: view.environment, id: view.id))
        },
        Action(
            id: "new", title: "Take another complaint", barLabel: "New", keys: .function(2),
            permission: changing
        ) {
            view, _ in .replace(IntakeView(environment: view.environment))
        },
        Action(id: "back", title: "Back to the queue", barLabel: "Queue", keys: .escape, .character("q")) {
            _, _ in .back
        },
        scrollAction(),
    ]
}
