/// Where and as whom the gateway talks to a Binance USDⓈ-M Futures endpoint (the real
/// exchange, its testnet, or `hft-venue`), and its timing policy.
///
/// Where: a shard's ``nodes`` (one for the real exchange or a venue without failover; the
/// primary and its `--failover` standbys of a replicated venue). Each session keeps its own
/// belief of which node is the primary (a ``ShardPrimary``, the first node at the start).
///
/// A value type, copied into each client; it owns its strings.
public struct GatewayConfiguration: Sendable {
    /// The shard's nodes, in the order they are tried (at least one).
    public var nodes: [GatewayNode]
    /// The API key (`X-MBX-APIKEY`).
    public var apiKey: String
    /// The HMAC-SHA256 secret.
    public var secret: String
    /// `recvWindow` sent with every signed request, in milliseconds (Binance's default is 5,000).
    public var recvWindowMilliseconds: Int64 = 5_000
    /// How long one attempt of a request may take before it counts as a timeout.
    public var requestTimeout: Duration = .seconds(2)
    /// Delays before each attempt of a retryable request (timeouts, 5xx, transport errors,
    /// `-1021`, `-1001`): the first attempt at once, then the retries; after the last one the
    /// error is reported. Issue 14 fixes 0 / 30 / 100 / 300 ms.
    public var retryDelays: [Duration] = [.zero, .milliseconds(30), .milliseconds(100), .milliseconds(300)]
    /// With more than one node: how long a request keeps trying the shard's nodes, from its
    /// first attempt, while every attempt fails in a way that says "not the primary" (a
    /// connection error, a timeout, a 5xx, `-1001`). Beyond ``retryDelays`` the attempts go
    /// on every last delay of ``retryDelays`` (300 ms: a few requests a second, no hammering).
    /// A failover takes up to about 2 s (lease time to live 1 s, then the takeover), so the
    /// default leaves room for one. With one node the schedule ends after ``retryDelays``.
    public var failoverPatience: Duration = .seconds(5)
    /// How often the user-data stream's listen key is kept alive (Binance expires it after
    /// 60 minutes; ccxt renews every 20).
    public var listenKeyKeepAlive: Duration = .seconds(20 * 60)
    /// Pause before a dropped stream reconnects (the issue asks for reconnection within
    /// 500 ms); a connection that cannot be established waits twice as long each time, up to
    /// the last of ``retryDelays``.
    public var reconnectDelay: Duration = .milliseconds(50)

    /// A configuration for `hft-venue` (or anything Binance-shaped) at `host:port` over
    /// plain HTTP and WebSocket.
    public init(host: String, port: Int, apiKey: String, secret: String) {
        self.init(nodes: [GatewayNode(host: host, port: port)], apiKey: apiKey, secret: secret)
    }

    /// A configuration with every URL given.
    public init(restBaseURL: String, streamBaseURL: String, webSocketAPIURL: String, apiKey: String, secret: String) {
        self.init(nodes: [GatewayNode(restBaseURL: restBaseURL, streamBaseURL: streamBaseURL, webSocketAPIURL: webSocketAPIURL)],
                  apiKey: apiKey, secret: secret)
    }

    /// A configuration for a shard of `nodes` (at least one), e.g. a replicated `hft-venue`'s
    /// primary and its `--failover` standbys.
    public init(nodes: [GatewayNode], apiKey: String, secret: String) {
        precondition(!nodes.isEmpty, "a gateway needs at least one node")
        self.nodes = nodes
        self.apiKey = apiKey
        self.secret = secret
    }

    /// The first node's REST base (what a one-node configuration was built with).
    public var restBaseURL: String {
        get { nodes[0].restBaseURL }
        set { nodes[0].restBaseURL = newValue }
    }
    /// The first node's stream base.
    public var streamBaseURL: String {
        get { nodes[0].streamBaseURL }
        set { nodes[0].streamBaseURL = newValue }
    }
    /// The first node's WebSocket order API URL.
    public var webSocketAPIURL: String {
        get { nodes[0].webSocketAPIURL }
        set { nodes[0].webSocketAPIURL = newValue }
    }
}
