// Two fitted corrections of the initial guess (`ImpliedVolatility+Guess.swift`) for
// |x| ≤ 1/2 (s_c = √(2|x|) ≤ 1), where ordinary options are, so that one Householder step
// of order 4 finishes (its step then stays under the solver's 10⁻⁴·s):
//
// - Above the inflection point, in the Taylor region (β − b_c < (b_max − b_c)/2):
//   s ≈ s_c + ν + ν³/6 + ν·Q(ν, s_c), ν = (β − b_c)/v_c, Q of total degree 6. Relative
//   error ≤ 4.6e-5 (median 2.7e-6) against 1.7e-1 (median 5.3e-3) for the Taylor
//   inversion alone; ν·Q vanishes at ν = 0, where s = s_c exactly.
// - Below it, in the normalised Bachelier model's near region (β ≥ G(1)·|x|): the
//   corrected Bachelier guess g times 1 + g⁴·R(v, s_c), v = |x|/(β + |x|/2), R of total
//   degree 2. Relative error ≤ 2.5e-6 (median 9e-8) against 2.6e-3 for g alone, whose
//   O(s⁴) error passes 10⁻⁴ from s ≈ 0.4.
//
// Both tables come from `Tools/fit-guess-corrections.py` (iteratively reweighted least
// squares of the relative error against s solved by bisection, 1.5M points per region;
// the errors above are on 600K fresh points). On 200,000 options drawn as `python/bench.py`
// draws them, the solves that took a second step went from 47% (74% above the inflection
// point, 18% below) to none, and the batch's vectors of eight that ran one from 99.3% to
// none (2026-12-07; `OptionsGuessQualityTests` holds it). The scalar guess and its
// lane-wise twin use the same tables in the same order, so their results stay equal bit
// for bit.

/// Q's coefficients (u = ν).
///
/// - Memory: none (literals returned by a computed property, as for
///   ``BachelierCoefficients``).
@frozen @usableFromInline
struct TaylorCorrectionCoefficients {
    /// Row i: the coefficients of u^i s_c^j, j = 0, 1, …
    @usableFromInline var r0: (Double, Double, Double, Double, Double, Double, Double)
    @usableFromInline var r1: (Double, Double, Double, Double, Double, Double)
    @usableFromInline var r2: (Double, Double, Double, Double, Double)
    @usableFromInline var r3: (Double, Double, Double, Double)
    @usableFromInline var r4: (Double, Double, Double)
    @usableFromInline var r5: (Double, Double)
    @usableFromInline var r6: Double

    @inlinable @inline(__always)
    init(r0: (Double, Double, Double, Double, Double, Double, Double), r1: (Double, Double, Double, Double, Double, Double),
         r2: (Double, Double, Double, Double, Double), r3: (Double, Double, Double, Double), r4: (Double, Double, Double),
         r5: (Double, Double), r6: Double) {
        self.r0 = r0
        self.r1 = r1
        self.r2 = r2
        self.r3 = r3
        self.r4 = r4
        self.r5 = r5
        self.r6 = r6
    }
}

/// R's coefficients (u = v).
///
/// - Memory: none (literals returned by a computed property).
@frozen @usableFromInline
struct NearCorrectionCoefficients {
    /// Row i: the coefficients of u^i s_c^j, j = 0, 1, …
    @usableFromInline var r0: (Double, Double, Double)
    @usableFromInline var r1: (Double, Double)
    @usableFromInline var r2: Double

    @inlinable @inline(__always)
    init(r0: (Double, Double, Double), r1: (Double, Double), r2: Double) {
        self.r0 = r0
        self.r1 = r1
        self.r2 = r2
    }
}

extension ImpliedVolatility {
    /// The largest |x| of both fits; beyond it the guesses stand uncorrected.
    @inlinable static var guessCorrectionLimit: Double { @_noAllocation @inline(__always) get { 0.5 } }

    /// Q's coefficients.
    @inlinable static var taylorCorrection: TaylorCorrectionCoefficients {
        @_noAllocation @inline(__always) get { TaylorCorrectionCoefficients(
            r0: (-1.1666045277313761e-06, 0.0016306517662461953, -0.033824771905877835, 0.12166220019603018,
                 -0.17034339815292843, 0.10407561592344099, -0.023148728179478897),
            r1: (-0.00063904549216580668, 0.079979777590105564, -0.21919048806032382, 0.16260335933829592,
                 -0.0013044509178782987, -0.022964159142142934),
            r2: (-0.11700954720935716, 0.15166870376067404, 0.11329199783734337, -0.19029884350273901,
                 0.04952566350429137),
            r3: (-0.027973422852289789, -0.1670729104884125, 0.045057548780439258, 0.027100770542377289),
            r4: (0.045500641013124524, 0.090318081134924733, -0.023977529267134121),
            r5: (-0.028715647560752251, -0.0097630650290822917),
            r6: 0.0079325286723406444) }
    }

