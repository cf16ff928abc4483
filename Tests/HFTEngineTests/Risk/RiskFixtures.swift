@testable import HFTEngine

/// Shared set-up for the risk tests: USDT with 8 decimals; BTCUSDT tick 0.01, lot 0.001
/// (one tick × lot = 1,000 money units); ETHUSDT tick 0.01, lot 0.01 (10,000 units).
enum RiskFixtures {
    static let usdt: Int64 = 100_000_000
    static let btc = 0
    static let eth = 1

    /// Money units of a whole number of USDT, or of a decimal string.
    static func money(_ text: String) -> Int64 {
        try! StepSize(units: 1, scale: 8).steps(parsing: text)
    }

    /// Ticks of a price with tick 0.01.
    static func ticks(_ text: String) -> Int64 {
        try! StepSize(units: 1, scale: 2).steps(parsing: text)
    }

    /// The BTCUSDT brackets of REFERENCES.md (Binance, 2021).
    static func btcBrackets() -> BracketTable {
        let rows: [(String, String, Int64)] = [
            ("50000", "0.004", 125), ("250000", "0.005", 100), ("1000000", "0.01", 50),
            ("10000000", "0.025", 20), ("20000000", "0.05", 10), ("50000000", "0.1", 5),
            ("100000000", "0.125", 4), ("200000000", "0.15", 3), ("300000000", "0.25", 2),
            ("500000000", "0.5", 1),
        ]
        return try! BracketTable(rows.map {
            MarginBracket(notionalCap: Money(units: money($0.0)),
                          maintenanceRate: try! Rate(fraction: ExactDecimal(parsing: $0.1)), maxLeverage: $0.2)
        })
    }

    static func ethBrackets() -> BracketTable {
        BracketTable.single(maintenanceRate: Rate(e8: 500_000), maxLeverage: 100)
    }

    /// A core with BTCUSDT (0) and ETHUSDT (1), no fees, no band.
    static func core(users: Int = 64, perSymbol: Int = 256, orders: Int = 1024, maxOpenOrders: Int = 200,
                     makerBps: Int64 = 0, takerBps: Int64 = 0, band: Rate = .zero) -> RiskCore {
        var core = try! RiskCore(RiskConfiguration(userCapacity: users, symbolCapacity: 2, positionsPerSymbol: perSymbol,
                                              orderCapacity: orders, maxOpenOrdersPerAccount: maxOpenOrders))
        try! core.configureSymbol(btc, SymbolRisk(scale: try! NotionalScale(moneyPerTickLot: 1_000),
                                                  makerRate: Rate(basisPoints: makerBps), takerRate: Rate(basisPoints: takerBps),
                                                  band: band, minLots: 1, maxLots: 1_000_000), brackets: btcBrackets())
        try! core.configureSymbol(eth, SymbolRisk(scale: try! NotionalScale(moneyPerTickLot: 10_000),
                                                  makerRate: Rate(basisPoints: makerBps), takerRate: Rate(basisPoints: takerBps),
                                                  band: band), brackets: ethBrackets())
        return core
    }

    /// Opens `lots` for `account` against `counterparty` at `price` (text) in `symbol`
    /// (account is the taker; positive lots: account buys).
    static func trade(_ core: inout RiskCore, _ symbol: Int, account: Int, counterparty: Int, lots: Int64, price: String) {
        _ = try! core.clearTrade(symbol: symbol, price: Price(ticks: ticks(price)), quantity: Quantity(lots: abs(lots)),
                                 makerAccount: counterparty, makerIsBuyer: lots < 0, takerAccount: account)
    }

    static func position(_ core: borrowing RiskCore, _ account: Int, _ symbol: Int) -> (size: Int64, cost: Int64, margin: Int64)? {
        guard let s = core.positions.slot(account: account, symbol: symbol) else { return nil }
        return (core.positions.size(s), core.positions.cost(s), core.positions.margin(s))
    }
}

/// A small deterministic generator (RiskRandom) for the property tests.
struct RiskRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}
