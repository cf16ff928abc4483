/// The fixed capacities of a ``MatchingEngine``, set once at start-up. Nothing grows later:
/// running out of a capacity is the reject `CAPACITY`, and the engine goes on.
public struct EngineConfiguration: Sendable, Hashable {
    /// The largest number of resting orders over all symbols.
    public var maxOrders: Int
    /// The largest number of non-empty price levels over all symbols and both sides.
    public var maxPriceLevels: Int
    /// The largest number of symbols.
    public var maxSymbols: Int
    /// Load factor of the order-id index at `maxOrders` (lower: shorter probes, more memory).
    public var idIndexLoadFactor: Double

    public init(maxOrders: Int = 1 << 20, maxPriceLevels: Int = 1 << 16, maxSymbols: Int = 16,
                idIndexLoadFactor: Double = 0.5) {
        self.maxOrders = maxOrders
        self.maxPriceLevels = maxPriceLevels
        self.maxSymbols = maxSymbols
        self.idIndexLoadFactor = idIndexLoadFactor
    }
}

/// A symbol's trading rules, given to ``MatchingEngine/addSymbol(_:)``.
///
/// The order book of a symbol keeps its price levels in a ladder of ``ladderTicks``
/// consecutive tick prices. The ladder moves with the book (it is re-centred when an order
/// arrives outside it and the live book plus that price fit in it); an order whose price is
/// too far from the live book to fit is rejected with `PRICE_BAND`, like an exchange price
/// filter.
public struct SymbolConfiguration: Sendable, Hashable {
    /// The symbol's name (for tools and diagnostics only; the engine uses ``SymbolID``).
    public var name: String
    /// The number of tick prices the book's ladder spans (memory: about 4.25 bytes per tick).
    public var ladderTicks: Int
    /// Money per tick × lot, for the notional check.
    public var notionalScale: NotionalScale
    /// The largest notional (price × quantity in money units) of one limit order.
    public var maxNotional: Money
    /// The band of allowed limit prices around the reference price, in parts per million
    /// (`50_000` is 5%); `nil` for no band. The band applies only while the symbol has a
    /// reference price (``MatchingEngine/setReferencePrice(_:for:)``, set by the risk layer
    /// from the mark).
    public var bandPartsPerMillion: Int64?

    public init(name: String, ladderTicks: Int = 1 << 20,
                notionalScale: NotionalScale = try! NotionalScale(moneyPerTickLot: 1),
                maxNotional: Money = Money(units: .max), bandPartsPerMillion: Int64? = nil) {
        self.name = name
        self.ladderTicks = ladderTicks
        self.notionalScale = notionalScale
        self.maxNotional = maxNotional
        self.bandPartsPerMillion = bandPartsPerMillion
    }
}

/// Why ``MatchingEngine/addSymbol(_:)`` failed.
public enum SymbolSetupError: Error, Hashable, Sendable {
    /// The engine already holds `maxSymbols` symbols.
    case capacityExhausted
    /// `ladderTicks` is not in 64 ... 2^30, or the band is negative.
    case invalidConfiguration
}
