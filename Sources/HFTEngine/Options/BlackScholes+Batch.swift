/// The batched Black–Scholes–Merton kernel: eight options per step in `SIMD8<Double>`
/// lanes, with the same formulas and operation order as the scalar
/// ``BlackScholes/greeks(sign:spot:strike:expiry:rate:dividendYield:volatility:)``, using
/// the vector `exp`/`log`/`erfcx` of ``OptionMath``. A batch therefore agrees with the
/// scalar path to the last bit or so (tests hold it to the accuracy tolerance).
///
/// - Complexity: O(n); about 25 vector operations per option, no branches.
/// - Memory: none; reads the caller's input columns and writes the caller's outputs.
extension BlackScholes {
    /// Writes price and Greeks of options `range` of `inputs` into the same rows of
    /// `outputs` on the calling thread. Rows outside `range` are not touched.
    ///
    /// Rows that fail ``OptionContract/isValid`` give unspecified values in their own output
    /// rows only, never a trap: the kernel does not spend a vector check per row on them
    /// (a NaN input gives NaN Greeks and, through the clamp at 0, a price of 0). ``OptionBatch/set(_:_:)`` and
    /// ``OptionPortfolio`` refuse invalid options with a typed error, so their rows are
    /// always valid; callers with their own columns check ``OptionContract/isValid``.
    ///
    /// - Precondition: `range` lies inside every column (an index range, like `Array`'s
    ///   subscript).
    @_noAllocation
    public static func greeks(_ inputs: OptionColumns, into outputs: GreeksColumns, range: Range<Int>) {
        let upper = range.upperBound
        precondition(range.lowerBound >= 0 && upper <= inputs.sign.count && upper <= inputs.spot.count
                     && upper <= inputs.strike.count && upper <= inputs.expiry.count && upper <= inputs.rate.count
                     && upper <= inputs.dividendYield.count && upper <= inputs.volatility.count
                     && upper <= outputs.price.count && upper <= outputs.delta.count && upper <= outputs.gamma.count
                     && upper <= outputs.vega.count && upper <= outputs.theta.count && upper <= outputs.rho.count
                     && upper <= outputs.vanna.count && upper <= outputs.volga.count,
                     "BlackScholes.greeks: range outside the columns")
        var i = range.lowerBound
        let end = range.upperBound
        while i + 8 <= end {
            let g = lanes(sign: load(inputs.sign, i), spot: load(inputs.spot, i), strike: load(inputs.strike, i),
                          expiry: load(inputs.expiry, i), rate: load(inputs.rate, i),
                          dividendYield: load(inputs.dividendYield, i), volatility: load(inputs.volatility, i))
            store(g.price, outputs.price, i)
            store(g.delta, outputs.delta, i)
            store(g.gamma, outputs.gamma, i)
            store(g.vega, outputs.vega, i)
            store(g.theta, outputs.theta, i)
            store(g.rho, outputs.rho, i)
            store(g.vanna, outputs.vanna, i)
            store(g.volga, outputs.volga, i)
            i += 8
        }
        if i < end {
            // The tail: fill the unused lanes with a harmless option and store only the used ones.
            let n = end - i
            let g = lanes(sign: partial(inputs.sign, i, n, 1), spot: partial(inputs.spot, i, n, 1),
                          strike: partial(inputs.strike, i, n, 1), expiry: partial(inputs.expiry, i, n, 1),
                          rate: partial(inputs.rate, i, n, 0), dividendYield: partial(inputs.dividendYield, i, n, 0),
                          volatility: partial(inputs.volatility, i, n, 0.2))
            for k in 0..<n {
                outputs.price[i + k] = g.price[k]
                outputs.delta[i + k] = g.delta[k]
                outputs.gamma[i + k] = g.gamma[k]
                outputs.vega[i + k] = g.vega[k]
                outputs.theta[i + k] = g.theta[k]
                outputs.rho[i + k] = g.rho[k]
                outputs.vanna[i + k] = g.vanna[k]
                outputs.volga[i + k] = g.volga[k]
            }
        }
    }

    /// Writes price and Greeks of every option of `inputs` into `outputs` on the calling
    /// thread. For several threads see ``GreeksWorkers``.
    @_noAllocation
    public static func greeks(_ inputs: OptionColumns, into outputs: GreeksColumns) {
        greeks(inputs, into: outputs, range: 0..<inputs.sign.count)
    }

    @inlinable @inline(__always) @_noAllocation
    static func load(_ column: UnsafeBufferPointer<Double>, _ i: Int) -> SIMD8<Double> {
        UnsafeRawPointer(column.baseAddress.unsafelyUnwrapped + i).loadUnaligned(as: SIMD8<Double>.self)
    }

