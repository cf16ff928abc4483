/// The risk layer in front of a ``MatchingEngine``: every order passes the pre-trade check
/// of a ``RiskCore`` before it reaches the book, and every event the book produces is
/// applied to the risk state (trades cleared, reservations released on fill, cancel and
/// expiry).
///
/// Stateless: the caller owns both engines and the event buffer and passes them `inout`
/// (the matching engine keeps its own halts, bands and capacities; the risk core its
/// accounts, positions and marks). The two must use the same symbol indices
/// (`SymbolID.index` = risk symbol). Risk rejects are written as `REJECTED` events with
/// the matching ``RejectReason`` (`INSUFFICIENT_MARGIN`, `REDUCE_ONLY`, `LEVERAGE`,
/// `TOO_MANY_ORDERS`, `PRICE_BAND`, `HALTED`, `UNKNOWN_ACCOUNT`, ...).
///
/// A request the book would refuse anyway (unknown symbol, bad id, duplicate id, bad
/// quantity or price, halt, band, capacity) goes straight to the book, so those reasons
/// are the book's, in the book's order.
///
/// - Complexity: O(1) per command plus O(1) per event.
/// - Memory: none of its own.
public enum RiskGate {
    /// The `REJECTED` reason for a risk reject.
    @inlinable @inline(__always)
    public static func rejectReason(_ reject: RiskReject) -> RejectReason {
        switch reject {
        case .halted: .halted
        case .priceBand: .priceBand
        case .badQuantity: .badQuantity
        case .tooManyOrders: .tooManyOrders
        case .reduceOnly: .reduceOnly
        case .leverage: .leverage
        case .insufficientMargin, .badAmount, .marginMode: .insufficientMargin
        case .unknownSymbol: .unknownSymbol
        case .unknownAccount: .unknownAccount
        case .capacity: .capacity
        case .duplicateOrderId: .duplicateOrderId
        }
    }

    /// Submits a new order: book validation, pre-trade check and reservation, then the
    /// book; its events are applied to the risk state. A market order is valued for margin
    /// at the worse of the mark and the best opposite price (whichever exist; the last
    /// trade otherwise; one tick if the symbol has no price at all — nothing can fill then).
    #if !DEBUG
    @_noAllocation
    #endif
    public static func submit(_ request: OrderRequest, matching: inout MatchingEngine, risk: inout RiskCore,
                              into events: inout EventBuffer, clearings: UnsafeMutablePointer<TradeClearing>? = nil) {
        // A full buffer could not carry the book's reject of the admitted order, and its
        // reservation would never be released: the book refuses it unreserved instead
        // (counted in `events.droppedCount`, nothing runs).
        if events.remainingCapacity == 0 || matching.validate(request) != nil {
            matching.submit(request, into: &events)
            return
        }
        let symbol = Int(request.symbol.index)
        let isBuy = request.side == .buy
        var price = request.price.ticks
        let isMarket = request.type == .market
        if isMarket {
            let mark = risk.valuationPrice(symbol)
            let best = matching.bestLevel(request.symbol, side: isBuy ? .sell : .buy)?.price.ticks ?? 0
            price = isBuy ? max(mark, best) : (mark > 0 && best > 0 ? min(mark, best) : max(mark, best))
            if price <= 0 { price = 1 }
        }
        let order = PreTradeOrder(
            orderId: request.id, account: Int(truncatingIfNeeded: request.account), symbol: symbol, isBuy: isBuy,
            price: Price(ticks: price), quantity: request.quantity, isMarket: isMarket,
            reduceOnly: request.flags.contains(.reduceOnly), postOnly: request.timeInForce == .postOnly)
        let approval: PreTradeApproval
        var pending: PendingReservation
        do throws(RiskReject) {
            guard request.account >= 0 && request.account < Int64(risk.accounts.userCapacity) else { throw .unknownAccount }
            // The book's validation above refused a live id, so the reservation can wait:
            // it is recorded below only if the order rests.
            (approval, pending) = try risk.admitPending(order)
        } catch {
            events.append(ExecutionEvent(
                kind: .rejected, code: rejectReason(error).code, side: request.side, flags: request.flags,
                symbol: request.symbol, orderId: request.id, account: request.account,
                price: request.price, quantity: request.quantity))
            return
        }
        var admitted = request
        admitted.quantity = approval.quantity
        let start = events.count
        // `request` passed the book's validation above and admission only lowers the
        // quantity: the book skips its own (second) validation.
        matching.submitValidated(admitted, into: &events)
        // A passive order that rests untouched has one `ACCEPTED` event, which changes no
        // risk state: skip the walk (the common case of a resting order).
        if events.count != start &+ 1 || events.events[start].kind != .accepted {
            applyEvents(events, from: start, risk: &risk, newOrder: request.id, pending: &pending, clearings: clearings)
        }
        risk.recordPending(pending)
    }

    /// Cancels a live order; its reservation is released.
    #if !DEBUG
    @_noAllocation
    #endif
    public static func cancel(orderId: Int64, matching: inout MatchingEngine, risk: inout RiskCore,
                              into events: inout EventBuffer, clearings: UnsafeMutablePointer<TradeClearing>? = nil) {
        let start = events.count
        matching.cancel(orderId: orderId, into: &events)
        apply(events, from: start, risk: &risk, clearings: clearings)
    }

