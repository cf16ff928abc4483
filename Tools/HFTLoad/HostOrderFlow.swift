import HFTEngine
import HFTVenueServer

/// The orders of `--mode host` as venue commands: the legs of ``OrderFlow`` (the
/// configuration's first two accounts, the symbol's minimum quantity at its initial price),
/// so that orders rest and fill. The host gives each order its id (the command's sequence).
struct HostOrderFlow: Sendable {
    let symbol: SymbolID
    let price: Price
    let quantity: Quantity
    let accounts: [Int64]

    /// The flow on symbol `name` of a resolved configuration; nil without that symbol or two accounts.
    init?(_ resolved: ResolvedVenueService, symbol name: String) {
        guard resolved.accounts.count >= 2, let spec = resolved.symbols.first(where: { $0.name == name }) else { return nil }
        symbol = SymbolID(spec.spec.index)
        price = Price(ticks: spec.initialPriceTicks)
        quantity = Quantity(lots: spec.minQuantityLots)
        accounts = resolved.accounts.prefix(2).map(\.index)
    }

    /// Order `n` of the flow.
    func order(_ n: Int) -> VenueCommand {
        let (account, buy) = OrderFlow.leg(n)
        return .newOrder(.limit(id: 0, account: accounts[account], symbol: symbol, side: buy ? .buy : .sell, price: price,
                                quantity: quantity))
    }
}
