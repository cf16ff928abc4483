import Foundation
import HummingbirdWSClient
import Logging
import Synchronization

/// The user-data stream (Binance USDⓈ-M "User Data Streams"): creates a listen key, keeps
/// it alive every ``GatewayConfiguration/listenKeyKeepAlive``, reads `ORDER_TRADE_UPDATE`,
/// `ACCOUNT_UPDATE`, `MARGIN_CALL` and `listenKeyExpired`, and reconnects by itself after
/// ``GatewayConfiguration/reconnectDelay`` when the connection drops or the key expires
/// (a new key each time). Every (re)connection is announced as ``UserDataEvent/connected``
/// so the order manager reconciles what it may have missed.
///
/// With several nodes the stream follows the shard's primary: each reconnection makes its
/// listen key on the node ``RESTClient/primary`` believes to be the primary (a listen key
/// belongs to one node, so after a failover there is a new one, on the new primary) and
/// connects to that node; a node that cannot be reached moves the belief on.
///
/// Thread-safe. Owns one background task between ``start()`` and ``stop()``; ``events``
/// is single-consumer.
public final class UserDataStream: Sendable {
    public let events: AsyncStream<UserDataEvent>
    private let continuation: AsyncStream<UserDataEvent>.Continuation
    private let rest: RESTClient
    private let logger: Logger
    private let loop = BackgroundLoop()
    private let established = Mutex(0)

    /// A stream of the user behind `rest`'s API key (not started).
    public init(rest: RESTClient, logger: Logger = Logger(label: "hft-gateway.user-data")) {
        self.rest = rest
        self.logger = logger
        (events, continuation) = AsyncStream.makeStream(of: UserDataEvent.self, bufferingPolicy: .unbounded)
    }

    /// How many times a connection was established (each with a new listen key).
    public var connections: Int { established.withLock { $0 } }

    /// Starts connecting (once).
    public func start() {
        loop.start { [self] in await run() }
    }

    /// Stops the stream and finishes ``events``.
    public func stop() async {
        await loop.stop()
        continuation.finish()
    }

    private struct Expired: Error {}

    private func run() async {
        let configuration = rest.configuration
        let rest = self.rest
        let continuation = self.continuation
        var backoff = ReconnectBackoff(configuration)
        while !Task.isCancelled {
            let before = connections
            var node: Int?
            do {
                let made = try await rest.newListenKey(retrying: false)
                node = made.node
                try await WebSocketClient.connect(url: rest.primary.nodes[made.node].streamBaseURL + "/ws/" + made.key,
                                                  configuration: .init(maxFrameSize: 1 << 22), logger: logger) { inbound, _, _ in
                    self.established.withLock { $0 += 1 }
                    continuation.yield(.connected(listenKey: made.key))
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            while true {
                                try await Task.sleep(for: configuration.listenKeyKeepAlive)
                                try await rest.keepAliveListenKey(node: made.node)
                            }
                        }
                        group.addTask {
                            for try await message in inbound.messages(maxSize: 1 << 22) {
                                guard case .text(let text) = message, let event = try? UserDataMessage.decode(text) else { continue }
                                continuation.yield(event)
                                if case .listenKeyExpired = event { throw Expired() }
                            }
                        }
                        _ = try await group.next()
                        group.cancelAll()
                    }
                }
                continuation.yield(.disconnected(reason: "closed"))
            } catch is CancellationError {
                break
            } catch {
                if Task.isCancelled { break }
                continuation.yield(.disconnected(reason: error is Expired ? "listenKeyExpired" : String(describing: error)))
            }
            try? await Task.sleep(for: backoff.pause(after: node, connected: connections > before, primary: rest.primary))
        }
    }
}
