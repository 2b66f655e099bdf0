import Desk
import DeskCore
import DeskTestSupport
import Foundation
import TerminalUI
import XCTest

@testable import DeskTerminal

/// The dashboard, whole, against golden files in `Golden/` (the mechanism of
/// ``GoldenScreenTests``): at 80×24 and 120×40 in Unicode, at 80×24 in ASCII, a weekly period,
/// its last lines and its help. Refresh with `DESK_UPDATE_GOLDEN=1 swift test --filter
/// GoldenScreenTests`, then review `git diff`.
final class DashboardGoldenScreenTests: XCTestCase {
    static let small = ScreenSize(rows: 24, columns: 80)

    /// The demo office's history of 1,500 complaints, ending on Wednesday 14 May 2025 at 12:30 in
    /// London: every channel and category, breaches, surveys and staff ideas.
    func office() -> MemoryDesk {
        _ = localeReady
        let end = Timestamp(utcYear: 2025, month: 5, day: 14, hour: 11, minute: 30)
        let start = DemoHistory.start(forComplaints: 1500, endingNear: end)
        let desk = MemoryDesk(user: "alice", role: .clerk, now: end)
        desk.apply(DemoHistory(seed: 12862, complaints: 1500, start: start).lazy.prefix { $0.at <= end })
        return desk
    }

    func check(
        _ router: DeskRouter, _ name: String, sizes: [ScreenSize] = GoldenScreenTests.sizes,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        for size in sizes {
            GoldenScreen.assertMatches(
                router.render(size: size), named: "\(name)-\(size.columns)x\(size.rows)",
                in: GoldenScreenTests.golden, file: file, line: line)
        }
    }

    func testTheDashboardInUnicodeAndASCII() throws {
        let router = try DeskRouter(desk: office())
        press(router, .character("d"))
        check(router, "dashboard")
        press(router, .end)
        check(router, "dashboard-end", sizes: [Self.small])
        press(router, .function(1))
        check(router, "help-dashboard", sizes: [Self.small])

        let ascii = try DeskRouter(desk: office())
        ascii.environment.repertoire = .ascii
        press(ascii, .character("d"))
        check(ascii, "dashboard-ascii", sizes: [Self.small])
    }

    func testAWeekTypedInTheGrammar() throws {
        let router = try DeskRouter(desk: office(), isBoard: true)
        press(router, .character("d"), .character("p"))
        for character in "2025-w19" { press(router, .character(character)) }
        check(router, "dashboard-typing", sizes: [Self.small])
        press(router, .enter)
        check(router, "dashboard-week", sizes: [Self.small])
    }
}
