/// The trading rules of one symbol, as the exchange's `exchangeInfo` filters give them.
///
/// Prices are integers in units of `10^-priceDecimals` of the quote asset, quantities in units
/// of `10^-quantityDecimals` of the base asset. A notional (price × quantity) is therefore an
/// integer in units of `10^-(priceDecimals + quantityDecimals)` and is computed in `Int128`,
/// so it cannot overflow. `minNotional` is in those notional units.
///
/// Example (BTCUSDT): priceDecimals 2, tickSize 10 (0.10), quantityDecimals 3, stepSize 1
/// (0.001), minQuantity 1, minNotional 100 USDT = 100 × 10^5 = 10_000_000.
///
/// - Complexity: O(1) for every member.
/// - Memory: a value type; owns only its `symbol` string.
public struct SymbolRules: Sendable, Hashable, Codable {
    /// The exchange's symbol name, e.g. `BTCUSDT`.
    public var symbol: String
    /// Decimal places of a price unit.
    public var priceDecimals: Int
    /// Decimal places of a quantity unit.
    public var quantityDecimals: Int
    /// The price grid (PRICE_FILTER `tickSize`), in price units; > 0.
    public var tickSize: Int64
    /// The quantity grid (LOT_SIZE `stepSize`), in quantity units; > 0.
    public var stepSize: Int64
    /// The smallest order quantity (LOT_SIZE `minQty`), in quantity units.
    public var minQuantity: Int64
    /// The smallest order notional (MIN_NOTIONAL `notional`), in price × quantity units.
    public var minNotional: Int128

    /// Creates the rules; sizes must be positive (a precondition: rules are configuration).
    public init(symbol: String, priceDecimals: Int, quantityDecimals: Int, tickSize: Int64, stepSize: Int64,
                minQuantity: Int64, minNotional: Int128) {
        precondition(tickSize > 0 && stepSize > 0, "SymbolRules: tickSize and stepSize must be positive")
        self.symbol = symbol
        self.priceDecimals = priceDecimals
        self.quantityDecimals = quantityDecimals
        self.tickSize = tickSize
        self.stepSize = stepSize
        self.minQuantity = minQuantity
        self.minNotional = minNotional
    }

    /// The exact notional `price × quantity` in price × quantity units.
    @inlinable public static func notional(price: Int64, quantity: Int64) -> Int128 {
        Int128(price) * Int128(quantity)
    }
}
