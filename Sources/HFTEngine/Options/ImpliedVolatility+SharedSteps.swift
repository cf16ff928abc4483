/// The arithmetic that the scalar implied-volatility solver and its lane-wise twin share:
/// `Double` and `SIMD8<Double>`. The steps below are written once over it, so both solvers
/// run the same operations in the same order (which is what makes the batch equal the
/// scalar solver bit for bit). They are `@inline(__always)`: every use is specialized for
/// its concrete type where it is inlined (no generic code runs on the hot path).
@usableFromInline
protocol SolverArithmetic {
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    func addingProduct(_ a: Self, _ b: Self) -> Self
    /// The constant in every lane.
    init(constant: Double)
    /// The correctly rounded square root (``OptionMath/squareRoot(_:)-(Double)``).
    static func root(_ x: Self) -> Self
    /// ``OptionMath/expSplit(_:)-(Double)``.
    static func exponentialSplit(_ x: Self) -> (high: Self, low: Self)
    /// |x|.
    static func absolute(_ x: Self) -> Self
    /// ``OptionMath/erfcxPair(_:_:)-(Double,Double)``.
    static func scaledComplementaryErrorPair(_ a: Self, _ b: Self) -> (Self, Self)
}

extension Double: SolverArithmetic {
    @inlinable @inline(__always) @_noAllocation
    init(constant: Double) { self = constant }

    @inlinable @inline(__always) @_noAllocation
    static func root(_ x: Double) -> Double { OptionMath.squareRoot(x) }

    @inlinable @inline(__always) @_noAllocation
    static func exponentialSplit(_ x: Double) -> (high: Double, low: Double) { OptionMath.expSplit(x) }

    @inlinable @inline(__always) @_noAllocation
    static func absolute(_ x: Double) -> Double { abs(x) }

    @inlinable @inline(__always) @_noAllocation
    static func scaledComplementaryErrorPair(_ a: Double, _ b: Double) -> (Double, Double) {
        OptionMath.erfcxPair(a, b)
    }
}

extension SIMD8: SolverArithmetic where Scalar == Double {
    @inlinable @inline(__always) @_noAllocation
    init(constant: Double) { self.init(repeating: constant) }

    @inlinable @inline(__always) @_noAllocation
    static func root(_ x: SIMD8<Double>) -> SIMD8<Double> { OptionMath.squareRoot(x) }

    @inlinable @inline(__always) @_noAllocation
    static func exponentialSplit(_ x: SIMD8<Double>) -> (high: SIMD8<Double>, low: SIMD8<Double>) {
        OptionMath.expSplit(x)
    }

    @inlinable @inline(__always) @_noAllocation
    static func absolute(_ x: SIMD8<Double>) -> SIMD8<Double> { OptionMath.magnitude(x) }

    @inlinable @inline(__always) @_noAllocation
    static func scaledComplementaryErrorPair(_ a: SIMD8<Double>, _ b: SIMD8<Double>) -> (SIMD8<Double>, SIMD8<Double>) {
        OptionMath.erfcxPair(a, b)
    }
}

extension ImpliedVolatility {
    /// S e^(−qT) and K e^(−rT), and their difference as a double-double `difference +
    /// differenceLow`, so that the intrinsic value (and the time value of an in-the-money
    /// price) is not lost to cancellation.
    @inlinable @inline(__always)
    static func discounted<T: SolverArithmetic>(spot: T, strike: T, expiry: T, rate: T, dividendYield: T)
        -> (spot: T, strike: T, difference: T, differenceLow: T) {
        let dq = T.exponentialSplit(-dividendYield * expiry)
        let dr = T.exponentialSplit(-rate * expiry)
        let sq = spot * dq.high
        let sqLow = (-sq).addingProduct(spot, dq.high) + spot * dq.low
        let kr = strike * dr.high
        let krLow = (-kr).addingProduct(strike, dr.high) + strike * dr.low
        let difference = sq - kr
        let bv = difference - sq
        let differenceLow = ((sq - (difference - bv)) + (-kr - bv)) + (sqLow - krLow)
        return (sq, kr, difference, differenceLow)
    }

