/// The fitted coefficients of the initial guess's normalised Bachelier inversions (see
/// `ImpliedVolatility+Guess.swift`): for each region below the inflection point, h (or
/// h/v) = P/Q and the correction coefficient c(h) = C_n/C_d as rational functions of the
/// region's variable (v = |x|/(β + |x|/2) near the money, z = √(−2 ln(β/|x|)) further out),
/// fitted with mpmath. One table for the scalar guess and its lane-wise twin, so that both
/// use the same numbers.
///
/// - Memory: none (the constants are literals returned by computed properties: a stored
///   `static let` is initialised through `swift_once`, which `@_noAllocation` rejects).
@frozen @usableFromInline
struct BachelierCoefficients {
    /// P's coefficients, constant term first.
    @usableFromInline var p: (Double, Double, Double, Double, Double)
    /// Q's coefficients after its constant term 1.
    @usableFromInline var q: (Double, Double, Double, Double)
    /// C_n's coefficients, constant term first.
    @usableFromInline var cn: (Double, Double, Double, Double)
    /// C_d's coefficients after its constant term 1.
    @usableFromInline var cd: (Double, Double, Double)

    @inlinable @inline(__always)
    init(p: (Double, Double, Double, Double, Double), q: (Double, Double, Double, Double),
         cn: (Double, Double, Double, Double), cd: (Double, Double, Double)) {
        self.p = p
        self.q = q
        self.cn = cn
        self.cd = cd
    }
}

extension ImpliedVolatility {
    /// G(h) ≥ G(1), variable v: relative error of h < 2e-6, of c 5e-5.
    @inlinable static var bachelierNear: BachelierCoefficients {
        @_noAllocation @inline(__always) get { BachelierCoefficients(
            p: (0.3989422359587508, -0.35237184817962897, 0.052457252558084866, 0.01965674764658497,
                -0.003805773282606284),
            q: (-0.8832700536099206, 0.05196433861851228, 0.11933065945459072, -0.024739086575428698),
            cn: (-0.041665670649341714, -0.007195772799344394, 0.021909015055683843, -0.004397272618669809),
            cd: (0.17200918065127818, -0.36189759219405515, 0.0395783373984033)) }
    }

    /// G(4) ≤ G(h) < G(1), variable z: relative error of h < 2e-6, of c 4e-5.
    @inlinable static var bachelierMiddle: BachelierCoefficients {
        @_noAllocation @inline(__always) get { BachelierCoefficients(
            p: (-0.5995347530501586, 1.7460179141615413, -1.7914028609292094, 0.8312698524591626,
                -0.17911179809374156),
            q: (-1.3099620582667901, 0.5887990597060315, -0.16415944516055286, -0.000458343206131806),
            cn: (0.012463894149349748, 0.018741482079443577, 0.0026034504750230398, -0.0001089691913672107),
            cd: (-2.761514053762459, 1.3669983964725658, -0.365746849087523)) }
    }

    /// G(12) ≤ G(h) < G(4), variable z: relative error of h 1.8e-9, of c 1.4e-6.
    @inlinable static var bachelierFar: BachelierCoefficients {
        @_noAllocation @inline(__always) get { BachelierCoefficients(
            p: (-0.7045066479257442, 1.5966138925857234, -0.8177031579166423, 0.1335597082333047,
                0.05136689058766322),
            q: (-0.3329092346278161, 0.14149167985314204, 0.05123952700582632, 1.2186897788701856e-06),
            cn: (-0.01191224745538729, -0.003281139134940453, 5.039212162282131e-06, -8.860978267192371e-08),
            cd: (-0.4677814803364333, 0.10103035382196472, 0.02535878286927582)) }
    }
}
