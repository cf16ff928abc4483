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
}
