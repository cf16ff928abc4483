// New orders: validation at the edge, acceptance, matching, resting or expiry.

extension MatchingEngine {
    /// Submits a new order and writes its events into `events`.
    ///
    /// Checks, in this order (the first failure is the `REJECTED` reason and nothing else
    /// happens): `UNKNOWN_SYMBOL`, `BAD_ORDER_ID` (id ≤ 0), `DUPLICATE_ORDER_ID` (a live
    /// order has the id), `BAD_QTY` (≤ 0), `HALTED`; for `MARKET`: `BAD_TIF` (`POST_ONLY`);
    /// for `LIMIT`: `BAD_PRICE` (≤ 0), `PRICE_BAND`, `MAX_NOTIONAL`, and for orders that may
    /// rest (`GTC`, `POST_ONLY`) `CAPACITY` (no free order slot) and `PRICE_BAND` (too far
    /// from the live book for the ladder) and `CAPACITY` (a new level is needed and none is
    /// free, or the level's total open quantity would exceed `Int64.max` lots). Capacity is checked before matching, so an order that could rest only after
    /// its trades free a level is still rejected: conservative and deterministic.
    ///
    /// Then: `ACCEPTED`; a `POST_ONLY` order that would take liquidity expires; an `FOK`
    /// order that cannot fill completely (counting only makers its STP mode would really
    /// trade with) expires whole without trading; otherwise the order matches in
    /// price-time priority (`TRADE` at each maker's price, STP expiries where they are met),
    /// and its remainder rests (`GTC`) or expires (`IOC`, `MARKET`, STP).
    ///
    /// - Complexity: O(1) plus O(1) per maker met, plus O(log64 ladder) per level emptied.
    ///
    /// Last check, `CAPACITY` for the event buffer: the order runs only if every event it
    /// can cause fits in `events` (see ``eventsFit(book:side:limit:quantity:account:selfTradePrevention:free:)``).
    /// When the buffer is completely full even the reject cannot be written: it is counted
    /// in ``EventBuffer/droppedCount`` and, as for every reject, nothing else happens.
    @_noAllocation
    public mutating func submit(_ request: OrderRequest, into events: inout EventBuffer) {
        if let reason = validate(request, eventRoom: events.remainingCapacity) {
            reject(request, reason, into: &events)
            return
        }
        submitValid(request, into: &events)
    }

    /// ``submit(_:into:)`` for a request that already passed ``validate(_:)`` in this
    /// state of the book (``RiskGate`` validates before its pre-trade check; the check may
    /// only lower the quantity, which every rule of ``validate(_:)`` still accepts): only
    /// the event-buffer `CAPACITY` check runs again, then the order.
    @_noAllocation
    mutating func submitValidated(_ request: OrderRequest, into events: inout EventBuffer) {
        let fits = eventsFit(
            book: book(Int(request.symbol.index)), side: request.side, limit: MatchingEngine.limit(of: request),
            quantity: request.quantity.lots, account: request.account,
            selfTradePrevention: request.selfTradePrevention, free: events.remainingCapacity)
        guard fits else {
            reject(request, .capacity, into: &events)
            return
        }
        submitValid(request, into: &events)
    }

    /// The `REJECTED` event of a new order.
    @inlinable @inline(__always) @_noAllocation
    func reject(_ request: OrderRequest, _ reason: RejectReason, into events: inout EventBuffer) {
        events.append(ExecutionEvent(
            kind: .rejected, code: reason.code, side: request.side, flags: request.flags,
            symbol: request.symbol, orderId: request.id, account: request.account,
            price: request.price, quantity: request.quantity))
    }

    /// Accepts, matches and rests or expires a valid request (the body of ``submit(_:into:)``).
    @inline(__always) @_noAllocation
    mutating func submitValid(_ request: OrderRequest, into events: inout EventBuffer) {
        let book = self.book(Int(request.symbol.index))
        let isMarket = request.type == .market
        let price: Int64 = isMarket ? 0 : request.price.ticks
        let limit = MatchingEngine.limit(of: request)
        events.append(ExecutionEvent(
            kind: .accepted, side: request.side, flags: request.flags, symbol: request.symbol,
            orderId: request.id, account: request.account, price: Price(ticks: price),
            quantity: request.quantity, leaves: request.quantity))
        var remaining = request.quantity.lots

        switch request.timeInForce {
        case .postOnly:
            if crosses(book, side: request.side, price: limit) {
                expire(request, price: price, quantity: remaining, reason: .postOnly, into: &events)
                return
            }
        case .fok:
            if !canFill(book: book, side: request.side, limit: limit, account: request.account,
                        selfTradePrevention: request.selfTradePrevention, quantity: remaining) {
                expire(request, price: price, quantity: remaining, reason: .fok, into: &events)
                return
            }
        case .gtc, .ioc:
            break
        }

        if crosses(book, side: request.side, price: limit) {
            let stoppedBySelfTrade = match(
                book: book, takerId: request.id, account: request.account, side: request.side,
                limit: limit, selfTradePrevention: request.selfTradePrevention,
                remaining: &remaining, into: &events)
            if stoppedBySelfTrade {
                expire(request, price: price, quantity: remaining, reason: .selfTrade, into: &events)
                return
            }
        }
        if remaining == 0 { return }
        if isMarket {
            expire(request, price: price, quantity: remaining,
                   reason: request.timeInForce == .fok ? .fok : .market, into: &events)
            return
        }
        switch request.timeInForce {
        case .gtc, .postOnly:
            rest(request, remaining: remaining, book: book)
        case .ioc:
            expire(request, price: price, quantity: remaining, reason: .ioc, into: &events)
        case .fok:
            expire(request, price: price, quantity: remaining, reason: .fok, into: &events)
        }
    }

