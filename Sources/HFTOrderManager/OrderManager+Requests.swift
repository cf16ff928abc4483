import Logging

/// The action queues, batching, pacing and request outcomes.
extension OrderManager {
    func enqueue(_ action: __owned OMSAction, into queue: inout [QueuedAction], now: Int64) {
        audit(.actionQueued, now: now, ["kind": .string(action.kind.rawValue), "clientOrderId": .string(action.clientOrderId),
                                        "symbol": .string(action.symbol)])
        // The first action of empty queues opens a collection window (see `actionsRemoved()`).
        if flushDeadline == nil { flushDeadline = now + configuration.collectionWindowMilliseconds }
        queue.append(QueuedAction(action: action, queuedAt: now))
    }

    /// Closes the collection window when actions taken out of the queues (not sent) emptied them,
    /// so that the next action queued opens a new one.
    func actionsRemoved() {
        if queuedActionCount == 0 { flushDeadline = nil }
    }

    /// When the caller should call ``nextRequests(now:)`` next (ms): the end of the collection
    /// window of the oldest queued action, or later when the limiter is paused or its budget
    /// is spent; nil when nothing is queued. O(1).
    public var nextFlushTime: Int64? {
        guard let deadline = flushDeadline, queuedActionCount > 0 else { return nil }
        switch rateLimiter.status(now: deadline) {
        case .open: return deadline
        case .backingOff(let until), .banned(let until): return max(deadline, until)
        }
    }

    /// The requests that may be sent now, in the order to send them: cancels first, then
    /// modifies, then new orders; actions of one kind and symbol are grouped in queue order
    /// into batches (places ≤ `maxPlacesPerBatch`, cancels ≤ `maxCancelsPerBatch`, modifies ≤
    /// `maxModifiesPerBatch`), one action makes a single request. Empty before the collection
    /// window has passed. Each request takes its weight (and new orders and modifies their
    /// order count) from the ``ExchangeRateLimiter``; at the first request the limiter holds
    /// back, this stops and everything not handed out stays queued in order (see
    /// ``nextFlushTime``).
    ///
    /// - Complexity: O(queued actions × batch size).
    public func nextRequests(now: Int64) -> [OMSRequest] {
        guard let deadline = flushDeadline, now >= deadline, queuedActionCount > 0 else { return [] }
        var requests: [OMSRequest] = []
        var blocked = false
        drain(&cancelQueue, kind: .cancel, batch: configuration.maxCancelsPerBatch, now: now, into: &requests, blocked: &blocked)
        if !blocked {
            drain(&modifyQueue, kind: .modify, batch: configuration.maxModifiesPerBatch, now: now, into: &requests, blocked: &blocked)
        }
        if !blocked {
            drain(&placeQueue, kind: .place, batch: configuration.maxPlacesPerBatch, now: now, into: &requests, blocked: &blocked)
        }
        if queuedActionCount == 0 {
            flushDeadline = nil
        } else {
            flushDeadline = max(now, earliestSendTime(now: now))
        }
        return requests
    }

    /// The earliest time the first request still queued (cancels, then modifies, then news)
    /// could pass the limiter.
    func earliestSendTime(now: Int64) -> Int64 {
        let queues: [([QueuedAction], Int, Bool)] = [(cancelQueue, configuration.maxCancelsPerBatch, false),
                                                     (modifyQueue, configuration.maxModifiesPerBatch, true),
                                                     (placeQueue, configuration.maxPlacesPerBatch, true)]
        for (queue, batch, isOrder) in queues where !queue.isEmpty {
            let actions = Self.headBatch(queue, batch: batch).count
            return rateLimiter.earliestTime(weight: rateLimiter.weight(actions: actions), orders: isOrder ? actions : 0, now: now)
        }
        return now
    }

    /// The queue positions of the next request: up to `batch` actions of the head's symbol, in queue order.
    static func headBatch(_ queue: [QueuedAction], batch: Int) -> [Int] {
        guard let symbol = queue.first?.action.symbol else { return [] }
        var picked: [Int] = []
        for i in queue.indices where queue[i].action.symbol == symbol {
            picked.append(i)
            if picked.count == max(1, batch) { break }
        }
        return picked
    }

