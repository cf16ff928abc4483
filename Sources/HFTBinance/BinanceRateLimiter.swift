import Synchronization

/// Binance's rate limits (spec §2), kept by the service: request weight per IP per minute,
/// and new orders per account per 10 seconds and per minute. Windows are fixed and aligned to
/// the clock (a minute window starts at a whole minute), as Binance's are; time is passed in
/// (milliseconds) so that tests are deterministic.
///
/// Refusals and bans:
/// - Weight over the limit: HTTP 429, -1003, `Retry-After` = seconds to the window's end;
///   the refused request uses no weight.
/// - While limited (after a 429, until the window ends), up to
///   ``Configuration/requestsToleratedWhileLimited`` more requests get 429 (requests already in
///   flight); the next one bans the IP: HTTP 418, -1003, `Retry-After` = the ban's length.
/// - Bans escalate as Binance's do, "from 2 minutes to 3 days": the n-th ban lasts
///   `2 minutes × 2^(n-1)`, capped at 3 days; the count returns to zero after 24 hours without
///   a ban. Every request during a ban gets 418 with the time left; none extends the ban.
/// - Orders over either window: HTTP 429, -1015 naming the window; the refused order is not
///   counted.
///
/// Headers (§2): ``Admission/headers`` gives `X-MBX-USED-WEIGHT-1M` for every request and
/// ``OrderAdmission/headers`` `X-MBX-ORDER-COUNT-10S` and `X-MBX-ORDER-COUNT-1M`.
///
/// - Complexity: O(1) per check (amortised: idle entries are swept when the tables grow past
///   ``Configuration/sweepThreshold``). Memory: one small entry per active IP and account.
///   Thread-safe: one `Mutex` around the tables.
public final class BinanceRateLimiter: Sendable {
    /// The limits.
    public struct Configuration: Sendable, Equatable {
        /// Request weight per IP per minute (Binance: 2400).
        public var weightPerMinute: Int = 2400
        /// New orders per account per 10 seconds (Binance: 300).
        public var ordersPer10Seconds: Int = 300
        /// New orders per account per minute (Binance: 1200).
        public var ordersPerMinute: Int = 1200
        /// Requests answered 429 after the first 429 of a window before the IP is banned.
        public var requestsToleratedWhileLimited: Int = 10
        /// The first ban's length (ms).
        public var firstBanMilliseconds: Int64 = 120_000
        /// The longest ban (ms).
        public var longestBanMilliseconds: Int64 = 3 * 86_400_000
        /// How long without a ban resets the ban count (ms).
        public var banMemoryMilliseconds: Int64 = 86_400_000
        /// Table size that triggers a sweep of idle entries.
        public var sweepThreshold: Int = 10_000

        /// Binance's limits.
        public init() {}

        /// The limits as exchangeInfo lists them (`rateLimits`, §2).
        public var exchangeInfoRateLimits: [BinanceRateLimit] {
            [
                BinanceRateLimit(rateLimitType: "REQUEST_WEIGHT", interval: "MINUTE", intervalNum: 1, limit: weightPerMinute),
                BinanceRateLimit(rateLimitType: "ORDERS", interval: "MINUTE", intervalNum: 1, limit: ordersPerMinute),
                BinanceRateLimit(rateLimitType: "ORDERS", interval: "SECOND", intervalNum: 10, limit: ordersPer10Seconds),
            ]
        }
    }

    /// The outcome of a request's weight check.
    public struct Admission: Sendable, Equatable {
        /// The IP's weight used in the current minute, this request included when admitted.
        public var usedWeight: Int
        /// The refusal (429 or 418, with `retryAfter`), or `nil` when admitted.
        public var error: BinanceError?
        /// `[("X-MBX-USED-WEIGHT-1M", "<used>")]`, plus `Retry-After` on a refusal.
        public var headers: [(name: String, value: String)] {
            var headers = [("X-MBX-USED-WEIGHT-1M", String(usedWeight))]
            if let retryAfter = error?.retryAfter { headers.append(("Retry-After", String(retryAfter))) }
            return headers
        }

        /// Equal usage and refusal (the headers follow from them).
        public static func == (lhs: Admission, rhs: Admission) -> Bool {
            lhs.usedWeight == rhs.usedWeight && lhs.error == rhs.error
        }
    }

    /// The outcome of a new order's count check.
    public struct OrderAdmission: Sendable, Equatable {
        /// Orders of the account in the current 10-second window (this one included when admitted).
        public var count10Seconds: Int
        /// Orders of the account in the current minute.
        public var count1Minute: Int
        /// The refusal (429, -1015), or `nil`.
        public var error: BinanceError?
        /// `X-MBX-ORDER-COUNT-10S` and `X-MBX-ORDER-COUNT-1M`, plus `Retry-After` on a refusal.
        public var headers: [(name: String, value: String)] {
            var headers = [("X-MBX-ORDER-COUNT-10S", String(count10Seconds)), ("X-MBX-ORDER-COUNT-1M", String(count1Minute))]
            if let retryAfter = error?.retryAfter { headers.append(("Retry-After", String(retryAfter))) }
            return headers
        }

        /// Equal counts and refusal (the headers follow from them).
        public static func == (lhs: OrderAdmission, rhs: OrderAdmission) -> Bool {
            lhs.count10Seconds == rhs.count10Seconds && lhs.count1Minute == rhs.count1Minute && lhs.error == rhs.error
        }
    }

    private struct Window {
        var start: Int64 = .min
        var used = 0

