/// Why a request to the exchange did not give a result, classified the way the order
/// manager must react (issue 14, "Retry schedule ... by error class").
public enum GatewayError: Error, Sendable, Equatable {
    /// The exchange answered with Binance's `{"code","msg"}` (HTTP 4xx, or a WebSocket API
    /// error status). See ``errorClass`` for what the code means to the caller.
    case exchange(code: Int, message: String, httpStatus: Int)
    /// HTTP 429 / code -1003: too many requests; wait `retryAfterSeconds` (from `Retry-After`).
    case rateLimited(retryAfterSeconds: Int?)
    /// HTTP 418: the IP is banned; nothing may be sent until `retryAfterSeconds` have passed.
    case banned(retryAfterSeconds: Int?)
    /// HTTP 5xx after every retry: the exchange may or may not have acted.
    case serverError(httpStatus: Int)
    /// No answer in time after every retry: the exchange may or may not have acted.
    case timeout
    /// The connection failed or dropped after every retry: the exchange may or may not have acted.
    case transport(String)
    /// The answer could not be read (not the shape Binance documents).
    case malformedReply(String)

    /// The error's class: what the order manager does about it.
    public var errorClass: GatewayErrorClass {
        switch self {
        case .exchange(let code, _, _):
            switch code {
            case -1021: return .clockSkew
            case -2011, -2013: return .unknownOrder
            case -1003, -1015: return .rateLimited
            case -1008: return .overloaded
            case -1022, -2014, -2015: return .authentication
            default: return .rejected
            }
        case .rateLimited: return .rateLimited
        case .banned: return .banned
        case .serverError, .timeout, .transport: return .outcomeUnknown
        case .malformedReply: return .outcomeUnknown
        }
    }

    /// True when the same request may be sent again as it is: the exchange did not act,
    /// or acting twice is impossible (a NEW carries its client order id; the order
    /// manager's retry of a NEW first asks whether the order exists).
    public var isRetryable: Bool {
        switch self {
        case .serverError, .timeout, .transport: return true
        case .exchange(let code, _, _): return code == -1021 || code == -1008 || code == -1001
        default: return false
        }
    }

    /// True when the node that gave this error is perhaps not the shard's primary (any
    /// more): a connection error, a timeout, an HTTP 5xx, or `-1001`, with which a standby
    /// or a read replica refuses client commands. The gateway then tries the next node
    /// (``ShardPrimary/moveOn(from:)``; Docs/replication.md, the client rule).
    public var suggestsAnotherNode: Bool {
        switch self {
        case .serverError, .timeout, .transport: return true
        case .exchange(_, _, let status): return isStandbyRefusal || status >= 500
        default: return false
        }
    }
}

extension GatewayError {
    /// `-1001`: how a standby or a read replica of a replicated `hft-venue` refuses a client
    /// command (the node did nothing; the primary is elsewhere).
    public var isStandbyRefusal: Bool {
        if case .exchange(-1001, _, _) = self { true } else { false }
    }
}

/// The classes of ``GatewayError``.
public enum GatewayErrorClass: String, Sendable, Equatable, CaseIterable {
    /// The order was refused (`-2010`, filter failures `-4xxx`, bad parameters `-11xx`).
    case rejected
    /// The exchange does not know the order (`-2011`, `-2013`): reconcile, never resurrect.
    case unknownOrder
    /// Too many requests (429, `-1003`, `-1015`): back off.
    case rateLimited
    /// Banned (418): stop.
    case banned
    /// The exchange is overloaded (`-1008`).
    case overloaded
    /// The local clock is off (`-1021`): resynchronise with the server's time.
    case clockSkew
    /// The key or signature was refused (`-1022`, `-2014`, `-2015`).
    case authentication
    /// A timeout, 5xx or dropped connection: the exchange may have acted; reconcile.
    case outcomeUnknown
}
