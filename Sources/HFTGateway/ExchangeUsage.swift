import Foundation
import NIOHTTP1

/// What the exchange said of the caller's rate-limit usage in one reply's headers
/// (Binance: `X-MBX-USED-WEIGHT-1M`, `X-MBX-ORDER-COUNT-10S`, `X-MBX-ORDER-COUNT-1M`,
/// and `Retry-After` on 429 and 418). The order manager's rate limiter adapts to it.
public struct ExchangeUsage: Sendable, Equatable {
    /// Request weight used in the current minute.
    public var usedWeight1m: Int?
    /// Orders counted in the current 10 seconds.
    public var orderCount10s: Int?
    /// Orders counted in the current minute.
    public var orderCount1m: Int?
    /// Seconds to wait, on 429 and 418.
    public var retryAfterSeconds: Int?

    public init(usedWeight1m: Int? = nil, orderCount10s: Int? = nil, orderCount1m: Int? = nil, retryAfterSeconds: Int? = nil) {
        self.usedWeight1m = usedWeight1m
        self.orderCount10s = orderCount10s
        self.orderCount1m = orderCount1m
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// The usage in HTTP reply headers (names are case-insensitive).
    public init(headers: HTTPHeaders) {
        func int(_ name: String) -> Int? { headers.first(name: name).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
        self.init(usedWeight1m: int("X-MBX-USED-WEIGHT-1M"), orderCount10s: int("X-MBX-ORDER-COUNT-10S"),
                  orderCount1m: int("X-MBX-ORDER-COUNT-1M"), retryAfterSeconds: int("Retry-After"))
    }

    /// True when the reply carried none of the headers.
    public var isEmpty: Bool { usedWeight1m == nil && orderCount10s == nil && orderCount1m == nil && retryAfterSeconds == nil }
}
