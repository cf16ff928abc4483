/// Struct-of-arrays views of a batch of implied-volatility problems: the inputs of
/// ``ImpliedVolatility/volatilities(_:into:range:)``. Each column is a caller-owned buffer
/// of the same length ``count``; `sign` holds θ (+1 call, −1 put), `price` the option
/// prices whose volatility is wanted.
///
/// - Memory: seven buffer pointers; the caller owns the memory and keeps it alive and
///   unchanged for the duration of a call.
@frozen
public struct ImpliedVolatilityColumns: @unchecked Sendable {
    public var sign: UnsafeBufferPointer<Double>
    public var price: UnsafeBufferPointer<Double>
    public var spot: UnsafeBufferPointer<Double>
    public var strike: UnsafeBufferPointer<Double>
    public var expiry: UnsafeBufferPointer<Double>
    public var rate: UnsafeBufferPointer<Double>
    public var dividendYield: UnsafeBufferPointer<Double>

    @inlinable
    public init(sign: UnsafeBufferPointer<Double>, price: UnsafeBufferPointer<Double>,
                spot: UnsafeBufferPointer<Double>, strike: UnsafeBufferPointer<Double>,
                expiry: UnsafeBufferPointer<Double>, rate: UnsafeBufferPointer<Double>,
                dividendYield: UnsafeBufferPointer<Double>) {
        // As in `OptionColumns`: columns of different lengths are a programmer error.
        precondition(price.count == sign.count && spot.count == sign.count && strike.count == sign.count
                     && expiry.count == sign.count && rate.count == sign.count
                     && dividendYield.count == sign.count, "ImpliedVolatilityColumns: columns differ in length")
        self.sign = sign
        self.price = price
        self.spot = spot
        self.strike = strike
        self.expiry = expiry
        self.rate = rate
        self.dividendYield = dividendYield
    }

    /// The number of rows.
    @inlinable
    public var count: Int { sign.count }
}
