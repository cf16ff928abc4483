/// The implied volatility of eight options at once, one per `SIMD8<Double>` lane: the
/// scalar ``ImpliedVolatility/solve(kind:price:spot:strike:expiry:rate:dividendYield:iterations:)``
/// (Jäckel, "Let's Be Rational", Wilmott 2015: normalised Black function, rational initial
/// guess, Householder steps of order 4 inside a bracket) run lane-wise.
///
/// Every lane runs the scalar solver's operations in the same order (the vector
/// `exp`, `log`, `erfcx` and `expSplit` of ``OptionMath`` are the scalar ones lane by lane),
/// so a lane's result equals the scalar result bit for bit. Branches become per-lane masks:
/// the guess's regions and the iteration's three objectives are blended, a branch's code
/// runs only when one of the eight lanes takes it, and the iteration runs until every lane
/// has converged (a converged lane keeps its result while the others go on).
///
/// Lanes that leave the common path are flagged in `scalar` instead of being solved here,
/// and the caller runs the scalar solver on them (same result and same error by
/// construction): invalid or non-finite inputs, prices outside the no-arbitrage bounds
/// (the typed errors), the guess's far lower region (more than 12 standard deviations
/// out of the money, Jäckel's lower map), and any lane that would take a logarithm of a
/// subnormal or a ratio S/K outside the normal range (the scalar `log` has a slow path for
/// those that the vector one does not repeat).
///
/// - Complexity: O(1) per vector: two `expSplit`, a `log`, an `exp`, an `erfcx`, the guess
///   (at most two rational functions and a `log`) and per iteration an `erfcxPair` and a
///   `log` or `exp` (both if the lanes need both); typically one or two iterations.
/// - Memory: none.
extension ImpliedVolatility {
    public typealias Lanes = OptionMath.Lanes
    public typealias LaneMask = OptionMath.LaneMask

    /// σ of eight options (lanes set in `scalar` hold unspecified values).
    @_transparent @_noAllocation
    static func volatilityLanes(sign: Lanes, price: Lanes, spot: Lanes, strike: Lanes, expiry: Lanes,
                                rate: Lanes, dividendYield: Lanes) -> (sigma: Lanes, scalar: LaneMask) {
        let infinity = Double.infinity
        let valid = ((sign .== 1) .| (sign .== -1)) .& (OptionMath.magnitude(price) .< infinity)
            .& (spot .> 0) .& (spot .< infinity) .& (strike .> 0) .& (strike .< infinity)
            .& (expiry .> 0) .& (expiry .< infinity)
            .& (OptionMath.magnitude(dividendYield * expiry) .<= 700)
            .& (OptionMath.magnitude(rate * expiry) .<= 700)
        // S e^(−qT) and K e^(−rT) as double-doubles (see the scalar solver).
        let dq = OptionMath.expSplit(-dividendYield * expiry)
        let dr = OptionMath.expSplit(-rate * expiry)
        let sq = spot * dq.high
        let sqLow = (-sq).addingProduct(spot, dq.high) + spot * dq.low
        let kr = strike * dr.high
        let krLow = (-kr).addingProduct(strike, dr.high) + strike * dr.low
        let difference = sq - kr
        let bv = difference - sq
        let differenceLow = ((sq - (difference - bv)) + (-kr - bv)) + (sqLow - krLow)
        let intrinsic = sign * difference
        let intrinsicLow = sign * differenceLow
        let outOfTheMoney = select((intrinsic + intrinsicLow .> 0), (price - intrinsic) - intrinsicLow, price)
        let upperBound = select((sign .> 0), sq, kr)
        var scalar = .!(valid .& (outOfTheMoney .> 0) .& (price .< upperBound))

        // x = ln(F/K): ln(S/K) without rounding S/K where S/K ∈ [1/√2, √2], else from the
        // rounded quotient and its residual.
        let direct = (spot .<= strike * 1.4142135623730951) .& (strike .<= spot * 1.4142135623730951)
            .& (spot .<= 0x1p1000) .& (spot .>= 0x1p-1000)
        var logMoneyness = OptionMath.logOfQuotient(spot, strike, Lanes())
        if OptionMath.anyLane(.!direct .& .!scalar) {
            let ratio = spot / strike
            let residual = spot.addingProduct(-ratio, strike) / strike
            scalar .|= .!direct .& .!isNormal(ratio)
            logMoneyness = select(direct, logMoneyness, OptionMath.log(ratio) + residual / ratio)
        }
        let x = logMoneyness + (rate - dividendYield) * expiry
        let beta = outOfTheMoney / OptionMath.squareRoot(sq * kr)
        let xOut = -OptionMath.magnitude(x)
        let maximum = OptionMath.exp(0.5 * xOut)
        scalar .|= .!((beta .> 0) .& (beta .< maximum))
        let s = totalVolatilityLanes(beta: beta, x: xOut, maximum: maximum, scalar: &scalar)
        return (s / OptionMath.squareRoot(expiry), scalar)
    }

    /// `ifTrue` in the lanes set in `m`, `ifFalse` elsewhere.
    @_transparent @_noAllocation
    static func select(_ m: LaneMask, _ ifTrue: Lanes, _ ifFalse: Lanes) -> Lanes {
        ifFalse.replacing(with: ifTrue, where: m)
    }

    /// Lanes holding positive normal finite numbers (the domain of the vector `log`).
    @_transparent @_noAllocation
    static func isNormal(_ v: Lanes) -> LaneMask {
        (v .>= Double.leastNormalMagnitude) .& (v .< Double.infinity)
    }

