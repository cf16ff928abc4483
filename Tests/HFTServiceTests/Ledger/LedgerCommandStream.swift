import HFTEngine
@testable import HFTService

/// A seeded stream of venue commands for the ledger's tests, following the service's
/// conventions: a new order's id is its command's sequence number, and some orders carry
/// a client order id. Two symbols, brackets, deposits, then a random mix of orders of
/// every type and time in force, cancels, amends, cancel-all, mark and index moves
/// (liquidations), funding, transfers, leverage, halts and scans; command times advance by
/// up to two minutes, so a few thousand commands span more than a day.
struct LedgerCommandStream {
    static let configuration = VenueConfiguration(
        maxOrders: 4_096, maxPriceLevels: 4_096, maxSymbols: 4, userAccounts: 32, positionsPerSymbol: 64,
        maxOpenOrdersPerAccount: 50, eventBudget: 4_096, rebuildTriggersOnPrice: false)

    static let symbols: [ServiceSymbol] = [
        ServiceSymbol(name: "BTCUSDT", baseAsset: "BTC", quoteAsset: "USDT", index: 0,
                      tick: try! StepSize(units: 1, scale: 1), lot: try! StepSize(units: 1, scale: 3), spec: spec0),
        ServiceSymbol(name: "ETHUSDT", baseAsset: "ETH", quoteAsset: "USDT", index: 1,
                      tick: try! StepSize(units: 1, scale: 2), lot: try! StepSize(units: 1, scale: 2), spec: spec1),
    ]
    static let spec0 = VenueSymbolSpec(
        index: 0, moneyPerTickLot: 1_000, bandPartsPerMillion: 100_000, ladderTicks: 1 << 16, maxLeverage: 50,
        makerRate: Rate(e8: -10_000), takerRate: Rate(e8: 40_000), fundingIntervalSeconds: 3_600,
        circuitBreakerPartsPerMillion: 150_000, circuitBreakerWindowNanoseconds: 60_000_000_000,
        impactMarginNotional: 100_000)
    static let spec1 = VenueSymbolSpec(
        index: 1, moneyPerTickLot: 500, ladderTicks: 1 << 14, maxLeverage: 20, makerRate: Rate(e8: 20_000),
        takerRate: Rate(e8: 50_000), impactMarginNotional: 50_000)

    var random: SplitMix64
    var sequence: UInt64 = 0
    var time: Int64 = 1_700_000_000_000_000_000
    var marks: [Int64] = [10_000, 2_000]
    /// Ids of the orders sent so far (cancels and amends pick recent ones).
    var orderIds: [Int64] = []
    let accounts: Int

    init(seed: UInt64, accounts: Int = 24) {
        random = SplitMix64(seed: seed)
        self.accounts = accounts
    }

    /// `command` as the server passes it on: a new order whose client id is open in
    /// `ledger` is refused before the venue sees it (-4116), so it travels without the id.
    static func asServed(_ command: VenueCommand, ledger: VenueLedger) -> VenueCommand {
        var command = command
        if command.kind == .newOrder, let client = command.clientOrderId,
           ledger.isOpenClientOrderId(account: command.w1, clientOrderId: client) {
            command.w5 = 0; command.w6 = 0; command.w7 = 0; command.w8 = 0; command.w9 = 0
        }
        return command
    }

    mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(random.next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func chance(_ percent: Int64) -> Bool { int(0...99) < percent }

    mutating func stamp(_ c: VenueCommand) -> VenueCommand {
        sequence += 1
        time += chance(10) ? int(1_000_000_000...120_000_000_000) : int(1_000_000...2_000_000_000)
        return c.stamped(sequence: sequence, timestamp: time)
    }

    mutating func setup() -> [VenueCommand] {
        var commands: [VenueCommand] = []
        commands.append(stamp(.addSymbol(Self.spec0)))
        commands.append(stamp(.addSymbol(Self.spec1)))
        commands.append(stamp(.symbolBrackets(symbol: 0, [
            MarginBracket(notionalCap: Money(units: 200_000_000), maintenanceRate: Rate(e8: 1_000_000), maxLeverage: 50),
            MarginBracket(notionalCap: Money(units: 2_000_000_000), maintenanceRate: Rate(e8: 2_500_000), maxLeverage: 20),
            MarginBracket(notionalCap: Money(units: 1 << 60), maintenanceRate: Rate(e8: 5_000_000), maxLeverage: 10),
        ])))
        for s: Int32 in 0...1 { commands.append(stamp(.markPrice(symbol: s, Price(ticks: marks[Int(s)])))) }
        for a in 0..<Int64(accounts) {
            commands.append(stamp(.deposit(account: a, amount: Money(units: int(2_000_000...40_000_000)))))
        }
        return commands
    }

    /// One random command.
    mutating func next() -> VenueCommand {
        if sequence % 150 == 0 { return stamp(.resume(.venue)) }
        let roll = int(0...999)
        let account = chance(3) ? int(30...40) : int(0...Int64(accounts - 1))
        let symbol = Int32(chance(2) ? 3 : int(0...1))
        let s = Int(max(0, min(symbol, 1)))
        let recent = orderIds.isEmpty || chance(10) ? max(1, Int64(sequence) - int(1...60))
            : orderIds[max(0, orderIds.count - Int(int(1...40)))]
        var c: VenueCommand
        switch roll {
        case 0..<450:
            let side: Side = chance(50) ? .buy : .sell
            let market = chance(8)
            let offset = int(-40...40)
            let price = market ? 0 : max(1, marks[s] + (side == .buy ? -offset / 2 - 5 : offset / 2 + 5) + int(-8...8))
            let tifs: [TimeInForce] = [.gtc, .gtc, .gtc, .ioc, .fok, .postOnly]
            let stps: [SelfTradePrevention] = [.none, .none, .expireTaker, .expireMaker, .expireBoth]
            c = .newOrder(OrderRequest(
                id: Int64(sequence + 1), account: account, symbol: SymbolID(symbol), side: side,
                type: market ? .market : .limit, price: Price(ticks: price), quantity: Quantity(lots: int(1...25)),
                timeInForce: market ? .ioc : tifs[Int(int(0...5))], selfTradePrevention: stps[Int(int(0...4))],
                flags: chance(5) ? .reduceOnly : OrderFlags()))
            if chance(40) { _ = c.setClientOrderId("c\(account)-\(int(0...30))") }
            orderIds.append(Int64(sequence + 1))
        case 450..<620:
            c = .cancelOrder(recent)
        case 620..<750:
            c = .amendOrder(recent, price: Price(ticks: marks[s] + int(-30...30)), quantity: Quantity(lots: int(0...20)))
        case 750..<770:
            c = .cancelAll(account: account, symbol: chance(50) ? -1 : symbol)
        case 770..<830:
            marks[s] = max(100, marks[s] + int(-400...400) * marks[s] / 10_000)
            c = .markPrice(symbol: symbol, Price(ticks: chance(2) ? 0 : marks[s]))
        case 830..<880:
            marks[s] = max(100, marks[s] + int(-200...200) * marks[s] / 10_000)
            c = .indexPrice(symbol: symbol, Price(ticks: marks[s]))
        case 880..<895:
            c = .settleFunding(symbol: symbol, rate: chance(50) ? nil : Rate(e8: int(-300_000...300_000)))
        case 895..<935:
            c = chance(70) ? .deposit(account: account, amount: Money(units: int(-10...5_000_000)))
                : chance(85) ? .withdraw(account: account, amount: Money(units: int(1...5_000_000)))
                : .fundInsurance(account: account, amount: Money(units: int(0...200_000)))
        case 935..<970:
            let modes: [MarginMode?] = [nil, nil, .cross, .isolated]
            c = .setLeverage(account: account, symbol: symbol, leverage: int(0...60), mode: modes[Int(int(0...3))])
        case 970..<990:
            let scope: VenueScope = chance(10) ? .venue : chance(50) ? .symbol : .account
            switch int(0...4) {
            case 0: c = .halt(scope, symbol: symbol, account: account)
            case 1: c = .killSwitch(scope, symbol: symbol, account: account)
            default: c = .resume(scope, symbol: symbol, account: account)
            }
        default:
            c = .liquidationScan
        }
        return stamp(c)
    }
}
