/// Why a store, an engine or a worker pool could not be built from the numbers it was
/// given. Every public initialiser that takes a capacity, a size or another configuration
/// number throws it (typed) instead of trapping; nothing on a hot path throws it.
///
/// Each case names the offending field as the caller spelled it (`"maxOrders"`,
/// `"capacity"`, `"threads"`) and the value and limit involved, so that a tool can print a
/// precise message without a string table.
public enum ConfigurationError: Error, Hashable, Sendable {
    /// An integer setting is outside `allowed`.
    case outOfRange(field: String, value: Int, allowed: ClosedRange<Int>)
    /// A real-valued setting is NaN, infinite or outside `allowed`.
    case notInRange(field: String, value: Double, allowed: ClosedRange<Double>)
    /// The operating system refused a resource the initialiser needs (a thread);
    /// `code` is the error number it returned. Nothing was left running or allocated.
    case systemResource(field: String, code: Int32)

    /// Throws ``outOfRange(field:value:allowed:)`` unless `value` is in `allowed`.
    @inlinable
    public static func check(_ field: String, _ value: Int, in allowed: ClosedRange<Int>) throws(ConfigurationError) {
        guard allowed.contains(value) else { throw .outOfRange(field: field, value: value, allowed: allowed) }
    }

    /// Throws ``notInRange(field:value:allowed:)`` unless `value` is in `allowed` (never for NaN).
    @inlinable
    public static func check(_ field: String, _ value: Double, in allowed: ClosedRange<Double>) throws(ConfigurationError) {
        guard allowed.contains(value) else { throw .notInRange(field: field, value: value, allowed: allowed) }
    }
}
