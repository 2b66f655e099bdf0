import DeskCore
import DeskTerminal
import Foundation
import TerminalUI

/// P6 in the process: the desk's queue (DeskTerminal's QueueView through DeskRouter, as
/// `QueuePerformanceTests` drives it) over a demo history of N complaints held in memory; each
/// key handled and its 80×24 screen rendered, timed. The goal is a bound, 16 ms at p99, not a
/// ratio against a baseline; tmux's share (≤ 150 ms through tmux) is not measured here.
struct QueueKeyBenchmark {
    var complaints: Int
    var rounds: Int

    func report() {
        _ = ensureUTF8Locale()
        let end = Timestamp(utcYear: 2025, month: 5, day: 12, hour: 11)
        let loadStart = now()
        let history = DemoHistory(
            seed: 7, complaints: complaints,
            start: DemoHistory.start(forComplaints: complaints, endingNear: end))
        let desk = MemoryDesk(user: "clerk-01", now: end)
        desk.apply(history)
        let app: DeskRouter
        do { app = try DeskRouter(desk: desk) } catch { fail("the desk's keys do not load: \(error)") }
        let size = ScreenSize(rows: 24, columns: 80)
        let loaded = now() - loadStart
        func press(_ key: Key) -> Double {
            let start = now()
            _ = app.handle(key)
            _ = app.render(size: size)
            return now() - start
        }
        // The worst case for the list: every status shown, so the queue holds every complaint.
        var filter: [Double] = []
        for _ in 0..<8 { filter.append(press(.character("s"))) }
        var moves: [Double] = []
        let keys: [Key] = [.down, .down, .pageDown, .down, .up, .pageUp, .end, .up, .home, .pageDown]
        for _ in 0..<rounds {
            for key in keys { moves.append(press(key)) }
        }
        // Filter changes: a whole cycle of statuses, categories and channels.
        for _ in 0..<9 { filter.append(press(.character("s"))) }
        for _ in 0..<7 { filter.append(press(.character("c"))) }
        for _ in 0..<7 { filter.append(press(.character("h"))) }
        filter.append(press(.character("x")))
        var search: [Double] = []
        for text in ["c-0001", "müller", "example.org"] {
            search.append(press(.character("/")))
            for character in text { search.append(press(.character(character))) }
            search.append(press(.enter))
            search.append(press(.character("n")))
        }
        print(
            "\nP6 queue keys in the process, \(complaints) complaints (demo history applied in \(format(loaded)) s), 80×24, handle + render"
        )
        var worst = 0.0
        for (name, samples) in [("move/page", moves), ("filter", filter), ("search", search)] {
            let sorted = samples.sorted()
            let p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
            worst = max(worst, p99)
            print(
                "  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(samples.count) keys: p50 \(format(sorted[sorted.count / 2] * 1000)) ms, p99 \(format(p99 * 1000)) ms, max \(format(sorted.last! * 1000)) ms"
            )
        }
        print("  worst p99 / 16 ms: \(verdict(worst / 0.016, goal: 1, atMost: true))")
    }
}
