import Logging

/// Applying execution reports: the order state machine.
///
/// The rules (also in `Docs/oms.md`):
/// - The exchange's cumulative filled quantity is truth. A report with a larger
///   `cumulativeFilled` than the order's books the difference, whatever the order's state —
///   also on a terminal order (a late TRADE after CANCELED raises the fills; the state stays).
/// - A report is older when its (cumulativeFilled, transactionTime, eventTime) is smaller than
///   the order's; an older or identical report changes nothing.
/// - A terminal order (filled, canceled, rejected, expired) never changes state again.
/// - While a cancel is in flight, NEW/PARTIALLY_FILLED keep the order `pendingCancel`; while a
///   modify is in flight they keep it `pendingModify` until a report shows the modify's price
///   and quantity.
/// - A fill is booked once: by quantity (cumulative), and by trade (id and side: both sides of
///   a self-trade share the id): a trade seen before never books again; a trade that arrives for quantity a reply already booked only
///   attributes that quantity (and repairs its price if it was an estimate).
/// - A gap (the cumulative jumped over trades never seen) is booked at once so the position
///   follows the cumulative exactly; its quote is exact when the report carries
///   `cumulativeQuote`, else estimated at the limit price and repaired when reconciliation
///   brings the trades.
extension OrderManager {
    /// Applies one report (stream, reply or query) to the order it names.
    ///
    /// - Complexity: O(1) expected, plus O(live orders of the symbol) when the order becomes
    ///   terminal, plus O(journal of the symbol) when a trade repairs an estimated price.
    @discardableResult
    public func apply(_ report: ExecutionReport, now: Int64) -> ReportOutcome {
        guard let slot = slotByClientOrderId[report.clientOrderId]
                ?? report.exchangeOrderId.flatMap({ slotByExchangeOrderId[$0] }) else {
            counters.unknownReports += 1
            reconciliationRequested = true
            audit(.report, .notice, now: now, reportMetadata(report, outcome: .unknownOrder))
            return .unknownOrder
        }
        let outcome = applyReport(report, slot: slot, now: now)
        switch outcome {
        case .applied, .lateFill: counters.reportsApplied += 1
        case .duplicate: counters.duplicateReports += 1
        case .stale: counters.staleReports += 1
        case .unknownOrder: break
        }
        audit(.report, now: now, reportMetadata(report, outcome: outcome))
        return outcome
    }

    func reportMetadata(_ r: ExecutionReport, outcome: ReportOutcome) -> Logger.Metadata {
        var m: Logger.Metadata = [
            "source": .string(r.source.rawValue), "symbol": .string(r.symbol), "clientOrderId": .string(r.clientOrderId),
            "side": .string(r.side.rawValue), "status": .string(r.status.rawValue), "price": .stringConvertible(r.price),
            "origQuantity": .stringConvertible(r.origQuantity), "cumulativeFilled": .stringConvertible(r.cumulativeFilled),
            "eventTime": .stringConvertible(r.eventTime), "transactionTime": .stringConvertible(r.transactionTime),
            "outcome": .string(outcome.rawValue),
        ]
        if let id = r.exchangeOrderId { m["exchangeOrderId"] = .stringConvertible(id) }
        if let q = r.cumulativeQuote { m["cumulativeQuote"] = .string(String(q)) }
        if let f = r.lastFill {
            m["tradeId"] = .stringConvertible(f.tradeId)
            m["lastQuantity"] = .stringConvertible(f.quantity)
            m["lastPrice"] = .stringConvertible(f.price)
        }
        return m
    }

