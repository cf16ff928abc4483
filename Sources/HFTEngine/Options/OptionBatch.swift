/// Struct-of-arrays views of a batch of options: the inputs of
/// ``BlackScholes/greeks(_:into:range:)``. Each column is a caller-owned buffer of the
/// same length ``count``; `sign` holds θ (+1 call, −1 put).
///
/// - Memory: seven buffer pointers; the caller owns the memory and keeps it alive and
///   unchanged for the duration of a call.
@frozen
public struct OptionColumns: @unchecked Sendable {
    public var sign: UnsafeBufferPointer<Double>
    public var spot: UnsafeBufferPointer<Double>
    public var strike: UnsafeBufferPointer<Double>
    public var expiry: UnsafeBufferPointer<Double>
    public var rate: UnsafeBufferPointer<Double>
    public var dividendYield: UnsafeBufferPointer<Double>
    public var volatility: UnsafeBufferPointer<Double>

    @inlinable
    public init(sign: UnsafeBufferPointer<Double>, spot: UnsafeBufferPointer<Double>,
                strike: UnsafeBufferPointer<Double>, expiry: UnsafeBufferPointer<Double>,
                rate: UnsafeBufferPointer<Double>, dividendYield: UnsafeBufferPointer<Double>,
                volatility: UnsafeBufferPointer<Double>) {
        // Columns of different lengths are a programmer error in building the views (like
        // zipping arrays by index), not data: kept as a precondition.
        precondition(spot.count == sign.count && strike.count == sign.count && expiry.count == sign.count
                     && rate.count == sign.count && dividendYield.count == sign.count
                     && volatility.count == sign.count, "OptionColumns: columns differ in length")
        self.sign = sign
        self.spot = spot
        self.strike = strike
        self.expiry = expiry
        self.rate = rate
        self.dividendYield = dividendYield
        self.volatility = volatility
    }

    /// The number of options.
    @inlinable
    public var count: Int { sign.count }
}

/// Struct-of-arrays views of caller-owned output buffers, one column per value of
/// ``OptionGreeks``; every column has at least the batch's length.
///
/// - Memory: eight buffer pointers; the caller owns the memory.
@frozen
public struct GreeksColumns: @unchecked Sendable {
    public var price: UnsafeMutableBufferPointer<Double>
    public var delta: UnsafeMutableBufferPointer<Double>
    public var gamma: UnsafeMutableBufferPointer<Double>
    public var vega: UnsafeMutableBufferPointer<Double>
    public var theta: UnsafeMutableBufferPointer<Double>
    public var rho: UnsafeMutableBufferPointer<Double>
    public var vanna: UnsafeMutableBufferPointer<Double>
    public var volga: UnsafeMutableBufferPointer<Double>

    @inlinable
    public init(price: UnsafeMutableBufferPointer<Double>, delta: UnsafeMutableBufferPointer<Double>,
                gamma: UnsafeMutableBufferPointer<Double>, vega: UnsafeMutableBufferPointer<Double>,
                theta: UnsafeMutableBufferPointer<Double>, rho: UnsafeMutableBufferPointer<Double>,
                vanna: UnsafeMutableBufferPointer<Double>, volga: UnsafeMutableBufferPointer<Double>) {
        self.price = price
        self.delta = delta
        self.gamma = gamma
        self.vega = vega
        self.theta = theta
        self.rho = rho
        self.vanna = vanna
        self.volga = volga
    }

    /// The smallest column length.
    @inlinable
    public var count: Int {
        min(price.count, delta.count, gamma.count, vega.count, theta.count, rho.count, vanna.count, volga.count)
    }

    /// The values at `index` gathered into one ``OptionGreeks``.
    @inlinable
    public subscript(index: Int) -> OptionGreeks {
        OptionGreeks(price: price[index], delta: delta[index], gamma: gamma[index], vega: vega[index],
                     theta: theta[index], rho: rho[index], vanna: vanna[index], volga: volga[index])
    }
}

/// An owning store for a batch: seven input columns and eight output columns of a fixed
/// capacity, in one allocation made by `init` and freed in `deinit`. Convenient for tools,
/// tests and benchmarks; the batched kernel itself only needs ``OptionColumns`` and
/// ``GreeksColumns`` views of any memory.
///
/// - Complexity: `set(_:_:)` O(1); ``inputs`` and ``outputs`` O(1).
/// - Memory: `15 × capacity` doubles, owned; nothing allocated after `init`.
public struct OptionBatch: ~Copyable {
    @usableFromInline let storage: UnsafeMutablePointer<Double>
    /// The number of options the store holds.
    public let capacity: Int

    /// Allowed capacities.
    public static let capacityRange = 0 ... 1 << 28

    /// A batch of `capacity` options, each preset to an at-the-money one-year call.
    ///
    /// - Throws: ``ConfigurationError/outOfRange(field:value:allowed:)`` (`"capacity"`)
    ///   unless `capacity` is in ``capacityRange``.
    public init(capacity: Int) throws(ConfigurationError) {
        try ConfigurationError.check("capacity", capacity, in: OptionBatch.capacityRange)
        self.capacity = capacity
        storage = .allocate(capacity: max(1, 15 * capacity))
        storage.initialize(repeating: 0, count: max(1, 15 * capacity))
        for i in 0..<capacity {  // harmless defaults: an at-the-money one-year call
            storage[i] = 1
            storage[capacity + i] = 1
            storage[2 * capacity + i] = 1
            storage[3 * capacity + i] = 1
            storage[6 * capacity + i] = 0.2
        }
    }

    deinit { storage.deallocate() }

    @inlinable
    func column(_ index: Int) -> UnsafeMutableBufferPointer<Double> {
        UnsafeMutableBufferPointer(start: storage + index * capacity, count: capacity)
    }

    /// Stores the inputs of option `index`.
    ///
    /// - Throws: ``OptionInputError/invalidOption`` (and stores nothing) unless
    ///   `option.isValid`.
    /// - Precondition: `0 <= index < capacity` (an index, like `Array`'s subscript).
    @inlinable
    public mutating func set(_ index: Int, _ option: OptionContract) throws(OptionInputError) {
        guard option.isValid else { throw .invalidOption }
        precondition(UInt(bitPattern: index) < UInt(bitPattern: capacity), "OptionBatch: index out of range")
        storage[index] = option.kind == .call ? 1 : -1
        storage[capacity + index] = option.spot
        storage[2 * capacity + index] = option.strike
        storage[3 * capacity + index] = option.expiry
        storage[4 * capacity + index] = option.rate
        storage[5 * capacity + index] = option.dividendYield
        storage[6 * capacity + index] = option.volatility
    }

    /// Read-only views of the input columns.
    public var inputs: OptionColumns {
        OptionColumns(sign: UnsafeBufferPointer(column(0)), spot: UnsafeBufferPointer(column(1)),
                      strike: UnsafeBufferPointer(column(2)), expiry: UnsafeBufferPointer(column(3)),
                      rate: UnsafeBufferPointer(column(4)), dividendYield: UnsafeBufferPointer(column(5)),
                      volatility: UnsafeBufferPointer(column(6)))
    }

    /// Views of the output columns.
    public var outputs: GreeksColumns {
        GreeksColumns(price: column(7), delta: column(8), gamma: column(9), vega: column(10),
                      theta: column(11), rho: column(12), vanna: column(13), volga: column(14))
    }
}
