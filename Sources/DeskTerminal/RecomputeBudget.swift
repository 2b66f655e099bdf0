/// Keeps a figure that costs a whole pass over the desk (the board's glance, the dashboard) from
/// eating a core while other desks write: recomputed for an arriving event only once the time since
/// the last computation is `share` times what that computation took, so it uses at most about
/// 1/`share` of a core however fast events arrive. On a small desk (a millisecond a pass) that is
/// at once; at 200,000 complaints, every few seconds. A change of minute, of period or of anything
/// a key changed is never held back (`force`). What is held back is picked up by the next tick.
struct RecomputeBudget {
    var share = 10
    private var lastStart: ContinuousClock.Instant?
    private var lastCost: Duration = .zero
    /// Set when a recomputation was held back.
    private(set) var owed = false

    /// Whether to recompute now; notes that one is owed when not.
    mutating func allows(force: Bool) -> Bool {
        guard !force, let lastStart else { return true }
        let allowed = ContinuousClock.now - lastStart >= lastCost * share
        owed = !allowed
        return allowed
    }

    /// Runs the recomputation, timing it.
    @discardableResult
    mutating func measure<T>(_ body: () -> T) -> T {
        let start = ContinuousClock.now
        defer {
            lastStart = start
            lastCost = ContinuousClock.now - start
            owed = false
        }
        return body()
    }
}
