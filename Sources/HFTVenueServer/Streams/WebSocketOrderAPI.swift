import HFTBinance
import HFTEngine
import HFTService

/// Binance's WebSocket API for order entry on `/ws-fapi/v1` (the market maker's
/// low-latency path): `order.place`, `order.cancel`, `order.modify`, `order.status`,
/// signed like REST (the `apiKey` and `signature` among the params). Requests of one
/// connection are handled concurrently, so a client can pipeline; each reply carries its
/// request's id.
struct WebSocketOrderAPI: WebSocketMessageHandler {
    let state: VenueServerState

    func opened(_ session: StreamSession, names: [String]) async {}

    func received(_ text: String, session: StreamSession) async {
        let request: BinanceWebSocketAPI.Request
        switch BinanceWebSocketAPI.decode(Array(text.utf8)) {
        case .failure(let failure):
            _ = session.send(failure.json)
            return
        case .success(let decoded):
            request = decoded
        }
        Task {
            let reply: [UInt8]
            do {
                reply = try await handle(request)
            } catch let error as BinanceError {
                reply = BinanceWebSocketAPI.error(error, id: request.id)
            } catch {
                reply = BinanceWebSocketAPI.error(.unknown, id: request.id)
            }
            switch state.faults.orderAPIReply() {
            case .none: break
            case .dropConnection:
                session.finish()
                return
            case .slowReply(let milliseconds):
                try? await Task.sleep(for: .milliseconds(milliseconds))
            }
            _ = session.send(reply)
        }
    }

    func handle(_ request: BinanceWebSocketAPI.Request) async throws -> [UInt8] {
        let p = request.parameters
        let account = try state.authenticator.authenticate(apiKey: request.apiKey, parameters: p,
                                                           serverTimeMilliseconds: state.nowMilliseconds)
        let orders = OrderRoutes(state: state)
        switch request.method {
        case "order.place":
            _ = try state.countOrder(account: account)
            return BinanceWebSocketAPI.result(try await orders.place(p, account: account), id: request.id)
        case "order.cancel":
            return BinanceWebSocketAPI.result(try await orders.cancel(p, account: account), id: request.id)
        case "order.status":
            let (order, symbol) = try orders.find(p, account: account, missing: .orderDoesNotExist)
            return BinanceWebSocketAPI.result(BinanceFormat.order(order, symbol: symbol, moneyDecimals: state.moneyDecimals),
                                              id: request.id)
        case "order.modify":
            return BinanceWebSocketAPI.result(try await orders.modify(p, account: account), id: request.id)
        default:
            throw BinanceError.invalidParameter("method")
        }
    }
}