    /// The state machine proper (no counters, no report log line).
    func applyReport(_ report: ExecutionReport, slot: Int, now: Int64) -> ReportOutcome {
        if let id = report.exchangeOrderId, orders[slot].exchangeOrderId == nil {
            orders[slot].exchangeOrderId = id
            slotByExchangeOrderId[id] = slot
        }
        if orders[slot].state == .pendingNew, !orders[slot].placementSent,
           let i = placeQueue.firstIndex(where: { $0.action.clientOrderId == report.clientOrderId }) {
            placeQueue.remove(at: i)      // the exchange has it (a 429 that was not): never send it again
            actionsRemoved()
            orders[slot].placementSent = true
        }
        let before = orders[slot]
        // Fills first: the cumulative is truth in every state.
        let delta = report.cumulativeFilled - before.cumulativeFilled
        if delta > 0 {
            bookFill(slot: slot, delta: delta, report: report, now: now)
        } else if let fill = report.lastFill {
            attributeTrade(slot: slot, tradeId: fill.tradeId, quantity: fill.quantity, price: fill.price, now: now)
        }
        if before.state.isTerminal {
            return delta > 0 ? .lateFill : (orders[slot] == before ? .duplicate : .applied)
        }
        if delta < 0 { return .stale }
        if delta == 0, (report.transactionTime, report.eventTime) < (before.lastTransactionTime, before.lastEventTime) {
            return .stale
        }
        var o = orders[slot]
        o.lastTransactionTime = max(o.lastTransactionTime, report.transactionTime)
        o.lastEventTime = max(o.lastEventTime, report.eventTime)
        if report.status.isTerminal {
            o.state = report.status.orderState
            o.pendingModify = nil
            o.stateBeforePending = nil
        } else {
            o.price = report.price
            o.origQuantity = report.origQuantity
            let working: OrderState = o.cumulativeFilled > 0 ? .partiallyFilled : .new
            switch o.state {
            case .pendingCancel:
                o.stateBeforePending = working
            case .pendingModify:
                if let target = o.pendingModify, target.price == report.price, target.quantity == report.origQuantity {
                    o.state = working
                    o.pendingModify = nil
                    o.stateBeforePending = nil
                } else {
                    o.stateBeforePending = working
                }
            default:
                o.state = working
            }
            if o.cumulativeFilled >= o.origQuantity, o.origQuantity > 0 { o.state = .filled }
        }
        o.needsReconciliation = false
        if o == before { return .duplicate }
        let old = before.state
        orders[slot] = o
        if o.state != old {
            if o.state.isTerminal { ended(slot, now: now) }
            auditState(slot, from: old, now: now, reason: "report.\(report.source.rawValue)")
        }
        return .applied
    }

    /// Books `delta` more filled quantity of the order in `slot` from `report`.
    func bookFill(slot: Int, delta: Int64, report: ExecutionReport, now: Int64) {
        var identifiedQuantity: Int64 = 0
        var identifiedQuote: Int128 = 0
        var tradeId: Int64?
        if let fill = report.lastFill, fill.quantity <= delta, fill.quantity > 0,
           let book = books[report.symbol], !book.seenTrades.contains(TradeKey(tradeId: fill.tradeId, side: orders[slot].side)) {
            identifiedQuantity = fill.quantity
            identifiedQuote = SymbolRules.notional(price: fill.price, quantity: fill.quantity)
            tradeId = fill.tradeId
        }
        let rest = delta - identifiedQuantity
        var restQuote: Int128 = 0
        var estimated = false
        if rest > 0 {
            if let cumulative = report.cumulativeQuote, orders[slot].quoteIsExact {
                restQuote = cumulative - orders[slot].cumulativeQuote - identifiedQuote
            } else {
                restQuote = SymbolRules.notional(price: report.price, quantity: rest)
                estimated = true
            }
        }
        recordFill(slot: slot, quantity: delta, quote: identifiedQuote + restQuote, unattributed: rest, estimated: estimated,
             estimatePrice: report.price, tradeId: tradeId, now: now)
        orders[slot].cumulativeFilled = report.cumulativeFilled
    }

