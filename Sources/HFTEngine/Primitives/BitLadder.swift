/// A hierarchical bitmap over `0 ..< bitCount` that finds the next or previous set bit in
/// O(log64 n): the price-level ladder's "which levels are non-empty" index.
///
/// Level 0 holds one bit per position; each word of level k+1 has a bit set exactly when
/// the corresponding word of level k is non-zero. A search scans one word per level up and
/// one per level down, using trailing/leading zero counts (one instruction each).
///
/// An empty ladder is all-zero words, so a ladder can live in zero-filled memory that was
/// reserved but never touched (``init(bitCount:words:geometry:)``, used by the price
/// ladders of a ``MatchingEngine``): only the pages of words that get set cost memory.
///
/// - Complexity: ``insert(_:)`` and ``remove(_:)`` are O(log64 n) worst case and usually
///   touch one word; ``next(atOrAfter:)`` and ``previous(atOrBefore:)`` are O(log64 n).
///   1M positions take 3 levels.
/// - Memory: ``wordCount(bitCount:)`` words (about `bitCount / 8 × 64/63` bytes) plus
///   ``geometryCount`` integers. ``init(bitCount:)`` allocates them and the ladder frees
///   them in `deinit`; ``init(bitCount:words:geometry:)`` uses the caller's memory, which
///   the caller owns and frees after the ladder is gone.
public struct BitLadder: ~Copyable {
    /// Words of all levels, level 0 first.
    @usableFromInline let words: UnsafeMutablePointer<UInt64>
    /// `levelStart[k]` is the index in `words` of level k's first word.
    @usableFromInline let levelStart: UnsafeMutablePointer<Int>
    /// `levelWords[k]` is the number of words of level k.
    @usableFromInline let levelWords: UnsafeMutablePointer<Int>
    /// The number of levels (≥ 1); the top level has exactly one word.
    @usableFromInline let levels: Int
    /// The number of positions.
    public let bitCount: Int
    /// True if `words` and the geometry were allocated by this ladder (freed in `deinit`).
    @usableFromInline let ownsMemory: Bool

    /// The most levels a ladder of ``bitCountRange`` has (64^6 = 2^36 positions).
    public static let maxLevels = 6
    /// The number of integers of geometry (level starts and sizes) a ladder keeps.
    public static let geometryCount = 2 * maxLevels

    /// The sizes a ladder accepts.
    public static let bitCountRange = 1 ... 1 << 36

    /// A ladder of `bitCount` positions, all clear.
    ///
    /// - Throws: ``ConfigurationError/outOfRange(field:value:allowed:)`` (`"bitCount"`)
    ///   unless `bitCount` is in ``bitCountRange``.
    public init(bitCount: Int) throws(ConfigurationError) {
        try ConfigurationError.check("bitCount", bitCount, in: BitLadder.bitCountRange)
        self.init(validatedBitCount: bitCount)
    }

    /// A ladder for a size the caller has already checked against ``bitCountRange``;
    /// out of range is a broken invariant of that caller and traps. Allocates its memory.
    @usableFromInline
    init(validatedBitCount bitCount: Int) {
        precondition(BitLadder.bitCountRange.contains(bitCount), "BitLadder size not validated")
        let total = BitLadder.wordCount(bitCount: bitCount)
        let words = LargeAllocation.allocate(UInt64.self, capacity: total)
        words.initialize(repeating: 0, count: total)
        let geometry = UnsafeMutablePointer<Int>.allocate(capacity: BitLadder.geometryCount)
        self.init(bitCount: bitCount, words: words, geometry: geometry, owned: true)
    }

    /// A ladder over caller-provided memory: `words` holds at least
    /// ``wordCount(bitCount:)`` words, all zero (an empty ladder; fresh anonymous pages
    /// are), and `geometry` room for ``geometryCount`` integers, which this init writes.
    /// The caller owns both and keeps them alive while the ladder lives. Allocates nothing.
    ///
    /// `bitCount` must be in ``bitCountRange`` (checked by the caller; traps otherwise).
    #if !DEBUG
    @_noAllocation
    #endif
    @usableFromInline
    init(bitCount: Int, words: UnsafeMutablePointer<UInt64>, geometry: UnsafeMutablePointer<Int>) {
        self.init(bitCount: bitCount, words: words, geometry: geometry, owned: false)
    }

