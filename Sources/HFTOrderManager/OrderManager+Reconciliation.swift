/// Reconciliation: the exchange is the source of truth.
///
/// Policy (also in `Docs/oms.md`):
/// 1. Every open and recent order of the snapshot is applied as a report to the local order
///    with its client order id (or exchange id) — the usual monotonic rules.
/// 2. An unknown *open* order whose client order id has our prefix (an order of an earlier
///    run, or one whose placement outcome was lost) is adopted: managed from now on, its fills
///    counted. An unknown open order without our prefix (placed by hand or by another program)
///    is canceled and its fills are not counted in the OMS's position. Unknown terminal orders
///    with our prefix are adopted as terminal (their fills counted); without it, ignored.
/// 3. A local live order of a covered symbol that is neither open nor recent on the exchange
///    and is older than `reconciliationGraceMilliseconds` is resolved: a pending new that was
///    sent but never acknowledged as expired (it never reached the exchange), any other as canceled.
///    Pending news still in the queue are not touched.
/// 4. A local order the OMS believes ended but the exchange shows open gets a cancel (never
///    resurrected); a cancel whose outcome was unknown and whose order is still open is queued
///    again; a modify whose outcome was unknown and whose order shows the old terms is reverted.
/// 5. Trades not seen before (by trade id) are applied once, in (time, trade id) order: quantity
///    the order's cumulative already counts is attributed (its estimated price repaired
///    exactly); the rest raises the order's filled quantity (a missed fill).
extension OrderManager {
    /// Repairs the local book from `snapshot` (see the policy above) and queues any cancels.
    ///
    /// - Complexity: O(snapshot + live orders of the covered symbols), plus O(journal) per
    ///   symbol whose estimated prices were repaired.
    @discardableResult
    public func reconcile(_ snapshot: ExchangeSnapshot, now: Int64) -> ReconciliationSummary {
        var summary = ReconciliationSummary()
        let covered = Set(snapshot.symbols)
        var onExchange: Set<Int> = []
        var openOnExchange: Set<Int> = []
        var decision = QuoteDecision()

        for (report, isOpen) in snapshot.openOrders.map({ ($0, true) }) + snapshot.recentOrders.map({ ($0, false) }) {
            guard books[report.symbol] != nil else { continue }
            let isOpen = isOpen && !report.status.isTerminal
            if let slot = slotByClientOrderId[report.clientOrderId]
                ?? report.exchangeOrderId.flatMap({ slotByExchangeOrderId[$0] }) {
                onExchange.insert(slot)
                if isOpen { openOnExchange.insert(slot) }
                let outcome = applyReport(report, slot: slot, now: now)
                audit(.report, now: now, reportMetadata(report, outcome: outcome))
                if outcome == .applied || outcome == .lateFill { summary.ordersUpdated += 1 }
                continue
            }
            let ours = clientOrderIds.isOurs(report.clientOrderId)
            guard ours || isOpen else { continue }   // a foreign order that has ended: not ours to count
            let slot = adopt(report, origin: ours ? .adopted : .foreign, now: now)
            audit(.report, now: now, reportMetadata(report, outcome: .unknownOrder))
            onExchange.insert(slot)
            if isOpen { openOnExchange.insert(slot) }
            if ours {
                summary.adopted += 1
            } else {
                cancelOrder(slot, now: now, into: &decision)
                summary.foreignCanceled += 1
            }
        }

        for symbol in covered.sorted() {
            guard let book = books[symbol] else { continue }
            for slot in book.live {
                let o = orders[slot]
                if openOnExchange.contains(slot) {
                    guard o.needsReconciliation || o.state == .pendingCancel || o.state == .pendingModify else { continue }
                    if o.state == .pendingCancel, !hasQueuedOrInFlight(o.clientOrderId) {
                        orders[slot].needsReconciliation = false
                        enqueue(.cancel(CancelOrder(clientOrderId: o.clientOrderId, exchangeOrderId: o.exchangeOrderId,
                                                    symbol: o.symbol)), into: &cancelQueue, now: now)
                        summary.cancelsRequeued += 1
                    } else if o.state == .pendingModify, !hasQueuedOrInFlight(o.clientOrderId) {
                        orders[slot].state = o.stateBeforePending ?? (o.cumulativeFilled > 0 ? .partiallyFilled : .new)
                        orders[slot].pendingModify = nil
                        orders[slot].stateBeforePending = nil
                        orders[slot].needsReconciliation = false
                        auditState(slot, from: o.state, now: now, reason: "reconcile: modify not done")
                        summary.modifiesReverted += 1
                    }
                    continue
                }
                if onExchange.contains(slot) { continue }
                guard now - o.createdAt > configuration.reconciliationGraceMilliseconds else { continue }
                if o.state == .pendingNew {
                    guard o.placementSent, !hasQueuedOrInFlight(o.clientOrderId) || o.needsReconciliation else { continue }
                    end(slot, as: .expired, now: now, reason: "reconcile: never reached the exchange")
                    summary.resolvedExpired += 1
                } else {
                    end(slot, as: .canceled, now: now, reason: "reconcile: unknown to the exchange")
                    summary.resolvedCanceled += 1
                }
            }
        }

        // Orders we believe ended that the exchange shows open: cancel, never resurrect.
        for slot in openOnExchange.sorted() where orders[slot].state.isTerminal && !hasQueuedOrInFlight(orders[slot].clientOrderId) {
            let o = orders[slot]
            enqueue(.cancel(CancelOrder(clientOrderId: o.clientOrderId, exchangeOrderId: o.exchangeOrderId, symbol: o.symbol)),
                    into: &cancelQueue, now: now)
            summary.strayCanceled += 1
        }

        let trades = snapshot.trades.sorted { ($0.time, $0.tradeId) < ($1.time, $1.tradeId) }
        for trade in trades {
            audit(.fill, now: now, ["tradeId": .stringConvertible(trade.tradeId), "orderId": .stringConvertible(trade.exchangeOrderId),
                                    "clientOrderId": .string(trade.clientOrderId ?? ""), "symbol": .string(trade.symbol),
                                    "side": .string(trade.side.rawValue), "price": .stringConvertible(trade.price),
                                    "quantity": .stringConvertible(trade.quantity), "time": .stringConvertible(trade.time),
                                    "source": "query"])
            guard let book = books[trade.symbol],
                  let slot = trade.clientOrderId.flatMap({ slotByClientOrderId[$0] }) ?? slotByExchangeOrderId[trade.exchangeOrderId],
                  orders[slot].origin != .foreign,
                  !book.seenTrades.contains(TradeKey(tradeId: trade.tradeId, side: orders[slot].side)) else {
                summary.tradesIgnored += 1
                continue
            }
            let attributed = attributeTrade(slot: slot, tradeId: trade.tradeId, quantity: trade.quantity, price: trade.price,
                                            now: now)
            let missed = trade.quantity - attributed
            if attributed > 0 { summary.tradesAttributed += 1 }
            guard missed > 0 else { continue }
            recordFill(slot: slot, quantity: missed, quote: SymbolRules.notional(price: trade.price, quantity: missed),
                 unattributed: 0, estimated: false, estimatePrice: trade.price, tradeId: nil, now: now)
            orders[slot].cumulativeFilled += missed
            summary.missedFillsApplied += 1
            let o = orders[slot]
            if !o.state.isTerminal, o.cumulativeFilled >= o.origQuantity {
                end(slot, as: .filled, now: now, reason: "reconcile: missed fills")
            } else if o.state == .new {
                orders[slot].state = .partiallyFilled
                auditState(slot, from: .new, now: now, reason: "reconcile: missed fills")
            }
        }
        reconciliationRequested = false
        audit(.reconciliation, .notice, now: now, [
            "symbols": .array(snapshot.symbols.map { .string($0) }),
            "ordersUpdated": .stringConvertible(summary.ordersUpdated), "adopted": .stringConvertible(summary.adopted),
            "foreignCanceled": .stringConvertible(summary.foreignCanceled),
            "resolvedCanceled": .stringConvertible(summary.resolvedCanceled),
            "resolvedExpired": .stringConvertible(summary.resolvedExpired),
            "strayCanceled": .stringConvertible(summary.strayCanceled),
            "cancelsRequeued": .stringConvertible(summary.cancelsRequeued),
            "modifiesReverted": .stringConvertible(summary.modifiesReverted),
            "missedFillsApplied": .stringConvertible(summary.missedFillsApplied),
            "tradesAttributed": .stringConvertible(summary.tradesAttributed),
            "tradesIgnored": .stringConvertible(summary.tradesIgnored),
        ])
        return summary
    }

