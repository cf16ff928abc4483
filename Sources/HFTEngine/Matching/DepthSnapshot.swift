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

    /// Allowed level counts (memory is `2 × 24 × levels` bytes).
    public static let levelsRange = 1 ... 1 << 24

    /// A snapshot of up to `levels` levels per side.
    ///
    /// - Throws: ``ConfigurationError/outOfRange(field:value:allowed:)`` (`"levels"`)
    ///   unless `levels` is in ``levelsRange``.
    public init(levels: Int) throws(ConfigurationError) {
        try ConfigurationError.check("levels", levels, in: DepthSnapshot.levelsRange)
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
    ///
    /// - Precondition: `0 <= i < bidCount` (an index, like `Array`'s subscript).
    public func bid(_ i: Int) -> BookLevel {
        precondition(i >= 0 && i < bidCount, "DepthSnapshot bid index out of range")
        return bidStorage[i]
    }

    /// Ask level `i` (< ``askCount``), best first.
    ///
    /// - Precondition: `0 <= i < askCount` (an index, like `Array`'s subscript).
    public func ask(_ i: Int) -> BookLevel {
        precondition(i >= 0 && i < askCount, "DepthSnapshot ask index out of range")
        return askStorage[i]
    }
}
