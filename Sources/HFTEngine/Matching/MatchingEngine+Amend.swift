// Amend (cancel/replace with the priority rules of the spec).

extension MatchingEngine {
    /// Sets the price and remaining quantity of the live order `orderId`.
    ///
    /// Checks, in order: `UNKNOWN_ORDER`, `HALTED`, `BAD_QTY` (≤ 0), `BAD_PRICE` (≤ 0),
    /// `PRICE_BAND`, `MAX_NOTIONAL`, then for a price change `PRICE_BAND` (ladder) and
    /// `CAPACITY` (a new level is needed and none is free, counting the level the order
    /// leaves if it was alone there, or the target level's open quantity would exceed
    /// `Int64.max` lots), and last `CAPACITY` when the events the amend can cause do not
    /// all fit in `events` (as for ``submit(_:into:)``). A reject changes nothing.
    ///
    /// - Same price and a quantity not larger than the remaining: the order keeps its
    ///   place; `AMENDED <id> <price> <qty>`.
    /// - Otherwise `AMENDED`, and the order goes to the back of the queue at its (new)
    ///   price. If that price crosses the book, a `POST_ONLY` order expires
    ///   (`EXPIRED <id> POST_ONLY <qty>`); any other order first matches as a taker (with
    ///   its own STP mode) and rests with what is left.
    ///
    /// - Complexity: O(1) plus the matching it causes.
    @_noAllocation
    public mutating func amend(orderId: Int64, price newPrice: Price, quantity newQuantity: Quantity,
                               into events: inout EventBuffer) {
        guard let slot = orderIndex.find(orderId) else {
            events.append(ExecutionEvent(
                kind: .rejected, code: RejectReason.unknownOrder.code, side: .buy,
                symbol: SymbolID(-1), orderId: orderId, account: 0, price: newPrice, quantity: newQuantity))
            return
        }
        let order = orders.record(slot)
        let book = self.book(Int(order.pointee.symbol.index))
        if let reason = validateAmend(slot: slot, book: book, price: newPrice.ticks, quantity: newQuantity.lots,
                                      eventRoom: events.remainingCapacity) {
            events.append(ExecutionEvent(
                kind: .rejected, code: reason.code, side: order.pointee.side, flags: order.pointee.flags,
                symbol: order.pointee.symbol, orderId: orderId, account: order.pointee.account,
                price: newPrice, quantity: newQuantity))
            return
        }
        let oldPrice = order.pointee.price
        let oldRemaining = order.pointee.remaining
        let amended = ExecutionEvent(
            kind: .amended, side: order.pointee.side, flags: order.pointee.flags, symbol: order.pointee.symbol,
            orderId: orderId, account: order.pointee.account, counterOrderId: oldPrice,
            counterAccount: oldRemaining, price: newPrice, quantity: newQuantity, leaves: newQuantity)

        if newPrice.ticks == oldPrice && newQuantity.lots <= oldRemaining {
            // Keeps its place in the queue.
            levels.record(order.pointee.level).pointee.totalQuantity &-= oldRemaining &- newQuantity.lots
            order.pointee.remaining = newQuantity.lots
            events.append(amended)
            return
        }

        // Loses priority: out of its level, then back in at the tail (after matching if it crosses).
        unlink(slot, book: book)
        events.append(amended)
        order.pointee.price = newPrice.ticks
        order.pointee.remaining = newQuantity.lots
        let side = order.pointee.side
        if crosses(book, side: side, price: newPrice.ticks) {
            if order.pointee.timeInForce == .postOnly {
                events.append(ExecutionEvent(
                    kind: .expired, code: ExpireReason.postOnly.code, side: side, flags: order.pointee.flags,
                    symbol: order.pointee.symbol, orderId: orderId, account: order.pointee.account,
                    price: newPrice, quantity: newQuantity))
                retire(slot)
                return
            }
            var remaining = newQuantity.lots
            let stopped = match(
                book: book, takerId: orderId, account: order.pointee.account, side: side,
                limit: newPrice.ticks, selfTradePrevention: order.pointee.selfTradePrevention,
                remaining: &remaining, into: &events)
            if stopped {
                events.append(ExecutionEvent(
                    kind: .expired, code: ExpireReason.selfTrade.code, side: side, flags: order.pointee.flags,
                    symbol: order.pointee.symbol, orderId: orderId, account: order.pointee.account,
                    price: newPrice, quantity: Quantity(lots: remaining)))
                retire(slot)
                return
            }
            if remaining == 0 {
                retire(slot)
                return
            }
            order.pointee.remaining = remaining
        }
        link(slot, book: book)
    }

    /// ``validateAmend(slot:book:price:quantity:)``, then `CAPACITY` if the events the amend
    /// can cause do not fit in the `eventRoom` entries left in the caller's buffer.
    @inlinable @inline(__always) @_noAllocation
    mutating func validateAmend(slot: Int32, book: UnsafeMutablePointer<OrderBook>, price: Int64,
                                quantity: Int64, eventRoom: Int) -> RejectReason? {
        if let reason = validateAmend(slot: slot, book: book, price: price, quantity: quantity) { return reason }
        let order = orders.record(slot)
        let fits = eventsFit(
            book: book, side: order.pointee.side, limit: price, quantity: quantity, account: order.pointee.account,
            selfTradePrevention: order.pointee.selfTradePrevention, free: eventRoom)
        return fits ? nil : .capacity
    }

    /// The first reason to refuse an amend of the live order in `slot`, or `nil`. May move
    /// the book's ladder window (which changes no order and no event).
    @inlinable @inline(__always) @_noAllocation
    mutating func validateAmend(slot: Int32, book: UnsafeMutablePointer<OrderBook>, price: Int64,
                                quantity: Int64) -> RejectReason? {
        guard !book.pointee.halted else { return .halted }
        guard quantity > 0 else { return .badQuantity }
        guard price > 0 else { return .badPrice }
        guard book.pointee.isInBand(price) else { return .priceBand }
        guard book.pointee.isNotionalAllowed(price: price, quantity: quantity) else { return .maxNotional }
        let order = orders.record(slot)
        var target = order.pointee.level  // the level the order joins, if it exists already
        if price != order.pointee.price {
            guard book.pointee.ladder.makeRoom(for: price, levels: levels) else { return .priceBand }
            let existing = book.pointee.ladder.level(at: price)
            let needsLevel = existing < 0 || levels.record(existing).pointee.side != order.pointee.side
            let leavesLevel = levels.record(order.pointee.level).pointee.orderCount == 1
            if needsLevel && levels.availableCount == 0 && !leavesLevel { return .capacity }
            target = needsLevel ? -1 : existing
        }
        if target >= 0 {
            let own = target == order.pointee.level ? order.pointee.remaining : 0
            let others = levels.record(target).pointee.totalQuantity &- own
            if others > .max &- quantity { return .capacity }  // the level's open quantity would pass Int64.max lots
        }
        return nil
    }
}
