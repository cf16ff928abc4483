/// Everything ``OrderManager`` is configured with at construction.
///
/// - Memory: a value type.
public struct OrderManagerConfiguration: Sendable {
    /// The client order id prefix (1–16 characters of Binance's alphabet); orders with it are "ours".
    public var clientOrderIdPrefix: String
    /// The first counter value of client order ids.
    public var clientOrderIdStart: UInt64
    /// How long actions are collected before they may be sent (ms, default 10).
    public var collectionWindowMilliseconds: Int64
    /// An order is kept when its price is within this many ticks of an intent's.
    public var priceToleranceTicks: Int64
    /// An order is kept when its open quantity is within this many steps of an intent's.
    public var quantityToleranceSteps: Int64
    /// True when the exchange lets a LIMIT order's price and quantity be modified (Binance does).
    public var modifyAllowed: Bool
    /// The time in force of new orders (default GTC; a maker that must never take uses post-only, GTX).
    public var timeInForce: OMSTimeInForce
    /// Places per batch (Binance `POST /fapi/v1/batchOrders`: 5).
    public var maxPlacesPerBatch: Int
    /// Cancels per batch (Binance `DELETE /fapi/v1/batchOrders`: 10).
    public var maxCancelsPerBatch: Int
    /// Modifies per batch (Binance `PUT /fapi/v1/batchOrders`: 5).
    public var maxModifiesPerBatch: Int
    /// Reconciliation resolves a local order the exchange does not know only when it is older than this (ms).
    public var reconciliationGraceMilliseconds: Int64
    /// Pre-trade risk limits that are not per symbol.
    public var risk: RiskConfiguration
    /// The exchange's request limits.
    public var rateLimits: RateLimitConfiguration

    /// Creates a configuration with Binance USDⓈ-M defaults.
    public init(clientOrderIdPrefix: String, clientOrderIdStart: UInt64 = 1, collectionWindowMilliseconds: Int64 = 10,
                priceToleranceTicks: Int64 = 0, quantityToleranceSteps: Int64 = 0, modifyAllowed: Bool = true,
                timeInForce: OMSTimeInForce = .goodTillCanceled,
                maxPlacesPerBatch: Int = 5, maxCancelsPerBatch: Int = 10, maxModifiesPerBatch: Int = 5,
                reconciliationGraceMilliseconds: Int64 = 5_000, risk: RiskConfiguration = RiskConfiguration(),
                rateLimits: RateLimitConfiguration = RateLimitConfiguration()) {
        self.clientOrderIdPrefix = clientOrderIdPrefix
        self.clientOrderIdStart = clientOrderIdStart
        self.collectionWindowMilliseconds = collectionWindowMilliseconds
        self.priceToleranceTicks = priceToleranceTicks
        self.quantityToleranceSteps = quantityToleranceSteps
        self.modifyAllowed = modifyAllowed
        self.timeInForce = timeInForce
        self.maxPlacesPerBatch = maxPlacesPerBatch
        self.maxCancelsPerBatch = maxCancelsPerBatch
        self.maxModifiesPerBatch = maxModifiesPerBatch
        self.reconciliationGraceMilliseconds = reconciliationGraceMilliseconds
        self.risk = risk
        self.rateLimits = rateLimits
    }
}

/// Running totals of the OMS, for monitoring and tests.
///
/// - Memory: a value type; owns one small dictionary.
public struct OMSCounters: Sendable, Hashable {
    /// New orders handed to the caller in requests.
    public var placed = 0
    /// Modifies handed to the caller in requests.
    public var modified = 0
    /// Cancels handed to the caller in requests.
    public var cancelsSent = 0
    /// Orders that ended canceled (by the exchange, locally before sending, or by reconciliation).
    public var canceled = 0
    /// Orders that ended filled.
    public var filled = 0
    /// Orders the exchange rejected.
    public var rejected = 0
    /// Orders that ended expired.
    public var expired = 0
    /// Reports that changed an order.
    public var reportsApplied = 0
    /// Reports that repeated what the OMS knew.
    public var duplicateReports = 0
    /// Reports older than what the OMS knew.
    public var staleReports = 0
    /// Reports about orders the OMS does not manage.
    public var unknownReports = 0
    /// Fill quantity bookings (one per report or trade that raised a cumulative filled quantity).
    public var fills = 0
    /// API errors by class.
    public var errors: [OMSErrorClass: Int] = [:]
    /// Intents refused by risk, by reason.
    public var refused: [RiskRefusal: Int] = [:]
}

/// What ``OrderManager/setQuotes(symbol:_:now:)`` did with a set of intents.
///
/// - Memory: a value type; owns its arrays.
public struct QuoteDecision: Sendable, Hashable {
    /// An intent risk refused, with the reason.
    public struct Refused: Sendable, Hashable {
        /// The intent.
        public var intent: QuoteIntent
        /// Why it was refused.
        public var reason: RiskRefusal
    }
    /// Intents already served by a live or pending order (no action).
    public var kept = 0
    /// Client order ids of the new orders queued.
    public var placed: [String] = []
    /// Client order ids of the orders a modify was queued for.
    public var modified: [String] = []
    /// Client order ids of the orders a cancel was queued for (or dropped before sending).
    public var canceled: [String] = []
    /// Intents risk refused (a refused modify also cancels its order).
    public var refused: [Refused] = []

    /// An empty decision.
    public init() {}

    /// Empties the decision, keeping the arrays' capacity.
    public mutating func removeAll() {
        kept = 0
        placed.removeAll(keepingCapacity: true)
        modified.removeAll(keepingCapacity: true)
        canceled.removeAll(keepingCapacity: true)
        refused.removeAll(keepingCapacity: true)
    }
}

/// What ``OrderManager/apply(_:now:)`` made of a report.
public enum ReportOutcome: String, Sendable, Hashable {
    /// The report changed the order (state, terms or fills).
    case applied
    /// The report repeated what the OMS knew.
    case duplicate
    /// The report was older than what the OMS knew.
    case stale
    /// The order is terminal; the report raised its filled quantity only (the exchange's cumulative is truth).
    case lateFill
    /// The OMS does not manage the order; reconciliation will decide (a reconciliation is requested).
    case unknownOrder
}
