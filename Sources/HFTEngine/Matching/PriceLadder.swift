/// The price levels of one order book, indexed by tick: a window of `size` consecutive
/// prices starting at `base`, each holding the slot of its level in the
/// ``PriceLevelStore`` or `-1`, plus one ``BitLadder`` per side that finds the next
/// non-empty level in O(log64 n). Best bid and best ask are cached, so reading them is O(1).
///
/// Both sides share one slot array: a price holds bids or asks, never both, because the
/// book never rests crossed.
///
/// The window follows the book. A price outside it is made room for by ``makeRoom(for:levels:)``:
/// an empty book simply re-centres (O(1)); a live book is shifted when the live levels plus
/// the new price fit in the window (O(size), rare); otherwise the price is refused and the
/// engine rejects it with `PRICE_BAND`.
///
/// Why a ladder: a price's level is one array load away, so add, cancel and level removal
/// stay O(1) however deep the book is (the `matching.add`/`matching.cancel` suites have
/// 10,000 levels), and the bitmaps find the next level in a few word scans. A sorted
/// array of levels (binary search plus memmove) was not built for comparison; it would
/// only be needed for symbols whose live price range exceeds any affordable window.
///
/// - Complexity: level lookup O(1); add/remove of a level O(1) plus O(log64 size) when the
///   best level is removed; best bid/ask O(1).
/// - Memory: `4 × size + size / 4` bytes, allocated in `init` and freed in `deinit`.
public struct PriceLadder: ~Copyable {
    /// The price of index 0.
    @usableFromInline var base: Int64
    /// The number of prices in the window.
    @usableFromInline let size: Int
    /// The level slot of each price in the window, or `-1`.
    @usableFromInline let levelAt: UnsafeMutablePointer<Int32>
    @usableFromInline var bidLevels: BitLadder
    @usableFromInline var askLevels: BitLadder
    /// The index of the best (highest) bid level, or -1.
    @usableFromInline var bestBidIndex: Int
    /// The index of the best (lowest) ask level, or -1.
    @usableFromInline var bestAskIndex: Int
    @usableFromInline var bidLevelCount: Int
    @usableFromInline var askLevelCount: Int

    /// A ladder of a size ``SymbolConfiguration/validate()`` has checked (in
    /// ``SymbolConfiguration/ladderTicksRange``); anything else traps as a broken invariant.
    init(validatedSize size: Int) {
        precondition(SymbolConfiguration.ladderTicksRange.contains(size), "PriceLadder size not validated")
        self.size = size
        base = 0
        levelAt = .allocate(capacity: size)
        levelAt.initialize(repeating: -1, count: size)
        bidLevels = BitLadder(validatedBitCount: size)
        askLevels = BitLadder(validatedBitCount: size)
        bestBidIndex = -1
        bestAskIndex = -1
        bidLevelCount = 0
        askLevelCount = 0
    }

    deinit {
        levelAt.deallocate()
    }

    /// The window index of `price`, or -1 if it is outside the window.
    @inlinable @_noAllocation @inline(__always)
    func index(of price: Int64) -> Int {
        let (offset, overflow) = price.subtractingReportingOverflow(base)
        if overflow || UInt64(bitPattern: offset) >= UInt64(size) { return -1 }
        return Int(offset)
    }

    /// The price at window index `i`.
    @inlinable @_noAllocation @inline(__always)
    func price(at i: Int) -> Int64 { base &+ Int64(i) }

    /// True if no level is live.
    @inlinable
    var isEmpty: Bool { @_noAllocation get { bidLevelCount == 0 && askLevelCount == 0 } }

    /// The level slot at `price`, or -1 (also when `price` is outside the window).
    @inlinable @_noAllocation @inline(__always)
    func level(at price: Int64) -> Int32 {
        let i = index(of: price)
        return i < 0 ? -1 : levelAt[i]
    }

    /// The index of the next level of `side` after index `i` in priority order
    /// (lower prices for bids, higher for asks), or -1.
    @inlinable @inline(__always) @_noAllocation
    func nextIndex(after i: Int, side: Side) -> Int {
        if side == .buy {
            return bidLevels.previous(atOrBefore: i - 1) ?? -1
        } else {
            return askLevels.next(atOrAfter: i + 1) ?? -1
        }
    }

