import HFTBinance
import HFTService

/// The book changes of one diff-depth update speed between two sends, merged: Binance's
/// `<symbol>@depth` (250 ms), `@depth@100ms` and `@depth@500ms` send at most one event per
/// interval carrying every level that changed in it, with its latest quantity (spec §5:
/// "one counter per symbol, +1 per batch of book changes ... an idle interval sends
/// nothing"). `@depth@0ms` is not conflated: it sends every command's diff.
///
/// The merged event keeps the local-book rule: `U` is the first merged diff's, `u` the
/// last's, and `pu` the `u` of the previous event of this speed, so consecutive events
/// chain (`pu` = previous `u`) and a REST snapshot with `U ≤ lastUpdateId ≤ u` fits.
/// Diffs are merged only while the speed has subscribers; when it has none, its chain is
/// reset, and the next event's `pu` is its first diff's own predecessor.
///
/// Owned by the stream fan-out task (``StreamFanout``), which is its only user.
///
/// - Complexity: O(levels changed) per diff; O(levels changed in the interval · log) per send.
/// - Memory: the changed levels of each symbol for one interval.
final class DepthConflator: @unchecked Sendable {
    struct Pending {
        /// The interval's first diff, whose fields the merged diff takes over.
        var template: BookDiff
        var first: Int64
        var last: Int64
        var previous: Int64
        var time: Int64
        var bids: [Int64: Int64] = [:]
        var asks: [Int64: Int64] = [:]
    }

    let speed: BinanceStreamName.DepthSpeed
    /// The send interval in milliseconds.
    let intervalMilliseconds: Int64
    private var pending: [Int32: Pending] = [:]
    private var lastSent: [Int32: Int64] = [:]
    private var nextSend: Int64 = 0

    init(speed: BinanceStreamName.DepthSpeed, intervalMilliseconds: Int64) {
        self.speed = speed
        self.intervalMilliseconds = intervalMilliseconds
    }

    /// The conflated speeds of Binance's diff and partial depth streams.
    static func all() -> [DepthConflator] {
        [DepthConflator(speed: .fast, intervalMilliseconds: 100), DepthConflator(speed: .standard, intervalMilliseconds: 250),
         DepthConflator(speed: .slow, intervalMilliseconds: 500)]
    }

    /// Merges `diff` into its symbol's interval.
    func add(_ diff: BookDiff) {
        var p = pending[diff.symbol] ?? Pending(template: diff, first: diff.firstUpdateId, last: diff.finalUpdateId,
                                                previous: diff.previousFinalUpdateId, time: diff.eventTime)
        p.last = diff.finalUpdateId
        p.time = diff.eventTime
        for level in diff.bids { p.bids[level.price] = level.quantity }
        for level in diff.asks { p.asks[level.price] = level.quantity }
        pending[diff.symbol] = p
    }

    /// Forgets the chain of `symbol` (its speed lost its subscribers).
    func reset(_ symbol: Int32) {
        pending[symbol] = nil
        lastSent[symbol] = nil
    }

    /// The merged diffs due at `nowMilliseconds` (empty before the interval has passed),
    /// bids best first and asks best first, as one ``BookDiff`` per changed symbol.
    func due(nowMilliseconds: Int64) -> [BookDiff] {
        guard nowMilliseconds >= nextSend else { return [] }
        nextSend = nowMilliseconds + intervalMilliseconds
        guard !pending.isEmpty else { return [] }
        let merged = pending.sorted { $0.key < $1.key }.map { symbol, p in
            var diff = p.template
            diff.firstUpdateId = p.first
            diff.finalUpdateId = p.last
            diff.previousFinalUpdateId = lastSent[symbol] ?? p.previous
            diff.bids = p.bids.map { LedgerLevel(price: $0.key, quantity: $0.value) }.sorted { $0.price > $1.price }
            diff.asks = p.asks.map { LedgerLevel(price: $0.key, quantity: $0.value) }.sorted { $0.price < $1.price }
            diff.eventTime = p.time
            return diff
        }
        for diff in merged { lastSent[diff.symbol] = diff.finalUpdateId }
        pending.removeAll(keepingCapacity: true)
        return merged
    }
}