    /// The first reason to refuse `request` when `eventRoom` events still fit in the
    /// caller's buffer, or `nil`: ``validate(_:)``, then `CAPACITY` if the events the
    /// order can cause do not fit.
    @inlinable @inline(__always) @_noAllocation
    mutating func validate(_ request: OrderRequest, eventRoom: Int) -> RejectReason? {
        if let reason = validate(request) { return reason }
        let fits = eventsFit(
            book: book(Int(request.symbol.index)), side: request.side, limit: MatchingEngine.limit(of: request),
            quantity: request.quantity.lots, account: request.account,
            selfTradePrevention: request.selfTradePrevention, free: eventRoom)
        return fits ? nil : .capacity
    }

    /// The worst price a request trades at: its limit, or the end of the book for a market order.
    @inlinable @inline(__always) @_noAllocation
    static func limit(of request: OrderRequest) -> Int64 {
        request.type == .market ? (request.side == .buy ? .max : .min) : request.price.ticks
    }

    /// The first reason to refuse `request` from the book's state, or `nil`. May move the
    /// book's ladder window (which changes no order and no event).
    @inlinable @inline(__always) @_noAllocation
    mutating func validate(_ request: OrderRequest) -> RejectReason? {
        guard isKnown(request.symbol) else { return .unknownSymbol }
        guard request.id > 0 else { return .badOrderId }
        guard !orderIndex.contains(request.id) else { return .duplicateOrderId }
        guard request.quantity.lots > 0 else { return .badQuantity }
        let book = self.book(Int(request.symbol.index))
        guard !book.pointee.halted else { return .halted }
        if request.type == .market {
            return request.timeInForce == .postOnly ? .badTimeInForce : nil
        }
        let price = request.price.ticks
        guard price > 0 else { return .badPrice }
        guard book.pointee.isInBand(price) else { return .priceBand }
        guard book.pointee.isNotionalAllowed(price: price, quantity: request.quantity.lots) else {
            return .maxNotional
        }
        if request.timeInForce == .gtc || request.timeInForce == .postOnly {
            guard orders.availableCount > 0 else { return .capacity }
            guard book.pointee.ladder.makeRoom(for: price, levels: levels) else { return .priceBand }
            let existing = book.pointee.ladder.level(at: price)
            if existing < 0 {
                if levels.availableCount == 0 { return .capacity }
            } else if levels.record(existing).pointee.side == request.side
                        && levels.record(existing).pointee.totalQuantity > .max &- request.quantity.lots {
                return .capacity  // the level's open quantity would pass Int64.max lots
            }
        }
        return nil
    }

    /// Puts the remainder of an accepted limit order into the book.
    @inlinable @inline(__always) @_noAllocation
    mutating func rest(_ request: OrderRequest, remaining: Int64, book: UnsafeMutablePointer<OrderBook>) {
        guard let slot = orders.acquire() else { preconditionFailure("MatchingEngine: order capacity unchecked") }
        orders.record(slot).initialize(to: OrderRecord(
            id: request.id, account: request.account, price: request.price.ticks, remaining: remaining,
            level: -1, symbol: request.symbol, side: request.side,
            timeInForce: request.timeInForce, selfTradePrevention: request.selfTradePrevention,
            flags: request.flags))
        do {
            try orderIndex.insert(request.id, slot)
        } catch {
            preconditionFailure("MatchingEngine: order index out of step with the pool")
        }
        link(slot, book: book)
    }

    @inlinable @inline(__always) @_noAllocation
    func expire(_ request: OrderRequest, price: Int64, quantity: Int64, reason: ExpireReason,
                into events: inout EventBuffer) {
        events.append(ExecutionEvent(
            kind: .expired, code: reason.code, side: request.side, flags: request.flags,
            symbol: request.symbol, orderId: request.id, account: request.account,
            price: Price(ticks: price), quantity: Quantity(lots: quantity)))
    }
}
