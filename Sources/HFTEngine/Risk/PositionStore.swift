/// Positions of all accounts in all symbols, as struct-of-arrays columns of fixed capacity.
///
/// **Layout.** Each symbol owns a segment of `perSymbolCapacity` consecutive slots
/// (`symbol × perSymbolCapacity ..< symbol × perSymbolCapacity + count(symbol)`), kept
/// dense: a slot freed in the middle is filled by the segment's last slot (swap-remove).
/// A scan over every position of a symbol, such as funding settlement, is therefore one
/// tight loop over `count(symbol)` consecutive entries of each column, touching no empty
/// slot. A dense `symbol × accounts` matrix would cost `accounts × symbols × 40` bytes
/// (1M × 32 symbols = 1.3 GB) and make funding scan mostly empty memory; here memory is
/// proportional to the configured number of open positions.
///
/// **Lookup.** An ``IdMap`` maps `account × symbolCapacity + symbol` to the slot, O(1).
/// Each account also links its slots in a doubly linked list (`nextOfAccount`,
/// `previousOfAccount`, head in ``AccountStore``), so the margin of an account costs
/// O(its positions), not O(symbols).
///
/// **Columns** (per slot): `account` (Int32), `symbol` (Int32), `size` (signed lots, long > 0),
/// `funding` (funding settled to the position and not yet moved to the owner's balance
/// column, see ``RiskCore/settleFunding(symbol:rate:mark:)``),
/// `cost` (signed entry notional in money units: Σ price × lots × moneyPerTickLot of the
/// open lots; entry price = cost / size, kept exact as the notional), `margin` (cross:
/// initial margin counted in the account's `marginInUse`; isolated: the isolated margin),
/// `leverage`, `mode`, `orders` (live orders of this account in this symbol), links.
///
/// **Slot lifetime.** A slot is taken when an account first places an order or sets a
/// leverage in a symbol, and given back when it is idle again: flat, no live orders, and
/// default leverage and cross mode (so a non-default setting survives a flat position).
///
/// - Complexity: lookup, acquire and release are O(1) expected.
/// - Memory: `slots × 57` bytes of columns plus the map (`slots × 32` bytes at load 0.5),
///   all allocated in `init` and freed in `deinit`; the store owns them.
public struct PositionStore: ~Copyable {
    public let symbolCapacity: Int
    public let perSymbolCapacity: Int
    /// The leverage a new slot starts with, unless its symbol's maximum is lower.
    public let defaultLeverage: Int64
    /// Per symbol: min(``defaultLeverage``, the first bracket's maximum leverage).
    @usableFromInline let symbolDefaultLeverage: UnsafeMutablePointer<Int64>

    @usableFromInline let accountColumn: UnsafeMutablePointer<Int32>
    @usableFromInline let symbolColumn: UnsafeMutablePointer<Int32>
    @usableFromInline let sizeColumn: UnsafeMutablePointer<Int64>
    @usableFromInline let costColumn: UnsafeMutablePointer<Int64>
    @usableFromInline let marginColumn: UnsafeMutablePointer<Int64>
    /// Funding settled to the slot and not yet moved into its owner's balance column
    /// (see ``RiskCore/settleFunding(symbol:rate:mark:)``); part of the owner's balance.
    @usableFromInline let fundingColumn: UnsafeMutablePointer<Int64>
    @usableFromInline let leverageColumn: UnsafeMutablePointer<Int32>
    @usableFromInline let modeColumn: UnsafeMutablePointer<MarginMode>
    @usableFromInline let orderColumn: UnsafeMutablePointer<Int32>
    @usableFromInline let nextOfAccount: UnsafeMutablePointer<Int32>
    @usableFromInline let previousOfAccount: UnsafeMutablePointer<Int32>
    @usableFromInline let counts: UnsafeMutablePointer<Int>
    /// Slots taken (``acquireSlot(account:symbol:accounts:)``) plus slots given back
    /// (``releaseIfIdle(_:accounts:)``) so far: a position appeared or vanished between two
    /// readings exactly when they differ. The venue reads it around each order command,
    /// whose other effects never change a position's published fields.
    @usableFromInline var slotChanges: UInt64 = 0
    /// Slots in isolated mode per symbol (lets funding take its branch-free path when 0).
    @usableFromInline let isolatedCounts: UnsafeMutablePointer<Int>
    /// An upper bound of |size| over each symbol's positions (never lowered), so that
    /// funding can prove once per settlement that no product overflows 64 bits.
    @usableFromInline let largestSize: UnsafeMutablePointer<Int64>
    /// An upper bound of |parked funding| over each symbol's slots (raised by each
    /// settlement's largest due, never lowered; recomputed when a snapshot loads), so that
    /// funding can prove once per settlement that no parked-funding update wraps.
    @usableFromInline let parkedFundingBound: UnsafeMutablePointer<Int64>
    @usableFromInline var index: IdMap

