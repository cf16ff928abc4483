/// A symbol's handle in one ``MatchingEngine``: the index its ``MatchingEngine/addSymbol(_:)``
/// returned. Handles are dense, starting at 0.
@frozen
public struct SymbolID: Hashable, Sendable, BitwiseCopyable, CustomStringConvertible {
    public var index: Int32

    @inlinable @_noAllocation @inline(__always)
    public init(_ index: Int32) { self.index = index }

    public var description: String { "symbol #\(index)" }
}
