/// `SIMD8<Double>` forms of ``OptionMath``'s `exp`, `log` and `erfcx`, for the batched
/// Greeks kernel. The standard library, Foundation and swift-numerics have no vector
/// `exp`, and LLVM does not vectorize calls into libm, so these are written out lane-wise.
/// Each runs the same operations as its scalar twin (same constants, same evaluation
/// order), so lanes agree with the scalar results bit for bit on the common path.
///
/// - Complexity: O(1) per vector, branch-free (special lanes are blended in with masks).
/// - Memory: none.
extension OptionMath {
    public typealias Lanes = SIMD8<Double>

    @inlinable @inline(__always) @_noAllocation
    static func bits(_ v: Lanes) -> SIMD8<UInt64> { unsafeBitCast(v, to: SIMD8<UInt64>.self) }

    @inlinable @inline(__always) @_noAllocation
    static func double(_ v: SIMD8<UInt64>) -> Lanes { unsafeBitCast(v, to: Lanes.self) }

    /// A per-lane condition of ``Lanes`` (all bits set in a true lane).
    public typealias LaneMask = SIMDMask<SIMD8<Int64>>

    /// True when a lane of `m` is set. The standard library's `any(_:)` is a generic function
    /// that the optimizer leaves as a call inside a large kernel; this one always inlines
    /// (a `kortest` on AVX-512, a `vptest` on AVX2).
    @_transparent @_noAllocation
    public static func anyLane(_ m: LaneMask) -> Bool {
        let v = unsafeBitCast(m, to: SIMD8<Int64>.self)
        let quad = v.lowHalf | v.highHalf
        let pair = quad.lowHalf | quad.highHalf
        return (pair[0] | pair[1]) != 0
    }

    /// Lane-wise |v| (clears the sign bits).
    @inlinable @inline(__always) @_noAllocation
    public static func magnitude(_ v: Lanes) -> Lanes {
        double(bits(v) & 0x7FFF_FFFF_FFFF_FFFF)
    }

    /// Lane-wise √v (eight correctly rounded square roots; see ``squareRoot(_:)-(Double)``).
    @inlinable @inline(__always) @_noAllocation
    public static func squareRoot(_ v: Lanes) -> Lanes {
        _unsafePerformance { v.squareRoot() }
    }

    /// 2ⁿ for integral n in [−1022, 1023] given as doubles (n + 1.5·2⁵² keeps n in the low bits).
    @inlinable @inline(__always) @_noAllocation
    static func powerOfTwo(_ n: Lanes) -> Lanes {
        let shifted = bits(n + 6755399441055744.0)
        return double((shifted &- 0x4338_0000_0000_0000 &+ 1023) &<< 52)
    }

    /// Lane-wise eˣ; same algorithm and accuracy as ``exp(_:)-(Double)``. Lanes below
    /// −745.13 give 0, above 709.78 give +∞, NaN gives NaN (the clamp keeps the exponent
    /// arithmetic in range; the two-step scale then underflows or overflows by itself).
    @inlinable @inline(__always) @_noAllocation
    public static func exp(_ x: Lanes) -> Lanes {
        var xc = x.replacing(with: 709.8, where: x .> 709.8)
        xc.replace(with: -745.2, where: xc .< -745.2)
        let k = (xc * 1.4426950408889634 + 6755399441055744.0) - 6755399441055744.0
        let r = xc.addingProduct(-k, Lanes(repeating: 0.6931471803691238)).addingProduct(-k, Lanes(repeating: 1.9082149292705877e-10))
        let k1 = ((k * 0.5 - 0.25) + 6755399441055744.0) - 6755399441055744.0  // ⌊k/2⌋
        return (expOfReduced(r) * powerOfTwo(k - k1)) * powerOfTwo(k1)
    }

    @inlinable @inline(__always) @_noAllocation
    static func expOfReduced(_ r: Lanes) -> Lanes {
        1 + r.addingProduct(r * r, expTail(r))
    }

