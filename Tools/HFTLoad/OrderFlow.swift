import Foundation
import HFTBinance

/// The orders of the load: alternating BUY (first account) and SELL (second account) of
/// the minimum quantity at the symbol's initial price, signed as Binance clients sign.
struct OrderFlow: Sendable {
    let symbol: String
    let price: String
    let quantity: String
    let accounts: [(key: String, secret: String)]

    /// The parameters of order `n` (without `timestamp` and `signature`) and its account.
    func order(_ n: Int) -> (params: [(String, String)], account: (key: String, secret: String)) {
        let buy = n % 2 == 0
        return ([("symbol", symbol), ("side", buy ? "BUY" : "SELL"), ("type", "LIMIT"), ("timeInForce", "GTC"),
                 ("quantity", quantity), ("price", price), ("newOrderRespType", "RESULT")],
                accounts[buy ? 0 : 1])
    }

    static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }
}
