/// The state of one symbol: its rules, its ``PriceLadder`` of levels, its reference price
/// and halt flag (set by the risk layer) and its last trade.
///
/// It keeps only the numbers matching needs, not the ``SymbolConfiguration`` (whose name
/// is a `String`: holding one would make adding a symbol retain and release heap objects;
/// the host keeps its symbols' names, the engine knows a symbol by its ``SymbolID``).
///
/// Orders and levels live in the engine's shared pools; the book holds their index.
///
/// - Memory: none of its own; the ladder lives in the engine's reservation (see
///   ``MatchingEngine``), which outlives the book.
public struct OrderBook: ~Copyable {
    public let symbol: SymbolID
    @usableFromInline var ladder: PriceLadder
    @usableFromInline let notionalScale: NotionalScale
    @usableFromInline let maxNotional: Int64
    /// Band in parts per million; -1 for none.
    @usableFromInline let bandPartsPerMillion: Int64
    /// The reference (mark) price in ticks; 0 when there is none.
    @usableFromInline var referencePrice: Int64
    @usableFromInline var halted: Bool
    @usableFromInline var lastTradePrice: Int64
    @usableFromInline var lastTradeQuantity: Int64
    @usableFromInline var tradeCount: Int64

    /// A book over `ladder` (carved from the engine's reservation). Allocates nothing.
    #if !DEBUG
    @_noAllocation
    #endif
    init(symbol: SymbolID, notionalScale: NotionalScale, maxNotional: Int64, bandPartsPerMillion: Int64,
         ladder: consuming PriceLadder) {
        self.symbol = symbol
        self.ladder = ladder
        self.notionalScale = notionalScale
        self.maxNotional = maxNotional
        self.bandPartsPerMillion = bandPartsPerMillion
        referencePrice = 0
        halted = false
        lastTradePrice = 0
        lastTradeQuantity = 0
        tradeCount = 0
    }

    /// True if `price` is inside the band around the reference price (always true without
    /// a band or a reference price).
    @inlinable @_noAllocation @inline(__always)
    func isInBand(_ price: Int64) -> Bool {
        if bandPartsPerMillion < 0 || referencePrice <= 0 { return true }
        let distance = Int128(price) - Int128(referencePrice)
        let magnitude = distance < 0 ? -distance : distance
        return magnitude * 1_000_000 <= Int128(referencePrice) * Int128(bandPartsPerMillion)
    }

    /// True if the notional of `quantity` at `price` (both > 0) fits the symbol's limit.
    ///
    /// Two 64-bit multiplications with overflow checks: the notional must fit in 64 bits to
    /// be allowed, and if `price × quantity` already overflows, so does the notional (the
    /// scale is ≥ 1). Same answer as ``NotionalScale/notional(_:_:)``, without 128-bit math.
    @inlinable @_noAllocation @inline(__always)
    func isNotionalAllowed(price: Int64, quantity: Int64) -> Bool {
        let (lotsTimesTicks, overflow1) = price.multipliedReportingOverflow(by: quantity)
        if overflow1 { return false }
        let (notional, overflow2) = lotsTimesTicks.multipliedReportingOverflow(by: notionalScale.moneyPerTickLot)
        return !overflow2 && notional <= maxNotional
    }
}
