// Cancel.

extension MatchingEngine {
    /// Cancels the live order `orderId`: `CANCELED <id> <remaining>`, or
    /// `REJECTED <id> UNKNOWN_ORDER` if no live order has the id (never seen, or already
    /// filled, canceled or expired). Cancels are allowed while the symbol is halted.
    ///
    /// A cancel needs one free entry in `events`: when the buffer is full the cancel does
    /// not happen and its (unwritable) `REJECTED <id> CAPACITY` is counted in
    /// ``EventBuffer/droppedCount``.
    ///
    /// - Complexity: O(1) (one index lookup, an unlink from the level's FIFO), plus
    ///   O(log64 ladder) if the best level empties.
    @_noAllocation
    public mutating func cancel(orderId: Int64, into events: inout EventBuffer) {
        let slot = orderIndex.find(orderId)
        guard let slot, events.remainingCapacity > 0 else {
            events.append(ExecutionEvent(
                kind: .rejected, code: (slot == nil ? RejectReason.unknownOrder : .capacity).code, side: .buy,
                symbol: SymbolID(-1), orderId: orderId, account: 0, price: Price(ticks: 0), quantity: Quantity(lots: 0)))
            return
        }
        let order = orders.record(slot)
        events.append(ExecutionEvent(
            kind: .canceled, side: order.pointee.side, flags: order.pointee.flags,
            symbol: order.pointee.symbol, orderId: orderId, account: order.pointee.account,
            price: Price(ticks: order.pointee.price), quantity: Quantity(lots: order.pointee.remaining)))
        unlink(slot, book: book(Int(order.pointee.symbol.index)))
        retire(slot)
    }
}

extension MatchingEngine {
    /// Removes every resting order of every symbol without writing events (a reset for
    /// tools and benchmarks; symbols, reference prices and halts stay). Cold path: it
    /// allocates a list of the live slots.
    ///
    /// - Complexity: O(index capacity + resting orders).
    public mutating func removeAllOrders() {
        var slots: [Int32] = []
        slots.reserveCapacity(orderIndex.count)
        orderIndex.forEach { _, slot in slots.append(slot) }
        for slot in slots {
            unlink(slot, book: book(Int(orders.record(slot).pointee.symbol.index)))
            retire(slot)
        }
    }
}

extension MatchingEngine {
    /// Empties every book at once, without events, and restores the pools' fresh hand-out
    /// order, so that the engine behaves exactly as a newly built one with the same symbols
    /// (reference prices and halts stay). For benchmarks and tools that rerun a workload.
    ///
    /// - Complexity: O(order capacity + level capacity + live levels): a ladder clears only
    ///   the entries of its live levels, so pages never touched stay untouched (pages
    ///   touched before stay resident, holding zeros).
    public mutating func reset() {
        orders.slots.releaseAll()
        levels.slots.releaseAll()
        orderIndex.removeAll()
        for s in 0..<symbolCount {
            book(s).pointee.ladder.removeAll()
            book(s).pointee.lastTradePrice = 0
            book(s).pointee.lastTradeQuantity = 0
            book(s).pointee.tradeCount = 0
        }
    }
}
