/// Why an implied volatility does not exist for the given inputs. Returned (thrown with
/// typed throws) instead of a number; never a trap.
///
/// The case names are what `hft options iv` prints in its `error` column.
public enum ImpliedVolatilityError: Error, Sendable, Equatable, CaseIterable {
    /// The price or one of the inputs is NaN or infinite.
    case notFinite
    /// Spot, strike or expiry is not positive.
    case invalidInput
    /// The price is at or below the discounted intrinsic value max(θ(S e^(−qT) − K e^(−rT)), 0):
    /// no volatility reaches it (at the intrinsic value σ would be 0).
    case belowIntrinsic
    /// The price is at or above the no-arbitrage upper bound, S e^(−qT) for a call and
    /// K e^(−rT) for a put (reached only as σ → ∞).
    case aboveMaximum

    /// The name printed by the CLI.
    public var name: String {
        switch self {
        case .notFinite: "notFinite"
        case .invalidInput: "invalidInput"
        case .belowIntrinsic: "belowIntrinsic"
        case .aboveMaximum: "aboveMaximum"
        }
    }
}
