import DeskTestSupport
import TerminalUI
import XCTest

/// What the sample actions act on and look at to decide whether they are enabled.
final class SampleScreen {
    var selectionClaimedByOther = false
    var hasSelection = true
    var done: [String] = []
    var typed = ""
}

enum Outcome: Equatable { case stay, quit }

/// A table like a queue's: F-keys, arrows and Enter for everything, letters as aliases; some
/// actions need a permission ("change" or "manage").
func sampleTable() -> [Action<SampleScreen, Outcome>] {
    func note(_ id: String) -> @Sendable (SampleScreen, Key) -> Outcome {
        { screen, _ in
            screen.done.append(id)
            return .stay
        }
    }
    return [
        Action(
            id: "help", title: "Show every key", barLabel: "Help", keys: .function(1), .character("?"),
            perform: note("help")),
        Action(
            id: "intake", title: "Take a new complaint", barLabel: "New", keys: .function(2), .character("n"),
            permission: "change", perform: note("intake")),
        Action(
            id: "claim", title: "Claim the selected complaint", barLabel: "Claim", keys: .function(3),
            .character("c"),
            permission: "change",
            disabledReason: { $0.selectionClaimedByOther ? "claimed by someone else" : nil },
            perform: note("claim")),
        Action(
            id: "open", title: "Open the selected complaint", barLabel: "Open", keys: .enter,
            disabledReason: { $0.hasSelection ? nil : "no complaint selected" }, perform: note("open")),
        Action(id: "up", title: "Move up", keys: .up, .character("k"), perform: note("up")),
        Action(id: "down", title: "Move down", keys: .down, .character("j"), perform: note("down")),
        Action(
            id: "reassign", title: "Transfer to another clerk or team", barLabel: "Transfer",
            keys: .function(8),
            .character("t"), permission: "manage", perform: note("reassign")),
        Action(
            id: "hidden", title: "Only in the bar when it can run", barLabel: "Hidden", keys: .function(9),
            showsWhenDisabled: false, disabledReason: { $0.hasSelection ? nil : "nothing selected" },
            perform: note("hidden")),
        Action(id: "quit", title: "Leave", barLabel: "Quit", keys: .function(10), .character("q")) { _, _ in
            .quit
        },
    ]
}

let everyone: @Sendable (String) -> Bool = { _ in true }
let clerk: @Sendable (String) -> Bool = { $0 == "change" }
let viewer: @Sendable (String) -> Bool = { _ in false }

final class ActionRegistryTests: XCTestCase {
    override func setUp() { XCTAssertTrue(localeReady) }

    func testPermissionsRemoveActionsEntirely() throws {
        let table = sampleTable()
        let view = try ActionRegistry(table, permits: viewer)
        XCTAssertFalse(view.contains("claim"))
        XCTAssertNil(view.action(for: .function(3)))
        let screen = SampleScreen()
        guard case .unbound = view.dispatch(.character("c"), on: screen) else { return XCTFail("c is bound") }
        XCTAssertEqual(screen.done, [])
        let change = try ActionRegistry(table, permits: clerk)
        XCTAssertTrue(change.contains("claim"))
        XCTAssertFalse(change.contains("reassign"))
        XCTAssertEqual(try ActionRegistry(table, permits: everyone).actions.count, table.count)
        let bar = view.keyBar(width: 200, on: screen).map(\.text).joined()
        let help = view.helpEntries(on: screen).map(\.title)
        for action in table where action.permission != nil {
            XCTAssertFalse(help.contains(action.title), "a viewer's help shows \(action.id)")
            if let label = action.barLabel {
                XCTAssertFalse(bar.contains(label), "a viewer's bar shows \(label)")
            }
        }
    }

    func testDispatchCallsTheHandlerUnlessDisabled() throws {
        let registry = try ActionRegistry(sampleTable(), permits: clerk)
        let screen = SampleScreen()
        guard case .performed(.stay) = registry.dispatch(.function(3), on: screen) else { return XCTFail() }
        guard case .performed(.stay) = registry.dispatch(.character("c"), on: screen) else {
            return XCTFail()
        }
        guard case .performed(.stay) = registry.dispatch(.character("j"), on: screen) else {
            return XCTFail()
        }
        XCTAssertEqual(screen.done, ["claim", "claim", "down"])
        screen.selectionClaimedByOther = true
        guard case .disabled(let title, let reason) = registry.dispatch(.function(3), on: screen) else {
            return XCTFail("claim should be disabled")
        }
        XCTAssertEqual(title, "Claim the selected complaint")
        XCTAssertEqual(reason, "claimed by someone else")
        XCTAssertEqual(screen.done.count, 3, "a disabled action's handler must not run")
        guard case .unbound = registry.dispatch(.character("x"), on: screen) else { return XCTFail() }
        guard case .performed(.quit) = registry.dispatch(.character("q"), on: screen) else {
            return XCTFail()
        }
    }

