/// Implied volatility of European options under Black–Scholes–Merton: the σ at which
/// the model price equals a given price.
///
/// Method (after Jäckel, "Let's Be Rational", Wilmott 2015; own implementation):
/// 1. Validate and reduce: discount factors, the no-arbitrage bounds (typed errors
///    outside them), put–call parity to the out-of-the-money option, and normalisation to
///    β = price/√(S e^(−qT)·K e^(−rT)) of the normalised Black function b(x, s) with
///    x = −|ln(F/K)| (``NormalisedBlack``). ln(S/K) is formed with the division's
///    rounding error recovered by a fused multiply-add.
/// 2. Initial guess (`ImpliedVolatility+Guess.swift`): below the inflection point
///    s_c = √(2|x|) (b(s_c), b'(s_c) in closed form) and within 12 standard deviations,
///    the normalised Bachelier model b ≈ s·(φ(h) − h·N(−h)), h = |x|/s, inverted by
///    fitted rational functions and corrected to O(s⁴) (typically 1e-7 relative, so one
///    iteration usually suffices); elsewhere Jäckel's asymptotic lower and upper maps.
/// 3. Householder iterations of order 4 (third-order Householder step, Jäckel eq. 2.23)
///    on the objective that is nearly linear in each branch: ln b − ln β far below the
///    inflection point, b − β around it, ln(b_max − β) − ln(b_max − b) near the upper
///    bound. Each step is kept inside a bracket that the evaluations maintain (b is
///    increasing in s); a step that would leave it is replaced by bisection, so the
///    iteration always converges. It stops once a step is below 1e-4 relative (the error
///    left after a fourth-order step of that size is of order 1e-16 or less; the
///    reference tests confirm full accuracy).
///
/// Accuracy: within max(4 × attainable, 1e-15) relative of the exact implied volatility
/// of the given double price over the tested domain (σ ∈ [0.001, 5], T from one minute to
/// five years, prices down to 1e-30, near-intrinsic prices, calls and puts), where
/// attainable = (1 + (V + S e^(−qT)|N(θd1)| + K e^(−rT)|N(θd2)|)/(σ·vega))·2⁻⁵² is the
/// precision that the price's own rounding allows. Outside that domain the result is
/// still finite and ≥ 0 and nothing traps (the public API fuzz test feeds NaN, infinities,
/// subnormals and 1e±300); a price so close to the lower bound that the normalised price
/// underflows (e.g. 1e-300 for an at-the-money option) returns 0.
///
/// - Complexity: O(1); typically 1–2 iterations (one `exp`, two `erfcx` and a `log` each).
/// - Memory: none.
public enum ImpliedVolatility {
    /// The volatility σ at which the Black–Scholes–Merton price of the option equals
    /// `price`.
    ///
    /// - Throws: ``ImpliedVolatilityError/notFinite`` for NaN or infinite inputs,
    ///   ``ImpliedVolatilityError/invalidInput`` for spot, strike or expiry ≤ 0,
    ///   ``ImpliedVolatilityError/belowIntrinsic`` for a price at or below the discounted
    ///   intrinsic value, ``ImpliedVolatilityError/aboveMaximum`` at or above the upper bound.
    @_noAllocation
    public static func volatility(kind: OptionKind, price: Double, spot: Double, strike: Double, expiry: Double,
                                  rate: Double, dividendYield: Double) throws(ImpliedVolatilityError) -> Double {
        var iterations = 0
        return try solve(kind: kind, price: price, spot: spot, strike: strike, expiry: expiry,
                         rate: rate, dividendYield: dividendYield, iterations: &iterations)
    }

