/// A caller-owned top-N depth snapshot of one symbol, filled by
/// ``MatchingEngine/snapshot(_:into:)`` without allocating.
///
/// - Memory: two buffers of `levels` ``BookLevel`` records allocated in `init`, freed in `deinit`.
public struct DepthSnapshot: ~Copyable {
    @usableFromInline let bidStorage: UnsafeMutablePointer<BookLevel>
    @usableFromInline let askStorage: UnsafeMutablePointer<BookLevel>
    /// The number of levels per side the snapshot holds at most.
    public let levels: Int
    /// The symbol of the last fill.
    public var symbol: SymbolID
    /// Bid levels written by the last fill (best first).
    public var bidCount: Int
    /// Ask levels written by the last fill (best first).
    public var askCount: Int

    /// A snapshot of up to `levels` levels per side.
    public init(levels: Int) {
        precondition(levels >= 1, "DepthSnapshot needs at least one level")
        self.levels = levels
        bidStorage = .allocate(capacity: levels)
        askStorage = .allocate(capacity: levels)
        symbol = SymbolID(-1)
        bidCount = 0
        askCount = 0
    }

    deinit {
        bidStorage.deallocate()
        askStorage.deallocate()
    }

    @inlinable
    var bidBuffer: UnsafeMutableBufferPointer<BookLevel> {
        @_noAllocation get { UnsafeMutableBufferPointer(start: bidStorage, count: levels) }
    }

    @inlinable
    var askBuffer: UnsafeMutableBufferPointer<BookLevel> {
        @_noAllocation get { UnsafeMutableBufferPointer(start: askStorage, count: levels) }
    }

    /// Bid level `i` (< ``bidCount``), best first.
    public func bid(_ i: Int) -> BookLevel {
        precondition(i >= 0 && i < bidCount, "DepthSnapshot bid index out of range")
        return bidStorage[i]
    }

    /// Ask level `i` (< ``askCount``), best first.
    public func ask(_ i: Int) -> BookLevel {
        precondition(i >= 0 && i < askCount, "DepthSnapshot ask index out of range")
        return askStorage[i]
    }
}
