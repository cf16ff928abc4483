/// Where and as whom the gateway talks to a Binance USDⓈ-M Futures endpoint (the real
/// exchange, its testnet, or `hft-venue`), and its timing policy.
///
/// A value type, copied into each client; it owns its strings.
public struct GatewayConfiguration: Sendable {
    /// REST base, e.g. `https://fapi.binance.com` or `http://127.0.0.1:8080`.
    public var restBaseURL: String
    /// WebSocket base of the market and user-data streams, e.g. `wss://fstream.binance.com`
    /// or `ws://127.0.0.1:8080` (streams are `<base>/ws/<name>` and `<base>/stream?streams=`).
    public var streamBaseURL: String
    /// URL of the WebSocket order API, e.g. `wss://ws-fapi.binance.com/ws-fapi/v1`.
    public var webSocketAPIURL: String
    /// The API key (`X-MBX-APIKEY`).
    public var apiKey: String
    /// The HMAC-SHA256 secret.
    public var secret: String
    /// `recvWindow` sent with every signed request, in milliseconds (Binance's default is 5,000).
    public var recvWindowMilliseconds: Int64 = 5_000
    /// How long one attempt of a request may take before it counts as a timeout.
    public var requestTimeout: Duration = .seconds(2)
    /// Delays before each attempt of a retryable request (timeouts, 5xx, transport errors,
    /// `-1021`): the first attempt at once, then the retries; after the last one the error
    /// is reported. Issue 14 fixes 0 / 30 / 100 / 300 ms.
    public var retryDelays: [Duration] = [.zero, .milliseconds(30), .milliseconds(100), .milliseconds(300)]
    /// How often the user-data stream's listen key is kept alive (Binance expires it after
    /// 60 minutes; ccxt renews every 20).
    public var listenKeyKeepAlive: Duration = .seconds(20 * 60)
    /// Pause before a dropped stream reconnects (the issue asks for reconnection within 500 ms).
    public var reconnectDelay: Duration = .milliseconds(50)

    /// A configuration for `hft-venue` (or anything Binance-shaped) at `host:port` over
    /// plain HTTP and WebSocket.
    public init(host: String, port: Int, apiKey: String, secret: String) {
        restBaseURL = "http://\(host):\(port)"
        streamBaseURL = "ws://\(host):\(port)"
        webSocketAPIURL = "ws://\(host):\(port)/ws-fapi/v1"
        self.apiKey = apiKey
        self.secret = secret
    }

    /// A configuration with every URL given.
    public init(restBaseURL: String, streamBaseURL: String, webSocketAPIURL: String, apiKey: String, secret: String) {
        self.restBaseURL = restBaseURL
        self.streamBaseURL = streamBaseURL
        self.webSocketAPIURL = webSocketAPIURL
        self.apiKey = apiKey
        self.secret = secret
    }
}
