/// The lane-wise initial guess of ``ImpliedVolatility/volatilityLanes(sign:price:spot:strike:expiry:rate:dividendYield:)``:
/// ``ImpliedVolatility/initialGuess(beta:ax:sc:bc:vc:maximum:)`` with its regions as lane
/// masks (the normalised Bachelier inversions below the inflection point, the Taylor
/// inversion and Jäckel's upper map above it; see `ImpliedVolatility+Guess.swift` for the
/// formulas and their sources). Each region's code runs only when one of the eight lanes
/// is in it, with the scalar guess's constants and operation order, so every lane's guess
/// equals the scalar one bit for bit. The lower-map region (beyond 12 standard deviations
/// out of the money) is left to the scalar solver: those lanes are added to `scalar`.
///
/// - Complexity: O(1) per vector: at most three rational functions, a `log` and a √.
/// - Memory: none.
extension ImpliedVolatility {
    @_transparent @_noAllocation
    static func initialGuessLanes(beta: Lanes, ax: Lanes, sc: Lanes, bc: Lanes, vc: Lanes, maximum: Lanes,
                                  scalar: inout LaneMask) -> Lanes {
        let open = .!scalar
        let belowInflection = (beta .< bc)
        let near = belowInflection .& (beta .>= 0.0833154705876863 * ax)
        let middle = belowInflection .& .!near .& (beta .>= 1.7863146081014167e-06 * ax)
        let far = belowInflection .& .!near .& .!middle .& (beta .>= 1.217100097487129e-35 * ax)
        scalar .|= belowInflection .& .!near .& .!middle .& .!far
        let taylor = .!belowInflection .& (beta - bc .< 0.5 * (maximum - bc))
        let upper = .!belowInflection .& .!taylor
        // One logarithm serves both z = √(−2 ln(β/|x|)) below and ln p of the upper map above.
        var guess = Lanes()
        let logarithmic = open .& (middle .| far .| upper)
        if OptionMath.anyLane(logarithmic) {
            let argument = select(middle .| far, beta / ax, 0.5 * (maximum - beta) / maximum)
            scalar .|= logarithmic .& .!isNormal(argument)
            let logarithm = OptionMath.log(argument)
            if OptionMath.anyLane(open .& upper) {
                guess = -2 * inverseNormalGuessLanes(logOfP: logarithm)
            }
            if OptionMath.anyLane(open .& (middle .| far)) {
                let z = OptionMath.squareRoot(-2 * logarithm)
                if OptionMath.anyLane(open .& middle) {
                    guess = select(middle, bachelierGuess(scale: ax, variable: z, Self.bachelierMiddle), guess)
                }
                if OptionMath.anyLane(open .& far) {
                    guess = select(far, bachelierGuess(scale: ax, variable: z, Self.bachelierFar), guess)
                }
            }
        }
        if OptionMath.anyLane(open .& near) {
            let w = beta + 0.5 * ax
            let v = ax / w
            let g = bachelierGuess(scale: w, variable: v, Self.bachelierNear)
            let fitted = near .& (ax .<= guessCorrectionLimit)
            let corrected = OptionMath.anyLane(open .& fitted)
                ? select(fitted, nearCorrectedLanes(g, v: v, sc: sc, nearCorrection), g) : g
            guess = select(near, corrected, guess)
        }
        if OptionMath.anyLane(open .& taylor) {
            let nu = (beta - bc) / vc
            let inversion = sc + nu + nu * nu * nu * (1.0 / 6)
            let fitted = taylor .& (ax .<= guessCorrectionLimit)
            let corrected = OptionMath.anyLane(open .& fitted)
                ? select(fitted, taylorCorrectedLanes(inversion, nu: nu, sc: sc, taylorCorrection), inversion) : inversion
            guess = select(taylor, corrected, guess)
        }
        return guess
    }

    /// Lane-wise ``inverseNormalGuess(logOfP:)``.
    @_transparent @_noAllocation
    static func inverseNormalGuessLanes(logOfP: Lanes) -> Lanes {
        let t = OptionMath.squareRoot(-2 * logOfP)
        let numerator = 2.515517 + t * (0.802853 + t * 0.010328)
        let denominator = 1 + t * (1.432788 + t * (0.189269 + t * 0.001308))
        return numerator / denominator - t
    }

    /// The lane-wise normalised Bachelier guess of one region: s = scale·Q/P and the
    /// correction coefficient c = C_n/C_d, both rational in `variable`, combined as in the
    /// scalar guess (one division) and corrected to O(s⁴) by ``corrected(s:c:)``.
    @_transparent @_noAllocation
    static func bachelierGuess(scale: Lanes, variable v: Lanes, _ k: BachelierCoefficients) -> Lanes {
        let p = k.p.0 + v * (k.p.1 + v * (k.p.2 + v * (k.p.3 + v * k.p.4)))
        let q = 1 + v * (k.q.0 + v * (k.q.1 + v * (k.q.2 + v * k.q.3)))
        let cn = k.cn.0 + v * (k.cn.1 + v * (k.cn.2 + v * k.cn.3))
        let cd = 1 + v * (k.cd.0 + v * (k.cd.1 + v * k.cd.2))
        let d = 1 / (p * cd)
        let s = scale * q * cd * d
        return s - s * s * s * (cn * p * d)
    }
}