    /// ``volatility(kind:price:spot:strike:expiry:rate:dividendYield:)`` that also reports
    /// the number of iterations it took (for tests and benchmarks).
    @_noAllocation
    public static func solve(kind: OptionKind, price: Double, spot: Double, strike: Double, expiry: Double,
                             rate: Double, dividendYield: Double,
                             iterations: inout Int) throws(ImpliedVolatilityError) -> Double {
        guard price.isFinite && spot.isFinite && strike.isFinite && expiry.isFinite && rate.isFinite
                && dividendYield.isFinite else { throw .notFinite }
        guard spot > 0 && strike > 0 && expiry > 0 else { throw .invalidInput }
        let theta: Double
        switch kind {
        case .call: theta = 1
        case .put: theta = -1
        }
        guard abs(dividendYield * expiry) <= 700 && abs(rate * expiry) <= 700 else { throw .invalidInput }
        // S e^(−qT) and K e^(−rT) as double-doubles, so that the intrinsic value (and the
        // time value of an in-the-money price) is not lost to cancellation.
        let dq = OptionMath.expSplit(-dividendYield * expiry)
        let dr = OptionMath.expSplit(-rate * expiry)
        let sq = spot * dq.high
        let sqLow = (-sq).addingProduct(spot, dq.high) + spot * dq.low
        let kr = strike * dr.high
        let krLow = (-kr).addingProduct(strike, dr.high) + strike * dr.low
        let difference = sq - kr
        let bv = difference - sq
        let differenceLow = ((sq - (difference - bv)) + (-kr - bv)) + (sqLow - krLow)
        // θ·(S e^(−qT) − K e^(−rT)) = intrinsic + intrinsicLow.
        let intrinsic = theta * difference
        let intrinsicLow = theta * differenceLow
        let inTheMoney = intrinsic + intrinsicLow > 0
        // The out-of-the-money price: the price itself, or its time value by put–call parity.
        let outOfTheMoney = inTheMoney ? (price - intrinsic) - intrinsicLow : price
        guard outOfTheMoney > 0 else { throw .belowIntrinsic }
        guard price < (theta > 0 ? sq : kr) else { throw .aboveMaximum }

        // x = ln(F/K) = ln(S/K) + (r − q)T, with S/K = ratio + residual/strike exactly.
        let logMoneyness: Double
        if OptionMath.logOfRatioApplies(spot, strike) {
            logMoneyness = OptionMath.logOfRatio(spot, strike)  // exact quotient, one division
        } else {
            let ratio = spot / strike
            let residual = spot.addingProduct(-ratio, strike) / strike
            logMoneyness = OptionMath.log(ratio) + residual / ratio
        }
        let x = logMoneyness + (rate - dividendYield) * expiry
        let beta = outOfTheMoney / OptionMath.squareRoot(sq * kr)
        let xOut = -abs(x)
        let maximum = OptionMath.expBranchFree(0.5 * xOut)
        guard beta > 0 else { throw .belowIntrinsic }
        guard beta < maximum else { throw .aboveMaximum }
        let s = totalVolatility(beta: beta, x: xOut, maximum: maximum, iterations: &iterations)
        return s / OptionMath.squareRoot(expiry)
    }