    /// R's coefficients.
    @inlinable static var nearCorrection: NearCorrectionCoefficients {
        @_noAllocation @inline(__always) get { NearCorrectionCoefficients(
            r0: (0.003727199049057051, -0.0010084615044514806, -0.00050935554970730026),
            r1: (0.00035534715113642824, 0.0012400160209971951),
            r2: -0.0010582924758727357) }
    }

    /// The corrected Taylor inversion `taylor` + ν·Q(ν, s_c) (Horner in s_c per row, then in ν).
    @inlinable @inline(__always) @_noAllocation
    static func taylorCorrected(_ taylor: Double, nu: Double, sc: Double, _ k: TaylorCorrectionCoefficients) -> Double {
        let q0 = k.r0.0 + sc * (k.r0.1 + sc * (k.r0.2 + sc * (k.r0.3 + sc * (k.r0.4 + sc * (k.r0.5 + sc * k.r0.6)))))
        let q1 = k.r1.0 + sc * (k.r1.1 + sc * (k.r1.2 + sc * (k.r1.3 + sc * (k.r1.4 + sc * k.r1.5))))
        let q2 = k.r2.0 + sc * (k.r2.1 + sc * (k.r2.2 + sc * (k.r2.3 + sc * k.r2.4)))
        let q3 = k.r3.0 + sc * (k.r3.1 + sc * (k.r3.2 + sc * k.r3.3))
        let q4 = k.r4.0 + sc * (k.r4.1 + sc * k.r4.2)
        let q5 = k.r5.0 + sc * k.r5.1
        let polynomial = q0 + nu * (q1 + nu * (q2 + nu * (q3 + nu * (q4 + nu * (q5 + nu * k.r6)))))
        return taylor + nu * polynomial
    }

    /// Lane-wise ``taylorCorrected(_:nu:sc:_:)``: the same operations in the same order (one
    /// statement per step, which the type checker needs for vector operands).
    @_transparent @_noAllocation
    static func taylorCorrectedLanes(_ taylor: Lanes, nu: Lanes, sc: Lanes, _ k: TaylorCorrectionCoefficients) -> Lanes {
        var q0: Lanes = k.r0.5 + sc * k.r0.6
        q0 = k.r0.4 + sc * q0
        q0 = k.r0.3 + sc * q0
        q0 = k.r0.2 + sc * q0
        q0 = k.r0.1 + sc * q0
        q0 = k.r0.0 + sc * q0
        var q1: Lanes = k.r1.4 + sc * k.r1.5
        q1 = k.r1.3 + sc * q1
        q1 = k.r1.2 + sc * q1
        q1 = k.r1.1 + sc * q1
        q1 = k.r1.0 + sc * q1
        var q2: Lanes = k.r2.3 + sc * k.r2.4
        q2 = k.r2.2 + sc * q2
        q2 = k.r2.1 + sc * q2
        q2 = k.r2.0 + sc * q2
        var q3: Lanes = k.r3.2 + sc * k.r3.3
        q3 = k.r3.1 + sc * q3
        q3 = k.r3.0 + sc * q3
        var q4: Lanes = k.r4.1 + sc * k.r4.2
        q4 = k.r4.0 + sc * q4
        let q5: Lanes = k.r5.0 + sc * k.r5.1
        var polynomial: Lanes = q5 + nu * k.r6
        polynomial = q4 + nu * polynomial
        polynomial = q3 + nu * polynomial
        polynomial = q2 + nu * polynomial
        polynomial = q1 + nu * polynomial
        polynomial = q0 + nu * polynomial
        return taylor + nu * polynomial
    }

    /// The corrected Bachelier guess g + g⁵·R(v, s_c).
    @inlinable @inline(__always) @_noAllocation
    static func nearCorrected(_ g: Double, v: Double, sc: Double, _ k: NearCorrectionCoefficients) -> Double {
        let q0 = k.r0.0 + sc * (k.r0.1 + sc * k.r0.2)
        let q1 = k.r1.0 + sc * k.r1.1
        let polynomial = q0 + v * (q1 + v * k.r2)
        let g2 = g * g
        return g + g2 * g2 * g * polynomial
    }

    /// Lane-wise ``nearCorrected(_:v:sc:_:)``: the same operations in the same order.
    @_transparent @_noAllocation
    static func nearCorrectedLanes(_ g: Lanes, v: Lanes, sc: Lanes, _ k: NearCorrectionCoefficients) -> Lanes {
        var q0: Lanes = k.r0.1 + sc * k.r0.2
        q0 = k.r0.0 + sc * q0
        let q1: Lanes = k.r1.0 + sc * k.r1.1
        var polynomial: Lanes = q1 + v * k.r2
        polynomial = q0 + v * polynomial
        let g2 = g * g
        return g + g2 * g2 * g * polynomial
    }
}
