/// The position of one symbol, derived from fills, exactly.
///
/// Average-cost accounting in integer units: `entryNotional` is the cost (price × quantity
/// units) of the open position. A fill that reduces the position releases the share
/// `entryNotional × closed / |position|` (integer division, truncated toward zero) into
/// `realizedPnL`; what truncation leaves behind stays in `entryNotional` and is released when
/// the position is closed or flips, so over any round trip to flat `realizedPnL` equals the
/// exact cash flow. `netQuote` (sell quotes minus buy quotes) is kept alongside as a check:
/// at any time `realizedPnL == netQuote + signed entryNotional` (the entry is a cost for a long,
/// a credit for a short).
///
/// - Complexity: ``apply(side:quantity:quote:)`` O(1).
/// - Memory: a 56-byte value type.
public struct PositionLedger: Sendable, Hashable, Codable {
    /// The signed position, in quantity units (positive long).
    public private(set) var quantity: Int64 = 0
    /// The cost of the open position, price × quantity units (always ≥ 0).
    public private(set) var entryNotional: Int128 = 0
    /// The realized profit and loss, price × quantity units.
    public private(set) var realizedPnL: Int128 = 0
    /// The sum of sell quotes minus the sum of buy quotes, price × quantity units.
    public private(set) var netQuote: Int128 = 0

    /// Creates a flat ledger.
    public init() {}

    /// The average entry price (entry notional / |position|, truncated), or nil when flat.
    public var averageEntryPrice: Int64? {
        quantity == 0 ? nil : Int64(entryNotional / Int128(quantity.magnitude))
    }

    /// Books one fill of `quantity` (> 0) worth `quote` (price × quantity units) on `side`.
    public mutating func apply(side: OMSSide, quantity fillQuantity: Int64, quote: Int128) {
        guard fillQuantity > 0 else { return }
        netQuote += side == .sell ? quote : -quote
        let signed = side.sign * fillQuantity
        if quantity == 0 || (quantity > 0) == (signed > 0) {
            quantity += signed
            entryNotional += quote
            return
        }
        let open = Int128(quantity < 0 ? -quantity : quantity)
        let closing: Int128 = min(Int128(fillQuantity), open)
        let released = closing == open ? entryNotional : entryNotional * closing / open
        let closingQuote = closing == Int128(fillQuantity) ? quote : quote * closing / Int128(fillQuantity)
        // A long is closed by a sell (gain = proceeds - cost); a short by a buy (gain = credit - cost).
        let gain: Int128 = quantity > 0 ? closingQuote - released : released - closingQuote
        realizedPnL += gain
        entryNotional -= released
        quantity += signed
        if Int128(fillQuantity) > closing {     // flipped: the rest opens the other way
            entryNotional = quote - closingQuote
        }
    }
}