    /// Lane-wise ``expSplit(_:)-(Double)``: eˣ as `high + low`, same operations (|x| ≤ 708).
    @inlinable @inline(__always) @_noAllocation
    public static func expSplit(_ x: Lanes) -> (high: Lanes, low: Lanes) {
        let k = (x * 1.4426950408889634 + 6755399441055744.0) - 6755399441055744.0
        let r = x.addingProduct(-k, Lanes(repeating: 0.6931471803691238)).addingProduct(-k, Lanes(repeating: 1.9082149292705877e-10))
        let q = (r * r) * expTail(r)
        // r + q and then 1 + (r + q), both with their rounding errors kept (Fast2Sum).
        let t = r + q
        let tLow = q - (t - r)
        let high = 1 + t
        let low = ((1 - high) + t) + tLow
        let scale = powerOfTwo(k)
        return (high * scale, low * scale)
    }

    /// The Taylor tail 1/2! + r/3! + … + r¹¹/13! of eʳ (Estrin form, as the scalar twin).
    @inlinable @inline(__always) @_noAllocation
    static func expTail(_ r: Lanes) -> Lanes {
        let r2 = r * r
        let r4 = r2 * r2
        let p0 = Lanes(repeating: 0.16666666666666666).fusedAddingProduct(r, 0.041666666666666664)
        let p1 = Lanes(repeating: 0.008333333333333333).fusedAddingProduct(r, 0.001388888888888889)
        let p2 = Lanes(repeating: 0.0001984126984126984).fusedAddingProduct(r, 2.48015873015873e-05)
        let p3 = Lanes(repeating: 2.7557319223985893e-06).fusedAddingProduct(r, 2.755731922398589e-07)
        let p4 = Lanes(repeating: 2.505210838544172e-08).fusedAddingProduct(r, 2.08767569878681e-09)
        let q0 = Lanes(repeating: 0.5).addingProduct(r, p0.addingProduct(r2, p1))
        let q1 = p2.addingProduct(r2, p3)
        let q2 = p4.fusedAddingProduct(r2, 1.6059043836821613e-10)
        return q0.addingProduct(r * r4, q1.addingProduct(r4, q2))  // q0 + r⁵ q1 + r⁹ q2
    }

    /// Lane-wise ln x for positive normal finite lanes (others give unspecified values);
    /// same algorithm and accuracy as ``log(_:)-(Double)``, whose reduction m ∈ [1, 2),
    /// then m/2 and e + 1 where m > √2, is done here without a lane mask: adding the bits of
    /// 1 − √2/2 carries into the exponent field exactly when m ≥ the double after
    /// 1.4142135623730951 (see ``logOfRatioReduced(_:_:quotient:)``), so the reduced m and e
    /// are the scalar ones bit for bit. (A masked blend inside the large batch kernels makes
    /// LLVM split the vector into pieces of 128 bits.)
    @inlinable @inline(__always) @_noAllocation
    public static func log(_ x: Lanes) -> Lanes {
        logOfRatioReduced(x, Lanes(repeating: 1), quotient: x)
    }

    /// Lane-wise ``logOfRatioReduced(_:_:exponent:)-(Double,Double,_)`` with the exponent
    /// taken from the rounded quotient `q` = a/b (same operations): ln(a/b) for lanes with
    /// a, b ∈ [2⁻¹⁰⁰⁰, 2¹⁰⁰⁰] (others give unspecified values).
    @_transparent @_noAllocation
    public static func logOfRatioReduced(_ a: Lanes, _ b: Lanes, quotient q: Lanes) -> Lanes {
        let biased = (bits(q) &- 0x3FE6_A09E_667F_3BCE &+ 0x3FF0_0000_0000_0000) &>> 52
        let n = double(biased | 0x4330_0000_0000_0000) - (4503599627370496.0 + 1023)
        let reduced = double(bits(a) &- (biased &<< 52) &+ 0x3FF0_0000_0000_0000)
        return logOfQuotient(reduced, b, n)
    }

