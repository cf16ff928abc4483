/// The resting orders of each account, so that liquidation can cancel an account's open
/// orders (all of them, or one symbol's) without scanning the books.
///
/// Kept from the matching engine's events (``track(_:from:matching:)``): an order that
/// still rests after its command is added; a maker filled to zero, a cancel or an expiry
/// removes it. Each account's orders form an intrusive doubly linked list over fixed node
/// columns; an ``IdMap`` finds an order's node.
///
/// - Complexity: add and remove O(1) expected; listing an account's orders O(its orders).
/// - Memory: `capacity × 24` bytes of nodes, an ``IdMap`` and a ``SlotPool`` of `capacity`,
///   and `accountCapacity × 4` bytes of list heads, allocated in `init`, freed in `deinit`.
public struct OpenOrderIndex: ~Copyable {
    public let capacity: Int
    public let accountCapacity: Int
    @usableFromInline var ids: IdMap
    @usableFromInline var pool: SlotPool
    @usableFromInline let orderIds: UnsafeMutablePointer<Int64>
    @usableFromInline let accountOf: UnsafeMutablePointer<Int32>
    @usableFromInline let symbolOf: UnsafeMutablePointer<Int32>
    @usableFromInline let next: UnsafeMutablePointer<Int32>
    @usableFromInline let previous: UnsafeMutablePointer<Int32>
    @usableFromInline let heads: UnsafeMutablePointer<Int32>
    /// Orders that could not be tracked because the index was full.
    public private(set) var untracked: Int = 0

    /// An index of up to `capacity` resting orders of accounts `0 ..< accountCapacity`.
    ///
    /// - Throws: ``LiquidationConfigurationError/openOrderCapacity`` unless both are 1 ...
    ///   ``RiskConfiguration/maxSlots``.
    public init(capacity: Int, accountCapacity: Int) throws(LiquidationConfigurationError) {
        guard capacity >= 1 && capacity <= RiskConfiguration.maxSlots,
              accountCapacity >= 1 && accountCapacity <= RiskConfiguration.maxSlots else { throw .openOrderCapacity }
        self.init(validatedCapacity: capacity, accountCapacity: accountCapacity)
    }

    @usableFromInline
    init(validatedCapacity capacity: Int, accountCapacity: Int) {
        self.capacity = capacity
        self.accountCapacity = accountCapacity
        ids = IdMap(validatedCapacity: capacity, maxLoadFactor: 0.5, seed: 0x0F0F_1A1A)  // unvalidated: traps as before (Liquidation owner)
        pool = SlotPool(validatedCapacity: capacity)
        orderIds = .allocate(capacity: capacity)
        accountOf = .allocate(capacity: capacity)
        symbolOf = .allocate(capacity: capacity)
        next = .allocate(capacity: capacity)
        previous = .allocate(capacity: capacity)
        heads = LargeAllocation.allocate(Int32.self, capacity: accountCapacity)
        heads.initialize(repeating: -1, count: accountCapacity)
    }

    deinit {
        orderIds.deallocate(); accountOf.deallocate(); symbolOf.deallocate()
        next.deallocate(); previous.deallocate(); heads.deallocate()
    }

    /// The number of tracked orders.
    public var count: Int { ids.count }

    /// Tracks a resting order.
    #if !DEBUG
    @_noAllocation
    #endif
    public mutating func add(orderId: Int64, account: Int, symbol: Int) {
        guard UInt(bitPattern: account) < UInt(bitPattern: accountCapacity) else { return }
        let node: Int32
        do throws(CapacityError) { node = try pool.acquire() } catch {
            if !ids.contains(orderId) { untracked &+= 1 }
            return
        }
        // The insert's own probe is the duplicate check (no separate lookup first).
        do throws(IdMap.InsertError) { try ids.insert(orderId, node) } catch {
            pool.release(node)
            if error != .duplicateKey { untracked &+= 1 }
            return
        }
        let i = Int(node)
        orderIds[i] = orderId
        accountOf[i] = Int32(truncatingIfNeeded: account)
        symbolOf[i] = Int32(truncatingIfNeeded: symbol)
        let head = heads[account]
        next[i] = head
        previous[i] = -1
        if head >= 0 { previous[Int(head)] = node }
        heads[account] = node
    }

