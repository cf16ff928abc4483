/// The normalised Black function of Jäckel ("Let's Be Rational", Wilmott 2015, §2):
/// for an out-of-the-money call in normalised coordinates, x = ln(F/K) ≤ 0 and total
/// volatility s = σ√T,
///
///     b(x, s) = e^(x/2) N(x/s + s/2) − e^(−x/2) N(x/s − s/2),    0 < b < b_max = e^(x/2),
///
/// so that an option's price is θ-intrinsic plus √(F K)·e^(−rT)·b. Its derivatives in s
/// are closed-form: b' = e^(−(h²+t²)/2)/√(2π) with h = x/s, t = s/2, and b''/b' = x²/s³ − s/4.
///
/// Numerics: with E = ½e^(−(h²+t²)/2) and Y = erfcx, both terms share the factor E
/// (because e^(±x/2)·e^(−(h±t)²/2) = e^(−(h²+t²)/2)), so
///
///     b = E·(Y(−(h+t)/√2) − Y((t−h)/√2))            when h + t ≤ 0,
///     b_max − b = E·(Y((h+t)/√2) + Y((t−h)/√2))    when h + t > 0.
///
/// The first form keeps full relative precision in the deep out-of-the-money tail where
/// the closed form cancels; the second gives the distance to the upper bound without
/// cancellation for large s. Values below the double range come out as 0.
///
/// - Complexity: O(1): one `exp`, two `erfcx`.
/// - Memory: none.
@frozen @usableFromInline
struct NormalisedBlack {
    /// b(x, s).
    @usableFromInline var value: Double
    /// b_max − b(x, s), computed without cancellation when s is past the inflection point.
    @usableFromInline var distanceToMaximum: Double
    /// ∂b/∂s.
    @usableFromInline var vega: Double

    @inlinable @inline(__always) @_noAllocation
    init(x: Double, s: Double, inverseS: Double, maximum: Double) {
        let h = x * inverseS
        let t = 0.5 * s
        let e = 0.5 * OptionMath.exp(-0.5 * (h * h + t * t))
        let a1 = -(h + t) * 0.7071067811865476
        let a2 = (t - h) * 0.7071067811865476
        let (y1, y2) = OptionMath.erfcxPair(abs(a1), a2)
        if a1 >= 0 {
            value = e * (y1 - y2)
            distanceToMaximum = maximum - value
        } else {
            distanceToMaximum = e * (y1 + y2)
            value = maximum - distanceToMaximum
        }
        vega = e * 0.7978845608028654  // 2E/√(2π) = E·√(2/π)
    }
}
