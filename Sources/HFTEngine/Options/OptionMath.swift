/// The elementary functions of the options code, written in Swift so that they inline,
/// vectorize and pass the `@_noAllocation` check: `exp`, `log` and the scaled
/// complementary error function `erfcx(x) = exp(x²)·erfc(x)`, in scalar form here and in
/// `SIMD8<Double>` form in `OptionMath+Vector.swift`. Both forms run the same operations
/// in the same order, so a batch and a scalar call agree to the last bit wherever the
/// scalar path takes its common branch.
///
/// Accuracy (measured against mpmath at 50 digits, see `Tests/HFTEngineTests/Options`):
/// `exp` and `log` within 1 ulp; `erfcx` within 3 × 2⁻⁵² relative on `[0, ∞)`.
///
/// - Complexity: O(1), branch-free on the common path; no tables.
/// - Memory: none.
public enum OptionMath {
    // MARK: Constants

    // Constants are computed properties returning literals: a stored `static let` is
    // initialized lazily through `swift_once`, which `@_noAllocation` rejects.

    /// ln 2 split so that `k · ln2High` is exact for |k| < 2¹¹ (the fdlibm split;
    /// ln2High = 0x3FE62E42FEE00000).
    @inlinable static var ln2High: Double { 0.6931471803691238 }
    @inlinable static var ln2Low: Double { 1.9082149292705877e-10 }
    @inlinable static var log2e: Double { 1.4426950408889634 }
    /// 1/√(2π), the standard normal density at 0.
    @inlinable public static var inverseSqrtTwoPi: Double { 0.3989422804014327 }
    /// √(π/2).
    @inlinable static var sqrtHalfPi: Double { 1.2533141373155003 }
    /// 1/√2.
    @inlinable static var inverseSqrt2: Double { 0.7071067811865476 }
    @inlinable static var sqrt2: Double { 1.4142135623730951 }
    /// 1.5 · 2⁵²: adding and subtracting it rounds a double of magnitude < 2⁵¹ to the
    /// nearest integer (ties to even) without a rounding-rule argument.
    @inlinable static var roundingShift: Double { 6755399441055744.0 }

    /// √x (IEEE, correctly rounded: one `sqrtsd`).
    ///
    /// `Double.squareRoot()` is an LLVM intrinsic that the `@_noAllocation` checker does
    /// not see through; `_unsafePerformance` is safe here because the call lowers to a
    /// single instruction that neither allocates nor locks.
    @inlinable @inline(__always) @_noAllocation
    public static func squareRoot(_ x: Double) -> Double {
        _unsafePerformance { x.squareRoot() }
    }

    /// x rounded to the nearest integer, ties to even, for |x| < 2⁵¹.
    @inlinable @inline(__always) @_noAllocation
    static func roundedToInteger(_ x: Double) -> Double {
        (x + roundingShift) - roundingShift
    }

    // MARK: exp

    /// eˣ within 1 ulp; 0 below −745.13, +∞ above 709.78, NaN for NaN.
    ///
    /// x = k·ln 2 + r with |r| ≤ ln2/2 (Cody–Waite reduction with a two-part ln 2), then
    /// eʳ by its Taylor series to degree 13 (truncation < 2⁻⁵⁸ on that interval), evaluated
    /// in Estrin form, and a scale by 2ᵏ built from the exponent bits.
    @inlinable @inline(__always) @_noAllocation
    public static func exp(_ x: Double) -> Double {
        guard abs(x) <= 708 else { return expOutsideNormalRange(x) }
        let k = roundedToInteger(x * log2e)
        let r = x.addingProduct(-k, ln2High).addingProduct(-k, ln2Low)
        let scale = Double(bitPattern: UInt64(bitPattern: Int64(k) &+ 1023) &<< 52)
        return expOfReduced(r) * scale
    }

    /// eʳ for |r| ≤ ln2/2: 1 + r + r²·P(r), P the Taylor tail 1/2! + r/3! + … + r¹¹/13!.
    @inlinable @inline(__always) @_noAllocation
    static func expOfReduced(_ r: Double) -> Double {
        let r2 = r * r
        let r4 = r2 * r2
        let p0 = (0.16666666666666666).addingProduct(r, 0.041666666666666664)
        let p1 = (0.008333333333333333).addingProduct(r, 0.001388888888888889)
        let p2 = (0.0001984126984126984).addingProduct(r, 2.48015873015873e-05)
        let p3 = (2.7557319223985893e-06).addingProduct(r, 2.755731922398589e-07)
        let p4 = (2.505210838544172e-08).addingProduct(r, 2.08767569878681e-09)
        let q0 = (0.5).addingProduct(r, p0.addingProduct(r2, p1))
        let q1 = p2.addingProduct(r2, p3)
        let q2 = p4.addingProduct(r2, 1.6059043836821613e-10)
        let tail = q0.addingProduct(r * r4, q1.addingProduct(r4, q2))  // q0 + r⁵ q1 + r⁹ q2
        return 1 + r.addingProduct(r2, tail)
    }