    func drain(_ queue: inout [QueuedAction], kind: OMSRequest.Kind, batch: Int, now: Int64,
               into requests: inout [OMSRequest], blocked: inout Bool) {
        while !queue.isEmpty {
            let symbol = queue[0].action.symbol
            let picked = Self.headBatch(queue, batch: batch)
            let weight = rateLimiter.weight(actions: picked.count)
            let orderCount = kind == .cancel ? 0 : picked.count
            guard rateLimiter.tryAcquire(weight: weight, orders: orderCount, now: now) else {
                blocked = true
                // `queue` is one of this manager's queues, borrowed inout: count it directly
                // (reading `queuedActionCount` here would overlap that access and trap).
                audit(.rateLimit, .notice, now: now, ["held": .stringConvertible(queue.count),
                                                      "usedWeight": .stringConvertible(rateLimiter.usedWeight)])
                return
            }
            let actions = picked.map { queue[$0].action }
            for i in picked.reversed() { queue.remove(at: i) }
            let request = OMSRequest(id: nextRequestId, kind: kind, symbol: symbol, actions: actions, weight: weight)
            nextRequestId += 1
            requestsInFlight[request.id] = request
            for action in actions {
                switch action {
                case .place:
                    if let slot = slotByClientOrderId[action.clientOrderId] { orders[slot].placementSent = true }
                    counters.placed += 1
                case .cancel: counters.cancelsSent += 1
                case .modify: counters.modified += 1
                }
            }
            requests.append(request)
            audit(.request, now: now, ["id": .stringConvertible(request.id), "kind": .string(kind.rawValue),
                                       "symbol": .string(symbol), "weight": .stringConvertible(weight),
                                       "clientOrderIds": .array(actions.map { .string($0.clientOrderId) })])
        }
    }

    /// Reports the answer to request `id`: `results[i]` is the outcome of `actions[i]` (a
    /// single request has one). Reports are applied like any other (source `reply`); failed
    /// actions are handled as ``requestFailed(_:_:now:)`` describes, each one counted in the
    /// error rate. Missing results count as `timeout`. Unknown ids are ignored (logged).
    ///
    /// - Complexity: O(actions) plus their reports' costs.
    public func requestSucceeded(_ id: UInt64, results: [ActionResult], now: Int64) {
        guard let request = requestsInFlight.removeValue(forKey: id) else {
            audit(.requestOutcome, .notice, now: now, ["id": .stringConvertible(id), "outcome": "unknown request"])
            return
        }
        audit(.requestOutcome, now: now, ["id": .stringConvertible(id), "outcome": "answered",
                                          "results": .stringConvertible(results.count)])
        var requeue: [OMSAction] = []
        for (i, action) in request.actions.enumerated() {
            let result = i < results.count ? results[i] : .failed(.timeout)
            switch result {
            case .report(let report): apply(report, now: now)
            case .failed(let failure):
                recordFailure(failure, request: id, clientOrderIds: [action.clientOrderId], now: now)
                if actionFailed(action, failure, now: now) { requeue.append(action) }
            }
        }
        requeueFront(requeue, now: now)
    }

    /// Reports that request `id` failed as a whole after the gateway gave up retrying.
    ///
    /// - `rateLimited`, `banned`, `clockSkew`: nothing was done; the limiter pauses (429/418)
    ///   and the actions go back to the front of their queues with the same client order ids.
    /// - `timeout`, `serverError`: the exchange may have acted; orders stay pending, are
    ///   marked for reconciliation, and are never sent again under a new id.
    /// - `unknownOrder`: marked for reconciliation; never resurrected.
    /// - `rejected`: a place ends `rejected`; a cancel or modify returns the order to its state before.
    ///
    /// The failure is counted once in the risk layer's error rate.
    public func requestFailed(_ id: UInt64, _ failure: RequestFailure, now: Int64) {
        guard let request = requestsInFlight.removeValue(forKey: id) else {
            audit(.requestOutcome, .notice, now: now, ["id": .stringConvertible(id), "outcome": "unknown request"])
            return
        }
        audit(.requestOutcome, .notice, now: now, ["id": .stringConvertible(id), "outcome": "failed"])
        recordFailure(failure, request: id, clientOrderIds: request.actions.map(\.clientOrderId), now: now)
        var requeue: [OMSAction] = []
        for action in request.actions where actionFailed(action, failure, now: now) { requeue.append(action) }
        requeueFront(requeue, now: now)
    }

    /// Counts a failure, feeds the limiter (429/418) and the error rate.
    func recordFailure(_ failure: RequestFailure, request: UInt64, clientOrderIds: @autoclosure () -> [String], now: Int64) {
        switch failure {
        case .rateLimited(let seconds): rateLimiter.backOff(retryAfterSeconds: seconds, now: now)
        case .banned(let until): rateLimiter.ban(until: until, now: now)
        default: break
        }
        audit(.apiError, .notice, now: now, ["failure": .string(String(describing: failure)), "request": .stringConvertible(request),
                                             "clientOrderIds": .array(clientOrderIds().map { .string($0) })])
        recordError(class: failure.errorClass, now: now)
    }

