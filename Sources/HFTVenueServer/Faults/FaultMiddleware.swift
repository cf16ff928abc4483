import HFTBinance
import HTTPTypes
import Hummingbird

/// Injects the REST faults of the service's ``FaultInjector`` (see ``FaultPlan``): before
/// the route (429, 418, 500, `-1021`: the venue does not act) or after it (503, or a reply
/// held back past the client's timeout: the venue acted).
struct FaultMiddleware: RouterMiddleware {
    let faults: FaultInjector

    func handle(_ request: Request, context: VenueRequestContext,
                next: (Request, VenueRequestContext) async throws -> Response) async throws -> Response {
        guard let fault = faults.rest() else { return try await next(request, context) }
        switch fault {
        case .tooManyRequests:
            return BinanceReply.error(Self.error(-1003, "Too many requests (injected fault).", status: 429, retryAfter: 1))
        case .banned:
            return BinanceReply.error(Self.error(-1003, "Banned (injected fault).", status: 418, retryAfter: 2))
        case .serverErrorBefore:
            return BinanceReply.error(BinanceError(code: -1000, message: "Internal error (injected fault).", status: 500))
        case .clockSkew:
            return BinanceReply.error(BinanceError(code: -1021, message: "Timestamp for this request is outside of the recvWindow."))
        case .serverErrorAfter:
            _ = try await next(request, context)
            return BinanceReply.error(BinanceError(code: -1000, message: "Execution status unknown (injected fault).", status: 503))
        case .slowReplyAfter(let milliseconds):
            let response = try await next(request, context)
            try await Task.sleep(for: .milliseconds(milliseconds))
            return response
        }
    }

    static func error(_ code: Int, _ message: String, status: Int, retryAfter: Int) -> BinanceError {
        var error = BinanceError(code: code, message: message, status: status)
        error.retryAfter = retryAfter
        return error
    }
}
