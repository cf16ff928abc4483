import HFTBinance
import HFTEngine
import HFTService
import Hummingbird

/// Binance USDⓈ-M Futures' signed account endpoints (spec §4.9–4.13, 4.20) and the
/// listen-key endpoints of the user-data stream (§4.7–4.8). Money figures come from the
/// engine's own account query (exact, as of every command before the request); order and
/// trade history from the read model.
struct AccountRoutes {
    let state: VenueServerState

    func register(on router: Router<VenueRequestContext>) {
        for version in [2, 3] {
            router.get(RouterPath(stringLiteral: "fapi/v\(version)/account")) { request, context in
                let (_, account) = try await state.signed(request, context: context)
                return BinanceReply.json(try await state.accountReply(account, version: version))
            }
            router.get(RouterPath(stringLiteral: "fapi/v\(version)/balance")) { request, context in
                let (_, account) = try await state.signed(request, context: context)
                return BinanceReply.json(try await state.balanceReply(account))
            }
            router.get(RouterPath(stringLiteral: "fapi/v\(version)/positionRisk")) { request, context in
                let (p, account) = try await state.signed(request, context: context)
                let only = try p["symbol"].map { name throws(BinanceError) in try state.symbol(name) }
                return BinanceReply.json(try await state.positionRiskReply(account, symbol: only, version: version))
            }
        }
        router.get("fapi/v1/leverageBracket") { request, context in
            let (p, _) = try await state.signed(request, context: context)
            let only = try p["symbol"].map { name throws(BinanceError) in try state.symbol(name) }
            let items = (only.map { [$0] } ?? state.symbols).map(state.leverageBracket)
            return only == nil ? BinanceReply.json(items) : BinanceReply.json(items)
        }
        router.post("fapi/v1/leverage") { request, context in
            let (p, account) = try await state.signed(request, context: context)
            let symbol = try state.symbol(try p.requiredString("symbol"))
            let text = try p.requiredString("leverage")
            guard let leverage = Int64(text), leverage >= 1, leverage <= symbol.spec.maxLeverage else {
                throw BinanceError.leverageInvalid(text)
            }
            let outcome = try await state.submit(.setLeverage(account: account, symbol: symbol.index, leverage: leverage))
            if let reject = outcome.commandReject {
                throw reject == .leverage ? BinanceError.leverageInvalid(text) : BinanceError(reject)
            }
            return BinanceReply.json(BinanceLeverageReply(
                leverage: Int(leverage), maxNotionalValue: state.maxNotional(symbol, leverage: leverage), symbol: symbol.name))
        }
        router.post("fapi/v1/marginType") { request, context in
            let (p, account) = try await state.signed(request, context: context)
            let symbol = try state.symbol(try p.requiredString("symbol"))
            let mode: MarginMode
            switch try p.requiredString("marginType") {
            case "ISOLATED": mode = .isolated
            case "CROSSED", "CROSS": mode = .cross
            default: throw BinanceError.invalidParameter("marginType")
            }
            let current = try await state.host.account(account)
            let position = current.positions.first { $0.symbol == symbol.index }
            if (position?.mode ?? .cross) == mode { throw BinanceError.marginTypeUnchanged }
            if let position, position.size != 0 { throw BinanceError.marginTypeWithPosition }
            if state.sink.read({ !$0.openOrders(account: account, symbol: symbol.index).isEmpty }) {
                throw BinanceError.marginTypeWithOrders
            }
            let leverage = position?.leverage ?? 0
            let outcome = try await state.submit(.setLeverage(account: account, symbol: symbol.index,
                                                              leverage: leverage > 0 ? leverage : min(20, symbol.spec.maxLeverage),
                                                              mode: mode))
            if let reject = outcome.commandReject { throw BinanceError(reject) }
            return BinanceReply.json(BinanceCodeMessage.success)
        }
        router.get("fapi/v1/userTrades") { request, context in
            let (p, account) = try await state.signed(request, context: context)
            let symbol = try state.symbol(try p.requiredString("symbol"))
            let limit = try MarketRoutes.limit(p, default: 500, maximum: 1_000)
            let (start, end) = try MarketRoutes.window(p)
            let orderId = try p.int64("orderId")
            let fromId = try p.int64("fromId")
            let fills = state.sink.read {
                $0.userTrades(account: account, symbol: symbol.index, orderId: orderId, startTime: start, endTime: end,
                              fromId: fromId, limit: limit)
            }
            return BinanceReply.json(fills.map { state.userTrade($0, symbol: symbol) })
        }
        router.post("fapi/v1/listenKey") { request, context in
            let account = try state.apiKeyOnly(request)
            return BinanceReply.json(BinanceListenKeyReply(listenKey: state.listenKeys.create(account: account, now: state.nowMilliseconds)))
        }
        router.put("fapi/v1/listenKey") { request, context in
            let account = try state.apiKeyOnly(request)
            let p = try await state.parameters(request, context: context)
            let key = p["listenKey"] ?? state.listenKeys.create(account: account, now: state.nowMilliseconds)
            guard state.listenKeys.keepAlive(key, account: account, now: state.nowMilliseconds) else {
                throw BinanceError.listenKeyNotFound
            }
            return BinanceReply.json(BinanceListenKeyReply(listenKey: key))
        }
        router.delete("fapi/v1/listenKey") { request, context in
            let account = try state.apiKeyOnly(request)
            let p = try await state.parameters(request, context: context)
            if let key = p["listenKey"] { _ = state.listenKeys.close(key, account: account) }
            return BinanceReply.json(BinanceEmptyObject())
        }
    }
}
