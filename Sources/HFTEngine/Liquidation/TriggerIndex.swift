#if canImport(Glibc)
import Glibc
#endif

/// Per symbol and side, the trigger prices of the open positions: the mark price at which
/// each position reaches its liquidation threshold (``RiskCore/liquidationPrice(slot:margin:)``,
/// REFERENCES.md's LP formula — exact for an isolated position; for a cross account with
/// several positions, computed with the other marks held fixed).
///
/// **Structure.** Two indexed binary heaps per symbol over one key order: a long is
/// liquidated when the mark falls to its trigger or below, a short when the mark rises to
/// its trigger or above; both are stored as a max-heap on `key` (long: price, short:
/// −price), so "crossed" is `key ≥ threshold` (long: mark, short: −mark) on either heap.
/// A heap's root is its most endangered position: a mark update that crosses nothing costs
/// two comparisons (O(1)); one that crosses `k` triggers enumerates exactly those `k`
/// entries by a depth-first walk that stops at every entry below the threshold (its whole
/// subtree is below too), O(1 + k), without changing the heap. Updating one position's
/// trigger is O(log n) (sift up or down from its current place, found through a
/// location table indexed by symbol × account).
///
/// Positions are identified by (symbol, account): the risk core moves position slots when
/// it compacts a segment, accounts do not move.
///
/// - Complexity: ``update(symbol:account:isLong:trigger:)`` and ``remove(symbol:account:)``
///   O(log n); ``isCrossed(symbol:mark:)`` O(1); ``collectCrossed(symbol:mark:into:capacity:)``
///   O(1 + k).
/// - Memory: per symbol and side `perSymbolCapacity × 12` bytes of heap, a walk stack,
///   `accountCapacity × 4` bytes of per-account entry counts, and a
///   location table of `symbolCapacity × accountCapacity × 4` bytes mapped from the kernel
///   as zero pages (`mmap`), so that only the pages of accounts that hold positions become
///   resident (a replay session with 1M accounts × 64 symbols reserves 256 MB of address
///   space and touches a few pages). All allocated in `init`, freed in `deinit`, owned by
///   the index.
public struct TriggerIndex: ~Copyable {
    public let symbolCapacity: Int
    public let accountCapacity: Int
    /// Entries per heap (each symbol has a long and a short heap).
    public let perSymbolCapacity: Int
    @usableFromInline let keys: UnsafeMutablePointer<Int64>
    @usableFromInline let owners: UnsafeMutablePointer<Int32>
    @usableFromInline let counts: UnsafeMutablePointer<Int>
    /// `symbol × accountCapacity + account` → `(position << 1 | side) + 1` (side 1 = short),
    /// 0 if absent (zero pages need no initialization).
    @usableFromInline let locations: UnsafeMutablePointer<Int32>
    @usableFromInline let locationBytes: Int
    @usableFromInline let stack: UnsafeMutablePointer<Int32>
    /// Per account: how many entries it has over all symbols, so that a refresh can tell
    /// without a probe per symbol whether an account has entries outside its positions.
    @usableFromInline let accountEntries: UnsafeMutablePointer<Int32>

    /// An index for `perSymbolCapacity` positions per symbol and side.
    ///
    /// - Throws: ``LiquidationConfigurationError/triggerCapacity`` for a capacity out of
    ///   range; ``LiquidationConfigurationError/mapFailed`` if the kernel refuses the
    ///   location table's mapping. Nothing stays allocated then.
    public init(symbolCapacity: Int, accountCapacity: Int, perSymbolCapacity: Int) throws(LiquidationConfigurationError) {
        let locations = try TriggerIndex.mapLocations(symbolCapacity: symbolCapacity, accountCapacity: accountCapacity,
                                                      perSymbolCapacity: perSymbolCapacity)
        self.init(symbolCapacity: symbolCapacity, accountCapacity: accountCapacity, perSymbolCapacity: perSymbolCapacity,
                  locations: locations)
    }

