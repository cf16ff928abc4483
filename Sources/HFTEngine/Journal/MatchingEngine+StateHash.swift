extension MatchingEngine {
    /// Feeds the whole matching state to `hasher` in a canonical order: the capacities;
    /// then per symbol (in index order) its trading rules (ladder size, notional scale,
    /// maximum notional, band; the engine keeps no names), reference price, halt, last
    /// trade, trade count and ladder window; then its resting orders in priority order
    /// (bids best first, then asks; FIFO inside a level) with every field a later command
    /// can observe. Pool slots and hash-table layout are not fed, so two engines holding
    /// the same books hash alike however they got there.
    ///
    /// - Complexity: O(symbols + resting orders). Allocates (per-side order arrays): a
    ///   query for tools, tests and recovery checks, not for the hot path.
    public func stateHash(into hasher: inout StateHasher) {
        hasher.combine(Int64(configuration.maxOrders))
        hasher.combine(Int64(configuration.maxPriceLevels))
        hasher.combine(Int64(configuration.maxSymbols))
        hasher.combine(Int64(symbolCount))
        for s in 0..<symbolCount {
            let book = self.book(s)
            hasher.combine(Int64(book.pointee.ladder.size))
            hasher.combine(book.pointee.notionalScale.moneyPerTickLot)
            hasher.combine(book.pointee.maxNotional)
            hasher.combine(book.pointee.bandPartsPerMillion)
            hasher.combine(book.pointee.referencePrice)
            hasher.combine(book.pointee.halted)
            hasher.combine(book.pointee.lastTradePrice)
            hasher.combine(book.pointee.lastTradeQuantity)
            hasher.combine(book.pointee.tradeCount)
            hasher.combine(book.pointee.ladder.base)
            for side in [Side.buy, Side.sell] {
                let orders = restingOrders(SymbolID(Int32(s)), side: side)
                hasher.combine(Int64(orders.count))
                for o in orders {
                    hasher.combine(o.id)
                    hasher.combine(o.account)
                    hasher.combine(o.price)
                    hasher.combine(o.remaining)
                    hasher.combine(Int64(o.side.rawValue) | Int64(o.timeInForce.rawValue) << 8
                                   | Int64(o.selfTradePrevention.rawValue) << 16 | Int64(o.flags.rawValue) << 24)
                }
            }
        }
    }
}
