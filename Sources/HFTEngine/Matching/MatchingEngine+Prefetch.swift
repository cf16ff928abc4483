// Lookahead hints for cancels and amends.

/// A cancel in a large book is a chain of dependent cache misses: the order id's entry in
/// the index gives the order's slot, the slot gives its record and links, the links give the
/// FIFO neighbours whose links change, and the record gives the price level. Each miss is a
/// trip to DRAM (~100 ns) that cannot start before the previous one ends.
///
/// A host that has the next commands in hand (a sequencer draining its input ring, a
/// journal replay reading ahead) can start those loads early, one stage per command of
/// distance, so that the misses of several cancels overlap:
///
/// ```swift
/// // before executing command i (each a cancel or amend of ids[i]):
/// engine.prefetchIndexEntry(of: ids[i + 3])
/// engine.prefetchOrder(of: ids[i + 2])
/// engine.prefetchNeighbours(of: ids[i + 1])
/// engine.cancel(orderId: ids[i], into: &events)
/// ```
///
/// The hints read engine memory and change nothing: an id that is unknown, already gone or
/// changed by the commands in between only makes the hint useless. They never fault (the
/// CPU's prefetch instruction) and cost a few nanoseconds each when the lines are already
/// in cache (`matching.cancel.pipelined` in `hft-bench` measures the pipeline).
extension MatchingEngine {
    /// Stage 1: starts loading the order index's entries for `orderId`.
    ///
    /// - Complexity: O(1): one hash, one prefetch.
    @inlinable @inline(__always) @_noAllocation
    public func prefetchIndexEntry(of orderId: Int64) {
        orderIndex.prefetch(orderId)
    }

    /// Stage 2: looks `orderId` up (its index entry should be in cache by now) and starts
    /// loading the order's record and its two FIFO links.
    ///
    /// - Complexity: O(1) expected: one index lookup, three prefetches.
    @inlinable @inline(__always) @_noAllocation
    public func prefetchOrder(of orderId: Int64) {
        guard let slot = orderIndex.find(orderId) else { return }
        prefetchForWrite(orders.record(slot))
        prefetchForWrite(orders.nextLinks + Int(slot))
        prefetchForWrite(orders.previousLinks + Int(slot))
    }

    /// Stage 3: starts loading what unlinking `orderId` writes besides its own record: the
    /// neighbours' links and the price level.
    ///
    /// - Complexity: O(1) expected: one index lookup, three reads, three prefetches.
    @inlinable @inline(__always) @_noAllocation
    public func prefetchNeighbours(of orderId: Int64) {
        guard let slot = orderIndex.find(orderId) else { return }
        let previous = orders.previous(slot)
        let next = orders.next(slot)
        // The slot is live (the index holds it), so its links are −1 or live slots and its
        // level is a live level.
        if previous >= 0 { prefetchForWrite(orders.nextLinks + Int(previous)) }
        if next >= 0 { prefetchForWrite(orders.previousLinks + Int(next)) }
        prefetchForWrite(levels.record(orders.record(slot).pointee.level))
    }
}
