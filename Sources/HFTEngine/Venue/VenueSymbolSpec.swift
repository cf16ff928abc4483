/// The parameters of a symbol as an `addSymbol` command carries them: everything in the
/// symbol's own units (ticks, lots, money units, rates × 10^8), nothing textual. Names,
/// tick and lot sizes as decimals live at the edge (the command-file translator, the
/// service's exchange info), which maps them to the symbol's index.
///
/// - Memory: a small value, trivially copyable.
@frozen
public struct VenueSymbolSpec: Sendable, BitwiseCopyable, Equatable {
    /// The symbol's index: the venue's symbol count when the command is applied (0, 1, 2, ...).
    public var index: Int32
    /// Money units per tick × lot (≥ 1; ``NotionalScale``).
    public var moneyPerTickLot: Int64
    /// The largest notional of one limit order, money units (≥ 1).
    public var maxNotional: Int64
    /// Largest distance of a limit price from the mark in parts per million; −1: no band.
    public var bandPartsPerMillion: Int64
    /// Prices the book's ladder spans (``SymbolConfiguration/ladderTicks``).
    public var ladderTicks: Int64
    /// Leverage of the default bracket and of the impact notional (1 ... 10,000).
    public var maxLeverage: Int64
    /// Maker fee (negative: rebate), taker fee; at most ±100%.
    public var makerRate: Rate
    public var takerRate: Rate
    /// Cap of the computed funding rate per interval (default 0.3%).
    public var fundingCap: Rate
    /// Seconds per funding interval (1 ... 7 days; default 8 h).
    public var fundingIntervalSeconds: Int64
    /// Circuit breaker: a mark move larger than this fraction (ppm) within
    /// ``circuitBreakerWindowNanoseconds`` halts the symbol; 0: off.
    public var circuitBreakerPartsPerMillion: Int64
    /// The circuit breaker's window in nanoseconds of command time.
    public var circuitBreakerWindowNanoseconds: Int64
    /// The impact margin notional of the premium index, money units (Binance: 200 USDT ×
    /// max leverage; give the 200 USDT part here, 0 for none: no premium samples).
    public var impactMarginNotional: Int64
    /// The largest order quantity in lots (≥ 1).
    public var maxQuantityLots: Int64

    public init(index: Int32, moneyPerTickLot: Int64, maxNotional: Int64 = .max, bandPartsPerMillion: Int64 = -1,
                ladderTicks: Int64 = 1 << 20, maxLeverage: Int64 = 100, makerRate: Rate = .zero,
                takerRate: Rate = .zero, fundingCap: Rate = Rate(e8: 300_000), fundingIntervalSeconds: Int64 = 28_800,
                circuitBreakerPartsPerMillion: Int64 = 0, circuitBreakerWindowNanoseconds: Int64 = 0,
                impactMarginNotional: Int64 = 0, maxQuantityLots: Int64 = 1 << 53) {
        self.index = index
        self.moneyPerTickLot = moneyPerTickLot
        self.maxNotional = maxNotional
        self.bandPartsPerMillion = bandPartsPerMillion
        self.ladderTicks = ladderTicks
        self.maxLeverage = maxLeverage
        self.makerRate = makerRate
        self.takerRate = takerRate
        self.fundingCap = fundingCap
        self.fundingIntervalSeconds = fundingIntervalSeconds
        self.circuitBreakerPartsPerMillion = circuitBreakerPartsPerMillion
        self.circuitBreakerWindowNanoseconds = circuitBreakerWindowNanoseconds
        self.impactMarginNotional = impactMarginNotional
        self.maxQuantityLots = maxQuantityLots
    }

    /// The reason the venue would refuse this spec, or `nil` if it is acceptable.
    @inlinable
    public var problem: VenueReject? {
        if moneyPerTickLot < 1 || maxNotional < 1 { return .badSymbol }
        if ladderTicks < Int64(SymbolConfiguration.ladderTicksRange.lowerBound)
            || ladderTicks > Int64(SymbolConfiguration.ladderTicksRange.upperBound) { return .badSymbol }
        if bandPartsPerMillion < -1 { return .badSymbol }
        if maxLeverage < 1 || maxLeverage > 10_000 { return .leverage }
        if makerRate.e8.magnitude > UInt64(Rate.one) || takerRate.e8.magnitude > UInt64(Rate.one) { return .badRate }
        if fundingCap.e8 < 0 || fundingCap.e8 > Rate.one { return .badRate }
        if fundingIntervalSeconds < 1 || fundingIntervalSeconds > MarkPriceRule.maxFundingIntervalSeconds { return .badSymbol }
        if circuitBreakerPartsPerMillion < 0 || circuitBreakerWindowNanoseconds < 0 { return .badSymbol }
        if impactMarginNotional < 0 || maxQuantityLots < 1 { return .badSymbol }
        return nil
    }
}
