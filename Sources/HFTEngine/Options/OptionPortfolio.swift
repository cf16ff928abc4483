/// A fixed-capacity portfolio of European option positions and linear positions
/// (perpetual futures or spot holdings) for risk aggregation and scenario grids.
///
/// Options are kept in struct-of-arrays columns padded to a multiple of 8 (padding rows
/// have quantity 0), so the batched kernel evaluates them eight at a time. A linear
/// position's value is `quantity × spot`; its delta is `quantity`, its other Greeks 0.
/// Each position carries its own spot, so positions on several underlyings can be mixed;
/// scenario shocks are then applied to every spot in relative terms.
///
/// - Complexity: adding a position O(1); ``greeks()`` O(n).
/// - Memory: one allocation of `11 × capacity` doubles (rounded up to 8 options) made in
///   `init` and freed in `deinit`; nothing is allocated afterwards. Running out of room is
///   ``OptionInputError/capacityExhausted``.
public struct OptionPortfolio: ~Copyable {
    @usableFromInline let storage: UnsafeMutablePointer<Double>
    /// Rows per option column (capacity rounded up to a multiple of 8).
    @usableFromInline let stride: Int
    /// The most option positions the portfolio holds.
    public let optionCapacity: Int
    /// The most linear positions the portfolio holds.
    public let linearCapacity: Int
    /// Option positions held.
    public private(set) var optionCount = 0
    /// Linear positions held.
    public private(set) var linearCount = 0

    /// Column indices into `storage` (each `stride` long; linear columns `linearCapacity` long).
    @usableFromInline static var sign: Int { 0 }
    @usableFromInline static var spot: Int { 1 }
    @usableFromInline static var strike: Int { 2 }
    @usableFromInline static var expiry: Int { 3 }
    @usableFromInline static var rate: Int { 4 }
    @usableFromInline static var dividendYield: Int { 5 }
    @usableFromInline static var volatility: Int { 6 }
    @usableFromInline static var quantity: Int { 7 }
    @usableFromInline static var basePrice: Int { 8 }

    /// Allowed capacities of each kind of position.
    public static let capacityRange = 0 ... 1 << 28

    /// A portfolio for `optionCapacity` option and `linearCapacity` linear positions.
    ///
    /// - Throws: ``ConfigurationError/outOfRange(field:value:allowed:)``
    ///   (`"optionCapacity"`, `"linearCapacity"`) unless each is in ``capacityRange``.
    public init(optionCapacity: Int, linearCapacity: Int = 16) throws(ConfigurationError) {
        try ConfigurationError.check("optionCapacity", optionCapacity, in: OptionPortfolio.capacityRange)
        try ConfigurationError.check("linearCapacity", linearCapacity, in: OptionPortfolio.capacityRange)
        self.optionCapacity = optionCapacity
        self.linearCapacity = linearCapacity
        stride = max(8, (optionCapacity + 7) & ~7)
        let total = 9 * stride + 2 * max(1, linearCapacity)
        storage = .allocate(capacity: total)
        storage.initialize(repeating: 0, count: total)
        for i in 0..<stride {  // padding rows: a harmless at-the-money option with quantity 0
            storage[Self.sign * stride + i] = 1
            storage[Self.spot * stride + i] = 1
            storage[Self.strike * stride + i] = 1
            storage[Self.expiry * stride + i] = 1
            storage[Self.volatility * stride + i] = 0.2
        }
    }

    deinit { storage.deallocate() }

    @inlinable
    func column(_ index: Int) -> UnsafeMutablePointer<Double> { storage + index * stride }

    @usableFromInline
    var linearQuantity: UnsafeMutablePointer<Double> { storage + 9 * stride }
    @usableFromInline
    var linearSpot: UnsafeMutablePointer<Double> { storage + 9 * stride + max(1, linearCapacity) }

    /// Adds `quantity` units (negative for short) of `option`.
    ///
    /// - Throws: ``OptionInputError/invalidOption`` unless `option.isValid`,
    ///   ``OptionInputError/nonFiniteQuantity``, ``OptionInputError/capacityExhausted``
    ///   when the portfolio is full.
    public mutating func addOption(_ option: OptionContract, quantity: Double) throws(OptionInputError) {
        guard option.isValid else { throw .invalidOption }
        guard quantity.isFinite else { throw .nonFiniteQuantity }
        guard optionCount < optionCapacity else { throw .capacityExhausted }
        let i = optionCount
        column(Self.sign)[i] = option.kind == .call ? 1 : -1
        column(Self.spot)[i] = option.spot
        column(Self.strike)[i] = option.strike
        column(Self.expiry)[i] = option.expiry
        column(Self.rate)[i] = option.rate
        column(Self.dividendYield)[i] = option.dividendYield
        column(Self.volatility)[i] = option.volatility
        column(Self.quantity)[i] = quantity
        column(Self.basePrice)[i] = BlackScholes.price(option)
        optionCount += 1
    }

    /// Adds a linear position: `quantity` units of a perpetual or of spot marked at `spot`.
    ///
    /// - Throws: ``OptionInputError/nonFiniteQuantity``, ``OptionInputError/invalidSpot``
    ///   (NaN, infinite or ≤ 0), ``OptionInputError/capacityExhausted`` when the portfolio is full.
    public mutating func addLinear(quantity: Double, spot: Double) throws(OptionInputError) {
        guard quantity.isFinite else { throw .nonFiniteQuantity }
        guard spot.isFinite && spot > 0 else { throw .invalidSpot }
        guard linearCount < linearCapacity else { throw .capacityExhausted }
        linearQuantity[linearCount] = quantity
        linearSpot[linearCount] = spot
        linearCount += 1
    }

    /// Removes every position (keeps the capacity).
    public mutating func removeAll() {
        for i in 0..<optionCount { column(Self.quantity)[i] = 0 }
        optionCount = 0
        linearCount = 0
    }

    /// The quantity-weighted sums of price (as `price`: the portfolio's mark value,
    /// linear positions included at `quantity × spot`) and of every Greek; linear
    /// positions add their quantity to delta.
    @_noAllocation
    public func greeks() -> OptionGreeks {
        var sum = SIMD8<Double>()  // price, delta, gamma, vega, theta, rho, vanna, volga
        var i = 0
        while i < optionCount {
            let g = BlackScholes.lanes(
                sign: load(Self.sign, i), spot: load(Self.spot, i), strike: load(Self.strike, i),
                expiry: load(Self.expiry, i), rate: load(Self.rate, i),
                dividendYield: load(Self.dividendYield, i), volatility: load(Self.volatility, i))
            let q = load(Self.quantity, i)
            sum[0] += (q * g.price).sum()
            sum[1] += (q * g.delta).sum()
            sum[2] += (q * g.gamma).sum()
            sum[3] += (q * g.vega).sum()
            sum[4] += (q * g.theta).sum()
            sum[5] += (q * g.rho).sum()
            sum[6] += (q * g.vanna).sum()
            sum[7] += (q * g.volga).sum()
            i += 8
        }
        for k in 0..<linearCount {
            sum[0] += linearQuantity[k] * linearSpot[k]
            sum[1] += linearQuantity[k]
        }
        return OptionGreeks(price: sum[0], delta: sum[1], gamma: sum[2], vega: sum[3],
                            theta: sum[4], rho: sum[5], vanna: sum[6], volga: sum[7])
    }

    @inlinable @inline(__always) @_noAllocation
    func load(_ column: Int, _ i: Int) -> SIMD8<Double> {
        UnsafeRawPointer(storage + column * stride + i).loadUnaligned(as: SIMD8<Double>.self)
    }
}
