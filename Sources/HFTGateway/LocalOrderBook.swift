/// A local copy of one symbol's order book, kept from a REST depth snapshot and the
/// diff-depth stream with Binance USDⓈ-M's rule ("How to manage a local order book
/// correctly"): drop events with `u` < the snapshot's `lastUpdateId`; the first event
/// applied must reach back to the snapshot (`U` ≤ `lastUpdateId` + 1, or `pu` =
/// `lastUpdateId`); every later event's `pu` must equal the previous event's `u`, or the
/// book has a gap and must be rebuilt from a new snapshot.
///
/// Prices and quantities are integers at the symbol's decimals (``DecimalText``). Each
/// side is a sorted array: a level update is O(log n) to find plus O(n) to insert or
/// remove, which at a few hundred to a thousand levels is a few hundred bytes moved.
/// A value type; owns its arrays.
public struct LocalOrderBook: Sendable, Equatable {
    /// One price level.
    public struct Level: Sendable, Equatable {
        public var price: Int64
        public var quantity: Int64
        public init(price: Int64, quantity: Int64) {
            self.price = price
            self.quantity = quantity
        }
    }

    /// Bids, best (highest) first.
    public private(set) var bids: [Level] = []
    /// Asks, best (lowest) first.
    public private(set) var asks: [Level] = []
    /// The `u` of the last event applied (the snapshot's `lastUpdateId` before any).
    public private(set) var lastUpdateId: Int64
    /// True once an event bridging the snapshot has been applied.
    public private(set) var isSynchronised = false

    /// What ``apply(_:)`` did with an event.
    public enum Outcome: Sendable, Equatable {
        /// The event was applied.
        case applied
        /// The event is older than the book (`u` < the snapshot's id, or already applied); ignored.
        case stale
        /// The event does not follow the book: it must be rebuilt from a new snapshot.
        case gap
    }

    /// A book from a snapshot (`lastUpdateId`, levels as `(price, quantity)` integers).
    public init(lastUpdateId: Int64, bids: [Level], asks: [Level]) {
        self.lastUpdateId = lastUpdateId
        for level in bids where level.quantity > 0 { Self.set(&self.bids, level, descending: true) }
        for level in asks where level.quantity > 0 { Self.set(&self.asks, level, descending: false) }
    }

    /// Applies one diff-depth event by the rule above.
    public mutating func apply(_ event: DepthDiff) -> Outcome {
        if !isSynchronised {
            // Binance's futures page says `U` ≤ lastUpdateId ≤ `u`, its spot page `U` ≤
            // lastUpdateId + 1 ≤ `u`; both are taken, and so is an event that chains onto
            // the snapshot by `pu`. A level's quantity is absolute, so an event that
            // overlaps the snapshot may be applied again without harm.
            if event.finalUpdateId < lastUpdateId { return .stale }
            guard event.firstUpdateId <= lastUpdateId + 1 || event.previousFinalUpdateId == lastUpdateId else { return .gap }
        } else {
            if event.finalUpdateId <= lastUpdateId { return .stale }
            guard event.previousFinalUpdateId == lastUpdateId else { return .gap }
        }
        for level in event.bids { Self.set(&bids, level, descending: true) }
        for level in event.asks { Self.set(&asks, level, descending: false) }
        lastUpdateId = event.finalUpdateId
        isSynchronised = true
        return .applied
    }

    /// Best bid and best ask, when both sides have levels.
    public var bestBid: Level? { bids.first }
    public var bestAsk: Level? { asks.first }

    /// Sets a level's quantity (0 removes it) on a side sorted best first.
    static func set(_ side: inout [Level], _ level: Level, descending: Bool) {
        var low = 0
        var high = side.count
        while low < high {
            let mid = (low + high) / 2
            let better = descending ? side[mid].price > level.price : side[mid].price < level.price
            if better { low = mid + 1 } else { high = mid }
        }
        if low < side.count, side[low].price == level.price {
            if level.quantity == 0 { side.remove(at: low) } else { side[low].quantity = level.quantity }
        } else if level.quantity > 0 {
            side.insert(level, at: low)
        }
    }
}

/// One diff-depth event (`<symbol>@depth`, Binance "Diff. Book Depth Streams") with its
/// levels converted to integers.
public struct DepthDiff: Sendable, Equatable {
    /// `U`, `u`, `pu`.
    public var firstUpdateId: Int64
    public var finalUpdateId: Int64
    public var previousFinalUpdateId: Int64
    public var bids: [LocalOrderBook.Level]
    public var asks: [LocalOrderBook.Level]

    public init(firstUpdateId: Int64, finalUpdateId: Int64, previousFinalUpdateId: Int64,
                bids: [LocalOrderBook.Level], asks: [LocalOrderBook.Level]) {
        self.firstUpdateId = firstUpdateId
        self.finalUpdateId = finalUpdateId
        self.previousFinalUpdateId = previousFinalUpdateId
        self.bids = bids
        self.asks = asks
    }
}
