/// One market-data record: a change of best bid/offer or a trade. 48 bytes.
@frozen
public struct MarketDataUpdate: Sendable, BitwiseCopyable {
    @frozen
    public enum Kind: UInt8, Sendable, BitwiseCopyable {
        /// Best bid/offer changed: `top` holds the new one.
        case bestBidOffer = 1
        /// A trade printed: `top.bidPrice`/`top.bidQuantity` hold its price and quantity.
        case trade = 2
    }

    public var kind: Kind
    /// Strictly increasing per feed, from 1.
    public var sequence: Int64
    public var top: TopOfBook

    @inlinable @inline(__always) @_noAllocation
    public init(kind: Kind, sequence: Int64, top: TopOfBook) {
        self.kind = kind
        self.sequence = sequence
        self.top = top
    }

    /// A trade's price (kind `trade`).
    @inlinable public var tradePrice: Price { top.bidPrice }
    /// A trade's quantity (kind `trade`).
    @inlinable public var tradeQuantity: Quantity { top.bidQuantity }
}

/// Market data leaving the engine thread: BBO changes and trades, pushed into an
/// ``SPSCRing`` of ``MarketDataUpdate`` that one consumer thread drains with `pop()`.
///
/// The feed is the producer's state (the last published BBO per symbol, the sequence
/// counter); the ring is shared by the two threads. After each command the engine thread
/// calls ``publish(_:engine:to:)`` with the command's events: every trade becomes a
/// `trade` record, and the best bid/offer of each symbol the events touched is compared
/// with the last one published and sent when it changed. Nothing allocates; a full ring
/// drops records and counts them in ``droppedCount`` (the consumer sees the gap in
/// `sequence`).
///
/// - Memory: the BBO table is allocated in `init` and freed in `deinit`.
public struct MarketDataFeed: ~Copyable {
    @usableFromInline let lastPublished: UnsafeMutablePointer<TopOfBook>
    /// The sequence number of the last record published.
    public private(set) var sequence: Int64
    /// Records dropped because the ring was full.
    public private(set) var droppedCount: Int64
    public let maxSymbols: Int

    /// A feed for symbols `0 ..< maxSymbols`.
    ///
    /// - Throws: ``ConfigurationError/outOfRange(field:value:allowed:)`` (`"maxSymbols"`)
    ///   unless `maxSymbols` is in ``EngineConfiguration/maxSymbolsRange``.
    public init(maxSymbols: Int) throws(ConfigurationError) {
        try ConfigurationError.check("maxSymbols", maxSymbols, in: EngineConfiguration.maxSymbolsRange)
        self.maxSymbols = maxSymbols
        lastPublished = .allocate(capacity: maxSymbols)
        for i in 0..<maxSymbols {
            (lastPublished + i).initialize(to: TopOfBook(
                symbol: SymbolID(Int32(i)), bidPrice: Price(ticks: 0), bidQuantity: Quantity(lots: 0),
                askPrice: Price(ticks: 0), askQuantity: Quantity(lots: 0)))
        }
        sequence = 0
        droppedCount = 0
    }

    deinit {
        lastPublished.deallocate()
    }

    // `publish` is checked with `@_noAllocation` in release builds, where the generic
    // `SPSCRing.push` is specialized and inlined. A debug build does not specialize, so it
    // cannot pass the check; there the same body is compiled without the annotation.
    #if DEBUG
    /// Publishes the trades among `events` and the new best bid/offer of every symbol they
    /// touched, if it changed. Engine thread only. O(events).
    public mutating func publish(_ events: borrowing EventBuffer, engine: borrowing MatchingEngine,
                                 to ring: SPSCRing<MarketDataUpdate>) {
        publishBody(events, engine: engine, to: ring)
    }
    #else
    /// Publishes the trades among `events` and the new best bid/offer of every symbol they
    /// touched, if it changed. Engine thread only. O(events).
    @_noAllocation
    public mutating func publish(_ events: borrowing EventBuffer, engine: borrowing MatchingEngine,
                                 to ring: SPSCRing<MarketDataUpdate>) {
        publishBody(events, engine: engine, to: ring)
    }
    #endif

    @inline(__always)
    mutating func publishBody(_ events: borrowing EventBuffer, engine: borrowing MatchingEngine,
                              to ring: SPSCRing<MarketDataUpdate>) {
        let count = events.storedCount
        // Trades first, in the order they printed...
        for i in 0..<count {
            let event = events.storage[i]
            let s = event.symbol.index
            if s < 0 || Int(s) >= maxSymbols || event.kind != .trade { continue }
            sequence &+= 1
            let update = MarketDataUpdate(
                kind: .trade, sequence: sequence,
                top: TopOfBook(symbol: event.symbol, bidPrice: event.price, bidQuantity: event.quantity,
                               askPrice: event.price, askQuantity: event.quantity))
            if !ring.push(update) { droppedCount &+= 1 }
        }
        // ...then the resulting best bid/offer of each symbol touched.
        var lastChecked: Int32 = -1
        for i in 0..<count {
            let event = events.storage[i]
            let s = event.symbol.index
            if s < 0 || Int(s) >= maxSymbols { continue }
            if s != lastChecked {
                lastChecked = s
                let top = engine.topOfBook(event.symbol)
                if !(top == lastPublished[Int(s)]) {
                    lastPublished[Int(s)] = top
                    sequence &+= 1
                    if !ring.push(MarketDataUpdate(kind: .bestBidOffer, sequence: sequence, top: top)) {
                        droppedCount &+= 1
                    }
                }
            }
        }
    }
}
