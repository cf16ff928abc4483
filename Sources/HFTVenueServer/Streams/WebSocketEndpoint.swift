import Foundation
import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// Which WebSocket a request path asks for, in every URL form the clients use
/// (spec §1 "So the WS server should accept"):
///
/// | path | endpoint |
/// |---|---|
/// | `/ws`, `/{public,market,private}/ws[/<anything>]` | raw streams, subscriptions by SUBSCRIBE |
/// | `/ws/<stream or listenKey>` | raw, subscribed to that stream (or that key's user data) |
/// | `/stream?streams=a/b`, `/{public,market}/stream?streams=` | combined (`{"stream":..,"data":..}`) |
/// | `/private/ws?listenKey=K`, `/ws?listenKey=K` | raw user data of K |
/// | `/ws-fapi/v1` | the WebSocket API (order entry) |
struct WebSocketEndpoint: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case streams
        case orderAPI
    }

    var kind: Kind
    var combined: Bool
    /// Streams (lower-case names) or listen keys named in the URL.
    var names: [String]

    init(kind: Kind, combined: Bool, names: [String]) {
        self.kind = kind
        self.combined = combined
        self.names = names
    }

    /// Parses `path` (with its query); nil: not a WebSocket path of the service.
    init?(path: String) {
        let parts = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let route = parts[0].split(separator: "/").map(String.init)
        let query = parts.count > 1 ? String(parts[1]) : ""
        func parameter(_ name: String) -> String? {
            for pair in query.split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if kv.count == 2, kv[0] == name { return String(kv[1]).removingPercentEncoding }
            }
            return nil
        }
        var route0 = route
        if let first = route0.first, ["public", "market", "private"].contains(first) { route0.removeFirst() }
        switch route0.first {
        case "ws-fapi" where route0.count == 2 && route0[1] == "v1":
            kind = .orderAPI; combined = false; names = []
        case "ws":
            kind = .streams; combined = false
            // `/ws/<name>` (classic) names a stream or a listen key; `/{public,...}/ws/<n>`
            // carries ccxt's connection index, which names nothing.
            let prefixed = route.count != route0.count
            names = prefixed ? [] : Array(route0.dropFirst())
            if let key = parameter("listenKey") { names.append(key) }
        case "stream" where route0.count == 1:
            kind = .streams; combined = true
            names = (parameter("streams") ?? "").split(separator: "/").map(String.init)
            if let key = parameter("listenKey") { names.append(key) }
        default:
            return nil
        }
    }
}

/// Handles the text frames of one WebSocket connection (stream control frames, or
/// WebSocket-API requests); a reply, if any, is queued on the session.
protocol WebSocketMessageHandler: Sendable {
    /// Called once when the connection opens, with the names in its URL.
    func opened(_ session: StreamSession, names: [String]) async
    /// Called for each text frame, in order; long work may be started concurrently.
    func received(_ text: String, session: StreamSession) async
}

/// Runs one upgraded connection: a writer task drains the session's bounded queue into
/// the socket while the reader hands each frame to the handler. The connection ends when
/// the client closes it, when the hub closes a client that does not read, or at shutdown.
struct WebSocketConnection {
    let hub: StreamHub
    let handler: any WebSocketMessageHandler
    let endpoint: WebSocketEndpoint
    /// Largest accepted frame (bigger: the connection is closed with "message too big").
    let maxMessageSize: Int

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, channel: any Channel) async throws {
        let session = hub.open(channel: channel, combined: endpoint.combined)
        defer { hub.close(session) }
        await handler.opened(session, names: endpoint.names)
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Market data yields to order entry: a stream connection's writer runs at low
            // priority, so that fan-out to many subscribers does not starve acknowledgements.
            group.addTask(priority: endpoint.kind == .orderAPI ? nil : .low) {
                for await text in session.messages {
                    try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: text)))
                }
            }
            for try await message in inbound.messages(maxSize: maxMessageSize) {
                guard case .text(let text) = message else { continue }
                await handler.received(text, session: session)
            }
            group.cancelAll()
        }
    }
}
