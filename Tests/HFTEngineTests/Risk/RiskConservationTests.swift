import Testing
@testable import HFTEngine

/// Property test: on random streams of deposits, withdrawals, orders (admitted, filled,
/// cancelled), trades, leverage changes and funding, money is conserved to the unit and
/// every symbol's positions net to zero; flattening everything leaves Σ balances equal to
/// net deposits exactly.
@Suite("Risk conservation")
struct RiskConservationTests {
    typealias F = RiskFixtures

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func randomStreamsConserveMoney(seed: UInt64) throws {
        var rng = RiskRandom(state: seed)
        var core = F.core(users: 40, perSymbol: 64, orders: 4096, maxOpenOrders: 50, makerBps: -1, takerBps: 4)
        var liveOrders: [(id: Int64, lots: Int64)] = []
        var nextOrderId: Int64 = 1
        let users: ClosedRange<Int64> = 0...39
        for step in 0..<3_000 {
            let symbol = Int(rng.int(0...1))
            let base = symbol == F.btc ? Int64(5_000_000) : Int64(300_000)
            switch rng.int(0...99) {
            case 0..<8:
                try core.deposit(account: Int(rng.int(users)), amount: Money(units: rng.int(1...F.money("50000"))))
            case 8..<12:
                let account = Int(rng.int(users))
                let available = core.availableAfterLoss(account)  // less the cross unrealized loss
                if available > 0 { try core.withdraw(account: account, amount: Money(units: rng.int(1...available))) }
            case 12..<20:
                let id = nextOrderId
                nextOrderId += 1
                let order = PreTradeOrder(orderId: id, account: Int(rng.int(users)), symbol: symbol, isBuy: rng.int(0...1) == 0,
                                          price: Price(ticks: base + rng.int(-50_000...50_000)), quantity: Quantity(lots: rng.int(1...500)))
                if let a = try? core.admit(order) { liveOrders.append((id, a.quantity.lots)) }
            case 20..<26:
                if !liveOrders.isEmpty {
                    let i = Int(rng.int(0...Int64(liveOrders.count - 1)))
                    let fill = rng.int(1...liveOrders[i].lots)
                    core.orderFilled(liveOrders[i].id, lots: fill)
                    liveOrders[i].lots -= fill
                    if liveOrders[i].lots == 0 { liveOrders.remove(at: i) }
                }
            case 26..<30:
                if !liveOrders.isEmpty {
                    let i = Int(rng.int(0...Int64(liveOrders.count - 1)))
                    #expect(core.orderEnded(liveOrders[i].id) == true)
                    liveOrders.remove(at: i)
                }
            case 30..<33:
                _ = try? core.setLeverage(account: Int(rng.int(users)), symbol: symbol, leverage: rng.int(1...25),
                                          mode: rng.int(0...3) == 0 ? .isolated : .cross)
            case 33..<36:
                try core.setMark(symbol, Price(ticks: base + rng.int(-100_000...100_000)))
                let rate = Rate(e8: rng.int(-75_000...75_000))
                let summary = try core.settleFunding(symbol: symbol, rate: rate, mark: Price(ticks: core.symbolRisk(symbol).mark))
                #expect(summary.remainder >= 0)
                #expect(summary.remainder <= Int64(summary.positions))
            default:
                var maker = Int(rng.int(users))
                let taker = Int(rng.int(users))
                if rng.int(0...9) != 0 && maker == taker { maker = (maker + 1) % 40 }
                _ = try core.clearTrade(symbol: symbol, price: Price(ticks: base + rng.int(-200_000...200_000)),
                                        quantity: Quantity(lots: rng.int(1...800)), makerAccount: maker,
                                        makerIsBuyer: rng.int(0...1) == 0, takerAccount: taker)
            }
            #expect(core.conservationDiscrepancy() == 0, "step \(step)")
            #expect(core.positions.netSize(symbol: F.btc) == 0 && core.positions.netSize(symbol: F.eth) == 0, "step \(step)")
            if core.conservationDiscrepancy() != 0 { return }
        }
        // Every reservation released once its order ends.
        for order in liveOrders { core.orderEnded(order.id) }
        for account in 0..<40 {
            #expect(core.accounts.reserved(account) == .zero)
            #expect(core.accounts.openOrders(account) == 0)
        }
        // Flatten every position against account 0 at a random price: Σ balances = net deposits.
        for symbol in [F.btc, F.eth] {
            let price = Price(ticks: (symbol == F.btc ? 5_000_000 : 300_000) + rng.int(-300_000...300_000))
            for account in 1..<40 {
                if let s = core.positions.slot(account: account, symbol: symbol), core.positions.size(s) != 0 {
                    let size = core.positions.size(s)
                    _ = try core.clearTrade(symbol: symbol, price: price, quantity: Quantity(lots: abs(size)),
                                            makerAccount: 0, makerIsBuyer: size > 0, takerAccount: account)
                }
            }
            #expect(core.positions.netSize(symbol: symbol) == 0)
            if let s = core.positions.slot(account: 0, symbol: symbol) { #expect(core.positions.size(s) == 0) }
        }
        #expect(core.positions.totalCost() == 0)
        #expect(core.totalBalance() == core.netDeposits)
        // Margin in use matches the positions' margin column for every account.
        for account in 0..<40 {
            var sum: Int64 = 0
            for symbol in [F.btc, F.eth] {
                if let s = core.positions.slot(account: account, symbol: symbol) { sum += core.positions.margin(s) }
            }
            #expect(core.accounts.marginInUse(account).units == sum)
        }
    }
}
