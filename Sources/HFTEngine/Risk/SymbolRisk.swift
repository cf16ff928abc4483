/// A symbol's risk parameters and its latest prices: the record the pre-trade check,
/// clearing and margin read for every order and trade.
///
/// Prices are ticks of the symbol (0 = not known yet). Fees are rates (basis points ×
/// 10,000 in `e8`); a negative maker rate is a rebate.
///
/// The symbol's maintenance-margin brackets are kept by ``RiskCore`` next to it (see
/// ``RiskCore/brackets(_:)``), so that this record stays small (88 bytes, two cache lines).
///
/// - Complexity: O(1). Memory: 88 bytes, trivially copyable.
@frozen
public struct SymbolRisk: Sendable {
    /// Money units per tick × lot.
    public var scale: NotionalScale
    /// Fee of the resting side of a trade (negative: rebate).
    public var makerRate: Rate
    /// Fee of the incoming side of a trade.
    public var takerRate: Rate
    /// Largest distance of a limit price from the mark, as a fraction; 0 = no band.
    public var band: Rate
    /// Smallest order quantity in lots (≥ 1).
    public var minLots: Int64
    /// Largest order quantity in lots.
    public var maxLots: Int64
    /// True while `HALT <sym>` is in force.
    public var halted: Bool
    /// Mark price in ticks (0 = none).
    public var mark: Int64
    /// Index price in ticks (0 = none).
    public var index: Int64
    /// Last trade price in ticks (0 = none).
    public var lastTrade: Int64

    /// A symbol with the given grids' scale, no fees, no band, quantities
    /// 1 ... 2^53 lots, not halted, no prices yet.
    public init(scale: NotionalScale, makerRate: Rate = .zero, takerRate: Rate = .zero,
                band: Rate = .zero, minLots: Int64 = 1, maxLots: Int64 = 1 << 53) {
        self.scale = scale
        self.makerRate = makerRate
        self.takerRate = takerRate
        self.band = band
        self.minLots = max(1, minLots)
        self.maxLots = maxLots
        self.halted = false
        self.mark = 0
        self.index = 0
        self.lastTrade = 0
    }

    /// The price used for margin and PnL: the mark, else the last trade, else 0.
    @inlinable @inline(__always)
    public var valuationPrice: Int64 { mark > 0 ? mark : lastTrade }
}
