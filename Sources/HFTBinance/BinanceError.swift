/// A refusal in Binance USDⓈ-M Futures' own terms: the HTTP status and the JSON body
/// `{"code": <code>, "msg": "<msg>"}` that Binance sends, so that unmodified clients
/// (ccxt, the official connectors, python-binance) classify it as they do against Binance.
///
/// Source of codes, statuses and texts: `spec/binance-usdm.md` §3 (Binance's error-code
/// documentation and the strings quoted by the clients' own source).
///
/// - Memory: a small value; `message` is a String (the network side allocates freely).
public struct BinanceError: Error, Sendable, Equatable {
    /// Binance's negative error code (`-1021`, `-2019`, ...).
    public var code: Int
    /// Binance's message text.
    public var message: String
    /// The HTTP status of the reply (400, 401, 404, 418, 429, 500, ...).
    public var status: Int

    public init(code: Int, message: String, status: Int = 400) {
        self.code = code
        self.message = message
        self.status = status
    }
}
