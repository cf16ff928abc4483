import Foundation

/// One node of a venue shard as the gateway reaches it: the REST base, the stream base and
/// the WebSocket order API's URL of one `hft-venue` process (a primary, a `--failover`
/// standby or a replica), or of the real exchange.
///
/// A value type; it owns its strings.
public struct GatewayNode: Sendable, Equatable, CustomStringConvertible {
    /// REST base, e.g. `https://fapi.binance.com` or `http://127.0.0.1:8080`.
    public var restBaseURL: String
    /// WebSocket base of the market and user-data streams, e.g. `wss://fstream.binance.com`
    /// or `ws://127.0.0.1:8080` (streams are `<base>/ws/<name>` and `<base>/stream?streams=`).
    public var streamBaseURL: String
    /// URL of the WebSocket order API, e.g. `wss://ws-fapi.binance.com/ws-fapi/v1`.
    public var webSocketAPIURL: String

    /// `hft-venue` (or anything Binance-shaped) at `host:port` over plain HTTP and WebSocket.
    public init(host: String, port: Int) {
        restBaseURL = "http://\(host):\(port)"
        streamBaseURL = "ws://\(host):\(port)"
        webSocketAPIURL = "ws://\(host):\(port)/ws-fapi/v1"
    }

    /// A node with every URL given.
    public init(restBaseURL: String, streamBaseURL: String, webSocketAPIURL: String) {
        self.restBaseURL = restBaseURL
        self.streamBaseURL = streamBaseURL
        self.webSocketAPIURL = webSocketAPIURL
    }

    /// `host:port` (the command-line form, e.g. `127.0.0.1:8080` or `venue-b:8080`), or nil
    /// when the text is not of that form.
    public init?(hostPort text: some StringProtocol) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (1...65_535).contains(port), colon > text.startIndex else { return nil }
        self.init(host: String(text[..<colon]), port: port)
    }

    /// The nodes of a command line: `host:port` texts, each possibly a comma-separated list
    /// (`--node a:1 --node b:2` or `--nodes a:1,b:2`), or, when there are none, the one node
    /// at `host` and `port`; nil when a text is not `host:port`.
    public static func list(_ texts: [String], orHost host: String, port: Int) -> [GatewayNode]? {
        var nodes: [GatewayNode] = []
        for part in texts.flatMap({ $0.split(separator: ",") }) {
            guard let node = GatewayNode(hostPort: part.trimmingCharacters(in: .whitespaces)) else { return nil }
            nodes.append(node)
        }
        return nodes.isEmpty ? [GatewayNode(host: host, port: port)] : nodes
    }

    public var description: String { restBaseURL }
}
