/// Batched implied volatility: eight rows per step through the lane-wise solver
/// ``ImpliedVolatility/volatilityLanes(sign:price:spot:strike:expiry:rate:dividendYield:)``,
/// and the scalar solver for the rows it leaves (invalid inputs, prices outside the
/// bounds, the far tails). Every row's result is bit for bit what
/// ``ImpliedVolatility/volatility(kind:price:spot:strike:expiry:rate:dividendYield:)`` returns
/// for it (tests hold the two equal on random and edge-case rows).
///
/// - Complexity: O(n); on ordinary options about a quarter of the scalar solver's time per
///   row on AVX2 (a vector step costs about twice a scalar one and serves eight rows).
/// - Memory: none; reads the caller's input columns and writes the caller's output.
extension ImpliedVolatility {
    /// Writes the implied volatility of rows `range` of `inputs` into the same rows of
    /// `sigma` on the calling thread; NaN for a row without one (a sign other than ±1, or
    /// where the scalar call throws: call it on that row for the reason). Rows outside
    /// `range` are not touched. For several threads see ``GreeksWorkers/volatilities(_:into:)``.
    ///
    /// - Precondition: `range` lies inside every column (an index range, like `Array`'s
    ///   subscript).
    @_noAllocation
    public static func volatilities(_ inputs: ImpliedVolatilityColumns, into sigma: UnsafeMutableBufferPointer<Double>,
                                    range: Range<Int>) {
        let end = range.upperBound
        precondition(range.lowerBound >= 0 && end <= inputs.sign.count && end <= inputs.price.count
                     && end <= inputs.spot.count && end <= inputs.strike.count && end <= inputs.expiry.count
                     && end <= inputs.rate.count && end <= inputs.dividendYield.count && end <= sigma.count,
                     "ImpliedVolatility.volatilities: range outside the columns")
        var i = range.lowerBound
        while i + 8 <= end {
            let lanes = volatilityLanes(
                sign: BlackScholes.load(inputs.sign, i), price: BlackScholes.load(inputs.price, i),
                spot: BlackScholes.load(inputs.spot, i), strike: BlackScholes.load(inputs.strike, i),
                expiry: BlackScholes.load(inputs.expiry, i), rate: BlackScholes.load(inputs.rate, i),
                dividendYield: BlackScholes.load(inputs.dividendYield, i))
            BlackScholes.store(lanes.sigma, sigma, i)
            if OptionMath.anyLane(lanes.scalar) { solveScalar(inputs, into: sigma, lanes: lanes.scalar, at: i, count: 8) }
            i += 8
        }
        if i < end {
            // The tail: fill the unused lanes with an at-the-money one-year call priced at
            // σ = 0.2 and store only the used lanes.
            let n = end - i
            let lanes = volatilityLanes(
                sign: BlackScholes.partial(inputs.sign, i, n, 1),
                price: BlackScholes.partial(inputs.price, i, n, 0.07965567455405798),
                spot: BlackScholes.partial(inputs.spot, i, n, 1), strike: BlackScholes.partial(inputs.strike, i, n, 1),
                expiry: BlackScholes.partial(inputs.expiry, i, n, 1), rate: BlackScholes.partial(inputs.rate, i, n, 0),
                dividendYield: BlackScholes.partial(inputs.dividendYield, i, n, 0))
            for k in 0..<n { sigma[i + k] = lanes.sigma[k] }
            if OptionMath.anyLane(lanes.scalar) { solveScalar(inputs, into: sigma, lanes: lanes.scalar, at: i, count: n) }
        }
    }

    /// Writes the implied volatility of every row of `inputs` into `sigma` on the calling
    /// thread (see ``volatilities(_:into:range:)``).
    @_noAllocation
    public static func volatilities(_ inputs: ImpliedVolatilityColumns, into sigma: UnsafeMutableBufferPointer<Double>) {
        volatilities(inputs, into: sigma, range: 0..<inputs.sign.count)
    }

    /// The scalar solver on the rows `row + k` for the lanes k < `count` set in `lanes`.
    @inline(never) @_noAllocation
    static func solveScalar(_ inputs: ImpliedVolatilityColumns, into sigma: UnsafeMutableBufferPointer<Double>,
                            lanes: LaneMask, at row: Int, count: Int) {
        for k in 0..<count where lanes[k] {
            let r = row + k
            let sign = inputs.sign[r]
            guard sign == 1 || sign == -1 else {
                sigma[r] = .nan
                continue
            }
            do throws(ImpliedVolatilityError) {
                sigma[r] = try volatility(kind: sign == 1 ? .call : .put, price: inputs.price[r], spot: inputs.spot[r],
                                          strike: inputs.strike[r], expiry: inputs.expiry[r], rate: inputs.rate[r],
                                          dividendYield: inputs.dividendYield[r])
            } catch {
                sigma[r] = .nan
            }
        }
    }
}
