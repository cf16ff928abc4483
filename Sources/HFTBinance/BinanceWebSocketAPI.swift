/// Binance's WebSocket API for order entry (USDⓈ-M Futures `ws-fapi`: `order.place`,
/// `order.cancel`, `order.modify`, `order.status`, ...): request frames
/// `{"id":..,"method":"order.place","params":{"apiKey":..,"symbol":..,...,"timestamp":..,"signature":..}}`
/// and replies `{"id":..,"status":200,"result":{...},"rateLimits":[...]}` or
/// `{"id":..,"status":400,"error":{"code":..,"msg":..},"rateLimits":[...]}`.
///
/// Signing (Binance's WebSocket API rule): every parameter except `signature`, sorted by name,
/// written `name=value` joined by `&` with the values as the client wrote them (strings
/// unquoted, numbers and booleans in their JSON text), no percent-encoding; HMAC-SHA256 of
/// those bytes as in REST. The parameters become a ``BinanceParameters`` whose
/// ``BinanceParameters/signedPayload`` is that string, so ``BinanceAuthenticator`` checks
/// both transports the same way (`apiKey` is a parameter here, not a header).
///
/// - Complexity: O(frame size + n log n in the parameter count). Memory: the decoded request.
public enum BinanceWebSocketAPI {
    /// The methods the service answers.
    public static let methods: Set<String> = [
        "order.place", "order.cancel", "order.modify", "order.status",
        "account.status", "account.balance", "account.position", "session.status",
    ]

    /// A decoded request.
    public struct Request: Sendable {
        /// The id, echoed in the reply.
        public var id: BinanceRequestID
        /// The method (`order.place`, ...).
        public var method: String
        /// The parameters, with `signature` and the signed payload.
        public var parameters: BinanceParameters
        /// The `apiKey` parameter, if sent.
        public var apiKey: String? { parameters["apiKey"] }
    }

    /// A refused frame: the error and the id to answer with (`null` when unreadable).
    public struct Failure: Error, Sendable, Equatable {
        /// The refusal.
        public var error: BinanceError
        /// The request's id.
        public var id: BinanceRequestID

        /// The error reply (``error(_:id:rateLimits:)``).
        public var json: [UInt8] { BinanceWebSocketAPI.error(error, id: id) }
    }

    /// Decodes a request frame: -1135 when it is not a JSON object with a string `method` and
    /// an object `params` of scalars; -1102 `method`, -1100 for a non-scalar parameter, the
    /// limits of ``BinanceParameters``. An unknown method is the server's -1130 `method`
    /// (``methods`` lists those it serves).
    public static func decode(_ frame: [UInt8]) -> Result<Request, Failure> {
        if let fast = BinanceRequestFrame.decode(frame) {
            return request(id: fast.id, method: fast.method, texts: fast.params)
        }
        return decodeGeneric(frame)
    }

    /// ``decode(_:)`` through the generic JSON tree: the reading of record for every frame,
    /// used for those the typed fast path (``BinanceRequestFrame``) does not take, so that it
    /// names the refusal.
    static func decodeGeneric(_ frame: [UInt8]) -> Result<Request, Failure> {
        guard case let .object(object)? = BinanceJSONValue.decode(frame) else {
            return .failure(Failure(error: .invalidJSON, id: .null))
        }
        guard let id = BinanceRequestID(object["id"]) else {
            return .failure(Failure(error: .invalidParameter("id"), id: .null))
        }
        guard case let .string(method)? = object["method"], !method.isEmpty else {
            return .failure(Failure(error: .mandatoryParameter("method"), id: id))
        }
        var fields: [String: BinanceJSONValue] = [:]
        switch object["params"] {
        case nil, .null?: break
        case let .object(values)?: fields = values
        default: return .failure(Failure(error: .invalidJSON, id: id))
        }
        var texts: [(name: String, text: String)] = []
        for name in fields.keys.sorted() {
            guard let text = fields[name]?.parameterText else {
                return .failure(Failure(error: .invalidParameter(name), id: id))
            }
            texts.append((name, text))
        }
        return request(id: id, method: method, texts: texts)
    }

    /// The request of parameter texts in any order: sorted by name, `signature` set apart,
    /// the others joined into the signed payload.
    private static func request(id: BinanceRequestID, method: String,
                                texts: [(name: String, text: String)]) -> Result<Request, Failure> {
        var pairs: [(name: String, value: String)] = []
        pairs.reserveCapacity(texts.count)
        var signature: String?
        for (name, text) in texts.sorted(by: { $0.name < $1.name }) {
            if name == "signature" { signature = text } else { pairs.append((name, text)) }
        }
        do {
            let parameters = try BinanceParameters(pairs: pairs, signature: signature, signedPayload: payload(pairs))
            return .success(Request(id: id, method: method, parameters: parameters))
        } catch {
            return .failure(Failure(error: error, id: id))
        }
    }

    /// The payload a client signs for `params` (sorted `name=value` joined by `&`, `signature` left out).
    public static func signaturePayload(_ params: [String: String]) -> [UInt8] {
        payload(params.filter { $0.key != "signature" }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// The signing rule's bytes of pairs already sorted, `signature` left out: `name=value`
    /// joined by `&`. The one writer of that rule, for the server's check and the client's signature.
    private static func payload(_ pairs: [(name: String, value: String)]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (n, pair) in pairs.enumerated() {
            if n > 0 { bytes.append(UInt8(ascii: "&")) }
            bytes.append(contentsOf: pair.name.utf8)
            bytes.append(UInt8(ascii: "="))
            bytes.append(contentsOf: pair.value.utf8)
        }
        return bytes
    }

    /// A rate-limit usage of a reply's `rateLimits`:
    /// `{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":2400,"count":3}`.
    public struct RateLimitUsage: Encodable, Sendable, Equatable {
        /// `REQUEST_WEIGHT` or `ORDERS`.
        public var rateLimitType: String
        /// `SECOND` or `MINUTE`.
        public var interval: String
        /// How many intervals the window spans.
        public var intervalNum: Int
        /// The limit.
        public var limit: Int
        /// The usage so far in the window.
        public var count: Int

        /// A usage figure.
        public init(rateLimitType: String, interval: String, intervalNum: Int, limit: Int, count: Int) {
            self.rateLimitType = rateLimitType
            self.interval = interval
            self.intervalNum = intervalNum
            self.limit = limit
            self.count = count
        }
    }

    /// `{"id":..,"status":200,"result":<result>,"rateLimits":[...]}`.
    public static func result(_ result: some Encodable, id: BinanceRequestID, rateLimits: [RateLimitUsage] = []) -> [UInt8] {
        BinanceJSON.encode(ResultFrame(id: id, status: 200, result: result, rateLimits: rateLimits))
    }

    /// `{"id":..,"status":<HTTP status>,"error":{"code":..,"msg":..},"rateLimits":[...]}`
    /// (the status is the error's HTTP status: 400, 401, 418, 429, ...).
    public static func error(_ error: BinanceError, id: BinanceRequestID, rateLimits: [RateLimitUsage] = []) -> [UInt8] {
        BinanceJSON.encode(ErrorFrame(id: id, status: error.status, error: BinanceCodeMessage(code: error.code, msg: error.message),
                                      rateLimits: rateLimits))
    }

    private struct ResultFrame<Result: Encodable>: Encodable {
        var id: BinanceRequestID
        var status: Int
        var result: Result
        var rateLimits: [RateLimitUsage]
    }

    private struct ErrorFrame: Encodable {
        var id: BinanceRequestID
        var status: Int
        var error: BinanceCodeMessage
        var rateLimits: [RateLimitUsage]
    }
}