    /// True when an action for this client order id is queued or in a request whose outcome is not in.
    func hasQueuedOrInFlight(_ clientOrderId: String) -> Bool {
        cancelQueue.contains { $0.action.clientOrderId == clientOrderId }
            || modifyQueue.contains { $0.action.clientOrderId == clientOrderId }
            || placeQueue.contains { $0.action.clientOrderId == clientOrderId }
            || requestsInFlight.values.contains { $0.actions.contains { $0.clientOrderId == clientOrderId } }
    }

    /// Takes an exchange order the OMS did not know under management; its fills are booked
    /// (not for a foreign order) by applying the report to a fresh order.
    func adopt(_ report: ExecutionReport, origin: OrderOrigin, now: Int64) -> Int {
        let slot = orders.count
        orders.append(ManagedOrder(clientOrderId: report.clientOrderId, exchangeOrderId: nil, symbol: report.symbol,
                                   side: report.side, price: report.price, origQuantity: report.origQuantity,
                                   state: .new, tag: nil, createdAt: now, origin: origin))
        orders[slot].placementSent = true
        slotByClientOrderId[report.clientOrderId] = slot
        books[report.symbol]!.live.append(slot)
        _ = applyReport(report, slot: slot, now: now)
        auditState(slot, from: .new, now: now, reason: "reconcile: \(origin.rawValue)")
        return slot
    }
}
