import CHFTEngine
import HFTEngine

// Black-Scholes-Merton price and Greeks, and implied volatility, for C callers: thin
// wrappers over `BlackScholes` and `ImpliedVolatility` that turn every invalid input into
// a status code and NaN outputs. All of them are pure, allocate nothing and may run on
// any number of threads at once.

#if !DEBUG
@_noAllocation
#endif
@inline(__always)
func cGreeks(_ g: OptionGreeks) -> hft_greeks {
    hft_greeks(price: g.price, delta: g.delta, gamma: g.gamma, vega: g.vega, theta: g.theta, rho: g.rho,
               vanna: g.vanna, volga: g.volga)
}

/// True for the inputs ``BlackScholes`` values (``OptionContract/isValid``) with a sign of
/// exactly +1 or −1.
#if !DEBUG
@_noAllocation
#endif
@inline(__always)
func isValidOption(sign: Double, spot: Double, strike: Double, expiry: Double, rate: Double,
                   dividendYield: Double, volatility: Double) -> Bool {
    (sign == 1 || sign == -1) && spot > 0 && spot < .infinity && strike > 0 && strike < .infinity
        && expiry > 0 && expiry < .infinity && volatility > 0 && volatility < .infinity
        && rate.isFinite && dividendYield.isFinite
}

/// `hft_bs_greeks`: see hft_engine.h.
#if !DEBUG
@_noAllocation
#endif
@_cdecl("hft_bs_greeks")
public func hftBSGreeks(_ flag: Int32, _ spot: Double, _ strike: Double, _ expiry: Double, _ rate: Double,
                        _ dividendYield: Double, _ volatility: Double,
                        _ out: UnsafeMutablePointer<hft_greeks>?) -> Int32 {
    guard let out else { return ABIStatus.nullArgument }
    guard flag == 1 || flag == -1 else {
        out.pointee = cGreeks(.notANumber)
        return ABIStatus.invalidOption
    }
    let g = BlackScholes.greeks(sign: Double(flag), spot: spot, strike: strike, expiry: expiry, rate: rate,
                                dividendYield: dividendYield, volatility: volatility)
    out.pointee = cGreeks(g)
    // The kernel returns all-NaN exactly for invalid inputs (a valid price is clamped ≥ 0).
    return g.price.isNaN ? ABIStatus.invalidOption : ABIStatus.ok
}

/// `hft_bs_price`: see hft_engine.h.
#if !DEBUG
@_noAllocation
#endif
@_cdecl("hft_bs_price")
public func hftBSPrice(_ flag: Int32, _ spot: Double, _ strike: Double, _ expiry: Double, _ rate: Double,
                       _ dividendYield: Double, _ volatility: Double) -> Double {
    guard flag == 1 || flag == -1 else { return .nan }
    return BlackScholes.greeks(sign: Double(flag), spot: spot, strike: strike, expiry: expiry, rate: rate,
                               dividendYield: dividendYield, volatility: volatility).price
}

/// `hft_bs_greeks_batch`: see hft_engine.h.
///
/// The SIMD kernel runs over blocks of ``batchBlock`` rows; each block's inputs are then
/// checked while they are still in cache, and invalid rows are overwritten with NaN (the
/// kernel itself leaves them unspecified).
#if !DEBUG
@_noAllocation
#endif
@_cdecl("hft_bs_greeks_batch")
public func hftBSGreeksBatch(_ inputs: UnsafePointer<hft_option_columns>?, _ outputs: UnsafePointer<hft_greeks_columns>?,
                             _ count: Int, _ outInvalidCount: UnsafeMutablePointer<Int>?) -> Int32 {
    outInvalidCount?.pointee = 0
    guard count >= 0 else { return ABIStatus.invalidArgument }
    if count == 0 { return ABIStatus.ok }
    guard let inputs, let outputs else { return ABIStatus.nullArgument }
    let i = inputs.pointee
    let o = outputs.pointee
    guard let sign = i.sign, let spot = i.spot, let strike = i.strike, let expiry = i.expiry, let rate = i.rate,
          let dividendYield = i.dividend_yield, let volatility = i.volatility,
          let price = o.price, let delta = o.delta, let gamma = o.gamma, let vega = o.vega, let theta = o.theta,
          let rho = o.rho, let vanna = o.vanna, let volga = o.volga
    else { return ABIStatus.nullArgument }
    let columns = OptionColumns(
        sign: UnsafeBufferPointer(start: sign, count: count), spot: UnsafeBufferPointer(start: spot, count: count),
        strike: UnsafeBufferPointer(start: strike, count: count), expiry: UnsafeBufferPointer(start: expiry, count: count),
        rate: UnsafeBufferPointer(start: rate, count: count),
        dividendYield: UnsafeBufferPointer(start: dividendYield, count: count),
        volatility: UnsafeBufferPointer(start: volatility, count: count))
    let results = GreeksColumns(
        price: UnsafeMutableBufferPointer(start: price, count: count),
        delta: UnsafeMutableBufferPointer(start: delta, count: count),
        gamma: UnsafeMutableBufferPointer(start: gamma, count: count),
        vega: UnsafeMutableBufferPointer(start: vega, count: count),
        theta: UnsafeMutableBufferPointer(start: theta, count: count),
        rho: UnsafeMutableBufferPointer(start: rho, count: count),
        vanna: UnsafeMutableBufferPointer(start: vanna, count: count),
        volga: UnsafeMutableBufferPointer(start: volga, count: count))
    var invalid = 0
    var start = 0
    while start < count {
        let end = min(start + batchBlock, count)
        BlackScholes.greeks(columns, into: results, range: start..<end)
        var r = start
        while r < end {
            if !isValidOption(sign: sign[r], spot: spot[r], strike: strike[r], expiry: expiry[r], rate: rate[r],
                              dividendYield: dividendYield[r], volatility: volatility[r]) {
                invalid &+= 1
                price[r] = .nan
                delta[r] = .nan
                gamma[r] = .nan
                vega[r] = .nan
                theta[r] = .nan
                rho[r] = .nan
                vanna[r] = .nan
                volga[r] = .nan
            }
            r &+= 1
        }
        start = end
    }
    outInvalidCount?.pointee = invalid
    return ABIStatus.ok
}