    /// eˣ as an unevaluated sum `high + low` that is about 20 times more accurate than
    /// ``exp(_:)`` for |x| ≤ ln2/2 (exact reduction there; error ≈ 2⁻⁵³·x²/2) and within
    /// 0.2 ulp elsewhere. For discounted intrinsic values S e^(−qT) − K e^(−rT) near their
    /// cancellation point. Requires |x| ≤ 708.
    @inlinable @inline(__always) @_noAllocation
    public static func expSplit(_ x: Double) -> (high: Double, low: Double) {
        let k = roundedToInteger(x * log2e)
        let r = x.addingProduct(-k, ln2High).addingProduct(-k, ln2Low)
        let r2 = r * r
        let r4 = r2 * r2
        let p0 = (0.16666666666666666).addingProduct(r, 0.041666666666666664)
        let p1 = (0.008333333333333333).addingProduct(r, 0.001388888888888889)
        let p2 = (0.0001984126984126984).addingProduct(r, 2.48015873015873e-05)
        let p3 = (2.7557319223985893e-06).addingProduct(r, 2.755731922398589e-07)
        let p4 = (2.505210838544172e-08).addingProduct(r, 2.08767569878681e-09)
        let q0 = (0.5).addingProduct(r, p0.addingProduct(r2, p1))
        let q1 = p2.addingProduct(r2, p3)
        let q2 = p4.addingProduct(r2, 1.6059043836821613e-10)
        let tail = q0.addingProduct(r * r4, q1.addingProduct(r4, q2))
        let q = r2 * tail
        // r + q and then 1 + (r + q), both with their rounding errors kept (Fast2Sum).
        let t = r + q
        let tLow = q - (t - r)
        let high = 1 + t
        let low = ((1 - high) + t) + tLow
        let scale = Double(bitPattern: UInt64(bitPattern: Int64(k) &+ 1023) &<< 52)
        return (high * scale, low * scale)
    }

    /// The rare cases of ``exp(_:)``: |x| > 708 or NaN, with a two-step scale so that
    /// results in the subnormal range round once.
    @inline(never) @_noAllocation
    public static func expOutsideNormalRange(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        let k = roundedToInteger(x * log2e)
        let r = x.addingProduct(-k, ln2High).addingProduct(-k, ln2Low)
        let k1 = roundedToInteger(k * 0.5 - 0.25)  // ⌊k/2⌋ for integral k
        let k2 = k - k1
        let s1 = Double(bitPattern: UInt64(bitPattern: Int64(k1) &+ 1023) &<< 52)
        let s2 = Double(bitPattern: UInt64(bitPattern: Int64(k2) &+ 1023) &<< 52)
        return (expOfReduced(r) * s2) * s1
    }

    // MARK: log

    /// ln x within 0.6 ulp for positive finite x; −∞ at 0, NaN below 0 or for NaN, +∞ at +∞.
    ///
    /// x = 2ᵉ·m with m ∈ [1/√2, √2); ln m = 2·atanh(f), f = (m−1)/(m+1), by the atanh
    /// series to f²¹ (truncation < 2⁻⁶⁰), with f carried as a double-double so that the
    /// leading term 2f adds no rounding of its own; then e·ln 2 is added with an error-free
    /// sum.
    @inlinable @inline(__always) @_noAllocation
    public static func log(_ x: Double) -> Double {
        guard x >= Double.leastNormalMagnitude && x < .infinity else { return logOutsideNormalRange(x) }
        let bits = x.bitPattern
        var e = Double(Int64(bitPattern: bits &>> 52) &- 1023)
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        if m > sqrt2 {
            m *= 0.5
            e += 1
        }
        return logOfReduced(m, e)
    }

    /// ln(2ᵉ·m) for m ∈ [1/√2, √2].
    @inlinable @inline(__always) @_noAllocation
    static func logOfReduced(_ m: Double, _ e: Double) -> Double {
        let numerator = m - 1  // exact (Sterbenz)
        let denominator = m + 1
        let bb = denominator - m
        let denominatorLow = (m - (denominator - bb)) + (1 - bb)  // TwoSum error of m + 1
        let reciprocal = 1 / denominator
        let f = numerator * reciprocal
        // f + fLow = numerator / (denominator + denominatorLow) to about 2⁻¹⁰⁵.
        let fLow = (numerator.addingProduct(-f, denominator) - f * denominatorLow) * reciprocal
        let s = f * f
        let s2 = s * s
        let s4 = s2 * s2
        let a0 = (0.3333333333333333).addingProduct(s, 0.2)
        let a1 = (0.14285714285714285).addingProduct(s, 0.1111111111111111)
        let a2 = (0.09090909090909091).addingProduct(s, 0.07692307692307693)
        let a3 = (0.06666666666666667).addingProduct(s, 0.058823529411764705)
        let a4 = (0.05263157894736842).addingProduct(s, 0.047619047619047616)
        let series = a0.addingProduct(s2, a1).addingProduct(s4, a2.addingProduct(s2, a3).addingProduct(s4, a4))
        let twoF = 2 * f
        let low = (e * ln2Low).addingProduct(2, fLow) + twoF * s * series
        let high = e * ln2High  // exact: |e| < 2¹¹ and ln2High ends in 21 zero bits
        let sum = high + twoF
        let bv = sum - high
        let sumLow = (high - (sum - bv)) + (twoF - bv)
        return sum + (sumLow + low)
    }

