/// Why a perpetual-contract rule refused its configuration or an input (mark price,
/// premium index, funding rate).
///
/// - Memory: one byte, trivially copyable.
@frozen
public enum PerpetualError: UInt8, Error, Hashable, Sendable, BitwiseCopyable, CaseIterable {
    /// An index price that is not positive (the premium index divides by it).
    case nonPositiveIndex
    /// A funding interval outside 1 ... 8 hours (``FundingRateRule``) or 1 s ... 7 days
    /// (``MarkPriceRule``).
    case fundingInterval
    /// A rate outside its range: interest, clamp bound or cap of a ``FundingRateRule``
    /// outside ±``FundingRateRule/maxRate`` (clamp bound and cap not negative), or a last
    /// funding rate of a ``MarkPriceRule`` beyond ±``FundingRateRule/maxRate``.
    case rateOutOfRange
}