    /// Appends one booking to the symbol's journal and position, and to the order's fills
    /// (the caller sets `cumulativeFilled`). Foreign orders' fills are not counted in the position.
    func recordFill(slot: Int, quantity: Int64, quote: Int128, unattributed: Int64, estimated: Bool, estimatePrice: Int64,
              tradeId: Int64?, now: Int64) {
        let o = orders[slot]
        orders[slot].cumulativeQuote += quote
        counters.fills += 1
        guard let book = books[o.symbol] else { return }
        if let tradeId { book.seenTrades.insert(TradeKey(tradeId: tradeId, side: o.side)) }
        guard o.origin != .foreign else { return }
        if unattributed > 0 {
            orders[slot].unattributedQuantity += unattributed
            if estimated { orders[slot].estimatedQuantity += unattributed }
            orders[slot].unattributedEntries.append(book.journal.count)
        }
        book.journal.append(FillEntry(slot: slot, side: o.side, quantity: quantity, quote: quote, unattributed: unattributed,
                                      estimated: estimated, estimatePrice: estimatePrice))
        book.ledger.apply(side: o.side, quantity: quantity, quote: quote)
        audit(.fill, now: now, ["clientOrderId": .string(o.clientOrderId), "symbol": .string(o.symbol),
                                "side": .string(o.side.rawValue), "quantity": .stringConvertible(quantity),
                                "quote": .string(String(quote)), "tradeId": tradeId.map { .stringConvertible($0) } ?? "",
                                "estimated": .stringConvertible(estimated)])
    }

    /// A trade the order's cumulative already covers: marks its id seen and attributes its
    /// quantity to the order's unattributed bookings, oldest first; an estimated booking gets
    /// the trade's exact price (and the symbol's position is recomputed from its journal).
    /// Returns the quantity attributed (less than `quantity` when the bookings did not cover it).
    @discardableResult
    func attributeTrade(slot: Int, tradeId: Int64, quantity: Int64, price: Int64, now: Int64) -> Int64 {
        let symbol = orders[slot].symbol
        guard let book = books[symbol], book.seenTrades.insert(TradeKey(tradeId: tradeId, side: orders[slot].side)).inserted else { return 0 }
        var remaining = quantity
        var repaired = false
        var quoteChange: Int128 = 0
        var entries = orders[slot].unattributedEntries
        var i = 0
        while remaining > 0, i < entries.count {
            let index = entries[i]
            var e = book.journal[index]
            let take = min(e.unattributed, remaining)
            e.unattributed -= take
            remaining -= take
            if e.estimated {
                let change = Int128(price - e.estimatePrice) * Int128(take)
                if change != 0 { repaired = true }
                e.quote += change
                quoteChange += change
                orders[slot].estimatedQuantity -= take
            }
            book.journal[index] = e
            if e.unattributed == 0 { entries.remove(at: i) } else { i += 1 }
        }
        let attributed = quantity - remaining
        orders[slot].unattributedEntries = entries
        orders[slot].unattributedQuantity -= attributed
        orders[slot].cumulativeQuote += quoteChange
        if repaired { recomputeLedger(symbol: symbol) }
        audit(.fill, now: now, ["clientOrderId": .string(orders[slot].clientOrderId), "symbol": .string(symbol),
                                "tradeId": .stringConvertible(tradeId), "attributed": .stringConvertible(attributed),
                                "quoteRepair": .string(String(quoteChange))])
        return attributed
    }

    /// Rebuilds a symbol's position by folding its journal. O(journal).
    func recomputeLedger(symbol: String) {
        guard let book = books[symbol] else { return }
        var ledger = PositionLedger()
        for e in book.journal { ledger.apply(side: e.side, quantity: e.quantity, quote: e.quote) }
        book.ledger = ledger
    }

    /// Bookkeeping when the order in `slot` has just become terminal: leaves the live set, counted.
    func ended(_ slot: Int, now: Int64) {
        let o = orders[slot]
        if let book = books[o.symbol], let i = book.live.firstIndex(of: slot) { book.live.remove(at: i) }
        orders[slot].pendingModify = nil
        orders[slot].stateBeforePending = nil
        switch o.state {
        case .filled: counters.filled += 1
        case .canceled: counters.canceled += 1
        case .rejected: counters.rejected += 1
        case .expired: counters.expired += 1
        default: break
        }
    }

    /// Moves the order in `slot` to a terminal `state` decided by the OMS itself (a reject, a
    /// cancel before sending, a reconciliation), with a reason for the audit log.
    func end(_ slot: Int, as state: OrderState, now: Int64, reason: String) {
        let old = orders[slot].state
        guard !old.isTerminal else { return }
        orders[slot].state = state
        orders[slot].needsReconciliation = false
        ended(slot, now: now)
        auditState(slot, from: old, now: now, reason: reason)
    }
}
