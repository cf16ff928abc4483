import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Binance USDⓈ-M Futures' REST API from the strategy's side: builds and signs requests,
/// sends them with AsyncHTTPClient, retries by error class on the configured schedule,
/// keeps the server clock and hands every reply's rate-limit usage to `onUsage`. With a
/// shard of several nodes it sends to the node its ``primary`` believes to be the primary
/// and moves that belief on when the node answers like a dead primary or a standby
/// (``GatewayError/suggestsAnotherNode``); its retries then go to the next node, for up to
/// ``GatewayConfiguration/failoverPatience``.
///
/// Thread-safe; one per API key. Owns an `HTTPClient`: shut down by ``shutdown()``, or, if
/// the owner never called it (a task that threw first), when the client is released: an
/// `HTTPClient` released while running traps in debug builds, which would end the process.
public final class RESTClient: Sendable {
    public let configuration: GatewayConfiguration
    public let clock: ServerClock
    /// The shard's node believed to be the primary; shared with the session's other clients.
    public let primary: ShardPrimary
    let http: HTTPClient
    let logger: Logger
    let onUsage: @Sendable (ExchangeUsage) -> Void

    /// A client for `configuration`; `onUsage` receives the usage headers of every reply
    /// (including 429 and 418) on the thread that read it. `primary` is the belief shared
    /// with the session's other clients (a new one of `configuration`'s nodes by default).
    public init(configuration: GatewayConfiguration, clock: ServerClock = ServerClock(), primary: ShardPrimary? = nil,
                logger: Logger = Logger(label: "hft-gateway.rest"),
                onUsage: @escaping @Sendable (ExchangeUsage) -> Void = { _ in }) {
        self.configuration = configuration
        self.clock = clock
        self.primary = primary ?? ShardPrimary(nodes: configuration.nodes)
        self.logger = logger
        self.onUsage = onUsage
        var http = HTTPClient.Configuration()
        http.timeout.connect = .seconds(2)
        http.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 16
        // With several nodes a refused connection is an answer (try the next node), not
        // something to retry on the same node until the request's deadline.
        http.connectionPool.retryConnectionEstablishment = configuration.nodes.count == 1
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
    }

    /// Closes the connections.
    public func shutdown() async throws { try await http.shutdown() }

    deinit {
        // Already shut down: the callback gets `alreadyShutdown`, ignored. Otherwise the
        // shutdown keeps the HTTPClient alive until its connections are closed.
        http.shutdown(queue: .global()) { _ in }
    }

    /// How a request authenticates.
    public enum Security: Sendable {
        /// Public: no key.
        case none
        /// `X-MBX-APIKEY` only (the listen-key endpoints).
        case apiKey
        /// Key, `timestamp`, `recvWindow` and `signature`.
        case signed
    }

    /// One reply that succeeded (HTTP 2xx).
    public struct Reply: Sendable {
        public var body: Data
        public var usage: ExchangeUsage
        /// The index in ``ShardPrimary/nodes`` of the node that answered.
        public var node: Int
    }

    /// Sends `method path` with `parameters`, retrying retryable failures on
    /// ``GatewayConfiguration/retryDelays`` (each attempt re-signed with a fresh
    /// timestamp; a `-1021` first measures the server clock again), and, with several
    /// nodes, on the next node for up to ``GatewayConfiguration/failoverPatience``. `node`
    /// pins the request to one node (a listen key belongs to the node that made it). Throws
    /// the last ``GatewayError`` when every attempt failed, or the first one that is not retryable.
    public func send(_ method: HTTPMethod, _ path: String, _ parameters: [(String, String)] = [],
                     security: Security = .signed, node: Int? = nil) async throws(GatewayError) -> Reply {
        try await retrying(rotating: node == nil) { (_) async throws(GatewayError) in
            try await once(method, path, parameters, security: security, node: node)
        }
    }

