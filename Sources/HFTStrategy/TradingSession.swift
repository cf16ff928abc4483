import Foundation
import HFTGateway
import HFTOrderManager
import Logging

/// A strategy's live connection to one exchange account: it drives an ``OrderManager``
/// through the gateway. Intents go in through ``setQuotes(symbol:_:)``; the manager's
/// requests are sent when its collection window ends (new orders, cancels and modifies one
/// at a time over the WebSocket order API, or batched over REST); every reply and every
/// user-data report goes back into the manager; the manager reconciles against REST at
/// start, after every user-data (re)connection and every ``Configuration/reconcileInterval``.
///
/// With a shard of several nodes (``GatewayConfiguration/nodes``) the session follows a
/// failover: its clients share one ``ShardPrimary``; an order whose outcome is unknown is
/// looked up by client order id on the new primary before it is sent again; the first reply
/// from a node the belief moved to, and the user-data stream's reconnection, make the
/// manager reconcile against the new primary.
///
/// An actor: the order manager is only touched on it, one call at a time. Owns the
/// gateway's clients and their background tasks between ``start()`` and ``stop()``.
public actor TradingSession {
    /// How the session talks to the exchange.
    public struct Configuration: Sendable {
        public var gateway: GatewayConfiguration
        /// Send single (unbatched) requests over the WebSocket order API (else REST).
        public var useWebSocketAPI = true
        /// Time between scheduled reconciliations (issue 14: 10–60 s).
        public var reconcileInterval: Duration = .seconds(15)
        /// Orders fetched per symbol from `allOrders` when reconciling.
        public var recentOrders = 200

        public init(gateway: GatewayConfiguration) { self.gateway = gateway }
    }

    public let configuration: Configuration
    public let manager: OrderManager
    public nonisolated let rest: RESTClient
    public nonisolated let orders: WebSocketOrderClient
    public nonisolated let userData: UserDataStream
    let rules: [String: SymbolRules]
    let logger: Logger
    var tasks: [Task<Void, Never>] = []
    var flushScheduled = false
    var lastTradeId: [String: Int64] = [:]
    /// Rate-limit usage the gateway saw in replies (on its own threads), for the manager.
    let usage: AsyncStream<ExchangeUsage>
    var reconciling = false
    var reconcileAgain = false
    /// ``ShardPrimary/moves`` when the session last reconciled because the primary moved.
    var primaryMovesSeen = 0
    /// When each new order's intent was given, for the intent-to-acknowledgement figure.
    var intentTimes: [String: ContinuousClock.Instant] = [:]
    /// Intent-to-acknowledgement times of new orders, oldest first (the newest 65,536 at most).
    public private(set) var acknowledgementTimings: [AcknowledgementTiming] = []
    /// New orders acknowledged since the start.
    public private(set) var acknowledgements = 0
    var acknowledgementWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    /// Reconciliations run, and their summaries summed.
    public private(set) var reconciliations = 0
    public private(set) var reconciliationTotals = ReconciliationSummary()
    /// Reports from the stream the session could not read.
    public private(set) var unreadableReports = 0

    /// A session over `manager` (whose symbols were added with their rules); the manager
    /// is owned by the session from here on.
    public init(configuration: Configuration, manager: OrderManager, symbols: [SymbolRules],
                logger: Logger = Logger(label: "hft.session")) {
        self.configuration = configuration
        self.manager = manager
        self.logger = logger
        rules = Dictionary(uniqueKeysWithValues: symbols.map { ($0.symbol, $0) })
        let clock = ServerClock()
        let (usage, relay) = AsyncStream.makeStream(of: ExchangeUsage.self, bufferingPolicy: .bufferingNewest(64))
        self.usage = usage
        rest = RESTClient(configuration: configuration.gateway, clock: clock, logger: logger, onUsage: { relay.yield($0) })
        // One belief of which node is the primary for all of the session's clients: when one
        // of them finds that the primary moved, the others send there too.
        orders = WebSocketOrderClient(configuration: configuration.gateway, clock: clock, primary: rest.primary, logger: logger,
                                      onUsage: { relay.yield($0) })
        userData = UserDataStream(rest: rest, logger: logger)
    }

    static func now() -> Int64 { ServerClock.localMilliseconds() }

    /// Synchronises the clock, connects the streams, reconciles, and starts the loops.
    public func start() async throws {
        try await rest.synchroniseClock()
        if configuration.useWebSocketAPI {
            orders.start()
            _ = await orders.waitConnected()
        }
        userData.start()
        tasks.append(Task { await self.consumeUserData() })
        tasks.append(Task {
            for await usage in self.usage { self.observe(usage) }
        })
        tasks.append(Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.configuration.reconcileInterval)
                if Task.isCancelled { break }
                await self.reconcile()
            }
        })
        await reconcile()
    }

    /// Stops the loops and closes the connections (orders stay on the exchange; use
    /// ``killSwitch()`` first to cancel them).
    public func stop() async {
        for task in tasks { task.cancel() }
        tasks.removeAll()
        await orders.stop()
        await userData.stop()
        try? await rest.shutdown()
    }

    // MARK: strategy entry points

    /// The quotes the strategy wants on `symbol` now; the manager decides the actions.
    @discardableResult
    public func setQuotes(symbol: String, _ intents: [QuoteIntent]) -> QuoteDecision {
        let decision = manager.setQuotes(symbol: symbol, intents, now: Self.now())
        let now = ContinuousClock.now
        // Placements the manager dropped before sending never come back: forget old ones.
        if intentTimes.count > 4_096 { intentTimes = intentTimes.filter { now - $0.value < .seconds(10) } }
        for id in decision.placed { intentTimes[id] = now }
        scheduleFlush()
        return decision
    }

    /// The reference price of the collar (mid or mark).
    public func setReferencePrice(symbol: String, price: Int64) {
        manager.setReferencePrice(symbol: symbol, price: price)
    }

    /// Halts trading and cancels every open order.
    public func killSwitch() {
        _ = manager.activateKillSwitch(now: Self.now())
        scheduleFlush()
    }

    /// Runs `body` on the order manager, on the actor (for queries).
    public func withManager<T: Sendable>(_ body: (OrderManager) -> T) -> T { body(manager) }

    /// True when nothing is queued or in flight.
    public var isQuiet: Bool { manager.queuedActionCount == 0 && manager.pendingRequests.isEmpty && !reconciling }

    /// Returns once more than `count` new orders have been acknowledged since the start
    /// (for closed-loop measurements; no polling of the actor).
    public func waitForAcknowledgement(after count: Int) async {
        guard acknowledgements <= count else { return }
        await withCheckedContinuation { acknowledgementWaiters.append((count, $0)) }
    }

    func resumeAcknowledgementWaiters() {
        acknowledgementWaiters.removeAll { waiter in
            guard acknowledgements > waiter.count else { return false }
            waiter.continuation.resume()
            return true
        }
    }

    // MARK: requests

    /// Makes sure a flush runs when the manager's collection window ends.
    /// A window already over is flushed at once, on the actor; a later one by a timer.
    func scheduleFlush() {
        guard !flushScheduled, let at = manager.nextFlushTime else { return }
        let delay = at - Self.now()
        guard delay > 0 else {
            flush()
            return
        }
        flushScheduled = true
        Task {
            try? await Task.sleep(for: .milliseconds(delay))
            self.flushScheduled = false
            self.flush()
        }
    }

    func flush() {
        let requests = manager.nextRequests(now: Self.now())
        for request in requests {
            Task { await self.send(request) }
        }
        if !requests.isEmpty || manager.nextFlushTime.map({ $0 > Self.now() }) == true { scheduleFlush() }
    }

    nonisolated func send(_ request: OMSRequest) async {
        do {
            let sent = ContinuousClock.now
            let results = try await execute(request)
            await complete(request, results: results, sent: sent, replied: .now)
        } catch {
            await fail(request, error)
        }
    }

    func complete(_ request: OMSRequest, results: [ActionResult], sent: ContinuousClock.Instant, replied: ContinuousClock.Instant) {
        let now = ContinuousClock.now
        for result in results {
            guard case .report(let report) = result, let start = intentTimes.removeValue(forKey: report.clientOrderId) else { continue }
            if acknowledgementTimings.count >= 65_536 { acknowledgementTimings.removeFirst(32_768) }
            acknowledgementTimings.append(AcknowledgementTiming(total: now - start, beforeSend: sent - start,
                                                                exchange: replied - sent, afterReply: now - replied))
            acknowledgements += 1
            resumeAcknowledgementWaiters()
        }
        for action in request.actions { intentTimes[action.clientOrderId] = nil }   // refused items too
        manager.requestSucceeded(request.id, results: results, now: Self.now())
        reconcileIfThePrimaryMoved()
        scheduleFlush()
    }

    func fail(_ request: OMSRequest, _ error: GatewayError) {
        for action in request.actions { intentTimes[action.clientOrderId] = nil }
        let failure = WireConversion.failure(error, nowMilliseconds: Self.now())
        manager.requestFailed(request.id, failure, now: Self.now())
        if failure.errorClass == .unknownOrder || failure.errorClass == .timeout || failure.errorClass == .serverError {
            Task { await self.reconcile() }
        }
        scheduleFlush()
    }

    /// Sends one request; a batch's items each get their own result.
    nonisolated func execute(_ request: OMSRequest) async throws(GatewayError) -> [ActionResult] {
        guard let rules = rules[request.symbol] else { throw .malformedReply("unknown symbol \(request.symbol)") }
        let viaWebSocket = configuration.useWebSocketAPI && request.actions.count == 1
        func result(_ reply: OrderReply) -> ActionResult {
            WireConversion.report(reply, rules: rules, source: .reply).map(ActionResult.report) ?? .failed(.timeout)
        }
        func results(_ items: [BatchItemReply]) -> [ActionResult] {
            items.map { item in
                switch item {
                case .order(let reply): result(reply)
                case .error(let error): .failed(WireConversion.failure(error, nowMilliseconds: Self.now()))
                }
            }
        }
        switch request.kind {
        case .place:
            let orders = request.actions.compactMap { if case .place(let p) = $0 { WireConversion.request(p, rules: rules) } else { nil } }
            if orders.count == 1 {
                return [result(viaWebSocket ? try await self.orders.place(orders[0]) : try await rest.place(orders[0]))]
            }
            return results(try await rest.placeBatch(orders))
        case .cancel:
            let ids = request.actions.map(\.clientOrderId)
            if ids.count == 1 {
                let reply = viaWebSocket ? try await orders.cancel(symbol: request.symbol, clientOrderId: ids[0])
                    : try await rest.cancel(symbol: request.symbol, clientOrderId: ids[0])
                return [result(reply)]
            }
            return results(try await rest.cancelBatch(symbol: request.symbol, clientOrderIds: ids))
        case .modify:
            let changes = request.actions.compactMap { if case .modify(let m) = $0 { WireConversion.request(m, rules: rules) } else { nil } }
            if changes.count == 1 {
                return [result(viaWebSocket ? try await orders.modify(changes[0]) : try await rest.modify(changes[0]))]
            }
            return results(try await rest.modifyBatch(changes))
        }
    }

    // MARK: reports and reconciliation

    /// Reconciles once a request succeeded after the gateway found the shard's primary on
    /// another node (a failover): the new primary's book is the truth, whether or not the
    /// user-data stream's connection dropped (its reconnection reconciles too).
    func reconcileIfThePrimaryMoved() {
        let moves = rest.primary.moves
        guard moves != primaryMovesSeen else { return }
        primaryMovesSeen = moves
        Task { await self.reconcile() }
    }

    func consumeUserData() async {
        for await event in userData.events {
            switch event {
            case .connected:
                await reconcile()
            case .orderUpdate(let update):
                guard let rules = rules[update.order.symbol], let report = WireConversion.report(update, rules: rules) else {
                    unreadableReports += 1
                    continue
                }
                _ = manager.apply(report, now: Self.now())
                scheduleFlush()
            case .disconnected, .accountUpdate, .marginCall, .listenKeyExpired:
                break
            }
        }
    }

    /// Fetches open orders, recent orders and new fills of every symbol and repairs the
    /// manager's book from them (the exchange is the source of truth).
    public func reconcile() async {
        // One at a time; calls meanwhile make one more run after it.
        guard !reconciling else {
            reconcileAgain = true
            return
        }
        reconciling = true
        repeat {
            reconcileAgain = false
            await reconcileOnce()
        } while reconcileAgain
        reconciling = false
    }

    func reconcileOnce() async {
        var open: [ExecutionReport] = []
        var recent: [ExecutionReport] = []
        var trades: [UserTrade] = []
        do {
            for (symbol, rules) in rules.sorted(by: { $0.key < $1.key }) {
                // Fills first, then orders: a fill that lands in between is then seen in the
                // orders' cumulative quantity and, by trade id, at the next reconciliation.
                let fills = try await rest.userTrades(symbol: symbol, fromId: lastTradeId[symbol].map { $0 + 1 })
                trades += fills.compactMap { WireConversion.trade($0, rules: rules) }
                if let last = fills.map(\.id).max() { lastTradeId[symbol] = max(lastTradeId[symbol] ?? 0, last) }
                recent += try await rest.allOrders(symbol: symbol, limit: configuration.recentOrders)
                    .compactMap { WireConversion.report($0, rules: rules, source: .query) }
                open += try await rest.openOrders(symbol: symbol).compactMap { WireConversion.report($0, rules: rules, source: .query) }
            }
        } catch {
            logger.warning("reconciliation failed", metadata: ["error": "\(error)"])
            manager.recordError(class: WireConversion.failure(error, nowMilliseconds: Self.now()).errorClass, now: Self.now())
            return
        }
        let summary = manager.reconcile(ExchangeSnapshot(symbols: rules.keys.sorted(), openOrders: open, recentOrders: recent,
                                                         trades: trades), now: Self.now())
        reconciliations += 1
        reconciliationTotals.add(summary)
        scheduleFlush()
    }

    func observe(_ usage: ExchangeUsage) {
        manager.observeRateLimitHeaders(usedWeight1m: usage.usedWeight1m, orderCount10s: usage.orderCount10s,
                                        orderCount1m: usage.orderCount1m, now: Self.now())
    }
}