    @inlinable @inline(__always) @_noAllocation
    static func partial(_ column: UnsafeBufferPointer<Double>, _ i: Int, _ n: Int, _ fill: Double) -> SIMD8<Double> {
        var v = SIMD8<Double>(repeating: fill)
        for k in 0..<n { v[k] = column[i + k] }
        return v
    }

    @inlinable @inline(__always) @_noAllocation
    static func store(_ v: SIMD8<Double>, _ column: UnsafeMutableBufferPointer<Double>, _ i: Int) {
        UnsafeMutableRawPointer(column.baseAddress.unsafelyUnwrapped + i).storeBytes(of: v, as: SIMD8<Double>.self)
    }

    /// Eight options' values, one per lane.
    @frozen @usableFromInline
    struct GreeksLanes {
        @usableFromInline var price, delta, gamma, vega, theta, rho, vanna, volga: SIMD8<Double>
        @inlinable @inline(__always) @_noAllocation
        init(price: SIMD8<Double>, delta: SIMD8<Double>, gamma: SIMD8<Double>, vega: SIMD8<Double>,
             theta: SIMD8<Double>, rho: SIMD8<Double>, vanna: SIMD8<Double>, volga: SIMD8<Double>) {
            self.price = price
            self.delta = delta
            self.gamma = gamma
            self.vega = vega
            self.theta = theta
            self.rho = rho
            self.vanna = vanna
            self.volga = volga
        }
    }

    /// The lane-wise twin of the scalar kernel (same operations, same order).
    @inlinable @inline(__always) @_noAllocation
    static func lanes(sign theta: SIMD8<Double>, spot: SIMD8<Double>, strike: SIMD8<Double>, expiry: SIMD8<Double>,
                      rate: SIMD8<Double>, dividendYield: SIMD8<Double>, volatility: SIMD8<Double>) -> GreeksLanes {
        typealias V = SIMD8<Double>
        let sqrtT = OptionMath.squareRoot(expiry)
        let s = volatility * sqrtT
        let carryRate = rate - dividendYield
        let growth = OptionMath.exp(carryRate * expiry)
        let dr = OptionMath.exp(-rate * expiry)
        let dq = growth * dr
        let sq = spot * dq
        let kr = strike * dr
        let ratio = spot / strike
        let x = OptionMath.logOfRatioReduced(spot, strike, quotient: ratio) + carryRate * expiry
        let gammaFactor = 1 / (spot * s)
        let inverseS = spot * gammaFactor
        let inverseVolatility = inverseS * sqrtT
        let d1 = x * inverseS + 0.5 * s
        let d2 = d1 - s
        let d1Squared = d1 * d1
        let d1SquaredLow = (-d1Squared).addingProduct(d1, d1)
        let e1 = OptionMath.exp(-0.5 * d1Squared) * (1 - 0.5 * d1SquaredLow)
        let e2 = e1 * (ratio * growth)
        let (y1, y2) = OptionMath.erfcxPair(OptionMath.magnitude(d1) * 0.7071067811865476,
                                            OptionMath.magnitude(d2) * 0.7071067811865476)
        let tail1 = 0.5 * e1 * y1
        let tail2 = 0.5 * e2 * y2
        let n1 = tail1.replacing(with: 1 - tail1, where: theta * d1 .> 0)
        let n2 = tail2.replacing(with: 1 - tail2, where: theta * d2 .> 0)
        let density = e1 * 0.3989422804014327
        let sqDensity = sq * density
        let vega = sqDensity * sqrtT
        let sqN1 = sq * n1
        let krN2 = kr * n2
        let decay = -0.5 * sqDensity * (volatility * volatility) * inverseS
        let carry = dividendYield * sqN1 - rate * krN2
        let rawPrice = theta * (sqN1 - krN2)
        let price = rawPrice.replacing(with: 0, where: .!(rawPrice .> 0))
        let delta = theta * dq * n1 + 0  // + 0: −0.0 → +0.0, as in the scalar kernel
        let gamma = dq * density * gammaFactor  // never negative
        let rho = theta * strike * expiry * dr * n2 + 0
        let vanna = -dq * density * d2 * inverseVolatility + 0
        let volga = vega * d1 * d2 * inverseVolatility + 0
        return GreeksLanes(price: price, delta: delta, gamma: gamma, vega: vega, theta: decay + theta * carry + 0,
                           rho: rho, vanna: vanna, volga: volga)
    }
}
