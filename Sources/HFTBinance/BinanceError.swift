/// A refusal in Binance USDⓈ-M Futures' own terms: the HTTP status and the JSON body
/// `{"code": <code>, "msg": "<msg>"}` that Binance sends, so that unmodified clients
/// (ccxt, the official connectors, python-binance) classify it as they do against Binance.
///
/// Source of codes, statuses and texts: `spec/binance-usdm.md` §3 (Binance's error-code
/// documentation and the strings quoted by the clients' own source). The constructors are in
/// `BinanceError+Catalog.swift`, the mappings from the engine's reasons in
/// `BinanceError+Engine.swift`.
///
/// - Memory: a small value; `message` is a String (the network side allocates freely).
public struct BinanceError: Error, Sendable, Equatable {
    /// Binance's negative error code (`-1021`, `-2019`, ...).
    public var code: Int
    /// Binance's message text.
    public var message: String
    /// The HTTP status of the reply (400, 401, 404, 413, 418, 429, 500, 503).
    public var status: Int
    /// The `Retry-After` header in seconds, for 429 and 418 replies (§2); `nil` otherwise.
    public var retryAfter: Int?

    /// An error with Binance's `code`, `message` and HTTP `status` (§3).
    public init(code: Int, message: String, status: Int = 400) {
        self.code = code
        self.message = message
        self.status = status
        self.retryAfter = nil
    }

    /// The reply body `{"code":<code>,"msg":"<message>"}` (§3), encoded by ``BinanceJSON``.
    public var json: [UInt8] {
        BinanceJSON.encode(BinanceCodeMessage(code: code, msg: message))
    }
}
