/// Intents to actions: the diff of a symbol's wanted quotes against its live orders.
extension OrderManager {
    /// Takes the full set of quotes the strategy wants on `symbol` and queues the fewest
    /// actions that make the exchange show them.
    ///
    /// Per side: an intent is served by a live order (new, partially filled, pending new, or
    /// pending modify toward a target) whose price is within `priceToleranceTicks` ticks and
    /// whose open quantity is within `quantityToleranceSteps` steps — no action. Then the
    /// unserved intents and the unmatched working orders (new, partially filled) are paired
    /// in price order and each pair becomes one modify (when `modifyAllowed`). Working orders
    /// left over are canceled; intents left over become new orders. Orders in flight are never
    /// acted on twice: a pending cancel is left alone, a pending modify or a pending new that
    /// was already sent waits for its outcome (a pending new still in the queue is dropped
    /// locally, with no request). Every modify and new order passes ``PreTradeRisk`` first;
    /// a refused modify cancels its order instead. Cancels are queued before modifies and news.
    ///
    /// - Complexity: O(intents × live orders) per side, plus sorting of the unmatched ones.
    /// - Returns: what was kept, queued and refused; refusals carry typed reasons.
    @discardableResult
    public func setQuotes(symbol: String, _ intents: [QuoteIntent], now: Int64) -> QuoteDecision {
        var decision = QuoteDecision()
        audit(.intents, now: now, ["symbol": .string(symbol), "intents": .array(intents.map {
            .string("\($0.side.rawValue) \($0.quantity)@\($0.price)\($0.tag.map { " #\($0)" } ?? "")")
        })])
        guard let book = books[symbol] else {
            for intent in intents { refuse(intent, .unknownSymbol, symbol: symbol, now: now, into: &decision) }
            return decision
        }
        let tick = book.rules.tickSize, step = book.rules.stepSize
        let priceTolerance = configuration.priceToleranceTicks * tick
        let quantityTolerance = configuration.quantityToleranceSteps * step

        var modifies: [(slot: Int, intent: QuoteIntent)] = []
        var cancels: [Int] = []
        var news: [QuoteIntent] = []
        for side in OMSSide.allCases {
            // Candidates: live orders of this side with the price and open quantity they are heading for.
            var candidates: [(slot: Int, price: Int64, open: Int64, working: Bool, matched: Bool)] = []
            for slot in book.live {
                let o = orders[slot]
                guard o.side == side, o.state != .pendingCancel else { continue }
                if let target = o.pendingModify {
                    candidates.append((slot, target.price, target.quantity - o.cumulativeFilled, false, false))
                } else {
                    candidates.append((slot, o.price, o.remainingQuantity, o.state == .new || o.state == .partiallyFilled, false))
                }
            }
            var unserved: [QuoteIntent] = []
            for intent in intents where intent.side == side {
                var served = false
                for i in candidates.indices where !candidates[i].matched {
                    let c = candidates[i]
                    if abs(c.price - intent.price) <= priceTolerance, abs(c.open - intent.quantity) <= quantityTolerance {
                        candidates[i].matched = true
                        served = true
                        break
                    }
                }
                if served { decision.kept += 1 } else { unserved.append(intent) }
            }
            var spare: [(slot: Int, price: Int64)] = []
            for c in candidates where !c.matched {
                if c.working {
                    spare.append((c.slot, c.price))
                } else if orders[c.slot].state == .pendingNew, !orders[c.slot].placementSent {
                    cancels.append(c.slot)      // never sent: dropped from the queue
                }
                // A pending modify, or a pending new already sent, waits for its outcome.
            }
            if configuration.modifyAllowed, !spare.isEmpty, !unserved.isEmpty {
                // Pair best price with best price so that the book's shape moves the least.
                let better: (Int64, Int64) -> Bool = side == .buy ? { $0 > $1 } : { $0 < $1 }
                spare.sort { better($0.price, $1.price) }
                unserved.sort { better($0.price, $1.price) }
                let pairs = min(spare.count, unserved.count)
                for k in 0..<pairs { modifies.append((spare[k].slot, unserved[k])) }
                spare.removeFirst(pairs)
                unserved.removeFirst(pairs)
            }
            cancels.append(contentsOf: spare.map(\.slot))
            news.append(contentsOf: unserved)
        }
        for slot in cancels { cancelOrder(slot, now: now, into: &decision) }
        for (slot, intent) in modifies { modifyOrder(slot, to: intent, symbol: symbol, now: now, into: &decision) }
        for intent in news { placeOrder(intent, symbol: symbol, now: now, into: &decision) }
        return decision
    }

    /// Cancels the order in `slot`: a pending new still in the queue is dropped (canceled
    /// locally, nothing sent); any other live order goes `pendingCancel` and a cancel is queued.
    func cancelOrder(_ slot: Int, now: Int64, into decision: inout QuoteDecision) {
        let o = orders[slot]
        guard !o.state.isTerminal, o.state != .pendingCancel else { return }
        decision.canceled.append(o.clientOrderId)
        if o.state == .pendingNew, !o.placementSent,
           let i = placeQueue.firstIndex(where: { $0.action.clientOrderId == o.clientOrderId }) {
            placeQueue.remove(at: i)
            end(slot, as: .canceled, now: now, reason: "canceled before sending")
            return
        }
        if o.state == .pendingModify, let i = modifyQueue.firstIndex(where: { $0.action.clientOrderId == o.clientOrderId }) {
            modifyQueue.remove(at: i)       // not sent yet: the cancel replaces it
            orders[slot].pendingModify = nil
        }
        orders[slot].stateBeforePending = o.state == .pendingModify ? (o.stateBeforePending ?? .new) : o.state
        orders[slot].state = .pendingCancel
        auditState(slot, from: o.state, now: now, reason: "cancel")
        enqueue(.cancel(CancelOrder(clientOrderId: o.clientOrderId, exchangeOrderId: o.exchangeOrderId, symbol: o.symbol)),
                into: &cancelQueue, now: now)
    }

    /// Modifies the working order in `slot` toward `intent` if risk allows, else cancels it.
    func modifyOrder(_ slot: Int, to intent: QuoteIntent, symbol: String, now: Int64, into decision: inout QuoteDecision) {
        let o = orders[slot]
        guard let book = books[symbol] else { return }
        if let reason = risk.check(side: intent.side, price: intent.price, quantity: intent.quantity, isNewOrder: false,
                                   rules: book.rules, limits: book.limits, exposure: exposure(book, excluding: slot), now: now) {
            refuse(intent, reason, symbol: symbol, now: now, into: &decision)
            cancelOrder(slot, now: now, into: &decision)
            return
        }
        let target = ModifyTarget(price: intent.price, quantity: o.cumulativeFilled + intent.quantity)
        orders[slot].pendingModify = target
        orders[slot].stateBeforePending = o.state
        orders[slot].state = .pendingModify
        if let tag = intent.tag { orders[slot].tag = tag }
        decision.modified.append(o.clientOrderId)
        auditState(slot, from: o.state, now: now, reason: "modify")
        enqueue(.modify(ModifyOrder(clientOrderId: o.clientOrderId, exchangeOrderId: o.exchangeOrderId, symbol: symbol,
                                    side: o.side, price: target.price, quantity: target.quantity)),
                into: &modifyQueue, now: now)
    }

    /// Places a new order for `intent` if risk allows.
    func placeOrder(_ intent: QuoteIntent, symbol: String, now: Int64, into decision: inout QuoteDecision) {
        guard let book = books[symbol] else { return }
        if let reason = risk.check(side: intent.side, price: intent.price, quantity: intent.quantity, isNewOrder: true,
                                   rules: book.rules, limits: book.limits, exposure: exposure(book), now: now) {
            refuse(intent, reason, symbol: symbol, now: now, into: &decision)
            return
        }
        let id = clientOrderIds.next()
        let slot = orders.count
        orders.append(ManagedOrder(clientOrderId: id, exchangeOrderId: nil, symbol: symbol, side: intent.side,
                                   price: intent.price, origQuantity: intent.quantity, state: .pendingNew, tag: intent.tag,
                                   createdAt: now, origin: .placed))
        slotByClientOrderId[id] = slot
        books[symbol]!.live.append(slot)
        decision.placed.append(id)
        enqueue(.place(PlaceOrder(clientOrderId: id, symbol: symbol, side: intent.side, price: intent.price,
                                  quantity: intent.quantity)), into: &placeQueue, now: now)
    }

    func refuse(_ intent: QuoteIntent, _ reason: RiskRefusal, symbol: String, now: Int64, into decision: inout QuoteDecision) {
        counters.refused[reason, default: 0] += 1
        decision.refused.append(.init(intent: intent, reason: reason))
        audit(.riskRefusal, .notice, now: now, ["symbol": .string(symbol), "side": .string(intent.side.rawValue),
                                                "price": .stringConvertible(intent.price),
                                                "quantity": .stringConvertible(intent.quantity),
                                                "reason": .string(reason.rawValue)])
    }
}
