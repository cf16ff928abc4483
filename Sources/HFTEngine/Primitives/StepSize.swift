/// The grid a symbol's prices or quantities live on: a tick size such as `0.01`, a lot
/// size such as `0.001`, or the settlement asset's smallest unit `10^-decimals`.
///
/// A step is `units × 10^-scale` with `units > 0`. Converting decimal text to a whole
/// number of steps is exact: a value that is not on the grid is ``DecimalError/offGrid``
/// and is never rounded.
///
/// - Complexity: O(1) (a few 128-bit multiplications and one division). Memory: 16 bytes.
public struct StepSize: Hashable, Sendable, CustomStringConvertible {
    /// The step's digits (> 0).
    public let units: Int64
    /// The number of decimal places of the step (0 ... ``ExactDecimal/maxScale``).
    public let scale: Int

    /// A step of `units × 10^-scale`.
    public init(units: Int64, scale: Int) throws(DecimalError) {
        guard units > 0 else { throw .nonPositiveStep }
        guard scale >= 0 && scale <= ExactDecimal.maxScale else { throw .outOfRange }
        self.units = units
        self.scale = scale
    }

    /// A step given as a decimal, e.g. `ExactDecimal(parsing: "0.5")`.
    public init(_ decimal: ExactDecimal) throws(DecimalError) {
        let value = decimal.normalized
        guard value.significand > 0 else { throw .nonPositiveStep }
        guard let units = Int64(exactly: value.significand) else { throw .outOfRange }
        try self.init(units: units, scale: value.scale)
    }

    /// A step given as decimal text, e.g. `"0.01"`.
    public init(parsing text: some StringProtocol) throws(DecimalError) {
        try self.init(ExactDecimal(parsing: text))
    }

    /// The smallest unit of an asset with `decimals` digits after the point (`10^-decimals`).
    public static func smallestUnit(decimals: Int) throws(DecimalError) -> StepSize {
        try StepSize(units: 1, scale: decimals)
    }

    /// The exact number of steps in `value`.
    ///
    /// - Throws: ``DecimalError/offGrid`` if `value` is not a whole number of steps,
    ///   ``DecimalError/outOfRange`` if the count does not fit in `Int64`.
    public func steps(in value: ExactDecimal) throws(DecimalError) -> Int64 {
        let value = value.normalized
        let common = max(value.scale, scale)
        guard let valueFactor = powerOfTen(common - value.scale),
              let stepFactor = powerOfTen(common - scale)
        else { throw .outOfRange }
        let (numerator, o1) = value.significand.multipliedReportingOverflow(by: valueFactor)
        let (denominator, o2) = Int128(units).multipliedReportingOverflow(by: stepFactor)
        if o1 || o2 { throw .outOfRange }
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        guard remainder == 0 else { throw .offGrid }
        guard let count = Int64(exactly: quotient) else { throw .outOfRange }
        return count
    }

    /// The exact number of steps in decimal text.
    public func steps(parsing text: some StringProtocol) throws(DecimalError) -> Int64 {
        try steps(in: ExactDecimal(parsing: text))
    }

    /// The decimal value of `count` steps.
    public func decimal(steps count: Int64) -> ExactDecimal {
        // `init` keeps `scale` within ExactDecimal.maxScale, inside its scaleRange.
        try! ExactDecimal(significand: Int128(count) * Int128(units), scale: scale)
    }

    /// Canonical text of `count` steps (`"100.5"`).
    public func format(steps count: Int64) -> String {
        decimal(steps: count).description
    }

    /// The step itself as canonical text.
    public var description: String { format(steps: 1) }
}
