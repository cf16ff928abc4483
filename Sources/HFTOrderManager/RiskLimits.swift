/// The pre-trade limits of one symbol. Notionals are in the symbol's price × quantity units
/// (see ``SymbolRules``); `nil` switches a limit off.
///
/// - Memory: a value type.
public struct SymbolRiskLimits: Sendable, Hashable, Codable {
    /// The largest |position| × reference price, counting the worst case of open orders on the order's side.
    public var maxPositionNotional: Int128?
    /// The largest price × quantity of one order.
    public var maxOrderNotional: Int128?
    /// The most open (non-terminal) orders of the symbol.
    public var maxOpenOrders: Int?
    /// The price collar: the furthest an order's price may be from the reference price, in basis points.
    public var collarBasisPoints: Int64?

    /// Creates limits.
    public init(maxPositionNotional: Int128? = nil, maxOrderNotional: Int128? = nil, maxOpenOrders: Int? = nil,
                collarBasisPoints: Int64? = nil) {
        self.maxPositionNotional = maxPositionNotional
        self.maxOrderNotional = maxOrderNotional
        self.maxOpenOrders = maxOpenOrders
        self.collarBasisPoints = collarBasisPoints
    }
}

/// The limits of pre-trade risk that are not per symbol.
///
/// - Memory: a value type.
public struct RiskConfiguration: Sendable, Hashable, Codable {
    /// The most new orders and modifies accepted in any 1,000 ms; nil for no limit.
    public var maxOrdersPerSecond: Int?
    /// The error rate trips when more than this many errors fall within `errorWindowMilliseconds`.
    public var maxErrorsInWindow: Int
    /// The error-rate window, milliseconds.
    public var errorWindowMilliseconds: Int64
    /// The state the error rate trips to (`reducingOnly` or `halted`).
    public var errorTripState: TradingState
    /// The error classes that count toward the trip (all are counted in ``OMSCounters``).
    /// By default every class but `unknownOrder`: a cancel or modify that meets an order the
    /// taker filled a moment before earns `-2011`, which is the ordinary race of a quoting
    /// market maker (reconciliation settles it), not a sign that something is broken.
    public var errorTripClasses: Set<OMSErrorClass>

    /// Creates the configuration (defaults: 50 orders/s, more than 20 errors in 10 s → reducing only).
    public init(maxOrdersPerSecond: Int? = 50, maxErrorsInWindow: Int = 20, errorWindowMilliseconds: Int64 = 10_000,
                errorTripState: TradingState = .reducingOnly,
                errorTripClasses: Set<OMSErrorClass> = Set(OMSErrorClass.allCases).subtracting([.unknownOrder])) {
        self.maxOrdersPerSecond = maxOrdersPerSecond
        self.maxErrorsInWindow = maxErrorsInWindow
        self.errorWindowMilliseconds = errorWindowMilliseconds
        self.errorTripState = errorTripState
        self.errorTripClasses = errorTripClasses
    }
}

/// What risk needs to know about a symbol's book to check one order: the position and the
/// open quantities and count of its live orders (excluding the order being modified).
///
/// - Memory: a value type.
public struct SymbolExposure: Sendable, Hashable {
    /// The signed position, in quantity units.
    public var position: Int64
    /// The open quantity of live buy orders.
    public var openBuyQuantity: Int64
    /// The open quantity of live sell orders.
    public var openSellQuantity: Int64
    /// The number of live (non-terminal) orders.
    public var openOrders: Int
    /// The caller's reference price (mid or mark), if set.
    public var referencePrice: Int64?

    /// Creates an exposure.
    public init(position: Int64, openBuyQuantity: Int64, openSellQuantity: Int64, openOrders: Int, referencePrice: Int64?) {
        self.position = position
        self.openBuyQuantity = openBuyQuantity
        self.openSellQuantity = openSellQuantity
        self.openOrders = openOrders
        self.referencePrice = referencePrice
    }
}
