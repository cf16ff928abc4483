import Logging

/// The strategy-side order manager: intents in, the fewest exchange actions out.
///
/// Every order is in a state machine that tolerates duplicate, late, reordered and missing
/// reports (``apply(_:now:)``); every new order and modify passes pre-trade risk
/// (``PreTradeRisk``); actions are queued, batched and paced by the exchange's limits
/// (``nextRequests(now:)``); reconciliation against the exchange repairs the book
/// (``reconcile(_:now:)``). Every step is written to the audit log (`logger`), one structured
/// event each; ``JSONLinesAuditHandler`` turns them into replayable JSON lines.
///
/// The OMS does no I/O and reads no clock: every entry point takes the caller's `now`
/// (milliseconds since the epoch). It is single-threaded: one owner (an actor of the caller)
/// drives it.
///
/// - Complexity: see each method; the per-symbol figures (open orders, exposure) are
///   O(live orders of the symbol), lookups by id O(1) expected.
/// - Memory: owns its order table (terminal orders are kept for lookups and late reports),
///   per-symbol fill journals, the action queues and the requests in flight; all grow with
///   use (strategy-side code, not the engine's zero-allocation hot path).
public final class OrderManager {
    /// The configuration it was created with (risk and rate-limit parts live on in ``risk`` and ``rateLimiter``).
    public let configuration: OrderManagerConfiguration
    /// The audit log. Its level is read once when it is set (events below it cost one comparison).
    public var logger: Logger {
        didSet { auditLevel = logger.logLevel }
    }
    /// The logger's level, cached: the OMS skips an event below it without touching the handler.
    /// (Read on every event; written only by `logger`'s observer: no dynamic exclusivity check.)
    @exclusivity(unchecked) var auditLevel: Logger.Level
    /// Pre-trade risk (the trading state, the kill switch, the error rate).
    public internal(set) var risk: PreTradeRisk
    /// The exchange's limits.
    public internal(set) var rateLimiter: ExchangeRateLimiter
    /// Running totals.
    public internal(set) var counters = OMSCounters()
    /// True when something happened that only a reconciliation can resolve (an unknown
    /// outcome, an unknown order); ``reconcile(_:now:)`` clears it.
    public internal(set) var reconciliationRequested = false

    var clientOrderIds: ClientOrderIdGenerator
    /// Every order ever managed, by slot; slots are never reused. The hottest field: accessed
    /// without dynamic exclusivity checks (the OMS is single-threaded and never holds an
    /// access to it across a call that touches it again).
    @exclusivity(unchecked) var orders: [ManagedOrder] = []
    var slotByClientOrderId: [String: Int] = [:]
    var slotByExchangeOrderId: [Int64: Int] = [:]
    var books: [String: SymbolBook] = [:]

    var placeQueue: [QueuedAction] = []
    var cancelQueue: [QueuedAction] = []
    var modifyQueue: [QueuedAction] = []
    var flushDeadline: Int64?
    var requestsInFlight: [UInt64: OMSRequest] = [:]
    var nextRequestId: UInt64 = 1
    var quoteScratch = QuoteScratch()

    /// Creates an OMS; throws when the client order id prefix is not valid for Binance.
    public init(configuration: OrderManagerConfiguration, logger: Logger = Logger(label: "hft.oms")) throws(OMSConfigurationError) {
        self.configuration = configuration
        self.logger = logger
        self.auditLevel = logger.logLevel
        self.clientOrderIds = try ClientOrderIdGenerator(prefix: configuration.clientOrderIdPrefix,
                                                         start: configuration.clientOrderIdStart)
        self.risk = PreTradeRisk(configuration: configuration.risk)
        self.rateLimiter = ExchangeRateLimiter(configuration: configuration.rateLimits)
        placeQueue.reserveCapacity(64)
        cancelQueue.reserveCapacity(64)
        modifyQueue.reserveCapacity(64)
    }

