import Foundation
import HFTBinance
import HummingbirdWSClient
import Logging
import Synchronization

/// Binance USDⓈ-M's WebSocket order API (`order.place`, `order.cancel`, `order.modify`,
/// `order.status`; Binance "WebSocket API General Info"): one connection, requests
/// pipelined and matched to replies by id, each signed like a REST request (HMAC-SHA256
/// of the parameters sorted by name, spec §2). Reconnects by itself; requests in flight
/// when a connection drops fail with ``GatewayError/transport(_:)`` (outcome unknown), and
/// `place` then asks `order.status` before it sends the NEW again.
///
/// With several nodes it connects to the node ``primary`` believes to be the primary
/// (shared with the session's REST client and streams). A reply or failure that says "not
/// the primary" (-1001 from a standby, a 5xx, a timeout, a dropped connection) moves the
/// belief on; a connection to a node the belief has left is closed and made again to the
/// believed primary; a node that cannot be connected to moves the belief on. Requests are
/// retried on ``GatewayConfiguration/retryDelays`` and, while a failover lasts, for up to
/// ``GatewayConfiguration/failoverPatience``.
///
/// Thread-safe. Owns one background connection task between ``start()`` and ``stop()``.
public final class WebSocketOrderClient: Sendable {
    public let configuration: GatewayConfiguration
    public let clock: ServerClock
    /// The shard's node believed to be the primary; shared with the session's other clients.
    public let primary: ShardPrimary
    private let logger: Logger
    private let onUsage: @Sendable (ExchangeUsage) -> Void
    private let state = Mutex(State())
    private let loop = BackgroundLoop()

    /// A request in flight: its deadline, and whichever came first of its outcome and the
    /// task waiting for it.
    private struct Pending {
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Data, any Error>?
        var outcome: Result<Data, any Error>?
    }

    private struct State {
        var writer: WebSocketOutboundWriter?
        /// The index of the node `writer` is connected to.
        var node: Int?
        var nextId = 1
        var pending: [Int: Pending] = [:]
        var connections = 0
    }

    /// A client of `configuration`; `primary` is the belief shared with the session's other
    /// clients (a new one of `configuration`'s nodes by default).
    public init(configuration: GatewayConfiguration, clock: ServerClock, primary: ShardPrimary? = nil,
                logger: Logger = Logger(label: "hft-gateway.ws-api"),
                onUsage: @escaping @Sendable (ExchangeUsage) -> Void = { _ in }) {
        self.configuration = configuration
        self.clock = clock
        self.primary = primary ?? ShardPrimary(nodes: configuration.nodes)
        self.logger = logger
        self.onUsage = onUsage
    }

    /// How many times a connection was established.
    public var connections: Int { state.withLock { $0.connections } }

    /// True while a connection is up.
    public var isConnected: Bool { state.withLock { $0.writer != nil } }

    /// Starts connecting (once).
    public func start() {
        loop.start { [self] in await run() }
    }

    /// Closes the connection and fails what is in flight.
    public func stop() async {
        await loop.stop()
        failAll(GatewayError.transport("stopped"))
    }

    /// Waits until connected, at most `timeout`; true when connected.
    public func waitConnected(timeout: Duration = .seconds(5)) async -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if isConnected { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return isConnected
    }

    // MARK: requests

    /// `order.place`. Once an attempt's outcome was unknown (a timeout, a dropped
    /// connection, a 5xx), every later attempt first asks `order.status` by the client order
    /// id (on the node it is about to use: after a failover, the new primary) and returns
    /// the order when it exists, so it never places twice.
    public func place(_ order: NewOrderRequest) async throws(GatewayError) -> OrderReply {
        try await RetrySchedule.retrying(configuration) { (attempt) async throws(GatewayError) in
            if attempt.outcomeUnknown, let existing = try await status(symbol: order.symbol, clientOrderId: order.clientOrderId) {
                return existing
            }
            return try await call("order.place", order.parameters, as: OrderReply.self)
        }
    }

    /// `order.cancel` by client order id.
    public func cancel(symbol: String, clientOrderId: String) async throws(GatewayError) -> OrderReply {
        try await retrying { () async throws(GatewayError) in
            try await self.call("order.cancel", [("symbol", symbol), ("origClientOrderId", clientOrderId)], as: OrderReply.self)
        }
    }

