/// The fixed capacities of a ``MatchingEngine``, set once at start-up. Nothing grows later:
/// running out of a capacity is the reject `CAPACITY`, and the engine goes on.
///
/// ``validate()`` (called by ``MatchingEngine/init(configuration:)``) checks every number
/// against its range below and throws ``ConfigurationError`` naming the field.
public struct EngineConfiguration: Sendable, Hashable {
    /// Allowed ``maxOrders``: order slots and the id index's values are `Int32`, and the
    /// id index's table (`maxOrders / idIndexLoadFactor`) must stay below `Int32.max`.
    public static let maxOrdersRange = 1 ... 1 << 30
    /// Allowed ``maxPriceLevels``.
    public static let maxPriceLevelsRange = 1 ... 1 << 30
    /// Allowed ``maxSymbols`` (one ``OrderBook`` record each is allocated up front).
    public static let maxSymbolsRange = 1 ... 1 << 16

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

    /// Throws the first setting that is out of its range: ``maxOrders``, ``maxPriceLevels``,
    /// ``maxSymbols`` (each against its `...Range`), then ``idIndexLoadFactor`` (in
    /// ``IdMap/loadFactorRange``) and ``maxOrders`` against what that load factor allows.
    public func validate() throws(ConfigurationError) {
        try ConfigurationError.check("maxOrders", maxOrders, in: EngineConfiguration.maxOrdersRange)
        try ConfigurationError.check("maxPriceLevels", maxPriceLevels, in: EngineConfiguration.maxPriceLevelsRange)
        try ConfigurationError.check("maxSymbols", maxSymbols, in: EngineConfiguration.maxSymbolsRange)
        try IdMap.validate(capacity: maxOrders, maxLoadFactor: idIndexLoadFactor,
                           capacityField: "maxOrders", loadFactorField: "idIndexLoadFactor")
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

    /// Allowed ``ladderTicks``.
    public static let ladderTicksRange = 64 ... 1 << 30

    /// Throws the first setting that is out of its range: ``ladderTicks`` (in
    /// ``ladderTicksRange``), ``maxNotional`` (≥ 1 money unit), ``bandPartsPerMillion``
    /// (≥ 0 when set).
    public func validate() throws(ConfigurationError) {
        try ConfigurationError.check("ladderTicks", ladderTicks, in: SymbolConfiguration.ladderTicksRange)
        try ConfigurationError.check("maxNotional", Int(maxNotional.units), in: 1 ... Int(Int64.max))
        if let band = bandPartsPerMillion {
            try ConfigurationError.check("bandPartsPerMillion", Int(band), in: 0 ... Int(Int64.max))
        }
    }

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
    /// A setting of the ``SymbolConfiguration`` is out of range (see
    /// ``SymbolConfiguration/validate()``); the error names it.
    case invalidConfiguration(ConfigurationError)
}
