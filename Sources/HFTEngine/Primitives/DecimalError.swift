/// Why decimal text could not become an exact fixed-point value.
public enum DecimalError: Error, Hashable, Sendable {
    /// The text is not a decimal of the form `-?[0-9]+(\.[0-9]+)?`.
    case malformed
    /// The value does not fit the integer type that must hold it.
    case outOfRange
    /// The value is not a whole number of steps (ticks, lots or money units).
    case offGrid
    /// A step size must be positive.
    case nonPositiveStep
}