    /// Runs `body` on the retry schedule (``RetrySchedule``), measuring the server clock
    /// again before an attempt that follows a `-1021`. `rotating` and `retrying` as there.
    func retrying<T>(rotating: Bool = true, retrying: (GatewayError) -> Bool = { _ in true },
                     _ body: (RetrySchedule.Attempt) async throws(GatewayError) -> T) async throws(GatewayError) -> T {
        try await RetrySchedule.retrying(configuration, rotating: rotating, retrying: retrying) { (attempt) async throws(GatewayError) in
            if attempt.last?.errorClass == .clockSkew { try? await synchroniseClock() }
            return try await body(attempt)
        }
    }

    /// One attempt, without retries, to `node` or else to the node believed to be the
    /// primary; an error that suggests another node moves that belief on.
    public func once(_ method: HTTPMethod, _ path: String, _ parameters: [(String, String)],
                     security: Security, node: Int? = nil) async throws(GatewayError) -> Reply {
        let index = node ?? primary.index
        do {
            return try await attempt(method, path, parameters, security: security, on: index)
        } catch {
            logger.debug("request failed", metadata: ["path": "\(path)", "node": "\(primary.nodes[index])", "error": "\(error)"])
            if error.suggestsAnotherNode { primary.moveOn(from: index) }
            throw error
        }
    }

    private func attempt(_ method: HTTPMethod, _ path: String, _ parameters: [(String, String)],
                         security: Security, on node: Int) async throws(GatewayError) -> Reply {
        let text: String
        switch security {
        case .signed:
            text = SignedQuery.signed(parameters, timestamp: clock.nowMilliseconds(),
                                      recvWindow: configuration.recvWindowMilliseconds, secret: configuration.secret)
        case .none, .apiKey:
            text = SignedQuery.encode(parameters)
        }
        let inBody = method == .POST || method == .PUT
        var request = HTTPClientRequest(url: primary.nodes[node].restBaseURL + path + (inBody || text.isEmpty ? "" : "?" + text))
        request.method = method
        if security != .none { request.headers.add(name: "X-MBX-APIKEY", value: configuration.apiKey) }
        if inBody {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: text))
        }
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await http.execute(request, timeout: .init(configuration.requestTimeout))
            body = try await response.body.collect(upTo: 32 << 20)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout
                    || error == .connectTimeout {
            throw .timeout
        } catch {
            throw .transport(String(describing: error))
        }
        let usage = ExchangeUsage(headers: response.headers)
        if !usage.isEmpty { onUsage(usage) }
        let data = Data(body.readableBytesView)
        switch response.status.code {
        case 200..<300: return Reply(body: data, usage: usage, node: node)
        case 429: throw .rateLimited(retryAfterSeconds: usage.retryAfterSeconds)
        case 418: throw .banned(retryAfterSeconds: usage.retryAfterSeconds)
        case 500...: throw .serverError(httpStatus: Int(response.status.code))
        default:
            guard let error = try? JSONDecoder().decode(CodeMessage.self, from: data) else {
                throw .malformedReply("HTTP \(response.status.code): \(String(decoding: data.prefix(200), as: UTF8.self))")
            }
            throw .exchange(code: error.code, message: error.msg, httpStatus: Int(response.status.code))
        }
    }

    /// Decodes a reply's body as `T`.
    public func decode<T: Decodable>(_ type: T.Type, _ reply: Reply) throws(GatewayError) -> T {
        do { return try JSONDecoder().decode(T.self, from: reply.body) } catch {
            throw .malformedReply("\(T.self): \(error)")
        }
    }

    /// Measures the server clock with `GET /fapi/v1/time` and records it in ``clock`` (an
    /// attempt that failed is tried again on the retry schedule, on the next node).
    public func synchroniseClock() async throws(GatewayError) {
        try await RetrySchedule.retrying(configuration) { (_) async throws(GatewayError) in
            let sent = ServerClock.localMilliseconds()
            let reply = try await once(.GET, "/fapi/v1/time", [], security: .none)
            let received = ServerClock.localMilliseconds()
            let time = try decode(ServerTimeReply.self, reply)
            clock.record(serverTime: time.serverTime, sent: sent, received: received)
        }
    }
}

/// Binance's error body, `{"code":-2010,"msg":"..."}`.
struct CodeMessage: Decodable {
    var code: Int
    var msg: String
}

/// `GET /fapi/v1/time`.
struct ServerTimeReply: Decodable {
    var serverTime: Int64
}
