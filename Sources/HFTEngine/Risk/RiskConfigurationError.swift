/// Why a ``RiskConfiguration`` (or a store sized from one) was refused at start-up.
///
/// Every case names the field that is out of range; ``RiskConfiguration/validate()`` lists
/// the ranges. Nothing is allocated when one of these is thrown.
///
/// - Memory: one byte, trivially copyable.
@frozen
public enum RiskConfigurationError: UInt8, Error, Hashable, Sendable, BitwiseCopyable, CaseIterable {
    /// `userCapacity` outside 1 ... ``RiskConfiguration/maxUsers``.
    case userCapacity
    /// `symbolCapacity` outside 1 ... ``RiskConfiguration/maxSymbols``.
    case symbolCapacity
    /// `positionsPerSymbol` below 1, or `symbolCapacity × positionsPerSymbol` above
    /// ``RiskConfiguration/maxSlots``.
    case positionCapacity
    /// `orderCapacity` outside 1 ... ``RiskConfiguration/maxSlots``.
    case orderCapacity
    /// `maxOpenOrdersPerAccount` outside 1 ... `Int32.max`.
    case maxOpenOrdersPerAccount
    /// `defaultLeverage` outside 1 ... `Int32.max`.
    case defaultLeverage
}
