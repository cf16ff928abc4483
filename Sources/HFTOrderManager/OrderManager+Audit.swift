import Logging

/// The kinds of event the OMS writes to its audit log: the log message of each event is the
/// raw value, and every event carries `now` (the caller's time, ms) in its metadata.
public enum AuditEvent: String, Sendable, CaseIterable {
    /// A symbol's full set of intents (`setQuotes`).
    case intents = "oms.intents"
    /// An intent refused by risk.
    case riskRefusal = "oms.risk.refused"
    /// An action queued (place, modify, cancel).
    case actionQueued = "oms.action.queued"
    /// A request handed to the caller.
    case request = "oms.request"
    /// A request's outcome reported by the caller.
    case requestOutcome = "oms.request.outcome"
    /// An execution report (stream, reply or query) and what the OMS made of it.
    case report = "oms.report"
    /// An order's state changed.
    case stateChange = "oms.order.state"
    /// A fill was booked or attributed.
    case fill = "oms.fill"
    /// An API error.
    case apiError = "oms.api.error"
    /// The trading state changed (by hand, kill switch, error rate).
    case tradingState = "oms.trading.state"
    /// A reconciliation's repairs.
    case reconciliation = "oms.reconcile"
    /// The rate limiter changed (headers, 429, 418).
    case rateLimit = "oms.ratelimit"
}

extension OrderManager {
    /// Writes one audit event; the metadata is built only when the logger's level lets the event through.
    @inline(__always)
    func audit(_ event: AuditEvent, _ level: Logger.Level = .info, now: Int64,
               _ metadata: @autoclosure () -> Logger.Metadata) {
        guard level >= auditLevel else { return }
        logger.log(level: level, Logger.Message(stringLiteral: event.rawValue), metadata: {
            var m = metadata()
            m["now"] = .stringConvertible(now)
            return m
        }())
    }

    /// Logs a state change of the order in `slot`.
    func auditState(_ slot: Int, from old: OrderState, now: Int64, reason: @autoclosure () -> String) {
        audit(.stateChange, now: now, ["clientOrderId": .string(orders[slot].clientOrderId), "symbol": .string(orders[slot].symbol),
                                       "from": .string(old.rawValue), "to": .string(orders[slot].state.rawValue),
                                       "reason": .string(reason())])
    }
}