    /// The lane-wise ``totalVolatility(beta:x:maximum:iterations:)``: s = σ√T with
    /// b(x, s) = β, for x ≤ 0 and 0 < β < b_max. Lanes set in `scalar` are skipped; lanes
    /// this function cannot finish are added to it.
    @_transparent @_noAllocation
    static func totalVolatilityLanes(beta: Lanes, x: Lanes, maximum: Lanes, scalar: inout LaneMask) -> Lanes {
        let ax = -x
        let sc = OptionMath.squareRoot(2 * ax)
        let bc = select((ax .> 0), 0.5 * maximum * (1 - OptionMath.erfcx(OptionMath.squareRoot(ax))), Lanes())
        let vc = maximum * 0.3989422804014327
        var s = initialGuessLanes(beta: beta, ax: ax, sc: sc, bc: bc, vc: vc, maximum: maximum, scalar: &scalar)
        let belowInflection = (beta .< bc)
        var low = select(belowInflection, Lanes(), sc)
        var high = select(belowInflection, sc, Lanes(repeating: .infinity))
        let outside = .!((s .> low) .& (s .< high))
        if OptionMath.anyLane(outside) {
            let bisected = select((high .< .infinity), 0.5 * (low + high), 2 * sc + 1)
            s = select(outside, bisected, s)
        }
        let useLower = (beta .< 0.25 * bc)
        let useUpper = .!useLower .& ((maximum - beta) .<= 0.5 * (maximum - bc))
        let logarithmic = useLower .| useUpper
        let logArgument = select(useLower, beta, maximum - beta)
        scalar .|= logarithmic .& .!isNormal(logArgument)
        let logTarget = OptionMath.anyLane(logarithmic .& .!scalar) ? OptionMath.log(logArgument) : Lanes()
        let axSquared = ax * ax
        var result = s
        var active = .!scalar
        var iterations = 0
        while iterations < 64 && OptionMath.anyLane(active) {
            iterations += 1
            let inverseS = 1 / s
            let h = x * inverseS
            let t = 0.5 * s
            let exponent = -0.5 * (h * h + t * t)
            let a1 = -(h + t) * 0.7071067811865476
            let a2 = (t - h) * 0.7071067811865476
            let (y1, y2) = OptionMath.erfcxPair(OptionMath.magnitude(a1), a2)
            let inverseS2 = inverseS * inverseS
            let a = axSquared * inverseS2 * inverseS
            let w = a - 0.25 * s                        // b''/b'
            let w2 = w * w - 3 * a * inverseS - 0.25     // b'''/b'
            let difference = y1 - y2
            let sum = y1 + y2
            // The scalar solver's objectives and their derivative ratios, blended per lane:
            // ln b − ln β (lower), ln(b_max − β) − ln(b_max − b) (upper), b − β (middle).
            var f = Lanes()
            var derivative = Lanes()
            var gamma = w
            var delta = w2
            var below = LaneMask()
            var valid = LaneMask(repeating: true)
            if OptionMath.anyLane(active .& .!logarithmic) {
                let e = 0.5 * OptionMath.exp(exponent)
                let value = select((a1 .>= 0), e * difference, maximum - e * sum)
                derivative = e * 0.7978845608028654
                valid = (derivative .> 0)
                below = (value .< beta)
                f = value - beta
            }
            if OptionMath.anyLane(active .& logarithmic) {
                let lowerValid = (difference .> 0)
                let half = 0.5 * select(useLower, difference, sum)
                // A subnormal argument takes the scalar `log`'s slow path: leave such lanes to it
                // (a lower lane with b ≤ 0 needs no logarithm: it is below β whatever it is).
                let unusual = active .& logarithmic .& .!isNormal(half) .& .!(useLower .& .!lowerValid)
                scalar .|= unusual
                active .&= .!unusual
                let l = exponent + OptionMath.log(half)
                let ratio = 0.7978845608028654 / select(useLower, difference, sum)
                let signed = select(useLower, -ratio, ratio)
                let logBelow = ((.!lowerValid .| (l .< logTarget)) .& useLower) .| ((l .> logTarget) .& .!useLower)
                below = (logBelow .& logarithmic) .| (below .& .!logarithmic)
                f = select(logarithmic, select(useLower, l - logTarget, logTarget - l), f)
                derivative = select(logarithmic, ratio, derivative)
                valid = ((lowerValid .| .!useLower) .& logarithmic) .| (valid .& .!logarithmic)
                gamma = select(logarithmic, w + signed, gamma)
                delta = select(logarithmic, w2 + 3 * w * signed + 2 * ratio * ratio, delta)
            }
            low = select(active .& below .& (s .> low), s, low)
            high = select(active .& .!below .& (s .< high), s, high)
            // Householder step of order 4 (Jäckel 2015, eq. 2.23), as in the scalar solver.
            let step = -f * (derivative - 0.5 * gamma * f)
                / (derivative * (derivative - gamma * f) + delta * f * f * (1.0 / 6))
            let converged = active .& valid .& (OptionMath.magnitude(step) .<= 1e-4 * s)
            result = select(converged, s + step, result)
            active .&= .!converged
            var next = select(valid, s + step, Lanes(repeating: .nan))
            let bisect = active .& .!((next .> low) .& (next .< high))
            if OptionMath.anyLane(bisect) {
                let geometric = select((low .> 0), OptionMath.squareRoot(low * high), 0.5 * high)
                next = select(bisect, select((high .< .infinity), geometric, 2 * s), next)
            }
            s = select(active, next, s)
        }
        return select(active, s, result)  // the iteration cap, as in the scalar solver
    }
}