        /// Moves to the window of `length` that holds `now`, starting empty if it is a new one.
        mutating func roll(to now: Int64, length: Int64) {
            let start = now - ((now % length) + length) % length
            if start != self.start {
                self.start = start
                used = 0
            }
        }
    }

    private struct Client {
        var weight = Window()
        var limitedUntil: Int64 = .min
        var refusalsWhileLimited = 0
        var bannedUntil: Int64 = .min
        var bans = 0
        var lastBanEnd: Int64 = .min
    }

    private struct Account {
        var tenSeconds = Window()
        var minute = Window()
    }

    private struct State {
        var clients: [String: Client] = [:]
        var accounts: [Int64: Account] = [:]
    }

    /// The limits in force.
    public let configuration: Configuration
    private let state = Mutex(State())

    private static let minute: Int64 = 60_000
    private static let tenSeconds: Int64 = 10_000

    /// A limiter with `configuration`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Checks and counts a request of `weight` from `ip` at `now` (ms).
    public func admitRequest(ip: String, weight: Int, nowMilliseconds now: Int64) -> Admission {
        let configuration = configuration
        return state.withLock { state in
            if state.clients.count > configuration.sweepThreshold { Self.sweepClients(&state, now: now) }
            var client = state.clients[ip] ?? Client()
            defer { state.clients[ip] = client }
            client.weight.roll(to: now, length: Self.minute)
            if now < client.bannedUntil {
                return Admission(usedWeight: client.weight.used,
                                 error: .banned(retryAfter: Self.seconds(client.bannedUntil - now), untilMilliseconds: client.bannedUntil, ip: ip))
            }
            let windowEnd = client.weight.start + Self.minute
            if now < client.limitedUntil {
                client.refusalsWhileLimited += 1
                if client.refusalsWhileLimited > configuration.requestsToleratedWhileLimited {
                    if client.lastBanEnd != .min && now - client.lastBanEnd > configuration.banMemoryMilliseconds { client.bans = 0 }
                    client.bans += 1
                    let length = Self.banLength(number: client.bans, configuration: configuration)
                    client.bannedUntil = now + length
                    client.lastBanEnd = client.bannedUntil
                    client.limitedUntil = .min
                    client.refusalsWhileLimited = 0
                    return Admission(usedWeight: client.weight.used,
                                     error: .banned(retryAfter: Self.seconds(length), untilMilliseconds: client.bannedUntil, ip: ip))
                }
                return Admission(usedWeight: client.weight.used,
                                 error: .tooManyRequests(retryAfter: Self.seconds(windowEnd - now), limit: configuration.weightPerMinute, ip: ip))
            }
            guard client.weight.used + max(0, weight) <= configuration.weightPerMinute else {
                client.limitedUntil = windowEnd
                client.refusalsWhileLimited = 0
                return Admission(usedWeight: client.weight.used,
                                 error: .tooManyRequests(retryAfter: Self.seconds(windowEnd - now), limit: configuration.weightPerMinute, ip: ip))
            }
            client.weight.used += max(0, weight)
            return Admission(usedWeight: client.weight.used, error: nil)
        }
    }

    /// Checks and counts one new order of `account` at `now` (ms).
    public func admitOrder(account: Int64, nowMilliseconds now: Int64) -> OrderAdmission {
        let configuration = configuration
        return state.withLock { state in
            if state.accounts.count > configuration.sweepThreshold {
                state.accounts = state.accounts.filter { now - $0.value.minute.start < Self.minute }
            }
            var entry = state.accounts[account] ?? Account()
            defer { state.accounts[account] = entry }
            entry.tenSeconds.roll(to: now, length: Self.tenSeconds)
            entry.minute.roll(to: now, length: Self.minute)
            var error: BinanceError?
            if entry.tenSeconds.used >= configuration.ordersPer10Seconds {
                error = .tooManyOrders(limit: configuration.ordersPer10Seconds, interval: "10 SECOND",
                                       retryAfter: Self.seconds(entry.tenSeconds.start + Self.tenSeconds - now))
            } else if entry.minute.used >= configuration.ordersPerMinute {
                error = .tooManyOrders(limit: configuration.ordersPerMinute, interval: "MINUTE",
                                       retryAfter: Self.seconds(entry.minute.start + Self.minute - now))
            } else {
                entry.tenSeconds.used += 1
                entry.minute.used += 1
            }
            return OrderAdmission(count10Seconds: entry.tenSeconds.used, count1Minute: entry.minute.used, error: error)
        }
    }

    /// The n-th ban's length: first × 2^(n-1), capped at the longest.
    static func banLength(number: Int, configuration: Configuration) -> Int64 {
        var length = configuration.firstBanMilliseconds
        for _ in 1 ..< max(1, number) {
            guard length < configuration.longestBanMilliseconds else { break }
            length = length.multipliedReportingOverflow(by: 2).overflow ? configuration.longestBanMilliseconds : length * 2
        }
        return min(length, configuration.longestBanMilliseconds)
    }

    /// Whole seconds, rounded up, at least 1.
    private static func seconds(_ milliseconds: Int64) -> Int {
        Int(max(1, (milliseconds + 999) / 1000))
    }

    private static func sweepClients(_ state: inout State, now: Int64) {
        state.clients = state.clients.filter { _, client in
            now < client.bannedUntil || now - client.weight.start < minute
                || (client.bans > 0 && now - client.lastBanEnd < 86_400_000)
        }
    }
}
