/// A multi-symbol, price-time-priority matching engine: one ``OrderBook`` per symbol, all
/// resting orders in one fixed ``OrderPool``, all price levels in one ``PriceLevelStore``,
/// and one order-id index (``IdMap``) for the whole engine, so order ids are unique over
/// all symbols.
///
/// Commands (``submit(_:into:)``, ``cancel(orderId:into:)``,
/// ``amend(orderId:price:quantity:into:)``) write their outcome as ``ExecutionEvent``
/// records into the caller's ``EventBuffer``, in the order the command-file spec
/// prescribes. They never trap on input: every bad request becomes a typed
/// ``RejectReason``. They allocate nothing (`@_noAllocation`, checked by the compiler).
///
/// One engine is single-threaded and deterministic: its state is a pure function of the
/// commands it was given. Market data leaves through ``MarketDataFeed``.
///
/// - Memory: every buffer is allocated in `init` from the ``EngineConfiguration`` and
///   freed in `deinit`; ``addSymbol(_:)`` allocates nothing. The price ladders of all
///   `maxSymbols` books are one ``ReservedMemory`` region of `maxSymbols ×`
///   ``PriceLadder/reservedBytes(maxTicks:)`` (for ``EngineConfiguration/maxLadderTicks``)
///   bytes of address space, reserved in `init` and unmapped in `deinit`; a symbol's ladder
///   is its slot of that region, and only the pages where its levels have been cost memory.
public struct MatchingEngine: ~Copyable {
    @usableFromInline var orders: OrderPool
    @usableFromInline var levels: PriceLevelStore
    @usableFromInline var orderIndex: IdMap
    @usableFromInline let books: UnsafeMutablePointer<OrderBook>
    /// The ladders of all books: slot `s` (``PriceLadder/reservedBytes(maxTicks:)`` bytes at
    /// `s ×` that) belongs to symbol `s`. Declared after `books`, so it is unmapped after the
    /// books are gone.
    let ladderMemory: ReservedMemory
    /// Slots of makers filled during one match, retired together (see `retirePending`).
    @usableFromInline let retireScratch: UnsafeMutablePointer<Int32>
    @usableFromInline static var retireScratchCapacity: Int { @_noAllocation get { 128 } }
    /// The number of symbols added so far.
    public private(set) var symbolCount: Int
    public let configuration: EngineConfiguration

    /// An engine with the capacities of `configuration`, all allocated now.
    ///
    /// - Throws: ``ConfigurationError`` naming the first setting out of range (see
    ///   ``EngineConfiguration/validate()``), or ``ConfigurationError/systemResource(field:code:)``
    ///   (`"maxLadderTicks"`) when the kernel refuses the ladder reservation; nothing is
    ///   allocated then.
    public init(configuration: EngineConfiguration) throws(ConfigurationError) {
        try configuration.validate()
        ladderMemory = try ReservedMemory(
            byteCount: configuration.maxSymbols * PriceLadder.reservedBytes(maxTicks: configuration.maxLadderTicks),
            field: "maxLadderTicks")
        self.configuration = configuration
        orders = OrderPool(validatedCapacity: configuration.maxOrders)
        levels = PriceLevelStore(validatedCapacity: configuration.maxPriceLevels)
        orderIndex = IdMap(validatedCapacity: configuration.maxOrders, maxLoadFactor: configuration.idIndexLoadFactor,
                           seed: 0x5EED_0F0D_E125)
        books = .allocate(capacity: configuration.maxSymbols)
        retireScratch = .allocate(capacity: MatchingEngine.retireScratchCapacity)
        symbolCount = 0
    }

    deinit {
        books.deinitialize(count: symbolCount)
        books.deallocate()
        retireScratch.deallocate()
    }

    /// Adds a symbol and returns its handle (0, 1, 2, ... in order of addition).
    ///
    /// The book's ladder is the symbol's slot of the engine's reservation, still zero
    /// (empty): this writes only the book record and the ladder bitmaps' geometry.
    ///
    /// - Complexity: O(1). Allocates nothing (`@_noAllocation` in release builds).
    /// - Throws: ``SymbolSetupError/capacityExhausted`` when `maxSymbols` symbols exist;
    ///   ``SymbolSetupError/invalidConfiguration(_:)`` for a setting out of range, including
    ///   a ``SymbolConfiguration/ladderTicks`` above ``EngineConfiguration/maxLadderTicks``.
    #if !DEBUG
    @_noAllocation
    #endif
    public mutating func addSymbol(_ symbol: SymbolConfiguration) throws(SymbolSetupError) -> SymbolID {
        guard symbolCount < configuration.maxSymbols else { throw .capacityExhausted }
        let maxTicks = configuration.maxLadderTicks
        let ticks = symbol.ladderTicks, maxNotional = symbol.maxNotional.units, band = symbol.bandPartsPerMillion ?? 0
        guard let id = addBook(ladderTicks: ticks, notionalScale: symbol.notionalScale, maxNotional: symbol.maxNotional,
                               bandPartsPerMillion: symbol.bandPartsPerMillion)
        else {
            // Cold path. The error names its field with a string literal: literals are
            // immortal, so building and dropping one neither allocates nor frees, but the
            // checker cannot tell a literal from a heap string.
            throw _unsafePerformance {
                SymbolSetupError.invalidConfiguration(SymbolConfiguration.firstInvalidSetting(
                    ladderTicks: ticks, maxNotional: maxNotional, band: band, maxLadderTicks: maxTicks)!)
            }
        }
        return id
    }