    #if !DEBUG
    @_noAllocation
    #endif
    init(bitCount: Int, words: UnsafeMutablePointer<UInt64>, geometry: UnsafeMutablePointer<Int>, owned: Bool) {
        precondition(BitLadder.bitCountRange.contains(bitCount), "BitLadder size not validated")
        self.bitCount = bitCount
        self.words = words
        levelStart = geometry
        levelWords = geometry + BitLadder.maxLevels
        ownsMemory = owned
        var n = (bitCount + 63) >> 6
        var k = 0
        var total = 0
        while true {
            levelStart[k] = total
            levelWords[k] = n
            total += n
            k += 1
            if n <= 1 { break }
            n = (n + 63) >> 6
        }
        levels = k
    }

    /// The number of words (all levels) of a ladder of `bitCount` positions, computed
    /// without allocating. O(log64 bitCount).
    #if !DEBUG
    @_noAllocation
    #endif
    public static func wordCount(bitCount: Int) -> Int {
        var n = (max(bitCount, 1) + 63) >> 6
        var total = n
        while n > 1 {
            n = (n + 63) >> 6
            total += n
        }
        return total
    }

    deinit {
        if ownsMemory {
            words.deallocate()
            levelStart.deallocate()
        }
    }

    @inlinable @inline(__always)
    func level(_ k: Int) -> UnsafeMutablePointer<UInt64> { words + levelStart[k] }

    /// True if position `i` is set.
    @inlinable @inline(__always)
    public func contains(_ i: Int) -> Bool {
        precondition(UInt(bitPattern: i) < UInt(bitPattern: bitCount), "BitLadder index out of range")
        return words[i >> 6] & (1 &<< UInt64(i & 63)) != 0
    }

    /// Sets position `i`.
    @inlinable @_noAllocation
    public mutating func insert(_ i: Int) {
        precondition(UInt(bitPattern: i) < UInt(bitPattern: bitCount), "BitLadder index out of range")
        var index = i
        for k in 0..<levels {
            let word = level(k) + (index >> 6)
            let wasEmpty = word.pointee == 0
            word.pointee |= 1 &<< UInt64(index & 63)
            if !wasEmpty { return }
            index >>= 6
        }
    }

    /// Clears position `i`.
    @inlinable @_noAllocation
    public mutating func remove(_ i: Int) {
        precondition(UInt(bitPattern: i) < UInt(bitPattern: bitCount), "BitLadder index out of range")
        var index = i
        for k in 0..<levels {
            let word = level(k) + (index >> 6)
            word.pointee &= ~(1 &<< UInt64(index & 63))
            if word.pointee != 0 { return }
            index >>= 6
        }
    }

    /// The smallest set position ≥ `i`, or `nil`. `i` may be anywhere (even past the end).
    @inlinable @_noAllocation
    public func next(atOrAfter i: Int) -> Int? {
        if i >= bitCount { return nil }
        var index = max(i, 0)
        var k = 0
        // Climb until a word holds a set bit at or after `index`.
        while true {
            let wordIndex = index >> 6
            if wordIndex >= levelWords[k] { return nil }
            let bits = level(k)[wordIndex] & (~UInt64(0) &<< UInt64(index & 63))
            if bits != 0 {
                index = (wordIndex << 6) | bits.trailingZeroBitCount
                break
            }
            k += 1
            if k == levels { return nil }
            index = wordIndex + 1
        }
        // Descend to the lowest set bit below it.
        while k > 0 {
            k -= 1
            index = (index << 6) | level(k)[index].trailingZeroBitCount
        }
        return index
    }

    /// The largest set position ≤ `i`, or `nil`. `i` may be anywhere (even negative).
    @inlinable @_noAllocation
    public func previous(atOrBefore i: Int) -> Int? {
        if i < 0 { return nil }
        var index = min(i, bitCount - 1)
        var k = 0
        while true {
            let wordIndex = index >> 6
            let bits = level(k)[wordIndex] & (~UInt64(0) &>> UInt64(63 - (index & 63)))
            if bits != 0 {
                index = (wordIndex << 6) | (63 - bits.leadingZeroBitCount)
                break
            }
            k += 1
            if k == levels || wordIndex == 0 { return nil }
            index = wordIndex - 1
        }
        while k > 0 {
            k -= 1
            index = (index << 6) | (63 - level(k)[index].leadingZeroBitCount)
        }
        return index
    }

    /// The smallest set position, or `nil` if none is set.
    @inlinable
    public var first: Int? { next(atOrAfter: 0) }

    /// The largest set position, or `nil` if none is set.
    @inlinable
    public var last: Int? { previous(atOrBefore: bitCount - 1) }

    /// True if no position is set.
    @inlinable
    public var isEmpty: Bool { level(levels - 1)[0] == 0 }

    /// Clears every position.
    @_noAllocation
    public mutating func removeAll() {
        words.update(repeating: 0, count: levelStart[levels - 1] + 1)
    }
}