    /// Checks the capacities and maps the zero-filled location table (its byte count is
    /// ``locationBytes(symbolCapacity:accountCapacity:)``).
    public static func mapLocations(symbolCapacity: Int, accountCapacity: Int,
                                    perSymbolCapacity: Int) throws(LiquidationConfigurationError) -> UnsafeMutableRawPointer {
        guard symbolCapacity >= 1 && accountCapacity >= 1 && perSymbolCapacity >= 1
              && perSymbolCapacity < Int(Int32.max) / 2 && symbolCapacity <= RiskConfiguration.maxSymbols,
              case let (entries, o1) = symbolCapacity.multipliedReportingOverflow(by: accountCapacity), !o1,
              entries <= Int.max / 8,
              case let (heapEntries, o2) = (symbolCapacity * 2).multipliedReportingOverflow(by: perSymbolCapacity), !o2,
              heapEntries <= Int.max / 16
        else { throw .triggerCapacity }
        let bytes = locationBytes(symbolCapacity: symbolCapacity, accountCapacity: accountCapacity)
        guard let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapped != MAP_FAILED else { throw .mapFailed }
        return mapped
    }

    /// The bytes of the location table for these capacities.
    public static func locationBytes(symbolCapacity: Int, accountCapacity: Int) -> Int {
        max(1, symbolCapacity * accountCapacity * MemoryLayout<Int32>.stride)
    }

    /// An index over a location table from ``mapLocations(symbolCapacity:accountCapacity:perSymbolCapacity:)``
    /// for the same capacities; the index owns (and unmaps) it.
    init(symbolCapacity: Int, accountCapacity: Int, perSymbolCapacity: Int, locations mapped: UnsafeMutableRawPointer) {
        self.symbolCapacity = symbolCapacity
        self.accountCapacity = accountCapacity
        self.perSymbolCapacity = perSymbolCapacity
        let heaps = symbolCapacity * 2
        keys = LargeAllocation.allocate(Int64.self, capacity: heaps * perSymbolCapacity)
        owners = LargeAllocation.allocate(Int32.self, capacity: heaps * perSymbolCapacity)
        counts = .allocate(capacity: heaps)
        counts.initialize(repeating: 0, count: heaps)
        locationBytes = TriggerIndex.locationBytes(symbolCapacity: symbolCapacity, accountCapacity: accountCapacity)
        locations = mapped.bindMemory(to: Int32.self, capacity: symbolCapacity * accountCapacity)
        stack = LargeAllocation.allocate(Int32.self, capacity: perSymbolCapacity + 1)
        accountEntries = LargeAllocation.allocate(Int32.self, capacity: accountCapacity)
        accountEntries.initialize(repeating: 0, count: accountCapacity)
    }

    deinit {
        keys.deallocate(); owners.deallocate(); counts.deallocate(); stack.deallocate(); accountEntries.deallocate()
        munmap(UnsafeMutableRawPointer(locations), locationBytes)
    }

    /// Entries of `symbol` on one side.
    @inlinable public func count(symbol: Int, isLong: Bool) -> Int { counts[symbol &* 2 &+ (isLong ? 0 : 1)] }

    /// The trigger price of (`symbol`, `account`), if indexed.
    @inlinable
    public func trigger(symbol: Int, account: Int) -> (isLong: Bool, price: Int64)? {
        guard UInt(bitPattern: symbol) < UInt(bitPattern: symbolCapacity),
              UInt(bitPattern: account) < UInt(bitPattern: accountCapacity) else { return nil }
        let loc = locations[symbol &* accountCapacity &+ account] &- 1
        if loc < 0 { return nil }
        let side = Int(loc & 1), position = Int(loc >> 1)
        let key = keys[(symbol &* 2 &+ side) &* perSymbolCapacity &+ position]
        return side == 0 ? (true, key) : (false, 0 &- key)
    }

