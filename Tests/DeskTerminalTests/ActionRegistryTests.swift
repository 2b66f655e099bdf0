import Desk
import DeskTerminal
import TerminalUI
import XCTest

/// What the sample actions look at to decide whether they are enabled.
struct SampleContext: Sendable {
    var selectionClaimedByOther = false
    var hasSelection = true
}

/// A table like the queue's: F-keys, arrows and Enter for everything, letters and vi keys as aliases.
let sampleTable: [DeskAction<SampleContext>] = [
    DeskAction(id: "help", title: "Show every key", barLabel: "Help", keys: [.function(1), .character("?")]),
    DeskAction(
        id: "intake", title: "Take a new complaint", barLabel: "New", keys: [.function(2), .character("n")],
        roles: [.clerk, .supervisor]),
    DeskAction(
        id: "claim", title: "Claim the selected complaint", barLabel: "Claim",
        keys: [.function(3), .character("c")], roles: [.clerk, .supervisor],
        disabledReason: { $0.selectionClaimedByOther ? "claimed by someone else" : nil }),
    DeskAction(
        id: "open", title: "Open the selected complaint", barLabel: "Open", keys: [.enter],
        disabledReason: { $0.hasSelection ? nil : "no complaint selected" }),
    DeskAction(id: "up", title: "Move up", keys: [.up, .character("k")]),
    DeskAction(id: "down", title: "Move down", keys: [.down, .character("j")]),
    DeskAction(
        id: "search", title: "Search the queue", barLabel: "Search", keys: [.function(7), .character("/")]),
    DeskAction(
        id: "filter", title: "Filter by status, category, channel or mine", barLabel: "Filter",
        keys: [.function(6), .character("f")]),
    DeskAction(
        id: "reassign", title: "Transfer to another clerk or team", barLabel: "Transfer",
        keys: [.function(8), .character("t")], roles: [.supervisor]),
    DeskAction(
        id: "escalate", title: "Escalate to a supervisor", barLabel: "Escalate",
        keys: [.function(9), .character("e")],
        roles: [.clerk, .supervisor]),
    DeskAction(
        id: "quit", title: "Leave the desk", barLabel: "Quit", keys: [.function(10), .character("q")]),
]

final class ActionRegistryTests: XCTestCase {
    override func setUp() { XCTAssertTrue(localeReady) }

    func testRolesRemoveActionsEntirely() throws {
        let viewer = try ActionRegistry(sampleTable, for: .viewer)
        XCTAssertFalse(viewer.contains("claim"))
        XCTAssertNil(viewer.action(for: .function(3)))
        XCTAssertNil(viewer.action(for: .character("c")))
        XCTAssertEqual(viewer.dispatch(.character("c"), in: SampleContext()), .unbound)
        let clerk = try ActionRegistry(sampleTable, for: .clerk)
        XCTAssertTrue(clerk.contains("claim"))
        XCTAssertFalse(clerk.contains("reassign"))
        let supervisor = try ActionRegistry(sampleTable, for: .supervisor)
        XCTAssertEqual(supervisor.actions.count, sampleTable.count)
        for registry in [viewer, clerk] {
            let bar = registry.keyBar(width: 200, in: SampleContext()).map(\.text).joined()
            let help = registry.helpScreen(size: .minimum, in: SampleContext()).lines().joined(
                separator: "\n")
            for action in sampleTable where !action.roles.contains(registry.role) {
                XCTAssertFalse(help.contains(action.title), "\(registry.role) help shows \(action.id)")
                if let label = action.barLabel {
                    XCTAssertFalse(bar.contains(label), "\(registry.role) bar shows \(label)")
                }
            }
        }
    }

    func testDispatchAndDisabledReasons() throws {
        let clerk = try ActionRegistry(sampleTable, for: .clerk)
        XCTAssertEqual(clerk.dispatch(.function(3), in: SampleContext()), .perform("claim"))
        XCTAssertEqual(clerk.dispatch(.character("c"), in: SampleContext()), .perform("claim"))
        XCTAssertEqual(
            clerk.dispatch(.function(3), in: SampleContext(selectionClaimedByOther: true)),
            .disabled("claim", reason: "claimed by someone else"))
        XCTAssertEqual(clerk.dispatch(.character("j"), in: SampleContext()), .perform("down"))
        XCTAssertEqual(clerk.dispatch(.character("x"), in: SampleContext()), .unbound)
    }

