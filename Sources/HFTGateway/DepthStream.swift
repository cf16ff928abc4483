import Foundation
import HummingbirdWSClient
import Logging
import Synchronization

/// A symbol's order book kept locally from the diff-depth stream (`<symbol>@depth@<speed>`)
/// and REST snapshots, by ``LocalOrderBook``'s rule. Events that arrive before the
/// snapshot are buffered; a gap in `pu` rebuilds the book from a new snapshot on the same
/// connection; a dropped connection reconnects after ``GatewayConfiguration/reconnectDelay``
/// and rebuilds, on the node ``RESTClient/primary`` believes to be the shard's primary (a
/// node that cannot be reached moves the belief on).
///
/// Thread-safe. ``book`` is a copy of the latest synchronised book (`nil` while
/// rebuilding); ``updates`` yields the best bid and ask after every applied event
/// (single consumer, newest kept).
public final class DepthStream: Sendable {
    /// Best bid and ask after an event.
    public struct Top: Sendable, Equatable {
        public var bid: LocalOrderBook.Level?
        public var ask: LocalOrderBook.Level?
        public var updateId: Int64
    }

    public let symbol: String
    public let updates: AsyncStream<Top>
    private let continuation: AsyncStream<Top>.Continuation
    private let rest: RESTClient
    private let priceDecimals: Int
    private let quantityDecimals: Int
    private let speed: String
    private let logger: Logger
    private let state = Mutex(State())
    private let loop = BackgroundLoop()

    private struct State {
        var book: LocalOrderBook?
        var buffered: [DepthDiff] = []
        var snapshots = 0
        var gaps = 0
        var connections = 0
    }

    /// A stream of `symbol` (as the exchange names it) whose prices and quantities have
    /// `priceDecimals` and `quantityDecimals` places; `speed` is `100ms`, `250ms`, `500ms` or `0ms`.
    public init(rest: RESTClient, symbol: String, priceDecimals: Int, quantityDecimals: Int, speed: String = "100ms",
                logger: Logger = Logger(label: "hft-gateway.depth")) {
        self.rest = rest
        self.symbol = symbol
        self.priceDecimals = priceDecimals
        self.quantityDecimals = quantityDecimals
        self.speed = speed
        self.logger = logger
        (updates, continuation) = AsyncStream.makeStream(of: Top.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Events kept while no book is synchronised; beyond it the older half is dropped
    /// (the snapshot that ends the wait is newer than them anyway).
    static let bufferLimit = 10_000

    /// The book, when synchronised.
    public var book: LocalOrderBook? { state.withLock { $0.book } }
    /// Snapshots taken (the first, and one per gap or reconnection).
    public var snapshots: Int { state.withLock { $0.snapshots } }
    /// Gaps detected.
    public var gaps: Int { state.withLock { $0.gaps } }
    /// How many times a connection was established.
    public var connections: Int { state.withLock { $0.connections } }

    public func start() {
        loop.start { [self] in await run() }
    }

    public func stop() async {
        await loop.stop()
        continuation.finish()
    }

    private func run() async {
        let name = "/ws/" + symbol.lowercased() + "@depth@" + speed
        var backoff = ReconnectBackoff(rest.configuration)
        while !Task.isCancelled {
            let before = state.withLock { s in
                s = State(book: nil, buffered: [], snapshots: s.snapshots, gaps: s.gaps, connections: s.connections)
                return s.connections
            }
            let (index, node) = rest.primary.current
            do {
                try await WebSocketClient.connect(url: node.streamBaseURL + name, configuration: .init(maxFrameSize: 1 << 22),
                                                  logger: logger) { inbound, _, _ in
                    self.state.withLock { $0.connections += 1 }
                    let snapshotTask = Task { await self.resynchronise() }
                    defer { snapshotTask.cancel() }
                    for try await message in inbound.messages(maxSize: 1 << 22) {
                        guard case .text(let text) = message, let diff = self.diff(text) else { continue }
                        if self.receive(diff) { Task { await self.resynchronise() } }
                    }
                }
            } catch {
                logger.debug("depth stream ended", metadata: ["error": "\(error)"])
            }
            if Task.isCancelled { break }
            try? await Task.sleep(for: backoff.pause(after: index, connected: connections > before, primary: rest.primary))
        }
    }

    /// Applies or buffers one event; true when it revealed a gap (a new snapshot is needed).
    private func receive(_ diff: DepthDiff) -> Bool {
        state.withLock { s in
            guard var book = s.book else {
                if s.buffered.count >= Self.bufferLimit { s.buffered.removeFirst(s.buffered.count / 2) }
                s.buffered.append(diff)
                return false
            }
            switch book.apply(diff) {
            case .applied:
                s.book = book
                continuation.yield(Top(bid: book.bestBid, ask: book.bestAsk, updateId: book.lastUpdateId))
                return false
            case .stale:
                return false
            case .gap:
                s.gaps += 1
                s.book = nil
                s.buffered = [diff]
                return true
            }
        }
    }

    /// Takes a REST snapshot and applies the buffered events to it.
    private func resynchronise() async {
        guard let snapshot = try? await rest.depth(symbol: symbol) else { return }
        let book = LocalOrderBook(lastUpdateId: snapshot.lastUpdateId, bids: levels(snapshot.bids), asks: levels(snapshot.asks))
        let needAnother = state.withLock { s -> Bool in
            guard s.book == nil else { return false }
            s.snapshots += 1
            var rebuilt = book
            // A gap here means the snapshot is older than the first event kept: take
            // another (the buffer is kept; the next snapshot drops what it covers).
            for diff in s.buffered where rebuilt.apply(diff) == .gap {
                s.gaps += 1
                return true
            }
            s.buffered.removeAll()
            s.book = rebuilt
            continuation.yield(Top(bid: rebuilt.bestBid, ask: rebuilt.bestAsk, updateId: rebuilt.lastUpdateId))
            return false
        }
        if needAnother {
            try? await Task.sleep(for: .milliseconds(20))
            await resynchronise()
        }
    }

    private func diff(_ text: String) -> DepthDiff? {
        guard let m = try? JSONDecoder().decode(DepthUpdateMessage.self, from: Data(text.utf8)), m.e == "depthUpdate" else {
            return nil
        }
        return DepthDiff(firstUpdateId: m.U, finalUpdateId: m.u, previousFinalUpdateId: m.pu, bids: levels(m.b), asks: levels(m.a))
    }

    private func levels(_ pairs: [[String]]) -> [LocalOrderBook.Level] {
        pairs.compactMap { pair in
            guard pair.count >= 2, let price = DecimalText.parse(pair[0], decimals: priceDecimals),
                  let quantity = DecimalText.parse(pair[1], decimals: quantityDecimals) else { return nil }
            return LocalOrderBook.Level(price: price, quantity: quantity)
        }
    }
}