/// Rows per kernel call in ``hftBSGreeksBatch(_:_:_:_:)``: 512 rows are 28 KiB of inputs,
/// which stay in L1/L2 for the validity pass.
var batchBlock: Int { @_noAllocation @inline(__always) get { 512 } }

/// One implied volatility and its status.
#if !DEBUG
@_noAllocation
#endif
@inline(__always)
func impliedVolatility(sign: Double, price: Double, spot: Double, strike: Double, expiry: Double, rate: Double,
                       dividendYield: Double) -> (Double, Int32) {
    let kind: OptionKind
    if sign == 1 {
        kind = .call
    } else if sign == -1 {
        kind = .put
    } else {
        return (.nan, ABIStatus.invalidArgument)
    }
    do {
        let sigma = try ImpliedVolatility.volatility(kind: kind, price: price, spot: spot, strike: strike,
                                                     expiry: expiry, rate: rate, dividendYield: dividendYield)
        return (sigma, ABIStatus.ok)
    } catch {
        return (.nan, ABIStatus.status(error))
    }
}

/// `hft_implied_volatility`: see hft_engine.h.
#if !DEBUG
@_noAllocation
#endif
@_cdecl("hft_implied_volatility")
public func hftImpliedVolatility(_ flag: Int32, _ price: Double, _ spot: Double, _ strike: Double, _ expiry: Double,
                                 _ rate: Double, _ dividendYield: Double,
                                 _ outSigma: UnsafeMutablePointer<Double>?) -> Int32 {
    guard let outSigma else { return ABIStatus.nullArgument }
    let (sigma, status) = impliedVolatility(sign: Double(flag), price: price, spot: spot, strike: strike,
                                            expiry: expiry, rate: rate, dividendYield: dividendYield)
    outSigma.pointee = sigma
    return status
}

/// `hft_implied_volatility_batch`: see hft_engine.h.
///
/// The SIMD solver (``ImpliedVolatility/volatilities(_:into:range:)``, bit for bit the
/// scalar one) runs over blocks of ``batchBlock`` rows; a block's NaN results (the rows
/// without a volatility) are then given their status by the scalar call while the row is
/// still in cache.
#if !DEBUG
@_noAllocation
#endif
@_cdecl("hft_implied_volatility_batch")
public func hftImpliedVolatilityBatch(_ inputs: UnsafePointer<hft_iv_columns>?, _ outSigma: UnsafeMutablePointer<Double>?,
                                      _ outStatus: UnsafeMutablePointer<Int32>?, _ count: Int,
                                      _ outFailedCount: UnsafeMutablePointer<Int>?) -> Int32 {
    outFailedCount?.pointee = 0
    guard count >= 0 else { return ABIStatus.invalidArgument }
    if count == 0 { return ABIStatus.ok }
    guard let inputs, let outSigma else { return ABIStatus.nullArgument }
    let i = inputs.pointee
    guard let sign = i.sign, let price = i.price, let spot = i.spot, let strike = i.strike, let expiry = i.expiry,
          let rate = i.rate, let dividendYield = i.dividend_yield else { return ABIStatus.nullArgument }
    let columns = ImpliedVolatilityColumns(
        sign: UnsafeBufferPointer(start: sign, count: count), price: UnsafeBufferPointer(start: price, count: count),
        spot: UnsafeBufferPointer(start: spot, count: count), strike: UnsafeBufferPointer(start: strike, count: count),
        expiry: UnsafeBufferPointer(start: expiry, count: count), rate: UnsafeBufferPointer(start: rate, count: count),
        dividendYield: UnsafeBufferPointer(start: dividendYield, count: count))
    let sigma = UnsafeMutableBufferPointer(start: outSigma, count: count)
    var failed = 0
    var start = 0
    while start < count {
        let end = min(start + batchBlock, count)
        ImpliedVolatility.volatilities(columns, into: sigma, range: start..<end)
        var r = start
        while r < end {
            var status = ABIStatus.ok
            if outSigma[r].isNaN {
                status = impliedVolatility(sign: sign[r], price: price[r], spot: spot[r], strike: strike[r],
                                           expiry: expiry[r], rate: rate[r], dividendYield: dividendYield[r]).1
                failed &+= 1
            }
            outStatus?[r] = status
            r &+= 1
        }
        start = end
    }
    outFailedCount?.pointee = failed
    return ABIStatus.ok
}