    /// `order.modify`.
    public func modify(_ change: ModifyOrderRequest) async throws(GatewayError) -> OrderReply {
        try await retrying { () async throws(GatewayError) in
            try await self.call("order.modify", change.parameters, as: OrderReply.self)
        }
    }

    /// `order.status` by client order id; `nil` when the exchange does not know it (`-2013`).
    public func status(symbol: String, clientOrderId: String) async throws(GatewayError) -> OrderReply? {
        do {
            return try await retrying { () async throws(GatewayError) in
                try await self.call("order.status", [("symbol", symbol), ("origClientOrderId", clientOrderId)], as: OrderReply.self)
            }
        } catch {
            if case .exchange(-2013, _, _) = error { return nil }
            throw error
        }
    }

    private func retrying<T>(_ body: () async throws(GatewayError) -> T) async throws(GatewayError) -> T {
        try await RetrySchedule.retrying(configuration) { (_) async throws(GatewayError) in try await body() }
    }

    /// One signed request and its decoded result, without retries.
    /// An error that suggests another node moves ``primary`` on from the node that gave it.
    public func call<T: Decodable>(_ method: String, _ parameters: [(String, String)], as: T.Type) async throws(GatewayError) -> T {
        let node = state.withLock { $0.node }
        do {
            return try await attempt(method, parameters, as: T.self)
        } catch {
            if let node, error.suggestsAnotherNode { primary.moveOn(from: node) }
            throw error
        }
    }

    private func attempt<T: Decodable>(_ method: String, _ parameters: [(String, String)], as: T.Type) async throws(GatewayError) -> T {
        var fields = Dictionary(parameters, uniquingKeysWith: { a, _ in a })
        fields["apiKey"] = configuration.apiKey
        fields["timestamp"] = String(clock.nowMilliseconds())
        fields["recvWindow"] = String(configuration.recvWindowMilliseconds)
        fields["signature"] = BinanceSignature.sign(secret: configuration.secret,
                                                    payload: BinanceWebSocketAPI.signaturePayload(fields))
        let data: Data
        do {
            data = try await exchange(method: method, params: fields)
        } catch let error as GatewayError {
            throw error
        } catch {
            throw .transport(String(describing: error))
        }
        let envelope: ReplyEnvelope<T>
        do { envelope = try JSONDecoder().decode(ReplyEnvelope<T>.self, from: data) } catch {
            throw .malformedReply("\(method): \(error)")
        }
        if let limits = envelope.rateLimits { onUsage(ExchangeUsage(webSocketRateLimits: limits)) }
        if let result = envelope.result, envelope.status == 200 { return result }
        if let error = envelope.error {
            switch envelope.status {
            case 429: throw .rateLimited(retryAfterSeconds: nil)
            case 418: throw .banned(retryAfterSeconds: nil)
            default: throw .exchange(code: error.code, message: error.msg, httpStatus: envelope.status)
            }
        }
        if envelope.status >= 500 { throw .serverError(httpStatus: envelope.status) }
        throw .malformedReply("\(method): status \(envelope.status) without result")
    }