    func testEveryActionReachableWithoutLetters() throws {
        for role in DeskRole.allCases {
            let registry = try ActionRegistry(sampleTable, for: role)
            for action in registry.actions {
                XCTAssertTrue(
                    action.keys.contains { if case .character = $0 { return false } else { return true } },
                    "\(action.id) has only letter keys")
            }
        }
    }

    func testKeyBarFitsEightyColumns() throws {
        for role in DeskRole.allCases {
            let registry = try ActionRegistry(sampleTable, for: role)
            for width in [40, 80] {
                let bar = registry.keyBar(width: width, in: SampleContext())
                XCTAssertLessThanOrEqual(DisplayWidth.of(bar.map(\.text).joined()), width)
                XCTAssertEqual(bar.first?.text, "F1", "help stays first")
            }
        }
        let supervisor = try ActionRegistry(sampleTable, for: .supervisor)
        var buffer = ScreenBuffer(size: .minimum)
        supervisor.drawKeyBar(into: &buffer, in: SampleContext(selectionClaimedByOther: true))
        XCTAssertEqual(
            buffer.lines()[23],
            "F1 Help F2 New F3 Claim Enter Open F7 Search F6 Filter F8 Transfer F9 Escalate")
        XCTAssertEqual(buffer[23, 15].role, .keyBarDisabled)
        XCTAssertEqual(buffer[23, 0].role, .keyBarKey)
        XCTAssertEqual(buffer[23, 79].role, .keyBar)
    }

    func testHelpListsEveryBoundActionWithItsKeys() throws {
        let clerk = try ActionRegistry(sampleTable, for: .clerk)
        let help = clerk.helpScreen(size: .minimum, in: SampleContext(hasSelection: false))
        let lines = help.lines()
        for action in clerk.actions {
            let keys = action.keys.map(\.description).joined(separator: " ")
            XCTAssertTrue(
                lines.contains { $0.contains("│ " + keys + " ") && $0.contains(action.title) },
                "help misses \(action.id)")
        }
        let open = try XCTUnwrap(lines.firstIndex { $0.contains("Open the selected complaint") })
        XCTAssertTrue(lines[open + 1].contains("(not now: no complaint selected)"), lines[open + 1])
        XCTAssertTrue(lines[0].hasPrefix("┌─ Keys "))
    }

    func testConflictingKeysAreRejected() {
        let table = sampleTable + [DeskAction(id: "close", title: "Close", keys: [.character("c")])]
        XCTAssertThrowsError(try ActionRegistry(table, for: .clerk)) { error in
            XCTAssertEqual("\(error)", "key c is bound to both \"claim\" and \"close\"")
        }
        // For a viewer "claim" is not bound, so "c" is free.
        XCTAssertNoThrow(try ActionRegistry(table, for: .viewer))
    }

    func testKeyDecoding() {
        XCTAssertEqual(Key.decode(character: 0x01), .control("a"))
        XCTAssertEqual(Key.decode(character: 0x0B), .control("k"))
        XCTAssertEqual(Key.decode(character: 0x0D), .enter)
        XCTAssertEqual(Key.decode(character: 0x7F), .backspace)
        XCTAssertEqual(Key.decode(character: 0x1B), .escape)
        XCTAssertEqual(Key.decode(character: 0x738B), .character("王"))
        XCTAssertNil(Key.decode(character: 0x9B))
        XCTAssertNil(Key.decode(character: 0xD800))
    }
}

final class HelpScrollingTests: XCTestCase {
    func testLongHelpScrollsAndSaysMoreFollow() throws {
        let many = (1...30).map {
            DeskAction<SampleContext>(
                id: "a\($0)", title: "Action number \($0)",
                keys: [.character(Character(Unicode.Scalar(0x4E00 + $0)!))])
        }
        let registry = try ActionRegistry(many, for: .clerk)
        let size = ScreenSize.minimum
        XCTAssertEqual(registry.helpLineCount(size: size, in: SampleContext()), 30)
        let first = registry.helpScreen(size: size, in: SampleContext()).lines()
        XCTAssertTrue(first[1].contains("Action number 1"))
        XCTAssertTrue(first[22].contains("↓ more: PgDn"), first[22])
        let last = registry.helpScreen(size: size, in: SampleContext(), firstLine: 100).lines()
        XCTAssertTrue(last[21].contains("Action number 30"), last[21])
        XCTAssertTrue(last[1].contains("Action number 10"), last[1])
        XCTAssertFalse(last[22].contains("more"))
    }
}