    /// Sets the trigger of (`symbol`, `account`) — a long liquidated at marks ≤ `trigger`,
    /// a short at marks ≥ `trigger` — inserting or moving it. Returns false (and leaves
    /// the entry out) if the side's heap is full or the ids are out of range.
    #if !DEBUG
    @_noAllocation
    #endif
    @discardableResult
    public mutating func update(symbol: Int, account: Int, isLong: Bool, trigger: Int64) -> Bool {
        guard UInt(bitPattern: symbol) < UInt(bitPattern: symbolCapacity),
              UInt(bitPattern: account) < UInt(bitPattern: accountCapacity) else { return false }
        let side = isLong ? 0 : 1
        let key = isLong ? trigger : 0 &- trigger
        let locationIndex = symbol &* accountCapacity &+ account
        let loc = locations[locationIndex] &- 1
        if loc >= 0 && Int(loc & 1) == side {
            let heap = symbol &* 2 &+ side
            let base = heap &* perSymbolCapacity
            let position = Int(loc >> 1)
            let old = keys[base &+ position]
            keys[base &+ position] = key
            if key > old { siftUp(heap, position) } else if key < old { siftDown(heap, position) }
            return true
        }
        if loc >= 0 { remove(symbol: symbol, account: account) }
        let heap = symbol &* 2 &+ side
        let n = counts[heap]
        guard n < perSymbolCapacity else { return false }
        let base = heap &* perSymbolCapacity
        keys[base &+ n] = key
        owners[base &+ n] = Int32(truncatingIfNeeded: account)
        locations[locationIndex] = Int32(truncatingIfNeeded: (n << 1 | side) &+ 1)
        counts[heap] = n &+ 1
        // Not `&+=`: Swift 6.3.1 emits an invalid bitcast (and crashes) for a compound
        // assignment through this pointer's subscript in a ThreadSanitizer debug build.
        accountEntries[account] = accountEntries[account] &+ 1
        siftUp(heap, n)
        return true
    }

    /// Removes (`symbol`, `account`) if indexed.
    #if !DEBUG
    @_noAllocation
    #endif
    public mutating func remove(symbol: Int, account: Int) {
        guard UInt(bitPattern: symbol) < UInt(bitPattern: symbolCapacity),
              UInt(bitPattern: account) < UInt(bitPattern: accountCapacity) else { return }
        let locationIndex = symbol &* accountCapacity &+ account
        let loc = locations[locationIndex] &- 1
        if loc < 0 { return }
        locations[locationIndex] = 0
        accountEntries[account] = accountEntries[account] &- 1  // not `&-=`, see `update`
        let heap = symbol &* 2 &+ Int(loc & 1)
        let base = heap &* perSymbolCapacity
        let position = Int(loc >> 1)
        let last = counts[heap] &- 1
        counts[heap] = last
        if position == last { return }
        let movedKey = keys[base &+ last]
        let removedKey = keys[base &+ position]
        keys[base &+ position] = movedKey
        owners[base &+ position] = owners[base &+ last]
        setLocation(symbol, owners[base &+ position], position, heap)
        if movedKey > removedKey { siftUp(heap, position) } else { siftDown(heap, position) }
    }

    /// True if (`symbol`, `account`) has an entry. O(1).
    @inlinable @inline(__always)
    public func contains(symbol: Int, account: Int) -> Bool {
        locations[symbol &* accountCapacity &+ account] != 0
    }

    /// The number of entries of `account` over all symbols (0 for an account out of range). O(1).
    @inlinable @inline(__always)
    public func entries(account: Int) -> Int {
        UInt(bitPattern: account) < UInt(bitPattern: accountCapacity) ? Int(accountEntries[account]) : 0
    }

    /// Removes every entry of every symbol (O(entries)).
    public mutating func removeAll() {
        for heap in 0..<(symbolCapacity * 2) {
            let base = heap * perSymbolCapacity
            for p in 0..<counts[heap] {
                locations[(heap / 2) * accountCapacity + Int(owners[base + p])] = 0
                accountEntries[Int(owners[base + p])] = 0
            }
            counts[heap] = 0
        }
    }