    /// Sends one frame and waits for the reply with its id, at most the request timeout
    /// (one sweeper per connection fails requests past their deadline; no task or timer
    /// per request).
    private func exchange(method: String, params: [String: String]) async throws -> Data {
        let (id, writer, node) = state.withLock { s -> (Int, WebSocketOutboundWriter?, Int?) in
            defer { s.nextId += 1 }
            return (s.nextId, s.writer, s.node)
        }
        guard let writer, let node else { throw GatewayError.transport("not connected") }
        guard node == primary.index else {
            // Another client found the primary elsewhere: follow it (the run loop connects there).
            try? await writer.close(.goingAway, reason: "the primary moved")
            throw GatewayError.transport("the primary moved; reconnecting")
        }
        let frame = try JSONEncoder().encode(RequestFrame(id: id, method: method, params: params))
        state.withLock { $0.pending[id] = Pending(deadline: .now + configuration.requestTimeout) }
        do {
            try await writer.write(.text(String(decoding: frame, as: UTF8.self)))
        } catch {
            resume(id, with: .failure(GatewayError.transport("write: \(error)")))
        }
        return try await withCheckedThrowingContinuation { continuation in
            let outcome = state.withLock { s -> Result<Data, any Error>? in
                guard let pending = s.pending[id] else { return .failure(GatewayError.transport("connection closed")) }
                if let outcome = pending.outcome {
                    s.pending[id] = nil
                    return outcome
                }
                s.pending[id]?.continuation = continuation
                return nil
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    /// Delivers a request's outcome to its waiter, or keeps it until the waiter comes.
    private func resume(_ id: Int, with result: Result<Data, any Error>) {
        let continuation = state.withLock { s -> CheckedContinuation<Data, any Error>? in
            guard let pending = s.pending[id], pending.outcome == nil else { return nil }
            guard let continuation = pending.continuation else {
                s.pending[id]?.outcome = result
                return nil
            }
            s.pending[id] = nil
            return continuation
        }
        continuation?.resume(with: result)
    }

    /// Fails every request in flight with `error` (the connection is gone).
    private func failAll(_ error: GatewayError) {
        for id in state.withLock({ Array($0.pending.keys) }) { resume(id, with: .failure(error)) }
    }

    /// Fails the requests whose deadline has passed with ``GatewayError/timeout``.
    private func expire() {
        let now = ContinuousClock.now
        let late = state.withLock { s in s.pending.filter { $0.value.outcome == nil && $0.value.deadline <= now }.map(\.key) }
        for id in late { resume(id, with: .failure(GatewayError.timeout)) }
    }

    // MARK: connection

    private func run() async {
        var backoff = ReconnectBackoff(configuration)
        while !Task.isCancelled {
            let (index, node) = primary.current
            let before = connections
            do {
                try await WebSocketClient.connect(url: node.webSocketAPIURL,
                                                  configuration: .init(maxFrameSize: 1 << 22), logger: logger) { inbound, outbound, _ in
                    self.state.withLock {
                        $0.writer = outbound
                        $0.node = index
                        $0.connections += 1
                    }
                    let sweeper = Task {
                        while !Task.isCancelled {
                            try? await Task.sleep(for: .milliseconds(20))
                            self.expire()
                        }
                    }
                    defer { sweeper.cancel() }
                    for try await message in inbound.messages(maxSize: 1 << 22) {
                        guard case .text(let text) = message else { continue }
                        let data = Data(text.utf8)
                        guard let header = try? JSONDecoder().decode(ReplyHeader.self, from: data) else { continue }
                        self.resume(header.id, with: .success(data))
                    }
                }
            } catch {
                logger.debug("ws-api connection ended", metadata: ["node": "\(node)", "error": "\(error)"])
            }
            state.withLock {
                $0.writer = nil
                $0.node = nil
            }
            failAll(.transport("connection closed"))
            if Task.isCancelled { break }
            try? await Task.sleep(for: backoff.pause(after: index, connected: connections > before, primary: primary))
        }
    }
}

/// A request frame: `{"id":…,"method":"order.place","params":{…}}`.
private struct RequestFrame: Encodable {
    var id: Int
    var method: String
    var params: [String: String]
}

/// The id of a reply frame.
private struct ReplyHeader: Decodable {
    var id: Int
}

/// A reply frame: `{"id","status","result"|"error","rateLimits"}`.
private struct ReplyEnvelope<T: Decodable>: Decodable {
    var id: Int
    var status: Int
    var result: T?
    var error: CodeMessage?
    var rateLimits: [WebSocketRateLimit]?
}

/// One entry of a WebSocket API reply's `rateLimits`.
struct WebSocketRateLimit: Decodable {
    var rateLimitType: String
    var interval: String
    var intervalNum: Int
    var count: Int
}

extension ExchangeUsage {
    /// The usage a WebSocket API reply reports in `rateLimits`.
    init(webSocketRateLimits limits: [WebSocketRateLimit]) {
        self.init()
        for limit in limits {
            switch (limit.rateLimitType, limit.interval, limit.intervalNum) {
            case ("REQUEST_WEIGHT", "MINUTE", 1): usedWeight1m = limit.count
            case ("ORDERS", "SECOND", 10): orderCount10s = limit.count
            case ("ORDERS", "MINUTE", 1): orderCount1m = limit.count
            default: break
            }
        }
    }
}
