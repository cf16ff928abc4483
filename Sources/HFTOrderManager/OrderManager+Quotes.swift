import Logging

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
    /// When trading is halted every intent is refused (so every working order is canceled);
    /// when it is reducing only, the intents of the side that would grow the position are
    /// refused and their orders canceled.
    ///
    /// - Complexity: O(intents × live orders) per side, plus sorting of the unmatched ones.
    /// - Returns: what was kept, queued and refused; refusals carry typed reasons.
    @discardableResult
    public func setQuotes(symbol: String, _ intents: [QuoteIntent], now: Int64) -> QuoteDecision {
        var decision = QuoteDecision()
        setQuotes(symbol: symbol, intents, now: now, into: &decision)
        return decision
    }

    /// ``setQuotes(symbol:_:now:)`` writing its decision into a caller-owned value that is
    /// cleared first (its arrays keep their capacity): a strategy that requotes in a loop with
    /// one `QuoteDecision` makes a warm requote allocate nothing (when the client order ids fit
    /// Swift's 15-byte small strings and the OMS's tables have room).
    public func setQuotes(symbol: String, _ wanted: [QuoteIntent], now: Int64, into decision: inout QuoteDecision) {
        decision.removeAll()
        var intents = wanted
        audit(.intents, now: now, ["symbol": .string(symbol), "intents": .array(intents.map { intent in
            var fields: Logger.Metadata = ["side": .string(intent.side.rawValue), "price": .stringConvertible(intent.price),
                                           "quantity": .stringConvertible(intent.quantity)]
            if let tag = intent.tag { fields["tag"] = .string(tag) }
            return .dictionary(fields)
        })])
        guard let book = books[symbol] else {
            for intent in intents { refuse(intent, .unknownSymbol, symbol: symbol, now: now, into: &decision) }
            return
        }
        let rules = book.rules, limits = book.limits
        if risk.tradingState != .active {
            // Halted: no intent stands, so every working order is canceled. Reducing only: the
            // intents of the side that would grow the position are refused and their orders canceled.
            let position = book.ledger.quantity
            intents.removeAll { intent in
                let grows = risk.tradingState == .halted
                    || (intent.side == .buy ? position >= 0 : position <= 0)
                if grows {
                    refuse(intent, risk.tradingState == .halted ? .halted : .reducingOnly, symbol: symbol, now: now,
                           into: &decision)
                }
                return grows
            }
        }
        let priceTolerance = configuration.priceToleranceTicks * rules.tickSize
        let quantityTolerance = configuration.quantityToleranceSteps * rules.stepSize

        // Working arrays reused from call to call (moved out of the OMS and back: no copy, no allocation).
        var scratch = QuoteScratch()
        swap(&scratch, &quoteScratch)
        defer { swap(&scratch, &quoteScratch) }
        scratch.reset()
        var exposure = collectCandidates(book, into: &scratch)
        for side in OMSSide.allCases {
            var sideCandidates: [QuoteScratch.Candidate] = []
            if side == .buy { swap(&sideCandidates, &scratch.buys) } else { swap(&sideCandidates, &scratch.sells) }
            defer { if side == .buy { swap(&sideCandidates, &scratch.buys) } else { swap(&sideCandidates, &scratch.sells) } }
            scratch.unserved.removeAll(keepingCapacity: true)
            scratch.spare.removeAll(keepingCapacity: true)
            var kept = 0
            sideCandidates.withUnsafeMutableBufferPointer { candidates in
                for j in intents.indices where intents[j].side == side {
                    let price = intents[j].price, quantity = intents[j].quantity
                    var served = false
                    for i in candidates.indices where !candidates[i].matched {
                        if abs(candidates[i].price - price) <= priceTolerance,
                           abs(candidates[i].open - quantity) <= quantityTolerance {
                            candidates[i].matched = true
                            served = true
                            break
                        }
                    }
                    if served { kept += 1 } else { scratch.unserved.append(intents[j]) }
                }
            }
            decision.kept += kept
            for c in sideCandidates where !c.matched {
                if c.working {
                    scratch.spare.append((c.slot, c.price))
                } else if orders[c.slot].state == .pendingNew, !orders[c.slot].placementSent {
                    scratch.cancels.append(c.slot)      // never sent: dropped from the queue
                }
                // A pending modify, or a pending new already sent, waits for its outcome.
            }
            var paired = 0
            if configuration.modifyAllowed, !scratch.spare.isEmpty, !scratch.unserved.isEmpty {
                // Pair best price with best price so that the book's shape moves the least.
                if side == .buy {
                    scratch.spare.sort { $0.price > $1.price }
                    scratch.unserved.sort { $0.price > $1.price }
                } else {
                    scratch.spare.sort { $0.price < $1.price }
                    scratch.unserved.sort { $0.price < $1.price }
                }
                paired = min(scratch.spare.count, scratch.unserved.count)
                for k in 0..<paired { scratch.modifies.append((scratch.spare[k].slot, scratch.unserved[k])) }
            }
            for k in paired..<scratch.spare.count { scratch.cancels.append(scratch.spare[k].slot) }
            for k in paired..<scratch.unserved.count { scratch.news.append(scratch.unserved[k]) }
        }
        decision.canceled.reserveCapacity(scratch.cancels.count + scratch.modifies.count)
        decision.modified.reserveCapacity(scratch.modifies.count)
        decision.placed.reserveCapacity(scratch.news.count)
        for slot in scratch.cancels {
            let side = orders[slot].side, open = openQuantity(slot)
            cancelOrder(slot, now: now, into: &decision)
            // Risk sees the book after the cancels: a dropped order is gone, a pending cancel's
            // quantity still counts (it may fill) but not as an open order.
            if orders[slot].state.isTerminal {
                if side == .buy { exposure.openBuyQuantity -= open } else { exposure.openSellQuantity -= open }
            }
            exposure.openOrders -= 1
        }
        // Then each accepted modify and new order in turn.
        for (slot, intent) in scratch.modifies {
            modifyOrder(slot, to: intent, book: book, rules: rules, limits: limits, exposure: &exposure, now: now,
                        into: &decision)
        }
        for intent in scratch.news {
            placeOrder(intent, book: book, rules: rules, limits: limits, exposure: &exposure, now: now, into: &decision)
        }
    }

    /// One pass over the symbol's live orders: the candidates of each side that can serve an
    /// intent (not pending cancel), with the price and open quantity each is heading for
    /// (`working` when it may be modified), and the exposure risk sees (as ``currentExposure(symbol:)``).
    func collectCandidates(_ book: SymbolBook, into scratch: inout QuoteScratch) -> SymbolExposure {
        scratch.buys.removeAll(keepingCapacity: true)
        scratch.sells.removeAll(keepingCapacity: true)
        var e = SymbolExposure(position: book.ledger.quantity, openBuyQuantity: 0, openSellQuantity: 0, openOrders: 0,
                               referencePrice: book.referencePrice)
        let live = book.live
        let orders = self.orders        // a read-only view: no exclusivity check per access
        for slot in live {
            let state = orders[slot].state, side = orders[slot].side
            let open = Self.openQuantity(orders[slot])
            if side == .buy { e.openBuyQuantity += open } else { e.openSellQuantity += open }
            guard state != .pendingCancel else { continue }
            e.openOrders += 1
            let candidate: QuoteScratch.Candidate
            if let target = orders[slot].pendingModify {
                candidate = (slot, target.price, target.quantity - orders[slot].cumulativeFilled, false, false)
            } else {
                candidate = (slot, orders[slot].price, orders[slot].remainingQuantity,
                             state == .new || state == .partiallyFilled, false)
            }
            if side == .buy { scratch.buys.append(candidate) } else { scratch.sells.append(candidate) }
        }
        return e
    }

    /// Cancels the order in `slot`: a pending new still in the queue is dropped (canceled
    /// locally, nothing sent); any other live order goes `pendingCancel` and a cancel is queued.
    func cancelOrder(_ slot: Int, now: Int64, into decision: inout QuoteDecision) {
        let state = orders[slot].state
        guard !state.isTerminal, state != .pendingCancel else { return }
        let clientOrderId = orders[slot].clientOrderId
        decision.canceled.append(clientOrderId)
        if state == .pendingNew, !orders[slot].placementSent,
           let i = placeQueue.firstIndex(where: { $0.action.clientOrderId == clientOrderId }) {
            placeQueue.remove(at: i)
            actionsRemoved()
            end(slot, as: .canceled, now: now, reason: "canceled before sending")
            return
        }
        if state == .pendingModify, let i = modifyQueue.firstIndex(where: { $0.action.clientOrderId == clientOrderId }) {
            modifyQueue.remove(at: i)       // not sent yet: the cancel replaces it (queued below)
            orders[slot].pendingModify = nil
        }
        orders[slot].stateBeforePending = state == .pendingModify ? (orders[slot].stateBeforePending ?? .new) : state
        orders[slot].state = .pendingCancel
        auditState(slot, from: state, now: now, reason: "cancel")
        enqueue(.cancel(CancelOrder(clientOrderId: clientOrderId, exchangeOrderId: orders[slot].exchangeOrderId,
                                    symbol: orders[slot].symbol)), into: &cancelQueue, now: now)
    }

    /// Modifies the working order in `slot` toward `intent` if risk allows, else cancels it.
    /// `exposure` is the symbol's, kept up to date for the next check.
    func modifyOrder(_ slot: Int, to intent: QuoteIntent, book: SymbolBook, rules: SymbolRules, limits: SymbolRiskLimits,
                     exposure: inout SymbolExposure, now: Int64, into decision: inout QuoteDecision) {
        let side = orders[slot].side, state = orders[slot].state, filled = orders[slot].cumulativeFilled
        let open = openQuantity(slot)
        var without = exposure
        if side == .buy { without.openBuyQuantity -= open } else { without.openSellQuantity -= open }
        without.openOrders -= 1
        if let reason = risk.check(side: intent.side, price: intent.price, quantity: intent.quantity, isNewOrder: false,
                                   rules: rules, limits: limits, exposure: without, now: now) {
            refuse(intent, reason, symbol: rules.symbol, now: now, into: &decision)
            cancelOrder(slot, now: now, into: &decision)
            exposure.openOrders -= 1            // pending cancel: its quantity still counts, not the order
            return
        }
        let target = ModifyTarget(price: intent.price, quantity: filled + intent.quantity)
        orders[slot].pendingModify = target
        orders[slot].stateBeforePending = state
        orders[slot].state = .pendingModify
        if let tag = intent.tag { orders[slot].tag = tag }
        exposure = without
        if side == .buy { exposure.openBuyQuantity += openQuantity(slot) } else { exposure.openSellQuantity += openQuantity(slot) }
        exposure.openOrders += 1
        let clientOrderId = orders[slot].clientOrderId
        decision.modified.append(clientOrderId)
        auditState(slot, from: state, now: now, reason: "modify")
        enqueue(.modify(ModifyOrder(clientOrderId: clientOrderId, exchangeOrderId: orders[slot].exchangeOrderId,
                                    symbol: rules.symbol, side: side, price: target.price, quantity: target.quantity)),
                into: &modifyQueue, now: now)
    }

    /// Places a new order for `intent` if risk allows; `exposure` is kept up to date.
    func placeOrder(_ intent: QuoteIntent, book: SymbolBook, rules: SymbolRules, limits: SymbolRiskLimits,
                    exposure: inout SymbolExposure, now: Int64, into decision: inout QuoteDecision) {
        let symbol = rules.symbol
        if let reason = risk.check(side: intent.side, price: intent.price, quantity: intent.quantity, isNewOrder: true,
                                   rules: rules, limits: limits, exposure: exposure, now: now) {
            refuse(intent, reason, symbol: symbol, now: now, into: &decision)
            return
        }
        if intent.side == .buy { exposure.openBuyQuantity += intent.quantity } else { exposure.openSellQuantity += intent.quantity }
        exposure.openOrders += 1
        let id = clientOrderIds.next()
        let slot = orders.count
        orders.append(ManagedOrder(clientOrderId: id, exchangeOrderId: nil, symbol: symbol, side: intent.side,
                                   price: intent.price, origQuantity: intent.quantity, state: .pendingNew, tag: intent.tag,
                                   createdAt: now, origin: .placed))
        slotByClientOrderId[id] = slot
        book.live.append(slot)
        decision.placed.append(id)
        enqueue(.place(PlaceOrder(clientOrderId: id, symbol: symbol, side: intent.side, price: intent.price,
                                  quantity: intent.quantity, timeInForce: configuration.timeInForce)),
                into: &placeQueue, now: now)
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

/// The diff's working arrays, kept by the OMS between calls so that a requote allocates only
/// what it hands back.
struct QuoteScratch {
    typealias Candidate = (slot: Int, price: Int64, open: Int64, working: Bool, matched: Bool)
    var buys: [Candidate] = []
    var sells: [Candidate] = []
    var unserved: [QuoteIntent] = []
    var spare: [(slot: Int, price: Int64)] = []
    var modifies: [(slot: Int, intent: QuoteIntent)] = []
    var cancels: [Int] = []
    var news: [QuoteIntent] = []

    mutating func reset() {
        modifies.removeAll(keepingCapacity: true)
        cancels.removeAll(keepingCapacity: true)
        news.removeAll(keepingCapacity: true)
    }
}
