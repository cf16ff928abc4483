/// The initial guess of ``ImpliedVolatility``: an approximate inverse of the normalised
/// Black function b(x, s) on each side of its inflection point s_c = √(2|x|).
///
/// - Below b_c = b(x, s_c) and for h = |x|/s ≤ 12: the normalised Bachelier model with its
///   O(s²) correction (see the comments in `initialGuess`).
/// - Below b_c further out: Jäckel's lower map f(s) = (2π|x|/(3√3))·N(−|x|/(√3 s))³,
///   which has b's asymptotics as s → 0 ("Let's Be Rational", §3), inverted in closed
///   form after the price has been carried into its range by a Möbius (rational)
///   interpolation that is exact at β = 0 (slope 1) and at β = b_c. Where the map cannot
///   reach β (near the money) the guess is a Möbius interpolation of s(β) through 0 and s_c
///   with the slope 1/b'(s_c).
/// - Above b_c: the third-order Taylor inversion around s_c (b'' = 0 there,
///   b'''/b' = −1) while β is nearer b_c than b_max, corrected by a fitted polynomial in
///   (ν, s_c) for |x| ≤ 1/2 (`ImpliedVolatility+GuessCorrections.swift`: relative error
///   ≤ 4.6e-5 there, so one Householder step finishes), else the upper map
///   b_max − b ≈ 2·b_max·N(−s/2), inverted in closed form.
///
/// The inverse normal is the rational approximation of Abramowitz & Stegun 26.2.23
/// (absolute error < 4.5e-4), enough for a starting point.
///
/// - Complexity: O(1). - Memory: none.
extension ImpliedVolatility {
    @inlinable @inline(__always) @_noAllocation
    static func initialGuess(beta: Double, ax: Double, sc: Double, bc: Double, vc: Double,
                             maximum: Double) -> Double {
        if beta < bc {
            // Below the inflection point and no further than 12 standard deviations out,
            // the normalised Bachelier model b ≈ s·(φ(h) − h·N(−h)), h = |x|/s (the
            // first term of b's expansion in s at fixed h; relative error O(s²): ~1e-6
            // at s = 0.01, ~1e-4 at s = 0.1), solved for h from β/|x| = φ(h)/h − N(−h) =: G(h)
            // by rational approximations fitted for this (relative error < 2e-6), then
            // corrected to O(s⁴) (``corrected(s:c:)``).
            if beta >= 0.0833154705876863 * ax {
                // G(h) ≥ G(1): h/v = P(v)/Q(v) with v = 1/(β/|x| + 1/2); s = |x|/h; for
                // |x| ≤ 1/2 its O(s⁴) error is corrected further (GuessCorrections).
                let w = beta + 0.5 * ax
                let v = ax / w
                let g = bachelierGuess(scale: w, variable: v, bachelierNear)
                return ax <= guessCorrectionLimit ? nearCorrected(g, v: v, sc: sc, nearCorrection) : g
            }
            if beta >= 1.7863146081014167e-06 * ax {
                // G(4) ≤ G(h) < G(1): h = P(z)/Q(z) with z = √(−2 ln(β/|x|)).
                let z = OptionMath.squareRoot(-2 * OptionMath.log(beta / ax))
                return bachelierGuess(scale: ax, variable: z, bachelierMiddle)
            }
            if beta >= 1.217100097487129e-35 * ax {
                // G(12) ≤ G(h) < G(4): h = P(z)/Q(z), same z.
                let z = OptionMath.squareRoot(-2 * OptionMath.log(beta / ax))
                return bachelierGuess(scale: ax, variable: z, bachelierFar)
            }
            let u = beta / bc
            let fc = lowerMap(ax: ax, s: sc)
            let a = bc / fc - 1
            let f = fc * u * (1 + a) / (1 + a * u)
            // p = (3√3 f / (2π|x|))^(1/3) < 1/2, and s = |x|/(√3·(−N⁻¹(p))); only ln p is needed.
            let logP = OptionMath.log(f / (1.2091995761561452 * ax)) * (1.0 / 3)
            if logP < -0.6931471805599453 {
                return ax / (1.7320508075688772 * -inverseNormalGuess(logOfP: logP))
            }
            let m = sc * vc / bc - 1
            return sc * u * (1 + m) / (1 + m * u)
        }
        if beta - bc < 0.5 * (maximum - bc) {
            let nu = (beta - bc) / vc
            let taylor = sc + nu + nu * nu * nu * (1.0 / 6)
            return ax <= guessCorrectionLimit ? taylorCorrected(taylor, nu: nu, sc: sc, taylorCorrection) : taylor
        }
        return -2 * inverseNormalGuess(logOfP: OptionMath.log(0.5 * (maximum - beta) / maximum))
    }

    /// The normalised Bachelier guess of one region: s = scale·Q/P and the correction
    /// coefficient c = C_n/C_d, both rational in `variable`, with one division, then
    /// ``corrected(s:c:)``. The lane-wise twin is in `ImpliedVolatility+LanesGuess.swift`.
    @inlinable @inline(__always) @_noAllocation
    static func bachelierGuess(scale: Double, variable v: Double, _ k: BachelierCoefficients) -> Double {
        let p = k.p.0 + v * (k.p.1 + v * (k.p.2 + v * (k.p.3 + v * k.p.4)))
        let q = 1 + v * (k.q.0 + v * (k.q.1 + v * (k.q.2 + v * k.q.3)))
        let cn = k.cn.0 + v * (k.cn.1 + v * (k.cn.2 + v * k.cn.3))
        let cd = 1 + v * (k.cd.0 + v * (k.cd.1 + v * k.cd.2))
        let d = 1 / (p * cd)
        return corrected(s: scale * q * cd * d, c: cn * p * d)
    }

    /// The Bachelier guess s = |x|/h with its O(s²) correction: the next term of b's
    /// expansion at fixed h is s³((h² − 1)φ(h) − h³N(−h))/24, which moves h by
    /// δh/h = s²·c(h), c(h) = ((h² − 1) − h³R(h))/24 with R = N(−h)/φ(h) (Mills' ratio), so
    /// s ← s(1 − s²c); the guess error becomes O(s⁴) (median 1e-7 on the ordinary set).
    /// c is given as a rational function of the same variable as h (fitted with mpmath, so
    /// that it runs in parallel with h instead of after it).
    @inlinable @inline(__always) @_noAllocation
    static func corrected(s: Double, c: Double) -> Double {
        s - s * s * s * c
    }

    /// Jäckel's lower map (2π|x|/(3√3))·N(−|x|/(√3 s))³.
    @inlinable @inline(__always) @_noAllocation
    static func lowerMap(ax: Double, s: Double) -> Double {
        let z = ax / (1.7320508075688772 * s)
        let n = 0.5 * OptionMath.expBranchFree(-0.5 * z * z) * OptionMath.erfcx(z * 0.7071067811865476)
        return 1.2091995761561452 * ax * n * n * n
    }

    /// N⁻¹(p) for 0 < p ≤ 1/2, given ln p, to about 4.5e-4 (Abramowitz & Stegun 26.2.23).
    @inlinable @inline(__always) @_noAllocation
    static func inverseNormalGuess(logOfP: Double) -> Double {
        let t = OptionMath.squareRoot(-2 * logOfP)
        let numerator = 2.515517 + t * (0.802853 + t * 0.010328)
        let denominator = 1 + t * (1.432788 + t * (0.189269 + t * 0.001308))
        return numerator / denominator - t
    }
}
