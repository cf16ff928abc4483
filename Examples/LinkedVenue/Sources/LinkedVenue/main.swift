import HFTEngine

// A venue with two perpetual symbols: deposits, a resting book, a leveraged long, and a
// falling mark until the long is liquidated through the book. Everything the host knows
// comes from the venue's events; the queries at the end only confirm it.

let configuration = VenueConfiguration(maxOrders: 1 << 12, maxPriceLevels: 1 << 12, maxSymbols: 2,
                                       userAccounts: 1_000, positionsPerSymbol: 1_000, eventBudget: 1 << 14)
var host = try Host(configuration: configuration)

// Symbols: 20x maximum on BTC (default bracket), 0.02% maker and 0.05% taker fees.
host.send(.addSymbol(VenueSymbolSpec(index: Market.btc, moneyPerTickLot: 10_000, bandPartsPerMillion: 100_000, maxLeverage: 20,
                                makerRate: Rate(e8: 20_000), takerRate: Rate(e8: 50_000),
                                impactMarginNotional: 200 * Market.usdt)))
host.send(.addSymbol(VenueSymbolSpec(index: Market.eth, moneyPerTickLot: 10_000, maxLeverage: 20, takerRate: Rate(e8: 50_000))))
host.send(.markPrice(symbol: Market.btc, Price(ticks: 1_000_000)))   // 100,000.0
host.send(.markPrice(symbol: Market.eth, Price(ticks: 300_000)))     // 3,000.00

// A market maker (account 1) with 1M USDT, a trader (account 2) with 600 USDT.
host.send(.deposit(account: 1, amount: Money(units: 1_000_000 * Market.usdt)))
host.send(.deposit(account: 2, amount: Money(units: 600 * Market.usdt)))
host.send(.setLeverage(account: 2, symbol: Market.btc, leverage: 20))

// The maker quotes BTC: 0.1 BTC offered at 100,000.0, bids every 100 USDT below 99,000.
host.send(Market.order(1, 1, Market.btc, .sell, ticks: 1_000_000, lots: 100))
for level in 0..<5 { host.send(Market.order(10 + Int64(level), 1, Market.btc, .buy, ticks: 990_000 - Int64(level) * 1_000, lots: 100)) }
host.send(Market.order(2, 1, Market.eth, .sell, ticks: 300_000, lots: 100))

// The trader buys 0.1 BTC (10,000 USDT notional at 20x: 500 USDT of margin).
host.send(Market.order(100, 2, Market.btc, .buy, ticks: 1_000_000, lots: 100, tif: .ioc))

// The mark falls 1% at a time until the trader is liquidated.
var mark: Int64 = 1_000_000
var liquidated = false
while !liquidated && mark > 900_000 {
    mark -= 10_000
    print("#\(host.sequence + 1) BTCUSDT mark \(mark / 10).\(mark % 10)")
    liquidated = host.send(.markPrice(symbol: Market.btc, Price(ticks: mark)), after: 60)
}

let trader = host.venue.account(2)!
let position = host.venue.position(of: 2, symbol: Market.btc)
print("account 2 after liquidation: balance \(Market.money(trader.balance)), position \(position?.size ?? 0) lots")
print("insurance fund \(Market.money(host.venue.insuranceFund)), money conserved: \(host.venue.conservationDiscrepancy == 0)")
print(liquidated ? "LINKED VENUE OK" : "LINKED VENUE: no liquidation")
