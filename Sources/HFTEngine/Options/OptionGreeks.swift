/// The Black–Scholes–Merton price and sensitivities of one European option.
///
/// Conventions (all per unit of the underlying, in the option's currency):
/// - `delta` = ∂V/∂S and `gamma` = ∂²V/∂S², with respect to spot S (not the forward);
/// - `vega` = ∂V/∂σ per 1.00 of volatility (divide by 100 for "per vol point");
/// - `theta` = −∂V/∂T per year of calendar time (the value's drift as time passes with
///   everything else fixed; divide by 365 for a calendar day);
/// - `rho` = ∂V/∂r per 1.00 of the continuous rate r, with the dividend yield q held fixed;
/// - `vanna` = ∂²V/∂S∂σ and `volga` (vomma) = ∂²V/∂σ².
///
/// - Memory: 64 bytes, a plain value.
@frozen
public struct OptionGreeks: Sendable, Equatable {
    public var price: Double
    public var delta: Double
    public var gamma: Double
    public var vega: Double
    public var theta: Double
    public var rho: Double
    public var vanna: Double
    public var volga: Double

    @inlinable @_noAllocation
    public init(price: Double, delta: Double, gamma: Double, vega: Double,
                theta: Double, rho: Double, vanna: Double, volga: Double) {
        self.price = price
        self.delta = delta
        self.gamma = gamma
        self.vega = vega
        self.theta = theta
        self.rho = rho
        self.vanna = vanna
        self.volga = volga
    }

    /// All eight values NaN: the result for inputs that fail ``OptionContract/isValid``.
    @inlinable
    public static var notANumber: OptionGreeks {
        @_noAllocation get {
            OptionGreeks(price: .nan, delta: .nan, gamma: .nan, vega: .nan, theta: .nan, rho: .nan, vanna: .nan, volga: .nan)
        }
    }

    /// All eight values zero.
    public static let zero = OptionGreeks(price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0, vanna: 0, volga: 0)
}
