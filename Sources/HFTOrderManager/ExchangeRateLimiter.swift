/// The exchange's request limits as the limiter enforces them (Binance USDⓈ-M Futures
/// defaults: `exchangeInfo.rateLimits` REQUEST_WEIGHT 2400/min, ORDERS 300/10 s and 1200/min;
/// `POST`/`PUT`/`DELETE /fapi/v1/order` weight 1, `/fapi/v1/batchOrders` weight 5).
///
/// - Memory: a value type.
public struct RateLimitConfiguration: Sendable, Hashable, Codable {
    /// REQUEST_WEIGHT per minute.
    public var weightPerMinute: Int
    /// ORDERS per 10 seconds.
    public var ordersPerTenSeconds: Int
    /// ORDERS per minute.
    public var ordersPerMinute: Int
    /// The weight of a single order request (place, cancel or modify).
    public var singleOrderWeight: Int
    /// The weight of a batch request.
    public var batchOrderWeight: Int
    /// The back-off after a 429 without `Retry-After`, seconds.
    public var defaultRetryAfterSeconds: Int
    /// The pause after a 418 that carried no ban end, milliseconds.
    public var defaultBanMilliseconds: Int64

    /// Creates the configuration; the defaults are Binance USDⓈ-M Futures' published limits.
    public init(weightPerMinute: Int = 2_400, ordersPerTenSeconds: Int = 300, ordersPerMinute: Int = 1_200,
                singleOrderWeight: Int = 1, batchOrderWeight: Int = 5, defaultRetryAfterSeconds: Int = 10,
                defaultBanMilliseconds: Int64 = 120_000) {
        self.weightPerMinute = weightPerMinute
        self.ordersPerTenSeconds = ordersPerTenSeconds
        self.ordersPerMinute = ordersPerMinute
        self.singleOrderWeight = singleOrderWeight
        self.batchOrderWeight = batchOrderWeight
        self.defaultRetryAfterSeconds = defaultRetryAfterSeconds
        self.defaultBanMilliseconds = defaultBanMilliseconds
    }
}

/// Whether the limiter lets requests through.
public enum RateLimiterStatus: Sendable, Hashable {
    /// Requests go out as long as the budgets allow.
    case open
    /// After a 429: nothing goes out until the time (ms).
    case backingOff(until: Int64)
    /// After a 418: nothing goes out until the time (ms).
    case banned(until: Int64)
}

/// The token buckets of the exchange's limits: request weight per minute, orders per 10 s and
/// per minute. Binance counts in fixed windows aligned to the clock (the `X-MBX-USED-WEIGHT-1M`
/// header is the weight used in the current minute), so each bucket is refilled whole at its
/// window's boundary (`now / window`). Header values the caller passes in raise the local
/// count to the exchange's (they never lower it: requests in flight are not in the header yet).
/// A 429 pauses everything until `Retry-After`; a 418 stops everything until the ban ends.
///
/// - Complexity: every member O(1).
/// - Memory: a value type, no heap.
public struct ExchangeRateLimiter: Sendable {
    /// The limits.
    public var configuration: RateLimitConfiguration

    var weightWindow: Int64 = -1
    var usedWeight = 0
    var tenSecondWindow: Int64 = -1
    var ordersTenSeconds = 0
    var minuteOrderWindow: Int64 = -1
    var ordersMinute = 0
    var backOffUntil: Int64 = 0
    var bannedUntil: Int64 = 0

    /// Creates an open limiter with empty windows.
    public init(configuration: RateLimitConfiguration = RateLimitConfiguration()) {
        self.configuration = configuration
    }

    /// The weight of a request with `actions` actions (single or batch).
    public func weight(actions: Int) -> Int {
        actions > 1 ? configuration.batchOrderWeight : configuration.singleOrderWeight
    }

    /// Whether requests may go out now.
    public func status(now: Int64) -> RateLimiterStatus {
        if now < bannedUntil { return .banned(until: bannedUntil) }
        if now < backOffUntil { return .backingOff(until: backOffUntil) }
        return .open
    }

    /// The weight used in the current minute, as far as the limiter knows.
    public mutating func usedWeight(now: Int64) -> Int {
        roll(now)
        return usedWeight
    }

    /// Takes `weight` and `orders` from the buckets if they have room and the limiter is open;
    /// returns false (and takes nothing) otherwise.
    public mutating func tryAcquire(weight: Int, orders: Int, now: Int64) -> Bool {
        guard case .open = status(now: now) else { return false }
        roll(now)
        guard usedWeight + weight <= configuration.weightPerMinute,
              ordersTenSeconds + orders <= configuration.ordersPerTenSeconds,
              ordersMinute + orders <= configuration.ordersPerMinute else { return false }
        usedWeight += weight
        ordersTenSeconds += orders
        ordersMinute += orders
        return true
    }

    /// The earliest time (ms) at which a request of `weight` and `orders` could go out.
    public mutating func earliestTime(weight: Int, orders: Int, now: Int64) -> Int64 {
        var t = max(now, bannedUntil, backOffUntil)
        roll(now)
        if usedWeight + weight > configuration.weightPerMinute { t = max(t, (weightWindow + 1) * 60_000) }
        if orders > 0 {
            if ordersTenSeconds + orders > configuration.ordersPerTenSeconds { t = max(t, (tenSecondWindow + 1) * 10_000) }
            if ordersMinute + orders > configuration.ordersPerMinute { t = max(t, (minuteOrderWindow + 1) * 60_000) }
        }
        return t
    }

    /// Adapts to the `X-MBX-USED-WEIGHT-1M`, `X-MBX-ORDER-COUNT-10S` and `X-MBX-ORDER-COUNT-1M`
    /// values of a response received at `now` (nil when the header was absent).
    public mutating func observeHeaders(usedWeight1m: Int?, orderCount10s: Int?, orderCount1m: Int?, now: Int64) {
        roll(now)
        if let w = usedWeight1m { usedWeight = max(usedWeight, w) }
        if let o = orderCount10s { ordersTenSeconds = max(ordersTenSeconds, o) }
        if let o = orderCount1m { ordersMinute = max(ordersMinute, o) }
    }

    /// A 429: nothing goes out for `retryAfterSeconds` (the `Retry-After` header) or the default.
    public mutating func backOff(retryAfterSeconds: Int?, now: Int64) {
        let seconds = Int64(max(0, retryAfterSeconds ?? configuration.defaultRetryAfterSeconds))
        backOffUntil = max(backOffUntil, now + seconds * 1_000)
    }

    /// A 418: nothing goes out until `until` (ms), or for the configured ban length when nil.
    public mutating func ban(until: Int64?, now: Int64) {
        bannedUntil = max(bannedUntil, until ?? now + configuration.defaultBanMilliseconds)
    }

    mutating func roll(_ now: Int64) {
        let minute = now / 60_000, tenSeconds = now / 10_000
        if minute != weightWindow { weightWindow = minute; usedWeight = 0 }
        if tenSeconds != tenSecondWindow { tenSecondWindow = tenSeconds; ordersTenSeconds = 0 }
        if minute != minuteOrderWindow { minuteOrderWindow = minute; ordersMinute = 0 }
    }
}
