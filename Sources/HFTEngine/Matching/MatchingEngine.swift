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
/// - Memory: every buffer is allocated in `init` and ``addSymbol(_:)`` from the
///   ``EngineConfiguration`` and freed in `deinit`.
public struct MatchingEngine: ~Copyable {
    @usableFromInline var orders: OrderPool
    @usableFromInline var levels: PriceLevelStore
    @usableFromInline var orderIndex: IdMap
    @usableFromInline let books: UnsafeMutablePointer<OrderBook>
    /// Slots of makers filled during one match, retired together (see `retirePending`).
    @usableFromInline let retireScratch: UnsafeMutablePointer<Int32>
    @usableFromInline static var retireScratchCapacity: Int { @_noAllocation get { 128 } }
    /// The number of symbols added so far.
    public private(set) var symbolCount: Int
    public let configuration: EngineConfiguration

    /// An engine with the capacities of `configuration`, all allocated now.
    ///
    /// - Throws: ``ConfigurationError`` naming the first setting out of range (see
    ///   ``EngineConfiguration/validate()``); nothing is allocated then.
    public init(configuration: EngineConfiguration) throws(ConfigurationError) {
        try configuration.validate()
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
    public mutating func addSymbol(_ symbol: SymbolConfiguration) throws(SymbolSetupError) -> SymbolID {
        guard symbolCount < configuration.maxSymbols else { throw .capacityExhausted }
        do { try symbol.validate() } catch { throw .invalidConfiguration(error) }
        let id = SymbolID(Int32(symbolCount))
        (books + symbolCount).initialize(to: OrderBook(symbol: id, configuration: symbol))
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

    /// The configuration `symbol` was added with.
    public func configuration(of symbol: SymbolID) -> SymbolConfiguration? {
        isKnown(symbol) ? book(Int(symbol.index)).pointee.configuration : nil
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
