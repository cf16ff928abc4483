/// Black–Scholes–Merton valuation of European options on an asset with a continuous
/// yield: price and the Greeks of ``OptionGreeks`` for one option (this file) or for a
/// batch in struct-of-arrays form (`BlackScholes+Batch.swift`).
///
/// Formulas (Merton 1973; Haug, "The Complete Guide to Option Pricing Formulas", 2007,
/// §1.1 and §2.2), with θ = +1 for a call and −1 for a put, F = S·e^((r−q)T),
/// x = ln(F/K), s = σ√T, d1 = x/s + s/2, d2 = d1 − s, φ the standard normal density
/// and N its distribution function:
///
///     price = θ·(S e^(−qT) N(θ d1) − K e^(−rT) N(θ d2))
///     delta = θ e^(−qT) N(θ d1)                 gamma = e^(−qT) φ(d1) / (S s)
///     vega  = S e^(−qT) φ(d1) √T                rho   = θ K T e^(−rT) N(θ d2)
///     theta = −S e^(−qT) φ(d1) σ/(2√T) + θ (q S e^(−qT) N(θ d1) − r K e^(−rT) N(θ d2))
///     vanna = −e^(−qT) φ(d1) d2 / σ             volga = vega d1 d2 / σ
///
/// Numerics: N is never formed as 1 − something small in the tail that matters; both
/// N(θ d) come from one density value: N(−|d|) = ½·e^(−d²/2)·erfcx(|d|/√2) (see
/// ``OptionMath/erfcx(_:)-(Double)``), and e^(−d2²/2) = e^(−d1²/2)·F/K (because
/// d2² = d1² − 2x), so one call to `exp` serves both. d1² is split exactly with a fused
/// multiply-add before the exponential, so the density keeps full relative precision in
/// the far tail; values below the double range come out as +0 (never −0 or NaN). Prices are
/// clamped at 0 so that rounding in the far out-of-the-money tail cannot make them negative.
///
/// ln(S/K) is taken without forming S/K (``OptionMath/logOfRatio(_:_:)``), which is both
/// shorter on the dependency chain and free of the rounding of S/K.
///
/// - Complexity: O(1): one `log`, three `exp`, two `erfcx`, four divisions, about 150 flops.
/// - Memory: none.
public enum BlackScholes {
    /// Price and Greeks of one option; see ``BlackScholes`` for the conventions.
    ///
    /// In the validated domain every output is within 1e-12 relative plus 1e-13 × its
    /// scale of the exact value. Inputs that fail ``OptionContract/isValid`` (NaN or
    /// infinite values; spot, strike, expiry or volatility ≤ 0) give
    /// ``OptionGreeks/notANumber``, never a trap.
    @inlinable @_noAllocation
    public static func greeks(_ option: OptionContract) -> OptionGreeks {
        greeks(kind: option.kind, spot: option.spot, strike: option.strike, expiry: option.expiry,
               rate: option.rate, dividendYield: option.dividendYield, volatility: option.volatility)
    }

    /// Price and Greeks of one option; see ``BlackScholes`` for the conventions.
    @inlinable @_noAllocation
    public static func greeks(kind: OptionKind, spot: Double, strike: Double, expiry: Double,
                              rate: Double, dividendYield: Double, volatility: Double) -> OptionGreeks {
        let theta: Double
        switch kind {
        case .call: theta = 1
        case .put: theta = -1
        }
        return greeks(sign: theta, spot: spot, strike: strike, expiry: expiry,
                      rate: rate, dividendYield: dividendYield, volatility: volatility)
    }