    /// Handles one failed action; returns true when it must be queued again.
    func actionFailed(_ action: OMSAction, _ failure: RequestFailure, now: Int64) -> Bool {
        guard let slot = slotByClientOrderId[action.clientOrderId] else { return false }
        let o = orders[slot]
        switch failure {
        case .rateLimited, .banned, .clockSkew:
            // Not processed by the exchange: a place is unsent again (it may be dropped locally).
            if case .place = action { orders[slot].placementSent = false }
            return !o.state.isTerminal
        case .timeout, .serverError, .unknownOrder:
            if !o.state.isTerminal {
                orders[slot].needsReconciliation = true
                reconciliationRequested = true
            }
        case .rejected:
            switch action {
            case .place:
                // Only a placement the exchange has not acknowledged can be rejected; a refusal of a
                // second send of an acknowledged order (a duplicate client id) changes nothing.
                if o.state == .pendingNew { end(slot, as: .rejected, now: now, reason: "place rejected") }
            case .cancel, .modify:
                guard o.state == .pendingCancel || o.state == .pendingModify else { break }
                orders[slot].state = o.stateBeforePending ?? (o.cumulativeFilled > 0 ? .partiallyFilled : .new)
                orders[slot].stateBeforePending = nil
                orders[slot].pendingModify = nil
                auditState(slot, from: o.state, now: now, reason: "\(action.kind.rawValue) rejected")
            }
        }
        return false
    }

    /// Puts actions back at the front of their queues, in their original order.
    func requeueFront(_ actions: [OMSAction], now: Int64) {
        guard !actions.isEmpty else { return }
        for kind in [OMSRequest.Kind.cancel, .modify, .place] {
            let items = actions.filter { $0.kind == kind }.map { QueuedAction(action: $0, queuedAt: now) }
            guard !items.isEmpty else { continue }
            switch kind {
            case .cancel: cancelQueue.insert(contentsOf: items, at: 0)
            case .modify: modifyQueue.insert(contentsOf: items, at: 0)
            case .place: placeQueue.insert(contentsOf: items, at: 0)
            }
        }
        flushDeadline = min(flushDeadline ?? now, now)
    }

    /// Feeds the `X-MBX-USED-WEIGHT-1M`, `X-MBX-ORDER-COUNT-10S` and `X-MBX-ORDER-COUNT-1M`
    /// values of a response to the limiter. O(1).
    public func observeRateLimitHeaders(usedWeight1m: Int?, orderCount10s: Int?, orderCount1m: Int?, now: Int64) {
        rateLimiter.observeHeaders(usedWeight1m: usedWeight1m, orderCount10s: orderCount10s, orderCount1m: orderCount1m, now: now)
    }

    /// The limiter's status now (open, backing off after 429, banned after 418).
    public func rateLimitStatus(now: Int64) -> RateLimiterStatus { rateLimiter.status(now: now) }

    /// Records an API error the caller saw outside a request outcome (a stream error, a
    /// transport error). When the error rate trips, the trading state moves to the configured
    /// state. O(1) amortized.
    public func recordError(class errorClass: OMSErrorClass, now: Int64) {
        counters.errors[errorClass, default: 0] += 1
        let old = risk.tradingState
        if risk.recordError(class: errorClass, now: now) {
            audit(.tradingState, .warning, now: now, ["from": .string(old.rawValue), "to": .string(risk.tradingState.rawValue),
                                                      "reason": "error rate", "errors": .stringConvertible(risk.errorsInWindow)])
        }
    }

    /// Sets the trading state by hand (while the kill switch is active it stays halted). O(1).
    public func setTradingState(_ state: TradingState, now: Int64) {
        let old = risk.tradingState
        risk.setTradingState(state)
        audit(.tradingState, .notice, now: now, ["from": .string(old.rawValue), "to": .string(risk.tradingState.rawValue),
                                                 "reason": "manual"])
    }

    /// The kill switch: halts trading, drops every queued new order and modify, and queues a
    /// cancel of every live order (pending news already sent included); the cancels may go
    /// out at once (no collection window). Returns the client order ids canceled.
    ///
    /// - Complexity: O(live orders + queued actions).
    @discardableResult
    public func activateKillSwitch(now: Int64) -> [String] {
        let old = risk.tradingState
        risk.activateKillSwitch()
        audit(.tradingState, .critical, now: now, ["from": .string(old.rawValue), "to": "halted", "reason": "kill switch"])
        for item in modifyQueue {
            guard let slot = slotByClientOrderId[item.action.clientOrderId], orders[slot].state == .pendingModify else { continue }
            orders[slot].state = orders[slot].stateBeforePending ?? .new
            orders[slot].pendingModify = nil
        }
        modifyQueue.removeAll()
        actionsRemoved()
        var decision = QuoteDecision()
        for symbol in books.keys.sorted() {
            for slot in books[symbol]!.live { cancelOrder(slot, now: now, into: &decision) }
        }
        flushDeadline = queuedActionCount > 0 ? now : nil
        return decision.canceled
    }

    /// Releases the kill switch and returns to `active`. O(1).
    public func resumeTrading(now: Int64) {
        risk.resume()
        audit(.tradingState, .notice, now: now, ["to": "active", "reason": "resume"])
    }
}
