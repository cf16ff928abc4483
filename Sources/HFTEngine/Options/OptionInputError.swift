/// Why an option store refused an input: ``OptionPortfolio/addOption(_:quantity:)``,
/// ``OptionPortfolio/addLinear(quantity:spot:)`` and ``OptionBatch/set(_:_:)``. The store
/// is unchanged after any of them.
public enum OptionInputError: Error, Hashable, Sendable {
    /// The portfolio holds its capacity of positions of that kind.
    case capacityExhausted
    /// The option fails ``OptionContract/isValid`` (a NaN or infinite input, or spot,
    /// strike, expiry or volatility ≤ 0).
    case invalidOption
    /// The quantity is NaN or infinite.
    case nonFiniteQuantity
    /// A linear position's spot is NaN, infinite or ≤ 0.
    case invalidSpot
}
