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
    /// Allowed ``maxLadderTicks`` (the ladder sizes a symbol may have), further limited by
    /// ``maxLadderReservationBytes`` (see ``maxLadderTicksAllowed(maxSymbols:)``).
    public static let maxLadderTicksRange = SymbolConfiguration.ladderTicksRange
    /// The largest ladder reservation an engine makes: `maxSymbols ×`
    /// ``PriceLadder/reservedBytes(maxTicks:)`` of address space (16 TiB, an eighth of
    /// x86-64's user address space; only touched pages cost memory).
    public static let maxLadderReservationBytes = 1 << 44

    /// The largest number of resting orders over all symbols.
    public var maxOrders: Int
    /// The largest number of non-empty price levels over all symbols and both sides.
    public var maxPriceLevels: Int
    /// The largest number of symbols.
    public var maxSymbols: Int
    /// Load factor of the order-id index at `maxOrders` (lower: shorter probes, more memory).
    public var idIndexLoadFactor: Double
    /// The largest ``SymbolConfiguration/ladderTicks`` a symbol may have. The engine
    /// reserves (address space, not memory) `maxSymbols` ladders of this size at start-up,
    /// about 4.25 bytes per tick each, so that ``MatchingEngine/addSymbol(_:)`` allocates
    /// nothing; pages cost memory only once a level has been at their prices.
    public var maxLadderTicks: Int

    public init(maxOrders: Int = 1 << 20, maxPriceLevels: Int = 1 << 16, maxSymbols: Int = 16,
                idIndexLoadFactor: Double = 0.5, maxLadderTicks: Int = 1 << 20) {
        self.maxOrders = maxOrders
        self.maxPriceLevels = maxPriceLevels
        self.maxSymbols = maxSymbols
        self.idIndexLoadFactor = idIndexLoadFactor
        self.maxLadderTicks = maxLadderTicks
    }

    /// The largest ``maxLadderTicks`` whose reservation for `maxSymbols` ladders stays within
    /// ``maxLadderReservationBytes`` (`maxSymbols` in ``maxSymbolsRange``). O(log ticks).
    public static func maxLadderTicksAllowed(maxSymbols: Int) -> Int {
        let symbols = max(1, maxSymbols)
        var low = maxLadderTicksRange.lowerBound, high = maxLadderTicksRange.upperBound
        if PriceLadder.reservedBytes(maxTicks: high) <= maxLadderReservationBytes / symbols { return high }
        while low < high {
            let mid = low + (high - low + 1) / 2
            if PriceLadder.reservedBytes(maxTicks: mid) <= maxLadderReservationBytes / symbols { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Throws the first setting that is out of its range: ``maxOrders``, ``maxPriceLevels``,
    /// ``maxSymbols`` (each against its `...Range`), ``maxLadderTicks`` (in
    /// ``maxLadderTicksRange`` and at most ``maxLadderTicksAllowed(maxSymbols:)``), then
    /// ``idIndexLoadFactor`` (in ``IdMap/loadFactorRange``) and ``maxOrders`` against what
    /// that load factor allows.
    public func validate() throws(ConfigurationError) {
        try ConfigurationError.check("maxOrders", maxOrders, in: EngineConfiguration.maxOrdersRange)
        try ConfigurationError.check("maxPriceLevels", maxPriceLevels, in: EngineConfiguration.maxPriceLevelsRange)
        try ConfigurationError.check("maxSymbols", maxSymbols, in: EngineConfiguration.maxSymbolsRange)
        try ConfigurationError.check("maxLadderTicks", maxLadderTicks, in: EngineConfiguration.maxLadderTicksRange)
        try ConfigurationError.check("maxLadderTicks", maxLadderTicks,
                                     in: EngineConfiguration.maxLadderTicksRange.lowerBound
                                         ... EngineConfiguration.maxLadderTicksAllowed(maxSymbols: maxSymbols))
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
    /// The number of tick prices the book's ladder spans, at most the engine's
    /// ``EngineConfiguration/maxLadderTicks`` (memory: about 4.25 bytes per tick of address
    /// space reserved by the engine; only pages where levels have been cost memory).
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
        if let error = SymbolConfiguration.firstInvalidSetting(
            ladderTicks: ladderTicks, maxNotional: maxNotional.units, band: bandPartsPerMillion ?? 0,
            maxLadderTicks: SymbolConfiguration.ladderTicksRange.upperBound) { throw error }
    }

    /// True if the settings are valid for an engine whose symbols may have ladders of up to
    /// `maxLadderTicks` prices: integer comparisons only, allocation-free (the check
    /// ``MatchingEngine/addSymbol(_:)`` makes; it reads the fields without copying the name).
    #if !DEBUG
    @_noAllocation
    #endif
    static func isValid(ladderTicks: Int, maxNotional: Int64, band: Int64, maxLadderTicks: Int) -> Bool {
        if ladderTicks < ladderTicksRange.lowerBound || ladderTicks > ladderTicksRange.upperBound { return false }
        if ladderTicks > maxLadderTicks { return false }
        return maxNotional >= 1 && band >= 0
    }

    /// The error ``validate()`` throws (`band` 0 for none), or `nil`, with `ladderTicks`
    /// also limited to an engine's `maxLadderTicks`
    /// (`.outOfRange(field: "ladderTicks", allowed: 64 ... maxLadderTicks)` when only that
    /// limit is exceeded).
    static func firstInvalidSetting(ladderTicks: Int, maxNotional: Int64, band: Int64,
                                    maxLadderTicks: Int) -> ConfigurationError? {
        let range = SymbolConfiguration.ladderTicksRange
        if !range.contains(ladderTicks) {
            return .outOfRange(field: "ladderTicks", value: ladderTicks, allowed: range)
        }
        if ladderTicks > maxLadderTicks {
            return .outOfRange(field: "ladderTicks", value: ladderTicks, allowed: range.lowerBound ... maxLadderTicks)
        }
        if maxNotional < 1 {
            return .outOfRange(field: "maxNotional", value: Int(maxNotional), allowed: 1 ... Int(Int64.max))
        }
        if band < 0 {
            return .outOfRange(field: "bandPartsPerMillion", value: Int(band), allowed: 0 ... Int(Int64.max))
        }
        return nil
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
    /// ``SymbolConfiguration/validate()``); the error names it. A ``SymbolConfiguration/ladderTicks``
    /// above the engine's ``EngineConfiguration/maxLadderTicks`` is
    /// `.outOfRange(field: "ladderTicks", value:, allowed: 64 ... maxLadderTicks)`.
    case invalidConfiguration(ConfigurationError)
}
