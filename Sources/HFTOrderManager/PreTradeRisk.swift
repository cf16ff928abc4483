/// Pre-trade risk: the one gate every new order and every modify of ``OrderManager`` passes.
///
/// It owns the trading state, the order-rate window and the error-rate window; the book's
/// figures come in as a ``SymbolExposure``. Checks, in order: trading state, the symbol's
/// grid and minimums, price collar, order notional, open orders, position notional with the
/// worst case of open orders, order rate. The first failing check is the refusal.
///
/// - Complexity: ``check(side:price:quantity:isNewOrder:rules:limits:exposure:now:)`` O(1)
///   amortized (the rate window drops timestamps older than a second);
///   ``recordError(class:now:)`` O(1) amortized.
/// - Memory: a value type owning two timestamp arrays bounded by the configured rates.
public struct PreTradeRisk: Sendable {
    /// The configuration.
    public var configuration: RiskConfiguration
    /// The current trading state.
    public internal(set) var tradingState: TradingState = .active
    /// True when the kill switch was thrown (cleared by ``resume()``).
    public internal(set) var killSwitchActive = false

    /// Times (ms) of the orders accepted in the last second, oldest first.
    var orderTimes: [Int64] = []
    var orderTimesHead = 0
    /// Times (ms) of the errors in the error window, oldest first.
    var errorTimes: [Int64] = []
    var errorTimesHead = 0

    /// Creates risk in the `active` state.
    public init(configuration: RiskConfiguration) {
        self.configuration = configuration
    }

    /// Checks one order (`isNewOrder`) or a modify (`!isNewOrder`: the order is not counted
    /// again in `exposure`); on success the order counts toward the order rate.
    public mutating func check(side: OMSSide, price: Int64, quantity: Int64, isNewOrder: Bool, rules: SymbolRules,
                               limits: SymbolRiskLimits, exposure: SymbolExposure, now: Int64) -> RiskRefusal? {
        // Trading state. Reducing only: the worst case of the position after every open
        // order of this side and this one fills must not grow in size nor flip.
        switch tradingState {
        case .halted: return .halted
        case .reducingOnly:
            let worst = side == .buy
                ? exposure.position + exposure.openBuyQuantity + quantity
                : exposure.position - exposure.openSellQuantity - quantity
            let reduces = side == .buy ? (exposure.position < 0 && worst <= 0) : (exposure.position > 0 && worst >= 0)
            if !reduces { return .reducingOnly }
        case .active: break
        }
        guard price > 0, price % rules.tickSize == 0 else { return .invalidPrice }
        guard quantity > 0, quantity % rules.stepSize == 0 else { return .invalidQuantity }
        guard quantity >= rules.minQuantity else { return .belowMinimumQuantity }
        let notional = SymbolRules.notional(price: price, quantity: quantity)
        guard notional >= rules.minNotional else { return .belowMinimumNotional }
        if let bps = limits.collarBasisPoints {
            guard let reference = exposure.referencePrice, reference > 0 else { return .noReferencePrice }
            let distance = Int128(price - reference).magnitude * 10_000
            if distance > UInt128(bps) * UInt128(reference) { return .outsideCollar }
        }
        if let maxOrder = limits.maxOrderNotional, notional > maxOrder { return .orderNotionalTooLarge }
        if isNewOrder, let maxOpen = limits.maxOpenOrders, exposure.openOrders >= maxOpen { return .tooManyOpenOrders }
        if let maxPosition = limits.maxPositionNotional {
            let worst = side == .buy
                ? Int128(exposure.position) + Int128(exposure.openBuyQuantity) + Int128(quantity)
                : Int128(exposure.position) - Int128(exposure.openSellQuantity) - Int128(quantity)
            let valuation = Int128(max(price, exposure.referencePrice ?? price))
            if worst.magnitude * valuation.magnitude > maxPosition.magnitude { return .positionNotionalTooLarge }
        }
        if let maxRate = configuration.maxOrdersPerSecond {
            Self.drop(&orderTimes, head: &orderTimesHead, before: now - 1_000)
            if orderTimes.count - orderTimesHead >= maxRate { return .orderRateExceeded }
            orderTimes.append(now)
        }
        return nil
    }

    /// Records one API error; when more than `maxErrorsInWindow` fall within the window the
    /// trading state moves to `errorTripState` (never to a milder state). Returns true when
    /// this error tripped it.
    @discardableResult
    public mutating func recordError(class errorClass: OMSErrorClass, now: Int64) -> Bool {
        guard configuration.errorTripClasses.contains(errorClass) else { return false }
        errorTimes.append(now)
        Self.drop(&errorTimes, head: &errorTimesHead, before: now - configuration.errorWindowMilliseconds)
        guard errorTimes.count - errorTimesHead > configuration.maxErrorsInWindow,
              tradingState < configuration.errorTripState else { return false }
        tradingState = configuration.errorTripState
        return true
    }

    /// The errors inside the window as of the last recorded error.
    public var errorsInWindow: Int { errorTimes.count - errorTimesHead }

    /// Sets the trading state by hand (the kill switch overrides: while it is active the state stays halted).
    public mutating func setTradingState(_ state: TradingState) {
        tradingState = killSwitchActive ? .halted : state
    }

    /// Throws the kill switch: halted until ``resume()``.
    public mutating func activateKillSwitch() {
        killSwitchActive = true
        tradingState = .halted
    }

    /// Releases the kill switch and returns to `active`, forgetting past errors.
    public mutating func resume() {
        killSwitchActive = false
        tradingState = .active
        errorTimes.removeAll(keepingCapacity: true)
        errorTimesHead = 0
    }

    /// Drops the times before `limit` from the front (amortized O(1); compacts when half is dead).
    static func drop(_ times: inout [Int64], head: inout Int, before limit: Int64) {
        while head < times.count, times[head] < limit { head += 1 }
        if head > 64, head * 2 > times.count {
            times.removeFirst(head)
            head = 0
        }
    }
}
