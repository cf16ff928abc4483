// Cancel.

extension MatchingEngine {
    /// Cancels the live order `orderId`: `CANCELED <id> <remaining>`, or
    /// `REJECTED <id> UNKNOWN_ORDER` if no live order has the id (never seen, or already
    /// filled, canceled or expired). Cancels are allowed while the symbol is halted.
    ///
    /// - Complexity: O(1) (one index lookup, an unlink from the level's FIFO), plus
    ///   O(log64 ladder) if the best level empties.
    @_noAllocation
    public mutating func cancel(orderId: Int64, into events: inout EventBuffer) {
        guard let slot = orderIndex.find(orderId) else {
            events.append(ExecutionEvent(
                kind: .rejected, code: RejectReason.unknownOrder.code, side: .buy,
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