    /// Stops tracking an order (no effect if unknown).
    #if !DEBUG
    @_noAllocation
    #endif
    public mutating func remove(orderId: Int64) {
        guard let node = ids.remove(orderId) else { return }
        let i = Int(node)
        let n = next[i], p = previous[i]
        if p >= 0 { next[Int(p)] = n } else { heads[Int(accountOf[i])] = n }
        if n >= 0 { previous[Int(n)] = p }
        pool.release(node)
    }

    /// Applies the events `start ..< events.count` of one command: finished orders are
    /// removed; a new order that still rests in `matching` afterwards is added.
    #if !DEBUG
    @_noAllocation
    #endif
    public mutating func track(_ events: borrowing EventBuffer, from start: Int, matching: borrowing MatchingEngine) {
        var i = start
        while i < events.count {
            let event = events.events[i]
            switch event.kind {
            case .trade:
                if event.leaves.lots == 0 { remove(orderId: event.counterOrderId) }
            case .canceled, .expired:
                remove(orderId: event.orderId)
            default:
                break
            }
            i &+= 1
        }
        i = start
        while i < events.count {
            let event = events.events[i]
            if event.kind == .accepted && Self.rests(events, acceptedAt: i, matching: matching) {
                add(orderId: event.orderId, account: Int(truncatingIfNeeded: event.account), symbol: Int(event.symbol.index))
            }
            i &+= 1
        }
    }

    /// Whether the order accepted by `events[index]` still rests after the command, i.e.
    /// is in `matching`. Read from the few events that follow when there are at most
    /// ``restScanLimit`` of them (they are in cache; a probe of the book's order index is
    /// a random access): it rests unless a later event ends it (its taker trades add up to
    /// its quantity, it is a maker traded to zero, or it is expired, canceled or rejected).
    /// Longer tails ask `matching`, so that a command of many orders stays O(events).
    /// Debug builds check the scan against `matching`.
    @inlinable @inline(__always)
    static func rests(_ events: borrowing EventBuffer, acceptedAt index: Int, matching: borrowing MatchingEngine) -> Bool {
        let accepted = events.events[index]
        let id = accepted.orderId
        guard events.count &- index <= restScanLimit else { return matching.order(id) != nil }
        var leaves = accepted.quantity.lots
        var j = index &+ 1
        while j < events.count {
            let event = events.events[j]
            switch event.kind {
            case .trade:
                if event.orderId == id { leaves &-= event.quantity.lots }
                if event.counterOrderId == id && event.leaves.lots == 0 { leaves = 0 }
            case .expired, .canceled, .rejected:
                if event.orderId == id { leaves = 0 }
            case .accepted, .amended:
                break
            }
            j &+= 1
        }
        let rests = leaves > 0
        assert(rests == (matching.order(id) != nil), "OpenOrderIndex: resting state of order \(id) read wrongly from its events")
        return rests
    }

    /// The longest event tail ``rests(_:acceptedAt:matching:)`` reads instead of asking the book.
    @inlinable static var restScanLimit: Int { 64 }

    /// The first tracked order node of `account` (−1 if none); walk with ``nextNode(_:)``.
    @inlinable public func firstNode(account: Int) -> Int {
        UInt(bitPattern: account) < UInt(bitPattern: accountCapacity) ? Int(heads[account]) : -1
    }
    /// The node after `node` in its account's list, or −1.
    @inlinable public func nextNode(_ node: Int) -> Int { Int(next[node]) }
    /// The order id of `node`.
    @inlinable public func orderId(_ node: Int) -> Int64 { orderIds[node] }
    /// The symbol of `node`'s order.
    @inlinable public func symbol(_ node: Int) -> Int { Int(symbolOf[node]) }
}
