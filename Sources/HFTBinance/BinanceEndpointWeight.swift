/// The request weight of each REST endpoint (spec §2 "Suggested weights", which ccxt's cost
/// table mirrors from Binance's documentation):
///
/// | endpoint | weight |
/// |---|---|
/// | `GET /fapi/v1/depth` | 2 (limit ≤ 50), 5 (100), 10 (500, the default), 20 (1000) |
/// | `GET /fapi/v1/klines` | 1 (limit < 100), 2 (< 500, the default 500 is 2), 5 (≤ 1000), 10 above |
/// | `GET /fapi/v1/aggTrades` | 20 |
/// | `GET /fapi/v1/trades` | 5 |
/// | `GET /fapi/v1/userTrades`, `GET /fapi/v1/allOrders` | 5 |
/// | `GET /fapi/v2|v3/account`, `GET /fapi/v2|v3/positionRisk`, `GET /fapi/v2|v3/balance` | 5 |
/// | `GET /fapi/v1/openOrders` | 1 with `symbol`, 40 without |
/// | `GET /fapi/v1/ticker/24hr` | 1 with `symbol`, 40 without |
/// | `GET /fapi/v1/ticker/price`, `/fapi/v2/ticker/price` | 1 with `symbol`, 2 without |
/// | `GET /fapi/v1/ticker/bookTicker` | 2 with `symbol`, 5 without |
/// | `POST|PUT|DELETE /fapi/v1/batchOrders` | 5 |
/// | every other endpoint | 1 |
extension BinanceRateLimiter {
    /// The weight of a request to `path` with `method` (`GET`, `POST`, ...) and `parameters`.
    public static func weight(path: String, method: String, parameters: BinanceParameters) -> Int {
        let hasSymbol = !(parameters["symbol"] ?? "").isEmpty
        let limit = Int(parameters["limit"] ?? "")
        switch path {
        case "/fapi/v1/depth":
            switch limit ?? 500 {
            case ...50: return 2
            case ...100: return 5
            case ...500: return 10
            default: return 20
            }
        case "/fapi/v1/klines":
            switch limit ?? 500 {
            case ..<100: return 1
            case ...500: return 2
            case ...1000: return 5
            default: return 10
            }
        case "/fapi/v1/aggTrades": return 20
        case "/fapi/v1/trades", "/fapi/v1/userTrades", "/fapi/v1/allOrders": return 5
        case "/fapi/v2/account", "/fapi/v3/account", "/fapi/v2/positionRisk", "/fapi/v3/positionRisk",
             "/fapi/v2/balance", "/fapi/v3/balance":
            return 5
        case "/fapi/v1/openOrders", "/fapi/v1/ticker/24hr": return hasSymbol ? 1 : 40
        case "/fapi/v1/ticker/price", "/fapi/v2/ticker/price": return hasSymbol ? 1 : 2
        case "/fapi/v1/ticker/bookTicker": return hasSymbol ? 2 : 5
        case "/fapi/v1/batchOrders": return 5
        default: return 1
        }
    }
}