    /// A store for `perSymbolCapacity` open positions (or idle settings) in each of
    /// `symbolCapacity` symbols.
    ///
    /// - Throws: ``RiskConfigurationError/symbolCapacity``,
    ///   ``RiskConfigurationError/positionCapacity`` or
    ///   ``RiskConfigurationError/defaultLeverage`` for a value out of the ranges of
    ///   ``RiskConfiguration/validate()``.
    public init(symbolCapacity: Int, perSymbolCapacity: Int, defaultLeverage: Int64 = 20) throws(RiskConfigurationError) {
        guard symbolCapacity >= 1 && symbolCapacity <= RiskConfiguration.maxSymbols else { throw .symbolCapacity }
        let (slots, overflow) = symbolCapacity.multipliedReportingOverflow(by: perSymbolCapacity)
        guard perSymbolCapacity >= 1 && !overflow && slots <= RiskConfiguration.maxSlots else { throw .positionCapacity }
        guard defaultLeverage >= 1 && defaultLeverage <= Int64(Int32.max) else { throw .defaultLeverage }
        self.init(validatedSymbolCapacity: symbolCapacity, perSymbolCapacity: perSymbolCapacity,
                  defaultLeverage: defaultLeverage)
    }

    /// The store for capacities already validated (``RiskConfiguration/validate()``).
    @usableFromInline
    init(validatedSymbolCapacity symbolCapacity: Int, perSymbolCapacity: Int, defaultLeverage: Int64) {
        let slots = symbolCapacity * perSymbolCapacity
        self.symbolCapacity = symbolCapacity
        self.perSymbolCapacity = perSymbolCapacity
        self.defaultLeverage = defaultLeverage
        accountColumn = LargeAllocation.allocate(Int32.self, capacity: slots); accountColumn.initialize(repeating: -1, count: slots)
        symbolColumn = LargeAllocation.allocate(Int32.self, capacity: slots); symbolColumn.initialize(repeating: -1, count: slots)
        sizeColumn = LargeAllocation.allocate(Int64.self, capacity: slots); sizeColumn.initialize(repeating: 0, count: slots)
        costColumn = LargeAllocation.allocate(Int64.self, capacity: slots); costColumn.initialize(repeating: 0, count: slots)
        marginColumn = LargeAllocation.allocate(Int64.self, capacity: slots); marginColumn.initialize(repeating: 0, count: slots)
        fundingColumn = LargeAllocation.allocate(Int64.self, capacity: slots); fundingColumn.initialize(repeating: 0, count: slots)
        leverageColumn = LargeAllocation.allocate(Int32.self, capacity: slots); leverageColumn.initialize(repeating: 0, count: slots)
        modeColumn = LargeAllocation.allocate(MarginMode.self, capacity: slots); modeColumn.initialize(repeating: .cross, count: slots)
        orderColumn = LargeAllocation.allocate(Int32.self, capacity: slots); orderColumn.initialize(repeating: 0, count: slots)
        nextOfAccount = LargeAllocation.allocate(Int32.self, capacity: slots); nextOfAccount.initialize(repeating: -1, count: slots)
        previousOfAccount = LargeAllocation.allocate(Int32.self, capacity: slots); previousOfAccount.initialize(repeating: -1, count: slots)
        counts = LargeAllocation.allocate(Int.self, capacity: symbolCapacity); counts.initialize(repeating: 0, count: symbolCapacity)
        isolatedCounts = LargeAllocation.allocate(Int.self, capacity: symbolCapacity)
        isolatedCounts.initialize(repeating: 0, count: symbolCapacity)
        largestSize = LargeAllocation.allocate(Int64.self, capacity: symbolCapacity)
        largestSize.initialize(repeating: 0, count: symbolCapacity)
        parkedFundingBound = LargeAllocation.allocate(Int64.self, capacity: symbolCapacity)
        parkedFundingBound.initialize(repeating: 0, count: symbolCapacity)
        symbolDefaultLeverage = LargeAllocation.allocate(Int64.self, capacity: symbolCapacity)
        symbolDefaultLeverage.initialize(repeating: defaultLeverage, count: symbolCapacity)
        index = IdMap(validatedCapacity: slots, maxLoadFactor: 0.5, seed: 0x5151_7A7A)  // unvalidated: traps as before (Risk owner)
    }

