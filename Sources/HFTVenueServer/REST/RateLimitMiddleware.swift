import HFTBinance
import Metrics
import HTTPTypes
import Hummingbird

/// Binance's IP request-weight limit on every REST request of the public port (spec §2):
/// the weight of the endpoint is counted per client address and minute; over the limit
/// the request gets HTTP 429 (-1003) with `Retry-After`, and a client that keeps sending
/// while limited is banned with HTTP 418. Every reply carries `X-MBX-USED-WEIGHT-1M`.
/// Refusals of the routes (``BinanceError``) become Binance's JSON here too.
struct RateLimitMiddleware: RouterMiddleware {
    let limiter: BinanceRateLimiter
    let now: @Sendable () -> Int64

    func handle(_ request: Request, context: VenueRequestContext,
                next: (Request, VenueRequestContext) async throws -> Response) async throws -> Response {
        // Weights depend on query parameters only (depth `limit`, a missing `symbol`); a
        // query that does not parse weighs 1 here and is refused by its route.
        let weight = (try? BinanceParameters(query: request.uri.query ?? "", body: [])).map {
            BinanceRateLimiter.weight(path: request.uri.path, method: request.method.rawValue, parameters: $0)
        } ?? 1
        let admission = limiter.admitRequest(ip: context.clientAddress, weight: weight, nowMilliseconds: now())
        var headers = HTTPFields()
        for (name, value) in admission.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        if let error = admission.error { return BinanceReply.error(error, headers: headers) }
        let started = ContinuousClock.now
        defer { ReplyMetrics.record(path: request.uri.path, since: started) }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as BinanceError {
            response = BinanceReply.error(error)
        } catch let error as HTTPError where error.status == .notFound {
            response = BinanceReply.error(BinanceError(code: -1000, message: "Unknown path.", status: 404))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            response = BinanceReply.error(.requestTooLarge)
        } catch {
            context.logger.error("internal error", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = BinanceReply.error(.unknown)
        }
        for field in headers { response.headers.append(field) }
        return response
    }
}

extension VenueServerState {
    /// Counts a new order of `account` against Binance's order-rate limits (-1015, 429) and
    /// returns its `X-MBX-ORDER-COUNT-10S` and `-1M` headers.
    func countOrder(account: Int64) throws -> HTTPFields {
        let admission = rateLimiter.admitOrder(account: account, nowMilliseconds: nowMilliseconds)
        if let error = admission.error { throw error }
        var headers = HTTPFields()
        for (name, value) in admission.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return headers
    }
}

/// `hft_rest_reply_seconds{endpoint}`: the time from a request's arrival to its reply,
/// durable acknowledgement included, per Binance endpoint (other paths: `other`).
enum ReplyMetrics {
    static let endpoints: [String: Metrics.Timer] = {
        let paths = ["/fapi/v1/order", "/fapi/v1/batchOrders", "/fapi/v1/openOrders", "/fapi/v1/allOpenOrders",
                     "/fapi/v1/allOrders", "/fapi/v1/userTrades", "/fapi/v1/depth", "/fapi/v1/exchangeInfo",
                     "/fapi/v1/time", "/fapi/v1/ticker/24hr", "/fapi/v1/premiumIndex", "/fapi/v1/aggTrades",
                     "/fapi/v1/trades", "/fapi/v1/klines", "/fapi/v2/account", "/fapi/v3/account", "/fapi/v2/positionRisk",
                     "/fapi/v3/positionRisk", "/fapi/v1/leverageBracket", "/fapi/v1/leverage", "/fapi/v1/marginType",
                     "/fapi/v1/listenKey"]
        return Dictionary(uniqueKeysWithValues: paths.map { ($0, Metrics.Timer(label: "hft_rest_reply_seconds", dimensions: [("endpoint", $0)])) })
    }()
    static let other = Metrics.Timer(label: "hft_rest_reply_seconds", dimensions: [("endpoint", "other")])

    static func record(path: String, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        (endpoints[path] ?? other).recordNanoseconds(
            elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
