/// Why ``OptionPortfolio/addOption(_:quantity:)`` or ``OptionPortfolio/addLinear(quantity:spot:)``
/// refused a position. The portfolio is unchanged after any of them.
public enum OptionPortfolioError: Error, Hashable, Sendable {
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
