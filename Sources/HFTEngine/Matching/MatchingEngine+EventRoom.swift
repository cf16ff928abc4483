// Room in the caller's EventBuffer: a command runs only if all its events fit.

extension MatchingEngine {
    /// The events a submit or amend writes besides one per maker it meets: `ACCEPTED` or
    /// `AMENDED`, and at most one expiry of the order itself.
    @inlinable
    static var eventsPerCommandBesideMakers: Int { @_noAllocation get { 2 } }

    /// True if the events of a command fit in the `free` entries left in the caller's
    /// buffer: ``eventsPerCommandBesideMakers`` plus one event (`TRADE` or an STP
    /// `EXPIRED`) per maker that an order of `side` for `quantity` up to `limit` would
    /// meet now with its STP mode.
    ///
    /// The engine asks this before it changes anything, and rejects the command with
    /// `CAPACITY` when it is false, so a full buffer never loses a trade: the state and the
    /// events the caller sees always agree.
    ///
    /// Two O(1) bounds answer almost every call: no more makers than resting orders, and
    /// (except with STP `expireMaker`, whose own makers expire without filling anything)
    /// no more than one maker per lot the order needs, since every maker fills at least
    /// one lot (an `expireBoth` own maker ends the match, after fewer than `quantity`
    /// others). Only when both exceed the room is the book walked.
    ///
    /// - Complexity: O(1) when `free` exceeds the resting orders or the quantity;
    ///   otherwise O(levels the order reaches) without STP (level totals and counts), or
    ///   O(makers visited) with STP or when the last level's count exceeds the room: at
    ///   most the work the match itself would do, and never more than `free` makers.
    @inlinable @inline(__always) @_noAllocation
    func eventsFit(
        book: UnsafeMutablePointer<OrderBook>, side: Side, limit: Int64, quantity: Int64, account: Int64,
        selfTradePrevention: SelfTradePrevention, free: Int
    ) -> Bool {
        let budget = free &- MatchingEngine.eventsPerCommandBesideMakers
        if budget < 0 { return false }
        if budget >= orders.liveCount { return true }
        if selfTradePrevention != .expireMaker && Int64(budget) >= quantity { return true }
        return makersFit(book: book, side: side, limit: limit, quantity: quantity, account: account,
                         selfTradePrevention: selfTradePrevention, budget: budget)
    }

    /// The walk of ``eventsFit(book:side:limit:quantity:account:selfTradePrevention:free:)``:
    /// true if the makers the order would meet now number at most `budget`.
    @usableFromInline @_noAllocation
    func makersFit(
        book: UnsafeMutablePointer<OrderBook>, side: Side, limit: Int64, quantity: Int64, account: Int64,
        selfTradePrevention: SelfTradePrevention, budget: Int
    ) -> Bool {
        var budget = budget
        var needed = quantity
        var reachable = ReachableLevels(book: book, side: side, limit: limit)
        while let levelSlot = reachable.next() {
            let level = levels.record(levelSlot)
            let orderCount = Int(level.pointee.orderCount)
            if selfTradePrevention == .none && level.pointee.totalQuantity < needed {
                // The whole level trades: one event per order.
                if orderCount > budget { return false }
                budget &-= orderCount
                needed &-= level.pointee.totalQuantity
            } else if selfTradePrevention == .none && min(orderCount, Int(truncatingIfNeeded: needed)) <= budget {
                // The taker ends in this level, after at most one maker per lot it needs.
                return true
            } else {
                var slot = level.pointee.head
                while slot >= 0 {
                    if budget == 0 { return false }
                    budget &-= 1
                    let maker = orders.record(slot)
                    if selfTradePrevention != .none && maker.pointee.account == account {
                        // expireTaker writes no maker event but stops; the charge above is spare.
                        if selfTradePrevention != .expireMaker { return true }
                    } else {
                        needed &-= maker.pointee.remaining
                        if needed <= 0 { return true }
                    }
                    slot = orders.next(slot)
                }
            }
        }
        return true
    }
}
