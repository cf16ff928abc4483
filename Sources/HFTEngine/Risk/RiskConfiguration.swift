/// The capacities and limits of a ``RiskCore``, fixed at start-up.
///
/// - Memory: a small value; the core allocates its stores from it once.
public struct RiskConfiguration: Sendable {
    /// User accounts (indices `0 ..< userCapacity`); the fee account and insurance fund
    /// are added after them.
    public var userCapacity: Int = 1 << 20
    /// Symbols (indices `0 ..< symbolCapacity`).
    public var symbolCapacity: Int = 8
    /// Position slots per symbol (open positions plus idle non-default settings).
    public var positionsPerSymbol: Int = 1 << 18
    /// Live orders tracked for reservations, all accounts together.
    public var orderCapacity: Int = 1 << 20
    /// Live orders allowed per account (`TOO_MANY_ORDERS` above it).
    public var maxOpenOrdersPerAccount: Int = 200
    /// Leverage of a fresh position slot (Binance's default is 20x).
    public var defaultLeverage: Int64 = 20

    /// The most user accounts (the account and position columns index with `Int32`).
    public static let maxUsers = Int(Int32.max) - 3
    /// The most symbols (symbol indices are stored as `Int32`).
    public static let maxSymbols = 1 << 16
    /// The most position slots (all symbols) and the most tracked orders: the id maps
    /// index `Int32` tables at load factor 0.5.
    public static let maxSlots = Int(Int32.max) / 2 - 1

    public init() {}

    public init(userCapacity: Int, symbolCapacity: Int, positionsPerSymbol: Int, orderCapacity: Int,
                maxOpenOrdersPerAccount: Int = 200, defaultLeverage: Int64 = 20) {
        self.userCapacity = userCapacity
        self.symbolCapacity = symbolCapacity
        self.positionsPerSymbol = positionsPerSymbol
        self.orderCapacity = orderCapacity
        self.maxOpenOrdersPerAccount = maxOpenOrdersPerAccount
        self.defaultLeverage = defaultLeverage
    }

    /// Checks every field against its range (listed in ``RiskConfigurationError``).
    ///
    /// - Throws: the first field out of range.
    public func validate() throws(RiskConfigurationError) {
        guard userCapacity >= 1 && userCapacity <= RiskConfiguration.maxUsers else { throw .userCapacity }
        guard symbolCapacity >= 1 && symbolCapacity <= RiskConfiguration.maxSymbols else { throw .symbolCapacity }
        let (slots, overflow) = symbolCapacity.multipliedReportingOverflow(by: positionsPerSymbol)
        guard positionsPerSymbol >= 1 && !overflow && slots <= RiskConfiguration.maxSlots else { throw .positionCapacity }
        guard orderCapacity >= 1 && orderCapacity <= RiskConfiguration.maxSlots else { throw .orderCapacity }
        guard maxOpenOrdersPerAccount >= 1 && maxOpenOrdersPerAccount <= Int(Int32.max) else {
            throw .maxOpenOrdersPerAccount
        }
        guard defaultLeverage >= 1 && defaultLeverage <= Int64(Int32.max) else { throw .defaultLeverage }
    }
}
