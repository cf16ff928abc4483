import Foundation
import HFTBinance

/// The orders of the load, in fours of the minimum quantity at the symbol's initial price,
/// signed as Binance clients sign: the first account buys and the second sells, then the
/// first sells and the second buys. Orders rest and fill, and both positions swing around
/// zero (with one side only, the buyer's position grows until its margin refuses orders).
struct OrderFlow: Sendable {
    let symbol: String
    let price: String
    let quantity: String
    let accounts: [(key: String, secret: String)]

    /// The parameters of order `n` (without `timestamp` and `signature`) and its account.
    func order(_ n: Int) -> (params: [(String, String)], account: (key: String, secret: String)) {
        let (account, buy) = Self.leg(n)
        return ([("symbol", symbol), ("side", buy ? "BUY" : "SELL"), ("type", "LIMIT"), ("timeInForce", "GTC"),
                 ("quantity", quantity), ("price", price), ("newOrderRespType", "RESULT")],
                accounts[account])
    }

    /// Who places order `n` (0: the first account, 1: the second) and whether it buys:
    /// the first buys and the second sells, then the first sells and the second buys.
    static func leg(_ n: Int) -> (account: Int, buy: Bool) {
        let first = n % 2 == 0
        return (first ? 0 : 1, first == (n % 4 < 2))
    }

    static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }
}