    deinit {
        accountColumn.deallocate(); symbolColumn.deallocate(); sizeColumn.deallocate()
        costColumn.deallocate(); marginColumn.deallocate(); fundingColumn.deallocate(); leverageColumn.deallocate()
        modeColumn.deallocate(); orderColumn.deallocate(); nextOfAccount.deallocate()
        previousOfAccount.deallocate(); counts.deallocate(); isolatedCounts.deallocate(); largestSize.deallocate()
        parkedFundingBound.deallocate()
        symbolDefaultLeverage.deallocate()
    }

    @inlinable @inline(__always)
    func key(_ account: Int, _ symbol: Int) -> Int64 {
        Int64(account) &* Int64(symbolCapacity) &+ Int64(symbol)
    }

    /// The first slot of `symbol`'s segment.
    @inlinable @inline(__always)
    public func segmentStart(_ symbol: Int) -> Int { symbol &* perSymbolCapacity }

    /// The number of slots in use in `symbol`'s segment.
    @inlinable @inline(__always)
    public func count(_ symbol: Int) -> Int { counts[symbol] }

    /// The leverage a fresh slot of `symbol` starts with.
    @inlinable @inline(__always)
    public func defaultLeverage(_ symbol: Int) -> Int64 { symbolDefaultLeverage[symbol] }

    /// Sets the starting leverage of `symbol`'s fresh slots (set-up).
    mutating func setDefaultLeverage(_ symbol: Int, maximum: Int64) {
        symbolDefaultLeverage[symbol] = max(1, min(defaultLeverage, maximum))
    }

    /// An upper bound of |size| over `symbol`'s positions.
    @inlinable @inline(__always)
    public func largestSize(_ symbol: Int) -> Int64 { largestSize[symbol] }

    /// Raises the bound of `symbol` to cover a position of `size` lots.
    @inlinable @inline(__always)
    mutating func noteSize(_ symbol: Int, _ size: Int64) {
        let magnitude = size == Int64.min ? Int64.max : abs(size)
        if magnitude > largestSize[symbol] { largestSize[symbol] = magnitude }
    }

    /// An upper bound of |funding parked| in `symbol`'s slots.
    @inlinable @inline(__always)
    public func parkedFundingBound(_ symbol: Int) -> Int64 { parkedFundingBound[symbol] }

    /// Raises `symbol`'s parked-funding bound by `due` (saturating).
    @inlinable @inline(__always)
    mutating func raiseParkedFundingBound(_ symbol: Int, by due: Int64) {
        let (sum, overflow) = parkedFundingBound[symbol].addingReportingOverflow(due)
        parkedFundingBound[symbol] = overflow ? Int64.max : sum
    }

    /// Sets every symbol's parked-funding bound to the largest |parked funding| of its slots
    /// (after a snapshot load; O(slots)).
    mutating func recomputeParkedFundingBounds() {
        for symbol in 0..<symbolCapacity {
            var bound: Int64 = 0
            let start = segmentStart(symbol)
            for slot in start..<(start + counts[symbol]) {
                let f = fundingColumn[slot]
                bound = max(bound, f == Int64.min ? Int64.max : abs(f))
            }
            parkedFundingBound[symbol] = bound
        }
    }

