/// The inputs of a Black–Scholes–Merton valuation of one European option.
///
/// - `spot` S > 0, `strike` K > 0, `expiry` T > 0 in years;
/// - `rate` r: continuously compounded risk-free rate; `dividendYield` q: continuous
///   dividend (or foreign-rate, or funding) yield; both per year, any sign;
/// - `volatility` σ > 0 per √year.
///
/// ``isValid`` checks these; the pricing functions assume them (the CLI and the scenario
/// grid check first). The validated accuracy domain is T ∈ [1e-4, 5], σ ∈ [0.01, 3],
/// K/S ∈ [0.3, 3] and |ln(F/K)|/(σ√T) ≤ 9; outside it results stay finite and
/// non-negative where a price is concerned.
///
/// - Memory: 56 bytes, a plain value.
@frozen
public struct OptionContract: Sendable, Equatable {
    public var kind: OptionKind
    public var spot: Double
    public var strike: Double
    public var expiry: Double
    public var rate: Double
    public var dividendYield: Double
    public var volatility: Double

    @inlinable @_noAllocation
    public init(kind: OptionKind, spot: Double, strike: Double, expiry: Double,
                rate: Double, dividendYield: Double, volatility: Double) {
        self.kind = kind
        self.spot = spot
        self.strike = strike
        self.expiry = expiry
        self.rate = rate
        self.dividendYield = dividendYield
        self.volatility = volatility
    }

    /// True when every input is finite and S, K, T and σ are positive.
    @inlinable
    public var isValid: Bool {
        spot > 0 && spot.isFinite && strike > 0 && strike.isFinite && expiry > 0 && expiry.isFinite
            && volatility > 0 && volatility.isFinite && rate.isFinite && dividendYield.isFinite
    }
}
