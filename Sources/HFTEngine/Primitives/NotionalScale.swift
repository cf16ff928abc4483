/// Converts price × quantity into money, exactly: the notional value of `lots` at `ticks`.
///
/// One tick times one lot is worth ``moneyPerTickLot`` smallest money units:
/// `tick × lot / moneyUnit`, which must be a whole number ≥ 1 (otherwise the symbol's
/// grids cannot be settled exactly and the configuration is rejected). A notional is then
/// `ticks × lots × moneyPerTickLot`, computed with full-width (128-bit) arithmetic and
/// returned only if it fits in 64 bits.
///
/// - Complexity: O(1). Memory: 8 bytes.
@frozen
public struct NotionalScale: Hashable, Sendable, BitwiseCopyable {
    /// Money units (10^-moneyDecimals) in one tick times one lot.
    public let moneyPerTickLot: Int64

    /// A scale of `moneyPerTickLot` money units per tick·lot (must be > 0).
    @inlinable
    public init(moneyPerTickLot: Int64) throws(DecimalError) {
        guard moneyPerTickLot > 0 else { throw .nonPositiveStep }
        self.moneyPerTickLot = moneyPerTickLot
    }

    /// The scale for a symbol with the given grids settled in `money`.
    ///
    /// - Throws: ``DecimalError/offGrid`` if one tick × one lot is not a whole number of
    ///   money units, ``DecimalError/outOfRange`` if it does not fit in 64 bits.
    public init(tick: StepSize, lot: StepSize, money: StepSize) throws(DecimalError) {
        // (tick.units × lot.units × 10^-(tick.scale + lot.scale)) / (money.units × 10^-money.scale)
        let productScale = tick.scale + lot.scale
        let common = max(productScale, money.scale)
        guard let productFactor = powerOfTen(common - productScale),
              let moneyFactor = powerOfTen(common - money.scale)
        else { throw .outOfRange }
        let (product, o1) = (Int128(tick.units) * Int128(lot.units)).multipliedReportingOverflow(by: productFactor)
        let (unit, o2) = Int128(money.units).multipliedReportingOverflow(by: moneyFactor)
        if o1 || o2 { throw .outOfRange }
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: unit)
        guard remainder == 0 else { throw .offGrid }
        guard let perTickLot = Int64(exactly: quotient) else { throw .outOfRange }
        try self.init(moneyPerTickLot: perTickLot)
    }

    /// The notional of `quantity` at `price`, or `nil` if it does not fit in 64 bits.
    ///
    /// The product of two 64-bit values always fits 128 bits; the third factor is checked.
    @inlinable @inline(__always) @_noAllocation
    public func notional(_ price: Price, _ quantity: Quantity) -> Money? {
        let (wide, overflow) = (Int128(price.ticks) * Int128(quantity.lots))
            .multipliedReportingOverflow(by: Int128(moneyPerTickLot))
        guard !overflow, let units = Int64(exactly: wide) else { return nil }
        return Money(units: units)
    }
}
