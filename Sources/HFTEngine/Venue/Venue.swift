/// The exchange as one value: a deterministic state machine that owns the matching engine,
/// the risk core, the perpetual rules of every symbol (mark, premium, funding, circuit
/// breaker) and the liquidation engine. It is the only thing a host needs to hold.
///
/// Input is ``VenueCommand`` (fixed 128-byte records stamped by the caller with a sequence
/// number and a time), output is ``VenueEvent`` (fixed records in the caller's
/// ``VenueEventBuffer``); ``apply(_:into:)`` never allocates, never traps on a command from
/// outside (a bad one gets a typed reject event) and reads no clock: the state is a pure
/// function of the commands, so the journal is the command list, recovery is snapshot +
/// apply, and a replica is apply on another machine. Read-only queries write into caller
/// buffers (`Venue+Queries.swift`); ``stateHash`` digests the whole state.
///
/// With ``VenueConfiguration/riskEnabled`` off the venue is matching alone (no accounts,
/// margin or fees), as `ENGINE risk=off` of the command files.
///
/// One venue is single-threaded: one thread (the sequencer) calls `apply`.
///
/// - Complexity: O(1) per order command plus O(1) per event, except funding (O(positions
///   of the symbol)), the full scan (O(accounts)) and the liquidations a price causes.
/// - Memory: every store is allocated in `init` from the ``VenueConfiguration`` and freed
///   in `deinit`; the venue owns it all.
public struct Venue: ~Copyable {
    public let configuration: VenueConfiguration
    @usableFromInline var matching: MatchingEngine
    @usableFromInline var risk: RiskCore
    @usableFromInline var liquidation: LiquidationEngine
    /// The perpetual rules and circuit breaker of each symbol (`symbolCount` initialised).
    @usableFromInline let symbols: UnsafeMutablePointer<VenueSymbol>
    /// The matching engine's events of the current order command.
    @usableFromInline var orderEvents: EventBuffer
    /// What clearing did for each trade event of ``orderEvents`` (same index).
    @usableFromInline let clearings: UnsafeMutablePointer<TradeClearing>
    /// Accounts and positions changed by the current command (see `Venue+Touched.swift`).
    /// Not `@usableFromInline`: no inlinable code uses it, and a serialized setter would
    /// inline `TouchedAccounts`' internal deinit, which crashes Swift 6.3.1's release
    /// optimizer ("Should never be inlining a resilient function into a fragile function").
    var touched: TouchedAccounts
    /// Accounts halted by a halt or kill switch of account scope.
    @usableFromInline let accountHalted: UnsafeMutablePointer<Bool>
    /// Scratch for triggered accounts and for the book depth of the premium index.
    @usableFromInline let crossed: UnsafeMutablePointer<Int32>
    @usableFromInline let crossedCapacity: Int
    @usableFromInline let depthLevels: UnsafeMutablePointer<BookLevel>
    @usableFromInline let depthPrices: UnsafeMutablePointer<Int64>
    @usableFromInline let depthLots: UnsafeMutablePointer<Int64>
    @usableFromInline let depthCapacity: Int
    /// The number of symbols added.
    public internal(set) var symbolCount: Int
    /// The sequence number and time of the last command applied (0 before the first).
    public internal(set) var lastSequence: UInt64
    public internal(set) var lastTimestamp: Int64
    /// Commands applied.
    public internal(set) var commandCount: UInt64
    /// ``PositionStore/slotChanges`` when the current command began (see
    /// ``publishOrderEvents(into:)``).
    var slotChangesBeforeCommand: UInt64

    /// An empty venue with the capacities of `configuration`, all allocated now.
    ///
    /// - Throws: ``VenueConfigurationError`` naming the first setting out of range;
    ///   nothing is allocated then.
    public init(configuration: VenueConfiguration) throws(VenueConfigurationError) {
        try configuration.validate()
        let book = try Venue.make(configuration.engineConfiguration)
        let core = try Venue.make(configuration.riskConfiguration)
        let liquidator = try Venue.make(configuration.liquidationConfiguration, risk: core)
        let scratch = try Venue.make(eventCapacity: configuration.orderEventCapacity)
        self.configuration = configuration
        matching = book
        risk = core
        liquidation = liquidator
        orderEvents = scratch
        symbols = .allocate(capacity: configuration.maxSymbols)
        clearings = .allocate(capacity: configuration.orderEventCapacity)
        let accountCount = risk.accounts.capacity
        touched = TouchedAccounts(accountCapacity: accountCount, listCapacity: configuration.eventBudget)
        let users = configuration.riskEnabled ? configuration.userAccounts : 1
        accountHalted = .allocate(capacity: users)
        accountHalted.initialize(repeating: false, count: users)
        crossedCapacity = 2 * (configuration.riskEnabled ? configuration.positionsPerSymbol : 1)
        crossed = .allocate(capacity: crossedCapacity)
        depthCapacity = min(configuration.maxPriceLevels, 1 << 16)
        depthLevels = .allocate(capacity: depthCapacity)
        depthPrices = .allocate(capacity: depthCapacity)
        depthLots = .allocate(capacity: depthCapacity)
        symbolCount = 0
        lastSequence = 0
        lastTimestamp = 0
        commandCount = 0
        slotChangesBeforeCommand = 0
    }