    /// Adds (or replaces the rules and limits of) a symbol. O(1).
    public func addSymbol(_ rules: SymbolRules, limits: SymbolRiskLimits) {
        if let book = books[rules.symbol] {
            book.rules = rules
            book.limits = limits
        } else {
            books[rules.symbol] = SymbolBook(rules: rules, limits: limits)
        }
    }

    /// Makes room for `fills` fill bookings of a symbol (its fill journal and its set of seen
    /// trade ids), so that booking them does not allocate. O(fills).
    public func reserveCapacity(symbol: String, fills: Int) {
        guard let book = books[symbol] else { return }
        book.journal.reserveCapacity(fills)
        book.seenTrades.reserveCapacity(fills)
    }

    /// Books a starting position of a symbol, as the exchange reports it at start (Binance
    /// `positionRisk`: `positionAmt`, `entryPrice`), before the OMS trades: `quantity` signed
    /// (quantity units), its cost `|quantity| × averageEntryPrice` (price × quantity units).
    /// It is the first entry of the symbol's fill journal, so later repairs keep it. O(1).
    public func seedPosition(symbol: String, quantity: Int64, averageEntryPrice: Int64, now: Int64) {
        guard let book = books[symbol], quantity != 0 else { return }
        let side: OMSSide = quantity > 0 ? .buy : .sell
        let size = quantity.magnitude > UInt64(Int64.max) ? Int64.max : Int64(quantity.magnitude)
        let quote = SymbolRules.notional(price: averageEntryPrice, quantity: size)
        book.journal.append(FillEntry(slot: -1, side: side, quantity: size, quote: quote, unattributed: 0, estimated: false,
                                      estimatePrice: averageEntryPrice))
        book.ledger.apply(side: side, quantity: size, quote: quote)
        audit(.fill, .notice, now: now, ["symbol": .string(symbol), "seed": .stringConvertible(quantity),
                                         "averageEntryPrice": .stringConvertible(averageEntryPrice)])
    }

    /// Sets the reference price (mid or mark, price units) the collar and the position limit use. O(1).
    public func setReferencePrice(symbol: String, price: Int64) {
        books[symbol]?.referencePrice = price
    }

    /// True when `clientOrderId` was made by this OMS's prefix (the reconciliation policy's test).
    public func isOurs(_ clientOrderId: String) -> Bool { clientOrderIds.isOurs(clientOrderId) }
}

/// The OMS's state of one symbol: rules, limits, reference price, live orders, position and
/// the journal of fill bookings the position is derived from.
///
/// - Memory: owned by ``OrderManager`` (a class so that the OMS mutates it in place through
///   one dictionary lookup); the journal grows by one entry per booking.
final class SymbolBook {
    var rules: SymbolRules
    var limits: SymbolRiskLimits
    var referencePrice: Int64?
    /// Slots of the non-terminal orders.
    var live: [Int] = []
    var ledger = PositionLedger()
    var journal: [FillEntry] = []
    /// The trades booked or attributed, by (trade id, side): both sides of a self-trade carry
    /// the same trade id (Binance `userTrades` lists it once per side), so the id alone is not a key.
    var seenTrades: Set<TradeKey> = []

    init(rules: SymbolRules, limits: SymbolRiskLimits) {
        self.rules = rules
        self.limits = limits
    }
}

/// One booking of filled quantity into a symbol's position, in the order it was booked
/// (`slot` -1: a seeded starting position).
/// `unattributed` is the part no trade id covers yet; when `estimated`, that part's quote is
/// `estimatePrice × unattributed` and a trade that arrives later replaces it exactly.
struct FillEntry {
    var slot: Int
    var side: OMSSide
    var quantity: Int64
    var quote: Int128
    var unattributed: Int64
    var estimated: Bool
    var estimatePrice: Int64
}

/// One side of one trade: the key a fill is counted once by.
struct TradeKey: Hashable {
    var tradeId: Int64
    var side: OMSSide
}

/// An action waiting in a queue, with the time it was queued.
struct QueuedAction {
    var action: OMSAction
    var queuedAt: Int64
}
