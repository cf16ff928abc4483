// The resting quantity at one price: a level lookup by price rather than by rank.

extension MatchingEngine {
    /// The level of `side` of `symbol` at `price`: its total open quantity and number of
    /// orders, or `nil` when no order of that side rests there (also for an unknown symbol,
    /// or a price outside the book's ladder window, where nothing can rest).
    ///
    /// A price holds bids or asks, never both (the book never rests crossed), so asking for
    /// the other side of a live level is `nil` too.
    ///
    /// - Complexity: O(1): one ladder load and one level record.
    @inlinable @_noAllocation
    public func level(_ symbol: SymbolID, side: Side, price: Price) -> BookLevel? {
        guard isKnown(symbol) else { return nil }
        let slot = book(Int(symbol.index)).pointee.ladder.level(at: price.ticks)
        if slot < 0 { return nil }
        let level = levels.record(slot)
        if level.pointee.side != side { return nil }
        return BookLevel(price: price, quantity: Quantity(lots: level.pointee.totalQuantity),
                         orderCount: level.pointee.orderCount)
    }
}
