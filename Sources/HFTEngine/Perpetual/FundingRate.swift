/// The funding-rate rule of one perpetual symbol (REFERENCES.md, "Funding rate"; Binance
/// USDⓈ-M, with Bybit's documented time weighting):
///
/// - premium samples are averaged time-weighted, P̄ = Σ i·P_i / Σ i (i = 1, 2, … in the
///   order taken), kept as running sums so that adding a sample is O(1);
/// - F8h = P̄ + clamp(I − P̄, −clamp, +clamp) with interest I = 0.01% and clamp 0.05%;
/// - an N-hour interval pays F8h × N / 8 (Binance divides the 8-hour rate by 8/N);
/// - the result is capped to ±``cap``.
/// Divisions round toward zero. The rate is formed in 128 bits and capped, so any sample
/// (even one clamped to the 64-bit range) gives a rate within ±``cap``.
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

    /// The largest magnitude of interest, clamp bound and cap: 100% per interval.
    public static let maxRate = Rate(e8: Rate.one)

    /// A rule with the given parameters.
    ///
    /// - Throws: ``PerpetualError/fundingInterval`` unless `intervalHours` is 1 ... 8;
    ///   ``PerpetualError/rateOutOfRange`` unless |interest| ≤ ``maxRate`` and clamp bound
    ///   and cap are 0 ... ``maxRate``.
    public init(interest: Rate = Rate(e8: 10_000), clampBound: Rate = Rate(e8: 50_000), cap: Rate = Rate(e8: 300_000),
                intervalHours: Int64 = 8) throws(PerpetualError) {
        guard intervalHours >= 1 && intervalHours <= 8 else { throw .fundingInterval }
        let limit = FundingRateRule.maxRate.e8
        guard interest.e8 >= -limit && interest.e8 <= limit, clampBound.e8 >= 0 && clampBound.e8 <= limit,
              cap.e8 >= 0 && cap.e8 <= limit else { throw .rateOutOfRange }
        self.interest = interest
        self.clampBound = clampBound
        self.cap = cap
        self.intervalHours = intervalHours
        sampleCount = 0
        weightedSum = 0
    }

    /// The default rule: interest 0.01%, clamp 0.05%, cap 0.3%, 8 hours (valid by
    /// construction).
    public static let standard: FundingRateRule = try! FundingRateRule()

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
        // 128 bits: p may be anywhere in the 64-bit range; the parameters are at most 10^8.
        let bound = Int128(clampBound.e8)
        let adjustment = min(max(Int128(interest.e8) - Int128(p.e8), -bound), bound)
        let interval = (Int128(p.e8) + adjustment) * Int128(intervalHours) / 8
        return Rate(e8: Int64(min(max(interval, -Int128(cap.e8)), Int128(cap.e8))))
    }

    /// Starts a new interval.
    public mutating func reset() {
        sampleCount = 0
        weightedSum = 0
    }
}