    static func make(_ c: EngineConfiguration) throws(VenueConfigurationError) -> MatchingEngine {
        do { return try MatchingEngine(configuration: c) } catch { throw .matching(error) }
    }

    static func make(_ c: RiskConfiguration) throws(VenueConfigurationError) -> RiskCore {
        do { return try RiskCore(c) } catch { throw .risk(error) }
    }

    static func make(_ c: LiquidationConfiguration, risk: borrowing RiskCore) throws(VenueConfigurationError) -> LiquidationEngine {
        do { return try LiquidationEngine(configuration: c, risk: risk) } catch { throw .liquidation(error) }
    }

    static func make(eventCapacity: Int) throws(VenueConfigurationError) -> EventBuffer {
        do { return try EventBuffer(capacity: eventCapacity) } catch { throw .matching(error) }
    }

    deinit {
        symbols.deinitialize(count: symbolCount)
        symbols.deallocate()
        clearings.deallocate()
        accountHalted.deallocate()
        crossed.deallocate()
        depthLevels.deallocate()
        depthPrices.deallocate()
        depthLots.deallocate()
    }

    /// A buffer with room for the events of `commands` commands (each up to the
    /// configuration's ``VenueConfiguration/eventBudget``).
    public func makeEventBuffer(commands: Int = 1) -> VenueEventBuffer {
        // The budget was validated (≤ 2^28), so the capacity is in range.
        try! VenueEventBuffer(capacity: max(1, commands) * configuration.eventBudget)
    }

    /// Applies one command: its events are appended to `events`, each stamped with the
    /// command's sequence number and time.
    ///
    /// If `events` has less room than ``VenueConfiguration/eventBudget``, the command is
    /// refused with one `commandRejected CAPACITY` event and changes nothing.
    ///
    /// - Complexity: see ``Venue``.
    #if !DEBUG
    @_noAllocation
    #endif
    public mutating func apply(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        let start = events.count
        lastSequence = command.sequence
        lastTimestamp = command.timestamp
        commandCount &+= 1
        if events.remainingCapacity < configuration.eventBudget {
            events.append(VenueEvent(.commandRejected, code: VenueReject.capacity.rawValue, symbol: command.symbol,
                                     account: command.w1, a: command.w0))
        } else {
            touched.begin()
            slotChangesBeforeCommand = risk.positions.slotChanges
            dispatch(command, into: &events)
            publishTouched(into: &events)
        }
        events.stamp(from: start, sequence: command.sequence, timestamp: command.timestamp)
    }

    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    mutating func dispatch(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        switch command.kind {
        case .newOrder: newOrder(command, into: &events)
        case .cancelOrder: cancelOrder(command, into: &events)
        case .amendOrder: amendOrder(command, into: &events)
        case .cancelAll: cancelAll(command, into: &events)
        case .deposit, .withdraw: transfer(command, into: &events)
        case .setLeverage: setLeverage(command, into: &events)
        case .addSymbol: addSymbol(command, into: &events)
        case .symbolBrackets: setBrackets(command, into: &events)
        case .halt, .resume: haltOrResume(command, into: &events)
        case .killSwitch: killSwitch(command, into: &events)
        case .indexPrice: indexPrice(command, into: &events)
        case .markPrice: markPrice(command, into: &events)
        case .settleFunding: settleFunding(command, into: &events)
        case .liquidationScan: liquidationScan(into: &events)
        case .fundInsurance: fundInsurance(command, into: &events)
        }
    }

    /// Appends a `commandRejected` event for `command`.
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    func refuse(_ command: VenueCommand, _ reason: VenueReject, account: Int64 = 0, into events: inout VenueEventBuffer) {
        events.append(VenueEvent(.commandRejected, code: reason.rawValue, flags: command.kind.rawValue,
                                 symbol: command.symbol, account: account, a: command.w0))
    }

    /// True if `symbol` is a symbol of the venue.
    @inlinable @inline(__always)
    func isSymbol(_ symbol: Int32) -> Bool { UInt32(bitPattern: symbol) < UInt32(symbolCount) }
}
