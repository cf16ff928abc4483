// The matcher: a taker against the opposite side of one book.

extension MatchingEngine {
    /// Matches a taker against the opposite side, best level first and FIFO inside a level,
    /// while it has quantity left and the best opposite price is within `limit`
    /// (`Int64.max`/`.min` for market orders). Trades print at the maker's price. Fully
    /// filled makers leave the book; an emptied level vanishes at once.
    ///
    /// Returns true if self-trade prevention stopped the taker (`expireTaker`,
    /// `expireBoth`); the caller then expires the taker's remainder.
    ///
    /// Finished makers leave the id index in batches, newest first (see
    /// ``retirePending(_:)``), before this function returns.
    ///
    /// - Complexity: O(1) per maker met plus O(log64 ladder) per level emptied.
    @inlinable @_noAllocation
    mutating func match(
        book: UnsafeMutablePointer<OrderBook>, takerId: Int64, account: Int64, side: Side,
        limit: Int64, selfTradePrevention: SelfTradePrevention, remaining: inout Int64,
        into events: inout EventBuffer
    ) -> Bool {
        var pending = 0
        let stopped = matchLevels(
            book: book, takerId: takerId, account: account, side: side, limit: limit,
            selfTradePrevention: selfTradePrevention, remaining: &remaining, pending: &pending, into: &events)
        retirePending(pending)
        return stopped
    }

    /// Retires the `count` makers collected in `retireScratch`, last collected first.
    ///
    /// Makers fill in FIFO order, which for one sender is increasing id order; the id
    /// index keeps consecutive ids in consecutive entries, and removing the highest of a
    /// run first keeps each deletion's backward shift short (removing the lowest first
    /// would rescan the rest of the run every time). Slots stay allocated until here, so
    /// nothing can reuse them while the matcher still walks the book.
    @inlinable @inline(__always) @_noAllocation
    mutating func retirePending(_ count: Int) {
        var j = count
        while j > 0 {
            j &-= 1
            retire(retireScratch[j])
        }
    }

    @inlinable @inline(__always) @_noAllocation
    mutating func deferRetire(_ slot: Int32, pending: inout Int) {
        if pending == MatchingEngine.retireScratchCapacity {
            retirePending(pending)
            pending = 0
        }
        retireScratch[pending] = slot
        pending &+= 1
    }

    /// The loop of ``match(book:takerId:account:side:limit:selfTradePrevention:remaining:into:)``.
    ///
    /// A level's FIFO is walked with its head, order count and open quantity in locals and
    /// written back once when the taker leaves the level (the makers it passed are retired
    /// anyway, so only the new head's back link is cleared); the book's last trade and
    /// trade count are written once per command. Per filled maker this leaves its record
    /// read, one event written and the retirement.
    @inlinable @_noAllocation
    mutating func matchLevels(
        book: UnsafeMutablePointer<OrderBook>, takerId: Int64, account: Int64, side: Side,
        limit: Int64, selfTradePrevention: SelfTradePrevention, remaining: inout Int64,
        pending: inout Int, into events: inout EventBuffer
    ) -> Bool {
        let makerSide = side.opposite
        let symbol = book.pointee.symbol
        var fills: Int64 = 0
        var lastPrice: Int64 = 0, lastQuantity: Int64 = 0
        defer {
            if fills > 0 {
                book.pointee.lastTradePrice = lastPrice
                book.pointee.lastTradeQuantity = lastQuantity
                book.pointee.tradeCount &+= fills
            }
        }
        while remaining > 0 {
            let i = side == .buy ? book.pointee.ladder.bestAskIndex : book.pointee.ladder.bestBidIndex
            if i < 0 { return false }
            let levelPrice = book.pointee.ladder.price(at: i)
            if side == .buy ? levelPrice > limit : levelPrice < limit { return false }
            let levelSlot = book.pointee.ladder.slot(at: i)
            let level = levels.record(levelSlot)
            var makerSlot = level.pointee.head
            var orderCount = level.pointee.orderCount
            var totalQuantity = level.pointee.totalQuantity
            var stopped = false
            while makerSlot >= 0 {
                let maker = orders.record(makerSlot)
                let next = orders.next(makerSlot)
                let makerRemaining = maker.pointee.remaining
                if selfTradePrevention != .none && maker.pointee.account == account {
                    if selfTradePrevention == .expireTaker {
                        stopped = true
                        break
                    }
                    events.append(ExecutionEvent(
                        kind: .expired, code: ExpireReason.selfTrade.code, side: makerSide,
                        flags: maker.pointee.flags, symbol: symbol, orderId: maker.pointee.id,
                        account: maker.pointee.account, price: Price(ticks: levelPrice),
                        quantity: Quantity(lots: makerRemaining)))
                    totalQuantity &-= makerRemaining
                    orderCount &-= 1
                    deferRetire(makerSlot, pending: &pending)
                    makerSlot = next
                    if selfTradePrevention == .expireBoth {
                        stopped = true
                        break
                    }
                    continue
                }
                let traded = min(makerRemaining, remaining)
                let makerLeft = makerRemaining &- traded
                remaining &-= traded
                totalQuantity &-= traded
                events.append(ExecutionEvent(
                    kind: .trade, side: side, symbol: symbol, orderId: takerId, account: account,
                    counterOrderId: maker.pointee.id, counterAccount: maker.pointee.account,
                    price: Price(ticks: levelPrice), quantity: Quantity(lots: traded),
                    leaves: Quantity(lots: makerLeft)))
                fills &+= 1
                lastPrice = levelPrice
                lastQuantity = traded
                if makerLeft == 0 {
                    orderCount &-= 1
                    deferRetire(makerSlot, pending: &pending)
                    makerSlot = next
                } else {
                    maker.pointee.remaining = makerLeft
                }
                if remaining == 0 { break }
            }
            // Write the level back: `makerSlot` is its new head (-1 if it emptied).
            level.pointee.head = makerSlot
            if makerSlot >= 0 {
                orders.setPrevious(makerSlot, -1)
            } else {
                level.pointee.tail = -1
            }
            level.pointee.orderCount = orderCount
            level.pointee.totalQuantity = totalQuantity
            if orderCount == 0 {
                book.pointee.ladder.removeLevel(at: i, side: makerSide)
                levels.release(levelSlot)
            }
            if stopped { return true }
        }
        return false
    }

    /// True if a taker could fill `quantity` completely right now: the liquidity within
    /// `limit` that its STP mode would really trade with. With `expireMaker` the taker's
    /// own orders are skipped; with `expireTaker`/`expireBoth` matching would stop at the
    /// first of them, so only what comes before it counts.
    ///
    /// - Complexity: O(levels visited) with STP `none` (level totals), otherwise O(orders visited).
    @inlinable @_noAllocation
    func canFill(
        book: UnsafeMutablePointer<OrderBook>, side: Side, limit: Int64, account: Int64,
        selfTradePrevention: SelfTradePrevention, quantity: Int64
    ) -> Bool {
        var needed = quantity
        var reachable = ReachableLevels(book: book, side: side, limit: limit)
        while let levelSlot = reachable.next() {
            let level = levels.record(levelSlot)
            if selfTradePrevention == .none {
                needed &-= level.pointee.totalQuantity
                if needed <= 0 { return true }
            } else {
                var slot = level.pointee.head
                while slot >= 0 {
                    let maker = orders.record(slot)
                    if maker.pointee.account == account {
                        if selfTradePrevention != .expireMaker { return false }
                    } else {
                        needed &-= maker.pointee.remaining
                        if needed <= 0 { return true }
                    }
                    slot = orders.next(slot)
                }
            }
        }
        return false
    }
}