    /// The s = σ√T with b(x, s) = β, for x ≤ 0 and 0 < β < b_max = e^(x/2).
    @_noAllocation
    static func totalVolatility(beta: Double, x: Double, maximum: Double, iterations: inout Int) -> Double {
        let ax = -x
        // The inflection point s_c = √(2|x|), where b'' = 0, and b and b' there in closed
        // form: at s_c, h = x/s_c = −s_c/2 = −t, so a1 = 0 (erfcx(0) = 1), a2 = √|x| and
        // E = ½e^(−(h²+t²)/2) = ½e^(x/2) = ½b_max. Hence b(s_c) = ½b_max(1 − erfcx(√|x|))
        // and b'(s_c) = b_max/√(2π): one erfcx, no exponential, no division by s_c.
        let sc = OptionMath.squareRoot(2 * ax)
        let bc = ax > 0 ? 0.5 * maximum * (1 - OptionMath.erfcx(OptionMath.squareRoot(ax))) : 0
        let vc = maximum * 0.3989422804014327
        var s = initialGuess(beta: beta, ax: ax, sc: sc, bc: bc, vc: vc, maximum: maximum)
        var low = beta < bc ? 0.0 : sc
        var high = beta < bc ? sc : Double.infinity
        if !(s > low && s < high) {
            s = high.isFinite ? 0.5 * (low + high) : 2 * sc + 1
        }
        let useLower = beta < 0.25 * bc
        let useUpper = !useLower && (maximum - beta) <= 0.5 * (maximum - bc)
        let logBeta = useLower ? OptionMath.log(beta) : 0
        let logDistance = useUpper ? OptionMath.log(maximum - beta) : 0
        let axSquared = ax * ax
        iterations = 0
        while iterations < 64 {
            iterations += 1
            // b(x, s) = E·(Y(a1) − Y(a2)) below s_c and b_max − E·(Y(−a1) + Y(a2)) above it,
            // with E = ½e^(exponent) (see NormalisedBlack). The logarithmic objectives
            // need ln E = exponent − ln 2 only, so they skip the exponential (and cannot
            // underflow); b'/b and b'/(b_max − b) are ratios of erfcx values.
            let inverseS = 1 / s
            let h = x * inverseS
            let t = 0.5 * s
            let exponent = -0.5 * (h * h + t * t)
            let a1 = -(h + t) * 0.7071067811865476
            let a2 = (t - h) * 0.7071067811865476
            let (y1, y2) = OptionMath.erfcxPair(abs(a1), a2)
            let inverseS2 = inverseS * inverseS
            let a = axSquared * inverseS2 * inverseS
            let w = a - 0.25 * s                        // b''/b'
            let w2 = w * w - 3 * a * inverseS - 0.25     // b'''/b'
            var f = 0.0
            var derivative = 0.0
            var gamma = 0.0
            var delta = 0.0
            var below: Bool                              // b(s) < β
            var valid = true
            if useLower {
                // f = ln b − ln β (Jäckel uses 1/ln b; with the bracket ln b converges as fast); s < s_c.
                let difference = y1 - y2
                valid = difference > 0
                let l = exponent + OptionMath.log(0.5 * difference)
                below = !valid || l < logBeta
                let lp = 0.7978845608028654 / difference    // L' = b'/b
                f = l - logBeta
                derivative = lp
                gamma = w - lp                              // L''/L'
                delta = w2 - 3 * w * lp + 2 * lp * lp       // L'''/L'
            } else if useUpper {
                // f = ln(b_max − β) − ln(b_max − b); here s > s_c.
                let sum = y1 + y2
                let logD = exponent + OptionMath.log(0.5 * sum)
                below = logD > logDistance
                let r = 0.7978845608028654 / sum            // b'/(b_max − b)
                f = logDistance - logD
                derivative = r
                gamma = w + r
                delta = w2 + 3 * w * r + 2 * r * r
            } else {
                let e = 0.5 * OptionMath.expBranchFree(exponent)
                let value = a1 >= 0 ? e * (y1 - y2) : maximum - e * (y1 + y2)
                let vega = e * 0.7978845608028654
                valid = vega > 0
                below = value < beta
                f = value - beta
                derivative = vega
                gamma = w
                delta = w2
            }
            if below { low = max(low, s) } else { high = min(high, s) }
            var next = Double.nan
            if valid {
                // Householder step of order 4 (Jäckel 2015, eq. 2.23), ν = −f/f',
                // Δ = ν(1 + γν/2)/(1 + ν(γ + δν/6)), written with a single division.
                let step = -f * (derivative - 0.5 * gamma * f)
                    / (derivative * (derivative - gamma * f) + delta * f * f * (1.0 / 6))
                if abs(step) <= 1e-4 * s { return s + step }
                next = s + step
            }
            if !(next > low && next < high) {
                next = high.isFinite ? (low > 0 ? OptionMath.squareRoot(low * high) : 0.5 * high) : 2 * s
            }
            s = next
        }
        return s
    }
}