    /// Amends a live order. The new price and remaining quantity must be marginable with
    /// the order's current reservation credited (`INSUFFICIENT_MARGIN`, `LEVERAGE`,
    /// `PRICE_BAND` otherwise, and the order is unchanged); on `AMENDED` the reservation is
    /// replaced by the new one.
    #if !DEBUG
    @_noAllocation
    #endif
    public static func amend(orderId: Int64, price: Price, quantity: Quantity, matching: inout MatchingEngine,
                             risk: inout RiskCore, into events: inout EventBuffer,
                             clearings: UnsafeMutablePointer<TradeClearing>? = nil) {
        var reservation: Int64 = -1
        if let record = matching.order(orderId), quantity.lots > 0, price.ticks > 0 {
            let order = PreTradeOrder(
                orderId: orderId, account: Int(truncatingIfNeeded: record.account), symbol: Int(record.symbol.index),
                isBuy: record.side == .buy, price: price, quantity: quantity,
                reduceOnly: record.flags.contains(.reduceOnly), postOnly: record.timeInForce == .postOnly)
            do throws(RiskReject) {
                reservation = try risk.checkAmend(order).reservation.units
            } catch {
                events.append(ExecutionEvent(
                    kind: .rejected, code: rejectReason(error).code, side: record.side, flags: record.flags,
                    symbol: record.symbol, orderId: orderId, account: record.account, price: price, quantity: quantity))
                return
            }
        }
        let start = events.count
        matching.amend(orderId: orderId, price: price, quantity: quantity, into: &events)
        var i = start
        while i < events.count {
            let event = events.events[i]
            if event.kind == .amended && event.orderId == orderId && reservation >= 0 {
                risk.replaceReservation(orderId, lots: event.quantity.lots, reserved: reservation)
            }
            i &+= 1
        }
        apply(events, from: start, risk: &risk, clearings: clearings)
    }

    /// Applies the book's events `start ..< events.count` to the risk state: trades are
    /// cleared (maker and taker) and release the filled part of both reservations; an
    /// expiry or cancel releases the rest. A reject releases only when it refuses the
    /// admitted new order `newOrder` (a rejected cancel or amend leaves its live order as it
    /// was).
    ///
    /// With `clearings`, what clearing did to both sides of the trade at event index `i` is
    /// written to `clearings[i]` (zero for a trade the risk core refused), so that a caller
    /// can report fees and realized PnL; the buffer must hold `events.count` entries.
    #if !DEBUG
    @_noAllocation
    #endif
    public static func apply(_ events: borrowing EventBuffer, from start: Int, risk: inout RiskCore, newOrder: Int64 = 0,
                             clearings: UnsafeMutablePointer<TradeClearing>? = nil) {
        var none = PendingReservation.none
        applyEvents(events, from: start, risk: &risk, newOrder: newOrder, pending: &none, clearings: clearings)
    }

    /// ``apply(_:from:risk:newOrder:clearings:)`` with the new order's reservation in
    /// `pending` (``RiskCore/admitPending(_:)``) instead of the reservation map.
    #if !DEBUG
    @_noAllocation
    #endif
    static func applyEvents(_ events: borrowing EventBuffer, from start: Int, risk: inout RiskCore, newOrder: Int64,
                            pending: inout PendingReservation, clearings: UnsafeMutablePointer<TradeClearing>?) {
        var i = start
        while i < events.count {
            let event = events.events[i]
            switch event.kind {
            case .trade:
                var cleared = TradeClearing()
                var maker = PositionSlotHint.none
                do throws(RiskReject) {
                    let result = try risk.clearTrade(
                        symbol: Int(event.symbol.index), price: event.price, quantity: event.quantity,
                        makerAccount: Int(truncatingIfNeeded: event.counterAccount), makerIsBuyer: event.side == .sell,
                        takerAccount: Int(truncatingIfNeeded: event.account),
                        taker: pending.holds(event.orderId) ? pending.position : .none)
                    cleared = TradeClearing(maker: result.maker, taker: result.taker)
                    maker = result.makerSlot
                } catch {
                    // Admitted orders have their slots, so only BAD_AMOUNT can land here: a
                    // fill that would carry a balance or cost beyond 64 bits (far outside
                    // RiskLimits). The risk state is then unchanged (conserved, positions net
                    // zero) while the trade stands in the book.
                }
                clearings?[i] = cleared
                risk.orderFilled(event.counterOrderId, lots: event.quantity.lots, known: maker)
                if pending.holds(event.orderId) {
                    risk.pendingFilled(&pending, lots: event.quantity.lots)
                } else {
                    risk.orderFilled(event.orderId, lots: event.quantity.lots)
                }
            case .expired, .canceled:
                orderEnded(event.orderId, pending: &pending, risk: &risk)
            case .rejected:
                if newOrder != 0 && event.orderId == newOrder { orderEnded(event.orderId, pending: &pending, risk: &risk) }
            case .accepted, .amended:
                break
            }
            i &+= 1
        }
    }
}

extension RiskGate {
    /// Releases what is left of order `orderId`'s reservation: from `pending` if it is the
    /// pending new order, else from the reservation map.
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    static func orderEnded(_ orderId: Int64, pending: inout PendingReservation, risk: inout RiskCore) {
        if pending.holds(orderId) { risk.pendingEnded(&pending) } else { risk.orderEnded(orderId) }
    }
}

/// What clearing one trade did to its maker and its taker (``RiskGate/apply(_:from:risk:newOrder:clearings:)``).
///
/// - Memory: 32 bytes, trivially copyable.
@frozen
public struct TradeClearing: Sendable, BitwiseCopyable, Hashable {
    public var maker: FillClearing
    public var taker: FillClearing

    @inlinable @inline(__always)
    public init(maker: FillClearing = FillClearing(realizedPnL: 0, fee: 0),
                taker: FillClearing = FillClearing(realizedPnL: 0, fee: 0)) {
        self.maker = maker
        self.taker = taker
    }
}
