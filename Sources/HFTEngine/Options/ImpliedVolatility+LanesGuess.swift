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
    @inlinable @inline(__always) @_noAllocation
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
        if any(logarithmic) {
            let argument = select(middle .| far, beta / ax, 0.5 * (maximum - beta) / maximum)
            scalar .|= logarithmic .& .!isNormal(argument)
            let logarithm = OptionMath.log(argument)
            if any(open .& upper) {
                guess = -2 * inverseNormalGuess(logOfP: logarithm)
            }
            if any(open .& (middle .| far)) {
                let z = OptionMath.squareRoot(-2 * logarithm)
                if any(open .& middle) {
                    guess = select(middle, bachelierGuess(scale: ax, variable: z, Self.bachelierMiddle), guess)
                }
                if any(open .& far) {
                    guess = select(far, bachelierGuess(scale: ax, variable: z, Self.bachelierFar), guess)
                }
            }
        }
        if any(open .& near) {
            let w = beta + 0.5 * ax
            guess = select(near, bachelierGuess(scale: w, variable: ax / w, Self.bachelierNear), guess)
        }
        if any(open .& taylor) {
            let nu = (beta - bc) / vc
            guess = select(taylor, sc + nu + nu * nu * nu * (1.0 / 6), guess)
        }
        return guess
    }
}
