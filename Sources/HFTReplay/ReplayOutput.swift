import HFTEngine

/// A symbol as the command file names it: its index in the venue, its grids, and the
/// specification its `SYMBOL` line gave (kept so that a later `ENGINE` line can rebuild
/// the venue before the first order).
public struct ReplaySymbol: Sendable {
    public var name: String
    public var id: SymbolID
    public var tick: StepSize
    public var lot: StepSize
    /// The `addSymbol` specification (money per tick·lot, fees, band, ladder, ...).
    public var spec: VenueSymbolSpec
    /// The `brackets=` rows, if any (a `symbolBrackets` command after the symbol).
    public var brackets: [MarginBracket]

    /// The price `ticks` in the symbol's decimals.
    func price(_ ticks: Int64) -> String { tick.format(steps: ticks) }
    /// The quantity `lots` in the symbol's decimals.
    func quantity(_ lots: Int64) -> String { lot.format(steps: lots) }
}

/// Formats venue events as command-file output lines (`ACCEPTED 1`, `TRADE BTC 1 2 100.5 3`,
/// `LIQUIDATION account=...`): the printing half of the translator.
public enum ReplayFormat {
    /// The output line of an order event (`accepted` ... `amended`), or `nil` for other
    /// kinds; `symbol` is the event's symbol (`nil` for rejects of unknown orders).
    public static func orderLine(_ event: VenueEvent, symbol: ReplaySymbol?) -> String? {
        func price(_ ticks: Int64) -> String { symbol?.price(ticks) ?? String(ticks) }
        func quantity(_ lots: Int64) -> String { symbol?.quantity(lots) ?? String(lots) }
        switch event.kind {
        case .accepted:
            return "ACCEPTED \(event.a)"
        case .rejected:
            return "REJECTED \(event.a) \(event.rejectReason?.wireName ?? "UNKNOWN")"
        case .trade:
            return "TRADE \(symbol?.name ?? "?") \(event.b) \(event.a) \(price(event.d)) \(quantity(event.e))"
        case .expired:
            return "EXPIRED \(event.a) \(ExpireReason(rawValue: event.code)?.wireName ?? "UNKNOWN") \(quantity(event.c))"
        case .canceled:
            return "CANCELED \(event.a) \(quantity(event.c))"
        case .amended:
            return "AMENDED \(event.a) \(price(event.b)) \(quantity(event.c))"
        default:
            return nil
        }
    }

    /// The output line of a liquidation step (fields in `Docs/liquidation.md`).
    public static func liquidationLine(_ e: VenueEvent, symbol: ReplaySymbol?, money: (Int64) -> String) -> String {
        let name = symbol?.name ?? "-"
        func price(_ ticks: Int64) -> String { symbol?.price(ticks) ?? String(ticks) }
        func quantity(_ lots: Int64) -> String { symbol?.quantity(lots) ?? String(lots) }
        let side = e.side == .buy ? "BUY" : "SELL"
        let fund = "fund=\(money(e.g))"
        let (counterAccount, lots, filled, limit, amount, mark) = (e.a, e.b, e.c, e.d, e.e, e.f)
        switch LiquidationEvent.Step(rawValue: e.code) {
        case .cancel:
            return "CANCELED \(amount) \(quantity(lots))"
        case .fill:
            return "TRADE \(name) \(amount) \(filled) \(price(limit)) \(quantity(lots))"
        case .order:
            return "LIQUIDATION account=\(e.account) sym=\(name) side=\(side) qty=\(quantity(lots)) "
                + "filled=\(quantity(filled)) price=\(price(limit)) mark=\(price(mark)) "
                + "mode=\(e.flags & 1 != 0 ? "ISOLATED" : "CROSS") partial=\(e.flags & 2 != 0 ? 1 : 0) order=\(amount)"
        case .fee:
            return "INSURANCE kind=FEE account=\(e.account) sym=\(name) qty=\(quantity(lots)) amount=\(money(amount)) \(fund)"
        case .takeover:
            return "INSURANCE kind=TAKEOVER account=\(e.account) sym=\(name) side=\(side) qty=\(quantity(lots)) "
                + "price=\(price(limit)) mark=\(price(mark)) loss=\(money(amount)) \(fund)"
        case .deficit:
            return "INSURANCE kind=DEFICIT account=\(e.account) paid=\(money(amount)) uncovered=\(money(filled)) \(fund)"
        case .unwind:
            return "INSURANCE kind=UNWIND sym=\(name) side=\(side) qty=\(quantity(lots)) filled=\(quantity(filled)) "
                + "limit=\(price(limit)) mark=\(price(mark)) pnl=\(money(amount)) \(fund)"
        case .adl:
            return "ADL account=\(e.account) sym=\(name) side=\(side) qty=\(quantity(lots)) price=\(price(limit)) "
                + "mark=\(price(mark)) liquidated=\(counterAccount) rank=\(amount)"
        case nil:
            return "LIQUIDATION step=\(e.code)"
        }
    }
}
