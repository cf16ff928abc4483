import HFTEngine

/// A symbol as the command file names it: its engine handle and its grids.
public struct ReplaySymbol: Sendable {
    public var name: String
    public var id: SymbolID
    public var tick: StepSize
    public var lot: StepSize
    /// The `SYMBOL` line's options, kept so that the engine can be rebuilt by a later
    /// `ENGINE` line (before the first order).
    public var configuration: SymbolConfiguration
}

/// Formats engine events as command-file output lines (`ACCEPTED 1`, `TRADE BTC 1 2 100.5 3`).
public enum ReplayFormat {
    /// The output line of `event`; `symbol` is the symbol of the event (needed for prices,
    /// quantities and names; `nil` for rejects of unknown orders).
    public static func line(_ event: ExecutionEvent, symbol: ReplaySymbol?) -> String {
        func price(_ p: Price) -> String { symbol.map { $0.tick.format(steps: p.ticks) } ?? String(p.ticks) }
        func quantity(_ q: Quantity) -> String { symbol.map { $0.lot.format(steps: q.lots) } ?? String(q.lots) }
        switch event.kind {
        case .accepted:
            return "ACCEPTED \(event.orderId)"
        case .rejected:
            return "REJECTED \(event.orderId) \(event.rejectReason?.wireName ?? "UNKNOWN")"
        case .trade:
            return "TRADE \(symbol?.name ?? "?") \(event.makerOrderId) \(event.takerOrderId) \(price(event.price)) \(quantity(event.quantity))"
        case .expired:
            return "EXPIRED \(event.orderId) \(event.expireReason?.wireName ?? "UNKNOWN") \(quantity(event.quantity))"
        case .canceled:
            return "CANCELED \(event.orderId) \(quantity(event.quantity))"
        case .amended:
            return "AMENDED \(event.orderId) \(price(event.price)) \(quantity(event.quantity))"
        }
    }
}