    /// True if any slot of `symbol` is in isolated mode.
    @inlinable @inline(__always)
    public func hasIsolated(_ symbol: Int) -> Bool { isolatedCounts[symbol] != 0 }

    /// Sets the margin mode of `slot`, keeping the per-symbol count of isolated slots.
    @inlinable @inline(__always)
    mutating func setMode(_ slot: Int, _ mode: MarginMode) {
        let old = modeColumn[slot]
        if old == mode { return }
        let symbol = Int(symbolColumn[slot])
        isolatedCounts.add(mode == .isolated ? 1 : -1, at: symbol)
        modeColumn[slot] = mode
    }

    /// The slot of (`account`, `symbol`), or `nil` if it has none.
    @inlinable @inline(__always)
    public func slot(account: Int, symbol: Int) -> Int? {
        guard let s = index.find(key(account, symbol)) else { return nil }
        return Int(s)
    }

    /// Signed size in lots of `slot`.
    @inlinable @inline(__always) public func size(_ slot: Int) -> Int64 { sizeColumn[slot] }
    /// Signed entry notional (cost) of `slot`.
    @inlinable @inline(__always) public func cost(_ slot: Int) -> Int64 { costColumn[slot] }
    /// Margin of `slot` (cross IM or isolated margin).
    @inlinable @inline(__always) public func margin(_ slot: Int) -> Int64 { marginColumn[slot] }
    /// Leverage of `slot`.
    @inlinable @inline(__always) public func leverage(_ slot: Int) -> Int64 { Int64(leverageColumn[slot]) }
    /// Margin mode of `slot`.
    @inlinable @inline(__always) public func mode(_ slot: Int) -> MarginMode { modeColumn[slot] }
    /// Owner of `slot`.
    @inlinable @inline(__always) public func account(_ slot: Int) -> Int { Int(accountColumn[slot]) }
    /// Symbol of `slot`.
    @inlinable @inline(__always) public func symbol(_ slot: Int) -> Int { Int(symbolColumn[slot]) }
    /// Live orders of `slot`'s account in its symbol.
    @inlinable @inline(__always) public func orders(_ slot: Int) -> Int { Int(orderColumn[slot]) }
    /// The next slot of the same account, or −1.
    @inlinable @inline(__always) public func nextSlot(ofAccount slot: Int) -> Int { Int(nextOfAccount[slot]) }