    /// True if a mark of `mark` ticks crosses any trigger of `symbol`. O(1).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public func isCrossed(symbol: Int, mark: Int64) -> Bool {
        let longs = symbol &* 2
        if counts[longs] > 0 && keys[longs &* perSymbolCapacity] >= mark { return true }
        let shorts = longs &+ 1
        return counts[shorts] > 0 && keys[shorts &* perSymbolCapacity] >= 0 &- mark
    }

    /// Writes the accounts whose trigger in `symbol` a mark of `mark` ticks crosses (longs
    /// with trigger ≥ mark, then shorts with trigger ≤ mark) into `buffer`, at most
    /// `capacity`; returns how many crossed (which may exceed `capacity`). The heap is not
    /// changed. O(1 + k).
    #if !DEBUG
    @_noAllocation
    #endif
    public func collectCrossed(symbol: Int, mark: Int64, into buffer: UnsafeMutablePointer<Int32>, capacity: Int) -> Int {
        var found = 0
        for side in 0..<2 {
            let heap = symbol &* 2 &+ side
            let n = counts[heap]
            if n == 0 { continue }
            let base = heap &* perSymbolCapacity
            let threshold = side == 0 ? mark : 0 &- mark
            var top = 0
            stack[0] = 0
            top = 1
            while top > 0 {
                top &-= 1
                let p = Int(stack[top])
                if keys[base &+ p] < threshold { continue }
                if found < capacity { buffer[found] = owners[base &+ p] }
                found &+= 1
                let l = 2 &* p &+ 1
                if l < n { stack[top] = Int32(truncatingIfNeeded: l); top &+= 1 }
                if l &+ 1 < n { stack[top] = Int32(truncatingIfNeeded: l &+ 1); top &+= 1 }
            }
        }
        return found
    }

    // MARK: Heap internals

    @inlinable @inline(__always)
    func setLocation(_ symbol: Int, _ owner: Int32, _ position: Int, _ heap: Int) {
        locations[symbol &* accountCapacity &+ Int(owner)] = Int32(truncatingIfNeeded: (position << 1 | (heap & 1)) &+ 1)
    }

    @inlinable
    mutating func siftUp(_ heap: Int, _ start: Int) {
        let base = heap &* perSymbolCapacity
        let symbol = heap >> 1
        var p = start
        let key = keys[base &+ p], owner = owners[base &+ p]
        while p > 0 {
            let parent = (p &- 1) >> 1
            if keys[base &+ parent] >= key { break }
            keys[base &+ p] = keys[base &+ parent]
            owners[base &+ p] = owners[base &+ parent]
            setLocation(symbol, owners[base &+ p], p, heap)
            p = parent
        }
        keys[base &+ p] = key
        owners[base &+ p] = owner
        setLocation(symbol, owner, p, heap)
    }

    @inlinable
    mutating func siftDown(_ heap: Int, _ start: Int) {
        let base = heap &* perSymbolCapacity
        let symbol = heap >> 1
        let n = counts[heap]
        var p = start
        let key = keys[base &+ p], owner = owners[base &+ p]
        while true {
            let l = 2 &* p &+ 1
            if l >= n { break }
            var c = l
            if l &+ 1 < n && keys[base &+ l &+ 1] > keys[base &+ l] { c = l &+ 1 }
            if keys[base &+ c] <= key { break }
            keys[base &+ p] = keys[base &+ c]
            owners[base &+ p] = owners[base &+ c]
            setLocation(symbol, owners[base &+ p], p, heap)
            p = c
        }
        keys[base &+ p] = key
        owners[base &+ p] = owner
        setLocation(symbol, owner, p, heap)
    }

    /// Checks the heap order, the location table and the per-account entry counts (tests;
    /// O(entries + accounts)).
    public func checkInvariants() -> Bool {
        var entries = [Int32](repeating: 0, count: accountCapacity)
        for heap in 0..<(symbolCapacity * 2) {
            let base = heap * perSymbolCapacity
            for p in 0..<counts[heap] {
                if p > 0 && keys[base + (p - 1) / 2] < keys[base + p] { return false }
                let loc = locations[(heap / 2) * accountCapacity + Int(owners[base + p])]
                if loc != Int32((p << 1 | (heap & 1)) + 1) { return false }
                entries[Int(owners[base + p])] += 1
            }
        }
        return entries.indices.allSatisfy { entries[$0] == accountEntries[$0] }
    }
}