    /// Records a new level at index `i`.
    @inlinable @inline(__always) @_noAllocation
    mutating func insertLevel(_ slot: Int32, at i: Int, side: Side) {
        levelAt[i] = slot
        if side == .buy {
            bidLevels.insert(i)
            bidLevelCount &+= 1
            if i > bestBidIndex { bestBidIndex = i }
        } else {
            askLevels.insert(i)
            askLevelCount &+= 1
            if bestAskIndex < 0 || i < bestAskIndex { bestAskIndex = i }
        }
    }

    /// Forgets the level at index `i`; the best price moves on at once if it was the best.
    @inlinable @inline(__always) @_noAllocation
    mutating func removeLevel(at i: Int, side: Side) {
        levelAt[i] = -1
        if side == .buy {
            bidLevels.remove(i)
            bidLevelCount &-= 1
            if i == bestBidIndex {
                bestBidIndex = bidLevelCount == 0 ? -1 : (bidLevels.previous(atOrBefore: i - 1) ?? -1)
            }
        } else {
            askLevels.remove(i)
            askLevelCount &-= 1
            if i == bestAskIndex {
                bestAskIndex = askLevelCount == 0 ? -1 : (askLevels.next(atOrAfter: i + 1) ?? -1)
            }
        }
    }

    /// Forgets every level (the caller frees their slots). O(size).
    mutating func removeAll() {
        levelAt.update(repeating: -1, count: size)
        bidLevels.removeAll()
        askLevels.removeAll()
        bestBidIndex = -1
        bestAskIndex = -1
        bidLevelCount = 0
        askLevelCount = 0
        base = 0
    }

    /// True if `price` is in the window or the window can be moved to include it (moving it
    /// if needed). Never changes what the book holds, only where the window lies.
    ///
    /// - Complexity: O(1) when `price` is inside or the book is empty; O(size) when a live
    ///   book must be shifted.
    @inlinable @_noAllocation
    mutating func makeRoom(for price: Int64, levels: borrowing PriceLevelStore) -> Bool {
        if index(of: price) >= 0 { return true }
        let half = Int64(size / 2)
        if isEmpty {
            let (newBase, overflow) = price.subtractingReportingOverflow(half)
            if overflow { return false }
            base = newBase
            return true
        }
        return shift(toInclude: price, levels: levels)
    }

    @usableFromInline @_noAllocation
    mutating func shift(toInclude price: Int64, levels: borrowing PriceLevelStore) -> Bool {
        // The live range: the book is not crossed, so the lowest level is the lowest bid
        // (or the best ask) and the highest is the highest ask (or the best bid).
        let lowIndex = bidLevelCount > 0 ? (bidLevels.next(atOrAfter: 0) ?? 0) : bestAskIndex
        let highIndex = askLevelCount > 0 ? (askLevels.previous(atOrBefore: size - 1) ?? 0) : bestBidIndex
        let low = min(self.price(at: lowIndex), price)
        let high = max(self.price(at: highIndex), price)
        let (span, overflow) = high.subtractingReportingOverflow(low)
        if overflow || span >= Int64(size) { return false }
        let newBase = low - (Int64(size) - 1 - span) / 2
        let delta = Int(newBase - base)  // |delta| < 2 × size: both windows hold the live range
        if delta > 0 {
            for i in 0..<size {
                levelAt[i] = i + delta < size ? levelAt[i + delta] : -1
            }
        } else if delta < 0 {
            for i in stride(from: size - 1, through: 0, by: -1) {
                levelAt[i] = i + delta >= 0 ? levelAt[i + delta] : -1
            }
        }
        base = newBase
        bidLevels.removeAll()
        askLevels.removeAll()
        for i in 0..<size where levelAt[i] >= 0 {
            if levels.record(levelAt[i]).pointee.side == .buy {
                bidLevels.insert(i)
            } else {
                askLevels.insert(i)
            }
        }
        bestBidIndex = bidLevelCount == 0 ? -1 : (bidLevels.previous(atOrBefore: size - 1) ?? -1)
        bestAskIndex = askLevelCount == 0 ? -1 : (askLevels.next(atOrAfter: 0) ?? -1)
        return true
    }
}