extension ReconciliationSummary {
    mutating func add(_ other: ReconciliationSummary) {
        ordersUpdated += other.ordersUpdated
        adopted += other.adopted
        foreignCanceled += other.foreignCanceled
        resolvedCanceled += other.resolvedCanceled
        resolvedExpired += other.resolvedExpired
        strayCanceled += other.strayCanceled
        cancelsRequeued += other.cancelsRequeued
        modifiesReverted += other.modifiesReverted
        missedFillsApplied += other.missedFillsApplied
        tradesAttributed += other.tradesAttributed
        tradesIgnored += other.tradesIgnored
    }
}

/// Where the time from an intent to its new order's acknowledgement went: in the session
/// and manager before the request left, at the exchange (the gateway's call: signing,
/// the round trip, decoding), and in the session after the reply.
public struct AcknowledgementTiming: Sendable, Equatable {
    public var total: Duration
    public var beforeSend: Duration
    public var exchange: Duration
    public var afterReply: Duration
}

/// Waiting for a session to settle.
public enum SessionWait {
    /// Waits until nothing is queued or in flight, at most `timeout`, looking every
    /// `poll`; true when quiet.
    public static func quiet(_ session: TradingSession, timeout: Duration = .seconds(5),
                             poll: Duration = .milliseconds(10)) async -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if await session.isQuiet { return true }
            try? await Task.sleep(for: poll)
        }
        return await session.isQuiet
    }
}
