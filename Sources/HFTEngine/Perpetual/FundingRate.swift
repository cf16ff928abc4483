/// The funding-rate rule of one perpetual symbol (REFERENCES.md, "Funding rate"; Binance
/// USDⓈ-M, with Bybit's documented time weighting):
///
/// - premium samples are averaged time-weighted, P̄ = Σ i·P_i / Σ i (i = 1, 2, … in the
///   order taken), kept as running sums so that adding a sample is O(1);
/// - F8h = P̄ + clamp(I − P̄, −clamp, +clamp) with interest I = 0.01% and clamp 0.05%;
/// - an N-hour interval pays F8h × N / 8 (Binance divides the 8-hour rate by 8/N);
/// - the result is capped to ±``cap``.
/// Divisions round toward zero.
///
/// - Complexity: O(1) per sample and per rate. Memory: 64 bytes, trivially copyable.
@frozen
public struct FundingRateRule: Sendable {
    /// Interest per 8 hours (default 0.01%).
    public var interest: Rate
    /// Bound of |I − P̄| (default 0.05%).
    public var clampBound: Rate
    /// Largest |rate| paid per interval.
    public var cap: Rate
    /// Hours per funding interval (8 by default).
    public var intervalHours: Int64

    @usableFromInline var sampleCount: Int64
    @usableFromInline var weightedSum: Int128

    public init(interest: Rate = Rate(e8: 10_000), clampBound: Rate = Rate(e8: 50_000), cap: Rate = Rate(e8: 300_000),
                intervalHours: Int64 = 8) {
        precondition(intervalHours >= 1 && intervalHours <= 8, "funding interval must be 1 ... 8 hours")
        self.interest = interest
        self.clampBound = clampBound
        self.cap = cap
        self.intervalHours = intervalHours
        sampleCount = 0
        weightedSum = 0
    }

    /// Samples taken in the current interval.
    public var samples: Int64 { sampleCount }

    /// Adds a premium-index sample.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public mutating func addSample(_ premium: Rate) {
        sampleCount &+= 1
        weightedSum &+= Int128(sampleCount) * Int128(premium.e8)
    }

    /// The time-weighted average premium P̄ (0 without samples).
    @inlinable
    public var averagePremium: Rate {
        if sampleCount == 0 { return .zero }
        let weights = Int128(sampleCount) * Int128(sampleCount &+ 1) / 2
        return Rate(e8: Int64(clamping: ExactDivision.towardZero(weightedSum, weights)))
    }

    /// The rate for the current samples (does not reset them).
    @inlinable
    public var rate: Rate { rate(averagePremium: averagePremium) }

    /// F = cap(( P̄ + clamp(I − P̄) ) × N / 8).
    @inlinable
    public func rate(averagePremium p: Rate) -> Rate {
        let adjustment = min(max(interest.e8 &- p.e8, 0 &- clampBound.e8), clampBound.e8)
        let eightHour = p.e8 &+ adjustment
        let interval = (eightHour &* intervalHours) / 8
        return Rate(e8: min(max(interval, 0 &- cap.e8), cap.e8))
    }

    /// Starts a new interval.
    public mutating func reset() {
        sampleCount = 0
        weightedSum = 0
    }
}