    /// The slot of (`account`, `symbol`), taking a fresh one (flat, default leverage,
    /// cross) if it has none.
    ///
    /// - Throws: ``CapacityError/capacityExhausted`` when the symbol's segment is full.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public mutating func acquireSlot(account: Int, symbol: Int, accounts: inout AccountStore) throws(CapacityError) -> Int {
        let k = key(account, symbol)
        if let s = index.find(k) { return Int(s) }
        let n = counts[symbol]
        guard n < perSymbolCapacity else { throw .capacityExhausted }
        let s = segmentStart(symbol) &+ n
        do throws(IdMap.InsertError) { try index.insert(k, Int32(truncatingIfNeeded: s)) } catch { throw .capacityExhausted }
        counts[symbol] = n &+ 1
        slotChanges &+= 1
        accountColumn[s] = Int32(truncatingIfNeeded: account)
        symbolColumn[s] = Int32(truncatingIfNeeded: symbol)
        sizeColumn[s] = 0; costColumn[s] = 0; marginColumn[s] = 0; fundingColumn[s] = 0
        leverageColumn[s] = Int32(truncatingIfNeeded: symbolDefaultLeverage[symbol])
        modeColumn[s] = .cross; orderColumn[s] = 0
        // Link at the head of the account's list.
        let head = accounts.firstPositionColumn[account]
        nextOfAccount[s] = head
        previousOfAccount[s] = -1
        if head >= 0 { previousOfAccount[Int(head)] = Int32(truncatingIfNeeded: s) }
        accounts.firstPositionColumn[account] = Int32(truncatingIfNeeded: s)
        return s
    }

    /// Gives `slot` back if it is idle (flat, no orders, no margin, default settings).
    /// The segment's last slot moves into its place.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public mutating func releaseIfIdle(_ slot: Int, accounts: inout AccountStore) {
        guard sizeColumn[slot] == 0 && orderColumn[slot] == 0 && marginColumn[slot] == 0 && costColumn[slot] == 0
              && Int64(leverageColumn[slot]) == symbolDefaultLeverage[Int(symbolColumn[slot])] && modeColumn[slot] == .cross else { return }
        let account = Int(accountColumn[slot])
        let symbol = Int(symbolColumn[slot])
        // Funding parked in the slot becomes part of the balance column.
        accounts.balances.add(fundingColumn[slot], at: account)
        // Unlink from the account's list.
        let next = nextOfAccount[slot], previous = previousOfAccount[slot]
        if previous >= 0 { nextOfAccount[Int(previous)] = next } else { accounts.firstPositionColumn[account] = next }
        if next >= 0 { previousOfAccount[Int(next)] = previous }
        index.remove(key(account, symbol))
        slotChanges &+= 1
        // Move the segment's last slot into the hole.
        let last = segmentStart(symbol) &+ counts[symbol] &- 1
        counts[symbol] = counts[symbol] &- 1
        if last != slot {
            let movedAccount = Int(accountColumn[last])
            accountColumn[slot] = accountColumn[last]; symbolColumn[slot] = symbolColumn[last]
            sizeColumn[slot] = sizeColumn[last]; costColumn[slot] = costColumn[last]
            marginColumn[slot] = marginColumn[last]; leverageColumn[slot] = leverageColumn[last]
            fundingColumn[slot] = fundingColumn[last]
            modeColumn[slot] = modeColumn[last]; orderColumn[slot] = orderColumn[last]
            let movedNext = nextOfAccount[last], movedPrevious = previousOfAccount[last]
            nextOfAccount[slot] = movedNext; previousOfAccount[slot] = movedPrevious
            let s32 = Int32(truncatingIfNeeded: slot)
            if movedPrevious >= 0 { nextOfAccount[Int(movedPrevious)] = s32 } else { accounts.firstPositionColumn[movedAccount] = s32 }
            if movedNext >= 0 { previousOfAccount[Int(movedNext)] = s32 }
            _ = index.update(key(movedAccount, symbol), s32)
        }
        accountColumn[last] = -1; symbolColumn[last] = -1
        sizeColumn[last] = 0; costColumn[last] = 0; marginColumn[last] = 0; orderColumn[last] = 0
        fundingColumn[last] = 0
        nextOfAccount[last] = -1; previousOfAccount[last] = -1
    }

    /// Σ size over `symbol`'s positions (0 when the books balance; for checks, O(n)).
    public func netSize(symbol: Int) -> Int128 {
        var sum: Int128 = 0
        let start = segmentStart(symbol)
        for s in start..<(start + counts[symbol]) { sum += Int128(sizeColumn[s]) }
        return sum
    }

    /// Funding parked in `slot` (part of its owner's balance).
    @inlinable @inline(__always) public func funding(_ slot: Int) -> Int64 { fundingColumn[slot] }

    /// Σ funding parked in all slots (for the conservation invariant; O(n)).
    public func totalFunding() -> Int128 {
        var sum: Int128 = 0
        for symbol in 0..<symbolCapacity {
            let start = segmentStart(symbol)
            for s in start..<(start + counts[symbol]) { sum += Int128(fundingColumn[s]) }
        }
        return sum
    }

    /// Σ cost over every position (for the conservation invariant; O(n)).
    public func totalCost() -> Int128 {
        var sum: Int128 = 0
        for symbol in 0..<symbolCapacity {
            let start = segmentStart(symbol)
            for s in start..<(start + counts[symbol]) { sum += Int128(costColumn[s]) }
        }
        return sum
    }
}
