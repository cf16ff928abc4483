import Testing
@testable import HFTEngine

/// The elementary kernels against mpmath (60 digits). Tolerances, in units of 2⁻⁵²
/// relative: exp ≤ 1, log ≤ 1, erfcx ≤ 3 (the measured worst cases are below these; the
/// rounding of the reference value to double is included).
@Suite("Options: elementary functions")
struct OptionsMathTests {
    @Test func scalarAndVectorAgainstReference() throws {
        let rows = try ReferenceData.rows("elementary_reference.csv")
        #expect(rows.count > 1000)
        let ulp = 0x1p-52
        var worst = (exp: 0.0, log: 0.0, erfcx: 0.0)
        var xs: [Double] = []
        var compared = (exp: 0, log: 0, erfcx: 0)
        for row in rows {
            let x = row.double("x")
            xs.append(x)
            let e = row.double("exp")
            if e.isFinite && e > 0x1p-1022 {
                let got = OptionMath.exp(x)
                worst.exp = max(worst.exp, abs(got / e - 1) / ulp)
                compared.exp += 1
            } else if e == 0 || e < 0x1p-1074 {
                #expect(OptionMath.exp(x) == 0, "exp(\(x)) should underflow to 0")
            }
            let l = row.double("log")
            if l.isFinite && x != 0 {
                let got = OptionMath.log(abs(x))
                worst.log = max(worst.log, l == 0 ? abs(got) : abs(got / l - 1) / ulp)
                compared.log += 1
            }
            let c = row.double("erfcx")
            let got = OptionMath.erfcx(abs(x))
            worst.erfcx = max(worst.erfcx, abs(got / c - 1) / ulp)
            compared.erfcx += 1
        }
        print("elementary worst relative error (2^-52 units): exp \(worst.exp), log \(worst.log), erfcx \(worst.erfcx)")
        print("elementary values compared:", compared)
        #expect(compared.exp > 1000 && compared.log > 1000 && compared.erfcx > 1000)
        #expect(worst.exp <= 1)
        #expect(worst.log <= 1)
        #expect(worst.erfcx <= 3)

        // The vector forms give the scalar results, lane for lane.
        var i = 0
        while i + 8 <= xs.count {
            var v = SIMD8<Double>()
            for k in 0..<8 { v[k] = xs[i + k] }
            let ve = OptionMath.exp(v)
            let vc = OptionMath.erfcx(OptionMath.magnitude(v))
            let positive = OptionMath.magnitude(v).replacing(with: 1, where: v .== 0)
            let vl = OptionMath.log(positive)
            for k in 0..<8 {
                #expect(ve[k] == OptionMath.exp(xs[i + k]) || (ve[k].isNaN && xs[i + k].isNaN))
                #expect(vc[k] == OptionMath.erfcx(abs(xs[i + k])))
                if positive[k] >= 0x1p-1022 { #expect(vl[k] == OptionMath.log(positive[k])) }
            }
            i += 8
        }
    }

    @Test func specialValues() {
        #expect(OptionMath.exp(-800) == 0)
        #expect(OptionMath.exp(800) == .infinity)
        #expect(OptionMath.exp(.nan).isNaN)
        #expect(OptionMath.exp(0) == 1)
        #expect(OptionMath.log(1) == 0)
        #expect(OptionMath.log(0) == -.infinity)
        #expect(OptionMath.log(-1).isNaN)
        #expect(OptionMath.erfcx(.infinity) == 0)
        #expect(abs(OptionMath.log(0x1p-1070) + 1070 * 0.6931471805599453) < 1e-12)
        let v = OptionMath.exp(SIMD8<Double>(-800, 800, .nan, 0, -745.5, -740, 1, -1))
        #expect(v[0] == 0 && v[1] == .infinity && v[2].isNaN && v[3] == 1 && v[4] == 0)
        #expect(v[5] == OptionMath.exp(-740))
    }
}