    @inlinable @inline(__always) @_noAllocation
    static func logOfQuotient(_ m: Lanes, _ one: Lanes, _ e: Lanes) -> Lanes {
        let numerator = m - one
        let denominator = m + one
        let bb = denominator - m
        let denominatorLow = (m - (denominator - bb)) + (one - bb)
        let reciprocal = 1 / denominator
        let f = numerator * reciprocal
        let fLow = (numerator.addingProduct(-f, denominator) - f * denominatorLow) * reciprocal
        let s = f * f
        let s2 = s * s
        let s4 = s2 * s2
        let a0 = Lanes(repeating: 0.3333333333333333).fusedAddingProduct(s, 0.2)
        let a1 = Lanes(repeating: 0.14285714285714285).fusedAddingProduct(s, 0.1111111111111111)
        let a2 = Lanes(repeating: 0.09090909090909091).fusedAddingProduct(s, 0.07692307692307693)
        let a3 = Lanes(repeating: 0.06666666666666667).fusedAddingProduct(s, 0.058823529411764705)
        let a4 = Lanes(repeating: 0.05263157894736842).fusedAddingProduct(s, 0.047619047619047616)
        let series = a0.addingProduct(s2, a1).addingProduct(s4, a2.addingProduct(s2, a3).addingProduct(s4, a4))
        let twoF = 2 * f
        let low = (e * 1.9082149292705877e-10).addingProduct(2, fLow) + twoF * s * series
        let high = e * 0.6931471803691238
        let sum = high + twoF
        let bv = sum - high
        let sumLow = (high - (sum - bv)) + (twoF - bv)
        return sum + (sumLow + low)
    }

    /// Lane-wise erfcx for lanes ≥ 0; same algorithm and accuracy as ``erfcx(_:)-(Double)``.
    @inlinable @inline(__always) @_noAllocation
    public static func erfcx(_ x: Lanes) -> Lanes {
        let t = 1 / (x + 3)
        let u = Lanes(repeating: 1).addingProduct(-6, t)
        return erfcxPolynomial(u) * t
    }

    /// erfcx at two sets of lanes ≥ 0 with one division (t₁ = (b+3)/((a+3)(b+3)) and
    /// likewise t₂); arguments are capped at 1e100 so that the product cannot overflow
    /// (erfcx is below 1e-100 there). Within 5 × 2⁻⁵² relative.
    @inlinable @inline(__always) @_noAllocation
    public static func erfcxPair(_ a: Lanes, _ b: Lanes) -> (Lanes, Lanes) {
        let pa = a.replacing(with: 1e100, where: a .> 1e100) + 3
        let pb = b.replacing(with: 1e100, where: b .> 1e100) + 3
        let inverse = 1 / (pa * pb)
        let ta = pb * inverse
        let tb = pa * inverse
        return (erfcxPolynomial(Lanes(repeating: 1).addingProduct(-6, ta)) * ta,
                erfcxPolynomial(Lanes(repeating: 1).addingProduct(-6, tb)) * tb)
    }

    @inlinable @inline(__always) @_noAllocation
    static func erfcxPolynomial(_ u: Lanes) -> Lanes {
        let u2 = u * u
        let u4 = u2 * u2
        let u8 = u4 * u4
        let p0 = Lanes(repeating: 1.0740069070883396).fusedAddingProduct(u, -0.8833944531698836)
        let p1 = Lanes(repeating: 0.5902283571041085).fusedAddingProduct(u, -0.31046726190056667)
        let p2 = Lanes(repeating: 0.11952776128697859).fusedAddingProduct(u, -0.026827234624480615)
        let p3 = Lanes(repeating: -0.0012124166215147798).fusedAddingProduct(u, 0.0030340620011959822)
        let p4 = Lanes(repeating: -0.0005483097452477533).fusedAddingProduct(u, -0.0002767778482009659)
        let p5 = Lanes(repeating: 0.00010756178250002073).fusedAddingProduct(u, 3.03981905221208e-05)
        let p6 = Lanes(repeating: -1.7471605752302332e-05).fusedAddingProduct(u, -4.749391032132141e-06)
        let p7 = Lanes(repeating: 2.7678112255272805e-06).fusedAddingProduct(u, 9.994379361081014e-07)
        let p8 = Lanes(repeating: -4.117597591893759e-07).fusedAddingProduct(u, -2.3454670002624263e-07)
        let p9 = Lanes(repeating: 5.001320184291237e-08).fusedAddingProduct(u, 5.166814761898454e-08)
        let p10 = Lanes(repeating: -3.5913611171610954e-09).fusedAddingProduct(u, -8.887844891516947e-09)
        let p11 = Lanes(repeating: 1.1159123899250384e-11).fusedAddingProduct(u, 8.44785278432295e-10)
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