    /// The normalised Bachelier guess of one region of the initial guess: s = scale·Q/P and
    /// the correction coefficient c = C_n/C_d, both rational in `variable` (one division),
    /// then ``corrected(s:c:)``.
    @inlinable @inline(__always)
    static func bachelierGuess<T: SolverArithmetic>(scale: T, variable v: T, _ k: BachelierCoefficients) -> T {
        func c(_ value: Double) -> T { T(constant: value) }
        let p = c(k.p.0) + v * (c(k.p.1) + v * (c(k.p.2) + v * (c(k.p.3) + v * c(k.p.4))))
        let q = c(1) + v * (c(k.q.0) + v * (c(k.q.1) + v * (c(k.q.2) + v * c(k.q.3))))
        let cn = c(k.cn.0) + v * (c(k.cn.1) + v * (c(k.cn.2) + v * c(k.cn.3)))
        let cd = c(1) + v * (c(k.cd.0) + v * (c(k.cd.1) + v * c(k.cd.2)))
        let d = c(1) / (p * cd)
        return corrected(s: scale * q * cd * d, c: cn * p * d)
    }

    /// The Bachelier guess s = |x|/h with its O(s²) correction: the next term of b's
    /// expansion at fixed h is s³((h² − 1)φ(h) − h³N(−h))/24, which moves h by
    /// δh/h = s²·c(h), c(h) = ((h² − 1) − h³R(h))/24 with R = N(−h)/φ(h) (Mills' ratio), so
    /// s ← s(1 − s²c); the guess error becomes O(s⁴) (median 1e-7 on the ordinary set).
    /// c is given as a rational function of the same variable as h (fitted with mpmath, so
    /// that it runs in parallel with h instead of after it).
    @inlinable @inline(__always)
    static func corrected<T: SolverArithmetic>(s: T, c: T) -> T {
        s - s * s * s * c
    }

    /// N⁻¹(p) for 0 < p ≤ 1/2, given ln p, to about 4.5e-4 (Abramowitz & Stegun 26.2.23).
    @inlinable @inline(__always)
    static func inverseNormalGuess<T: SolverArithmetic>(logOfP: T) -> T {
        let t = T.root(T(constant: -2) * logOfP)
        let numerator = T(constant: 2.515517) + t * (T(constant: 0.802853) + t * T(constant: 0.010328))
        let denominator = T(constant: 1) + t * (T(constant: 1.432788) + t * (T(constant: 0.189269)
            + t * T(constant: 0.001308)))
        return numerator / denominator - t
    }

    /// The terms of one evaluation of b(x, s) in the solver's loop: b = E·(Y(a1) − Y(a2))
    /// below s_c and b_max − E·(Y(−a1) + Y(a2)) above it, with E = ½e^(exponent) and
    /// (y1, y2) = (Y(|a1|), Y(a2)), Y = erfcx (see ``NormalisedBlack``); and the derivative
    /// ratios w = b″/b′ = x²/s³ − s/4 and w2 = b‴/b′.
    @inlinable @inline(__always)
    static func blackTerms<T: SolverArithmetic>(x: T, s: T, axSquared: T)
        -> (exponent: T, a1: T, y1: T, y2: T, w: T, w2: T) {
        let inverseS = T(constant: 1) / s
        let h = x * inverseS
        let t = T(constant: 0.5) * s
        let exponent = T(constant: -0.5) * (h * h + t * t)
        let a1 = -(h + t) * T(constant: 0.7071067811865476)
        let a2 = (t - h) * T(constant: 0.7071067811865476)
        let (y1, y2) = T.scaledComplementaryErrorPair(T.absolute(a1), a2)
        let inverseS2 = inverseS * inverseS
        let a = axSquared * inverseS2 * inverseS
        let w = a - T(constant: 0.25) * s
        let w2 = w * w - T(constant: 3) * a * inverseS - T(constant: 0.25)
        return (exponent, a1, y1, y2, w, w2)
    }
}