    func testTypingGoesToTheTextActionButBoundLettersWin() throws {
        let table: [Action<SampleScreen, Outcome>] = [
            Action(id: "type", title: "Type", keys: [.text]) { screen, key in
                if case .character(let c) = key { screen.typed.append(c) }
                return .stay
            },
            Action(id: "quit", title: "Leave", keys: .character("Q")) { _, _ in .quit },
        ]
        let registry = try ActionRegistry(table)
        let screen = SampleScreen()
        for key in [Key.character("a"), .character("王"), .character("Q"), .up] {
            _ = registry.dispatch(key, on: screen)
        }
        XCTAssertEqual(screen.typed, "a王")
        XCTAssertEqual(registry.helpEntries(on: screen).first?.keys, "typing")
    }

    func testEveryActionReachableWithoutLetters() throws {
        for action in sampleTable() {
            XCTAssertTrue(
                action.keys.contains { if case .key(.character) = $0 { return false } else { return true } },
                "\(action.id) has only letter keys")
        }
    }

    func testKeyBarFitsAndDimsDisabledActions() throws {
        let registry = try ActionRegistry(sampleTable(), permits: everyone)
        let screen = SampleScreen()
        for width in [40, 80] {
            let bar = registry.keyBar(width: width, on: screen)
            XCTAssertLessThanOrEqual(DisplayWidth.of(bar.map(\.text).joined()), width)
            XCTAssertEqual(bar.first?.text, "F1", "help stays first")
        }
        screen.selectionClaimedByOther = true
        screen.hasSelection = false
        var buffer = ScreenBuffer(size: .minimum)
        buffer.put(registry.keyBar(width: 80, on: screen), row: 23, column: 0)
        XCTAssertEqual(buffer.lines()[23], "F1 Help F2 New F3 Claim Enter Open F8 Transfer F10 Quit")
        XCTAssertEqual(buffer.roles(row: 23)[15], .keyBarDisabled, "Claim is dimmed")
        XCTAssertEqual(buffer.roles(row: 23)[0], .keyBarKey)
        screen.hasSelection = true
        XCTAssertTrue(registry.keyBar(width: 200, on: screen).map(\.text).joined().contains("F9 Hidden"))
    }

    func testHelpListsEveryBoundActionWithItsKeysAndWhyNot() throws {
        let registry = try ActionRegistry(sampleTable(), permits: clerk)
        let screen = SampleScreen()
        screen.hasSelection = false
        let entries = registry.helpEntries(on: screen)
        XCTAssertEqual(entries.map(\.title), registry.actions.map(\.title))
        XCTAssertEqual(entries[0].keys, "F1 ?")
        XCTAssertEqual(entries.first { $0.title.hasPrefix("Open") }?.disabledReason, "no complaint selected")
        XCTAssertNil(entries.first { $0.title.hasPrefix("Claim") }?.disabledReason)
    }

    func testConflictingKeysAreRejected() {
        let table =
            sampleTable() + [
                Action(id: "close", title: "Close", keys: .character("c"), perform: { _, _ in .stay })
            ]
        XCTAssertThrowsError(try ActionRegistry(table, permits: clerk)) { error in
            XCTAssertEqual("\(error)", "key c is bound to both \"claim\" and \"close\"")
        }
        // Without the permission "claim" is not bound, so "c" is free.
        XCTAssertNoThrow(try ActionRegistry(table, permits: viewer))
        let twice: [Action<SampleScreen, Outcome>] = [
            Action(id: "a", title: "A", keys: [.text]) { _, _ in .stay },
            Action(id: "b", title: "B", keys: [.text]) { _, _ in .stay },
        ]
        XCTAssertThrowsError(try ActionRegistry(twice))
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