    /// The rare cases of ``log(_:)``: subnormal, zero, negative, infinite or NaN input.
    @inline(never) @_noAllocation
    public static func logOutsideNormalRange(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return x }
        // Subnormal: scale by 2⁵⁴ into the normal range.
        return log(x * 18014398509481984.0) - 54 * ln2High - 54 * ln2Low
    }

    // MARK: erfcx

    /// erfcx(x) = exp(x²)·erfc(x) for x ≥ 0 (and +∞), within 3 × 2⁻⁵² relative.
    ///
    /// With t = 1/(x + 3) and u = (x − 3)/(x + 3) = 1 − 6t ∈ [−1, 1], the function
    /// g(u) = (x + 3)·erfcx(x) is smooth on the closed interval (it tends to 1/√π as
    /// x → ∞), so one polynomial of degree 23 in u, fitted by Chebyshev interpolation at
    /// 50 digits (mpmath `chebyfit`, truncation error 2·10⁻¹⁷), covers the whole half-line
    /// (the mapping is Schonfelder's 1978 idea for erfc). No branches, one division.
    @inlinable @inline(__always) @_noAllocation
    public static func erfcx(_ x: Double) -> Double {
        let t = 1 / (x + 3)
        let u = (1.0).addingProduct(-6, t)
        return erfcxPolynomial(u) * t
    }

    /// erfcx at two arguments ≥ 0 with one division; the scalar twin of
    /// ``erfcxPair(_:_:)-(Lanes,Lanes)`` (within 5 × 2⁻⁵² relative).
    @inlinable @inline(__always) @_noAllocation
    public static func erfcxPair(_ a: Double, _ b: Double) -> (Double, Double) {
        let pa = (a > 1e100 ? 1e100 : a) + 3
        let pb = (b > 1e100 ? 1e100 : b) + 3
        let inverse = 1 / (pa * pb)
        let ta = pb * inverse
        let tb = pa * inverse
        return (erfcxPolynomial((1.0).addingProduct(-6, ta)) * ta,
                erfcxPolynomial((1.0).addingProduct(-6, tb)) * tb)
    }

    /// g(u) = Σ cᵢ uⁱ (i = 0 … 23), Estrin scheme.
    @inlinable @inline(__always) @_noAllocation
    static func erfcxPolynomial(_ u: Double) -> Double {
        let u2 = u * u
        let u4 = u2 * u2
        let u8 = u4 * u4
        let p0 = (1.0740069070883396).addingProduct(u, -0.8833944531698836)
        let p1 = (0.5902283571041085).addingProduct(u, -0.31046726190056667)
        let p2 = (0.11952776128697859).addingProduct(u, -0.026827234624480615)
        let p3 = (-0.0012124166215147798).addingProduct(u, 0.0030340620011959822)
        let p4 = (-0.0005483097452477533).addingProduct(u, -0.0002767778482009659)
        let p5 = (0.00010756178250002073).addingProduct(u, 3.03981905221208e-05)
        let p6 = (-1.7471605752302332e-05).addingProduct(u, -4.749391032132141e-06)
        let p7 = (2.7678112255272805e-06).addingProduct(u, 9.994379361081014e-07)
        let p8 = (-4.117597591893759e-07).addingProduct(u, -2.3454670002624263e-07)
        let p9 = (5.001320184291237e-08).addingProduct(u, 5.166814761898454e-08)
        let p10 = (-3.5913611171610954e-09).addingProduct(u, -8.887844891516947e-09)
        let p11 = (1.1159123899250384e-11).addingProduct(u, 8.44785278432295e-10)
        let q0 = p0.addingProduct(u2, p1)
        let q1 = p2.addingProduct(u2, p3)
        let q2 = p4.addingProduct(u2, p5)
        let q3 = p6.addingProduct(u2, p7)
        let q4 = p8.addingProduct(u2, p9)
        let q5 = p10.addingProduct(u2, p11)
        let r0 = q0.addingProduct(u4, q1)
        let r1 = q2.addingProduct(u4, q3)
        let r2 = q4.addingProduct(u4, q5)
        return r0.addingProduct(u8, r1.addingProduct(u8, r2))
    }
}
