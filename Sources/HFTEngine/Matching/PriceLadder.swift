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
/// the new price fit in the window (O(span of the live levels), rare); otherwise the price is refused and the
/// engine rejects it with `PRICE_BAND`.
///
/// Why a ladder: a price's level is one array load away, so add, cancel and level removal
/// stay O(1) however deep the book is (the `matching.add`/`matching.cancel` suites have
/// 10,000 levels), and the bitmaps find the next level in a few word scans. A sorted
/// array of levels (binary search plus memmove) was not built for comparison; it would
/// only be needed for symbols whose live price range exceeds any affordable window.
///
/// Empty is all-zero: a price's entry holds the bitwise NOT of its level slot (`~slot`, so
/// 0 means "no level", one instruction on each access, see ``slot(at:)``) and the bitmaps
/// are zero. A ladder therefore lives in reserved, never-touched memory
/// (``ReservedMemory``): only the pages of prices that held a level cost physical memory.
///
/// - Complexity: level lookup O(1); add/remove of a level O(1) plus O(log64 size) when the
///   best level is removed; best bid/ask O(1).
/// - Memory: `4 × size + size / 4` bytes in the slot ``reservedBytes(maxTicks:)`` of the
///   engine's ladder reservation; the ``MatchingEngine`` owns it (the ladder does not, and
///   frees nothing).
public struct PriceLadder: ~Copyable {
    /// The price of index 0.
    @usableFromInline var base: Int64
    /// The number of prices in the window.
    @usableFromInline let size: Int
    /// Per price in the window, `~slot` of its level, or 0 for none (read with ``slot(at:)``).
    @usableFromInline let encodedSlots: UnsafeMutablePointer<Int32>
    @usableFromInline var bidLevels: BitLadder
    @usableFromInline var askLevels: BitLadder
    /// The index of the best (highest) bid level, or -1.
    @usableFromInline var bestBidIndex: Int
    /// The index of the best (lowest) ask level, or -1.
    @usableFromInline var bestAskIndex: Int
    @usableFromInline var bidLevelCount: Int
    @usableFromInline var askLevelCount: Int

    /// Byte offsets inside a ladder's slot of the reservation for ladders of up to
    /// `maxTicks` prices: slots at 0, bid bitmap, ask bitmap, the bitmaps' geometry; and
    /// the slot's size (a whole number of 4 KiB pages).
    @usableFromInline
    struct Layout {
        let bidWords: Int
        let askWords: Int
        let geometry: Int
        let stride: Int

        #if !DEBUG
        @_noAllocation
        #endif
        init(maxTicks: Int) {
            // Each part starts on a cache line, as the ladders' own allocations did.
            let wordBytes = (BitLadder.wordCount(bitCount: maxTicks) * 8 + 63) & ~63
            bidWords = (4 * maxTicks + 63) & ~63
            askWords = bidWords + wordBytes
            geometry = askWords + wordBytes
            let end = geometry + 2 * BitLadder.geometryCount * MemoryLayout<Int>.stride
            stride = (end + 4_095) & ~4_095
        }
    }

    /// The bytes of address space one ladder of up to `maxTicks` prices takes in the
    /// engine's reservation (`maxTicks` in ``SymbolConfiguration/ladderTicksRange``).
    #if !DEBUG
    @_noAllocation
    #endif
    public static func reservedBytes(maxTicks: Int) -> Int { Layout(maxTicks: maxTicks).stride }

    /// A ladder of `size` prices in `memory`, the zero-filled slot of a reservation laid out
    /// for ladders of up to `maxSize` prices (``reservedBytes(maxTicks:)`` bytes). Writes
    /// only the bitmaps' geometry; allocates nothing. `size` must be in
    /// ``SymbolConfiguration/ladderTicksRange`` and at most `maxSize` (checked by
    /// ``MatchingEngine/addSymbol(_:)``; traps otherwise).
    #if !DEBUG
    @_noAllocation
    #endif
    init(size: Int, memory: UnsafeMutableRawPointer, maxSize: Int) {
        precondition(SymbolConfiguration.ladderTicksRange.contains(size) && size <= maxSize,
                     "PriceLadder size not validated")
        let layout = Layout(maxTicks: maxSize)
        self.size = size
        base = 0
        encodedSlots = memory.assumingMemoryBound(to: Int32.self)
        let geometry = (memory + layout.geometry).assumingMemoryBound(to: Int.self)
        bidLevels = BitLadder(bitCount: size, words: (memory + layout.bidWords).assumingMemoryBound(to: UInt64.self),
                              geometry: geometry)
        askLevels = BitLadder(bitCount: size, words: (memory + layout.askWords).assumingMemoryBound(to: UInt64.self),
                              geometry: geometry + BitLadder.geometryCount)
        bestBidIndex = -1
        bestAskIndex = -1
        bidLevelCount = 0
        askLevelCount = 0
    }

    /// The level slot at window index `i` (in `0 ..< size`), or -1.
    @inlinable @_noAllocation @inline(__always)
    func slot(at i: Int) -> Int32 { ~encodedSlots[i] }

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
        return i < 0 ? -1 : slot(at: i)
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
        encodedSlots[i] = ~slot
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
        encodedSlots[i] = 0
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

    /// Forgets every level (the caller frees their slots) and re-centres on nothing. Clears
    /// only the entries and bits of live levels, so untouched pages stay untouched.
    ///
    /// - Complexity: O(live levels × log64 size).
    mutating func removeAll() {
        while let i = bidLevels.next(atOrAfter: 0) {
            encodedSlots[i] = 0
            bidLevels.remove(i)
        }
        while let i = askLevels.next(atOrAfter: 0) {
            encodedSlots[i] = 0
            askLevels.remove(i)
        }
        bestBidIndex = -1
        bestAskIndex = -1
        bidLevelCount = 0
        askLevelCount = 0
        base = 0
    }

    /// True if `price` is in the window or the window can be moved to include it (moving it
    /// if needed). Never changes what the book holds, only where the window lies.
    ///
    /// - Complexity: O(1) when `price` is inside or the book is empty; O(span of the live
    ///   levels) when a live book must be shifted.
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
        // Index i moves to i - delta; |delta| < 2 × size: both windows hold the live range.
        let delta = Int(newBase - base)
        // Only the live range [lowIndex, highIndex] holds entries and bits: move it and
        // clear what it leaves behind, O(live span), so the rest of the window stays
        // untouched (and unbacked by memory).
        while let i = bidLevels.next(atOrAfter: 0) { bidLevels.remove(i) }
        while let i = askLevels.next(atOrAfter: 0) { askLevels.remove(i) }
        let oldLow = min(lowIndex, highIndex), oldHigh = max(lowIndex, highIndex)
        let newLow = oldLow - delta, newHigh = oldHigh - delta
        if delta > 0 {
            for i in oldLow...oldHigh { encodedSlots[i - delta] = encodedSlots[i] }
        } else {
            for i in stride(from: oldHigh, through: oldLow, by: -1) { encodedSlots[i - delta] = encodedSlots[i] }
        }
        for i in oldLow...oldHigh where i < newLow || i > newHigh { encodedSlots[i] = 0 }
        base = newBase
        for i in newLow...newHigh where encodedSlots[i] != 0 {
            if levels.record(slot(at: i)).pointee.side == .buy {
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
