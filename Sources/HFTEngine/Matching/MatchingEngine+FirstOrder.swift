extension MatchingEngine {
    /// The id of the first order in time priority at the best price of `side` of `symbol`
    /// (the order the next opposite taker would meet first), or `nil` if that side is
    /// empty. A kill switch cancels a book by taking this order until both sides are empty.
    ///
    /// - Complexity: O(1).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public func firstOrderId(_ symbol: SymbolID, side: Side) -> Int64? {
        guard isKnown(symbol) else { return nil }
        let book = self.book(Int(symbol.index))
        let i = side == .buy ? book.pointee.ladder.bestBidIndex : book.pointee.ladder.bestAskIndex
        if i < 0 { return nil }
        let slot = book.pointee.ladder.level(at: book.pointee.ladder.price(at: i))
        if slot < 0 { return nil }
        let head = levels.record(slot).pointee.head
        if head < 0 { return nil }
        return orders.record(head).pointee.id
    }
}