    /// ``addSymbol(_:)`` from the book's rules alone, returning `nil` instead of throwing
    /// (when `maxSymbols` symbols exist or a rule is out of range): the form a host's
    /// allocation-free state machine uses (``Venue``), since a ``SymbolConfiguration`` and a
    /// ``SymbolSetupError`` carry strings. `bandPartsPerMillion` `nil`: no band.
    ///
    /// - Complexity: O(1). Allocates nothing.
    #if !DEBUG
    @_noAllocation
    #endif
    public mutating func addBook(ladderTicks ticks: Int, notionalScale: NotionalScale, maxNotional: Money,
                                 bandPartsPerMillion: Int64?) -> SymbolID? {
        guard symbolCount < configuration.maxSymbols else { return nil }
        let maxTicks = configuration.maxLadderTicks
        guard SymbolConfiguration.isValid(ladderTicks: ticks, maxNotional: maxNotional.units, band: bandPartsPerMillion ?? 0,
                                          maxLadderTicks: maxTicks) else { return nil }
        let id = SymbolID(Int32(symbolCount))
        let memory = ladderMemory.base + symbolCount * PriceLadder.reservedBytes(maxTicks: maxTicks)
        (books + symbolCount).initialize(to: OrderBook(
            symbol: id, notionalScale: notionalScale, maxNotional: maxNotional.units,
            bandPartsPerMillion: bandPartsPerMillion ?? -1,
            ladder: PriceLadder(size: ticks, memory: memory, maxSize: maxTicks)))
        symbolCount += 1
        return id
    }

    /// The book of a valid symbol index.
    @inlinable @_noAllocation @inline(__always)
    func book(_ index: Int) -> UnsafeMutablePointer<OrderBook> { books + index }

    /// True if `symbol` is a handle of this engine.
    @inlinable @_noAllocation @inline(__always)
    public func isKnown(_ symbol: SymbolID) -> Bool {
        UInt32(bitPattern: symbol.index) < UInt32(symbolCount)
    }

    /// The rules `symbol` was added with: ladder size, notional scale, maximum notional and
    /// band. The engine keeps no names (see ``OrderBook``): `name` is empty.
    public func configuration(of symbol: SymbolID) -> SymbolConfiguration? {
        guard isKnown(symbol) else { return nil }
        let book = self.book(Int(symbol.index))
        return SymbolConfiguration(
            name: "", ladderTicks: book.pointee.ladder.size, notionalScale: book.pointee.notionalScale,
            maxNotional: Money(units: book.pointee.maxNotional),
            bandPartsPerMillion: book.pointee.bandPartsPerMillion < 0 ? nil : book.pointee.bandPartsPerMillion)
    }

    // MARK: Hooks for the risk layer

    /// Sets the reference (mark) price that the symbol's price band is measured from;
    /// `nil` removes it (no band check then).
    public mutating func setReferencePrice(_ price: Price?, for symbol: SymbolID) {
        guard isKnown(symbol) else { return }
        book(Int(symbol.index)).pointee.referencePrice = max(price?.ticks ?? 0, 0)
    }

    /// The reference price of `symbol`, if one is set.
    public func referencePrice(of symbol: SymbolID) -> Price? {
        guard isKnown(symbol) else { return nil }
        let ticks = book(Int(symbol.index)).pointee.referencePrice
        return ticks > 0 ? Price(ticks: ticks) : nil
    }

    /// Halts or resumes a symbol: while halted, new orders and amends are `HALTED`.
    public mutating func setHalted(_ halted: Bool, for symbol: SymbolID) {
        guard isKnown(symbol) else { return }
        book(Int(symbol.index)).pointee.halted = halted
    }

    /// True if `symbol` is halted.
    public func isHalted(_ symbol: SymbolID) -> Bool {
        isKnown(symbol) && book(Int(symbol.index)).pointee.halted
    }

    // MARK: Orders

    /// A copy of the live order `id`, or `nil` if no such order rests.
    @inlinable @_noAllocation
    public func order(_ id: Int64) -> OrderRecord? {
        guard let slot = orderIndex.find(id) else { return nil }
        return orders.record(slot).pointee
    }

    /// The number of resting orders over all symbols.
    @inlinable public var restingOrderCount: Int { orders.liveCount }

    /// The number of non-empty price levels over all symbols.
    @inlinable public var priceLevelCount: Int { levels.liveCount }
}
