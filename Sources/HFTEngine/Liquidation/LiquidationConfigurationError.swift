/// Why a ``LiquidationConfiguration`` (or one of the liquidation stores sized from it) was
/// refused at start-up. Nothing is left allocated when one of these is thrown.
///
/// - Memory: one byte, trivially copyable.
@frozen
public enum LiquidationConfigurationError: UInt8, Error, Hashable, Sendable, BitwiseCopyable, CaseIterable {
    /// `scanThreads` outside 1 ... ``LiquidationScanner/maxThreads``.
    case scanThreads
    /// `candidateCapacity` outside 1 ... ``RiskConfiguration/maxSlots``, or a scanner
    /// without symbols.
    case candidateCapacity
    /// `eventCapacity` outside 1 ... ``RiskConfiguration/maxSlots``.
    case eventCapacity
    /// `matchEventCapacity` outside 1 ... ``RiskConfiguration/maxSlots``.
    case matchEventCapacity
    /// `openOrderCapacity` outside 1 ... ``RiskConfiguration/maxSlots``.
    case openOrderCapacity
    /// A trigger index with a capacity below 1, more than `Int32.max / 2` entries per heap,
    /// or a `symbols × accounts` location table beyond the address space.
    case triggerCapacity
    /// `feeRate` outside 0 ... 100% or `unwindSlippage` outside 0 ..< 100%.
    case rate
    /// `orderIdBase` not positive.
    case orderIdBase
    /// The kernel refused to map the trigger index's location table (address space).
    case mapFailed
}