    /// The kernel of ``greeks(kind:spot:strike:expiry:rate:dividendYield:volatility:)``
    /// with θ given as +1 (call) or −1 (put).
    @inlinable @inline(__always) @_noAllocation
    public static func greeks(sign theta: Double, spot: Double, strike: Double, expiry: Double,
                              rate: Double, dividendYield: Double, volatility: Double) -> OptionGreeks {
        // Invalid inputs: all NaN (the comparisons are false for NaN; `< .infinity` rules out +∞).
        guard spot > 0 && spot < .infinity && strike > 0 && strike < .infinity && expiry > 0 && expiry < .infinity
                && volatility > 0 && volatility < .infinity && rate.isFinite && dividendYield.isFinite
        else { return .notANumber }
        let sqrtT = OptionMath.squareRoot(expiry)
        let s = volatility * sqrtT
        let carryRate = rate - dividendYield
        let growth = OptionMath.expBranchFree(carryRate * expiry)  // F/S
        let dr = OptionMath.expBranchFree(-rate * expiry)
        let dq = growth * dr
        let sq = spot * dq
        let kr = strike * dr
        let ratio = spot / strike
        // ln(S/K) without rounding S/K and, near the money, without waiting for S/K: S is
        // scaled by 2⁻ⁿ so that it lies within √2 of K (n from the bits of S/K) and
        // ln(S/K) = n ln 2 + 2 atanh((S′ − K)/(S′ + K)); where n = 0 (predicted) S′ = S and the
        // computation starts from S and K directly. Same double as the batch kernel's.
        let logMoneyness: Double
        let biased = OptionMath.ratioExponent(quotient: ratio)
        if spot >= 0x1p-1000 && spot <= 0x1p1000 && strike >= 0x1p-1000 && strike <= 0x1p1000 {
            if biased == 1023 {
                logMoneyness = OptionMath.logOfRatio(spot, strike)
            } else {
                logMoneyness = OptionMath.logOfRatioReduced(spot, strike, exponent: biased)
            }
        } else {
            logMoneyness = OptionMath.log(ratio)
        }
        let x = logMoneyness + carryRate * expiry  // ln(F/K)
        // Four divisions in all: S/K, the one inside log, 1/(S s) and the one of erfcxPair.
        let gammaFactor = 1 / (spot * s)
        let inverseS = spot * gammaFactor
        let inverseVolatility = inverseS * sqrtT
        let d1 = x * inverseS + 0.5 * s
        let d2 = d1 - s
        // e^(−d1²/2) with d1² = hi + lo exactly; e^(−d2²/2) = e^(−d1²/2)·F/K.
        let d1Squared = d1 * d1
        let d1SquaredLow = (-d1Squared).addingProduct(d1, d1)
        let e1 = OptionMath.expBranchFree(-0.5 * d1Squared) * (1 - 0.5 * d1SquaredLow)
        let e2 = e1 * (ratio * growth)
        // N(−|d|) = ½ e^(−d²/2) erfcx(|d|/√2).
        let (y1, y2) = OptionMath.erfcxPair(abs(d1) * 0.7071067811865476, abs(d2) * 0.7071067811865476)
        let tail1 = 0.5 * e1 * y1
        let tail2 = 0.5 * e2 * y2
        let n1 = theta * d1 <= 0 ? tail1 : 1 - tail1  // N(θ d1)
        let n2 = theta * d2 <= 0 ? tail2 : 1 - tail2  // N(θ d2)
        let density = e1 * 0.3989422804014327  // φ(d1)
        let sqDensity = sq * density
        let vega = sqDensity * sqrtT
        // Same operations in the same order as the vector kernel (BlackScholes+Batch.swift).
        let sqN1 = sq * n1
        let krN2 = kr * n2
        let decay = -0.5 * sqDensity * (volatility * volatility) * inverseS  // −S e^(−qT) φ σ/(2√T)
        let carry = dividendYield * sqN1 - rate * krN2
        let price = theta * (sqN1 - krN2)
        // `+ 0` turns an underflowed −0.0 into +0.0 (x + 0 is not folded: it is not an
        // identity for −0), so that tails print as 0.
        return OptionGreeks(
            price: price > 0 ? price : 0,
            delta: theta * dq * n1 + 0,
            gamma: dq * density * gammaFactor,
            vega: vega,
            theta: decay + theta * carry + 0,
            rho: theta * strike * expiry * dr * n2 + 0,
            vanna: -dq * density * d2 * inverseVolatility + 0,
            volga: vega * d1 * d2 * inverseVolatility + 0)
    }

    /// The price alone (same numerics as ``greeks(_:)``; NaN for invalid inputs).
    @inlinable @_noAllocation
    public static func price(_ option: OptionContract) -> Double {
        greeks(option).price
    }
}
