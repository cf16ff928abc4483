import Testing

@testable import HFTBinance

/// `BinanceRateLimiter` with a fake clock (milliseconds passed in): windows, 429, 418, bans, headers.
@Suite("Binance rate limits")
struct BinanceRateLimiterTests {
    static let t0: Int64 = 1_700_000_040_000  // 40 s into a minute (1_700_000_000_000 is 20 s past 13:06).

    static func limiter(weight: Int = 10, tolerated: Int = 2) -> BinanceRateLimiter {
        var configuration = BinanceRateLimiter.Configuration()
        configuration.weightPerMinute = weight
        configuration.requestsToleratedWhileLimited = tolerated
        configuration.ordersPer10Seconds = 3
        configuration.ordersPerMinute = 5
        return BinanceRateLimiter(configuration: configuration)
    }

    /// The start of the minute holding `t0`.
    static let minuteStart = t0 - t0 % 60_000

    @Test("weight accumulates per IP within a minute and resets at the next")
    func weightWindow() {
        let limiter = Self.limiter()
        #expect(limiter.admitRequest(ip: "a", weight: 4, nowMilliseconds: Self.t0).usedWeight == 4)
        #expect(limiter.admitRequest(ip: "a", weight: 6, nowMilliseconds: Self.t0 + 1).usedWeight == 10)
        #expect(limiter.admitRequest(ip: "b", weight: 1, nowMilliseconds: Self.t0 + 1).usedWeight == 1)
        let admitted = limiter.admitRequest(ip: "a", weight: 0, nowMilliseconds: Self.t0 + 2)
        #expect(admitted.error == nil && admitted.headers.map(\.name) == ["X-MBX-USED-WEIGHT-1M"])
        #expect(admitted.headers.first?.value == "10")
        #expect(limiter.admitRequest(ip: "a", weight: 3, nowMilliseconds: Self.minuteStart + 60_000).usedWeight == 3)
    }

    @Test("over the limit: 429 -1003 with Retry-After to the window's end; the refusal uses no weight")
    func limited() throws {
        let limiter = Self.limiter()
        _ = limiter.admitRequest(ip: "a", weight: 9, nowMilliseconds: Self.t0)
        let refused = limiter.admitRequest(ip: "a", weight: 2, nowMilliseconds: Self.t0 + 500)
        let error = try #require(refused.error)
        #expect(error.code == -1003 && error.status == 429)
        let remaining = Self.minuteStart + 60_000 - (Self.t0 + 500)
        #expect(error.retryAfter == Int((remaining + 999) / 1000))
        #expect(refused.usedWeight == 9)
        #expect(refused.headers.contains { $0.name == "Retry-After" && $0.value == String(error.retryAfter!) })
        // Next minute: admitted again.
        #expect(limiter.admitRequest(ip: "a", weight: 2, nowMilliseconds: Self.minuteStart + 60_000).error == nil)
    }

    @Test("sending on while limited: tolerated 429s, then a 418 ban that escalates and expires")
    func bans() throws {
        let limiter = Self.limiter(tolerated: 2)
        var now = Self.minuteStart + 1000
        _ = limiter.admitRequest(ip: "a", weight: 10, nowMilliseconds: now)
        #expect(limiter.admitRequest(ip: "a", weight: 1, nowMilliseconds: now).error?.status == 429)  // limited
        #expect(limiter.admitRequest(ip: "a", weight: 1, nowMilliseconds: now).error?.status == 429)  // tolerated 1
        #expect(limiter.admitRequest(ip: "a", weight: 1, nowMilliseconds: now).error?.status == 429)  // tolerated 2
        let ban = try #require(limiter.admitRequest(ip: "a", weight: 1, nowMilliseconds: now).error)
        #expect(ban.status == 418 && ban.code == -1003 && ban.retryAfter == 120)
        // During the ban: 418 with the time left, even in a new minute; other IPs unaffected.
        now += 90_000
        #expect(limiter.admitRequest(ip: "a", weight: 1, nowMilliseconds: now).error?.retryAfter == 30)
        #expect(limiter.admitRequest(ip: "b", weight: 1, nowMilliseconds: now).error == nil)
        // After the ban: admitted.
        now = Self.minuteStart + 1000 + 120_000 + 60_000
        now -= now % 60_000
        #expect(limiter.admitRequest(ip: "a", weight: 10, nowMilliseconds: now).error == nil)
        // Offend again: the second ban lasts twice as long.
        for _ in 0 ..< 3 { #expect(limiter.admitRequest(ip: "a", weight: 1, nowMilliseconds: now).error?.status == 429) }
        #expect(limiter.admitRequest(ip: "a", weight: 1, nowMilliseconds: now).error?.retryAfter == 240)
    }

    @Test("ban lengths: 2 minutes doubling up to 3 days")
    func banLadder() {
        let configuration = BinanceRateLimiter.Configuration()
        var lengths: [Int64] = []
        for number in 1 ... 20 {
            lengths.append(BinanceRateLimiter.banLength(number: number, configuration: configuration))
        }
        #expect(lengths.first == 120_000 && lengths[1] == 240_000)
        let threeDays: Int64 = 259_200_000
        #expect(lengths.last == threeDays)
        #expect(zip(lengths, lengths.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test("orders per account: 10-second and minute windows, -1015, headers")
    func orders() throws {
        let limiter = Self.limiter()
        var now = Self.minuteStart
        for expected in 1 ... 3 {
            let admitted = limiter.admitOrder(account: 1, nowMilliseconds: now)
            #expect(admitted.error == nil && admitted.count10Seconds == expected && admitted.count1Minute == expected)
        }
        let refused = limiter.admitOrder(account: 1, nowMilliseconds: now + 2000)
        #expect(refused.error?.code == -1015 && refused.error?.status == 429)
        #expect(refused.error?.message == "Too many new orders; current limit is 3 orders per 10 SECOND.")
        #expect(refused.error?.retryAfter == 8)
        #expect(refused.count10Seconds == 3)
        #expect(refused.headers.map(\.name) == ["X-MBX-ORDER-COUNT-10S", "X-MBX-ORDER-COUNT-1M", "Retry-After"])
        #expect(limiter.admitOrder(account: 2, nowMilliseconds: now).error == nil)
        now += 10_000
        #expect(limiter.admitOrder(account: 1, nowMilliseconds: now).count10Seconds == 1)
        #expect(limiter.admitOrder(account: 1, nowMilliseconds: now).count1Minute == 5)
        let minute = try #require(limiter.admitOrder(account: 1, nowMilliseconds: now).error)
        #expect(minute.message == "Too many new orders; current limit is 5 orders per MINUTE.")
        #expect(minute.retryAfter == 50)
        #expect(limiter.admitOrder(account: 1, nowMilliseconds: Self.minuteStart + 60_000).error == nil)
    }

    @Test("endpoint weights (spec §2)")
    func weights() throws {
        func weight(_ path: String, _ query: String = "", method: String = "GET") throws -> Int {
            BinanceRateLimiter.weight(path: path, method: method, parameters: try BinanceParameters(query: query, body: []))
        }
        #expect(try weight("/fapi/v1/depth", "symbol=BTCUSDT&limit=5") == 2)
        #expect(try weight("/fapi/v1/depth", "limit=50") == 2)
        #expect(try weight("/fapi/v1/depth", "limit=100") == 5)
        #expect(try weight("/fapi/v1/depth") == 10)
        #expect(try weight("/fapi/v1/depth", "limit=1000") == 20)
        #expect(try weight("/fapi/v1/aggTrades") == 20)
        #expect(try weight("/fapi/v1/userTrades") == 5)
        #expect(try weight("/fapi/v3/account") == 5)
        #expect(try weight("/fapi/v3/positionRisk") == 5)
        #expect(try weight("/fapi/v1/openOrders", "symbol=BTCUSDT") == 1)
        #expect(try weight("/fapi/v1/openOrders") == 40)
        #expect(try weight("/fapi/v1/ticker/24hr", "symbol=BTCUSDT") == 1)
        #expect(try weight("/fapi/v1/ticker/24hr") == 40)
        #expect(try weight("/fapi/v1/klines", "limit=99") == 1)
        #expect(try weight("/fapi/v1/klines", "limit=1500") == 10)
        #expect(try weight("/fapi/v1/order", method: "POST") == 1)
        #expect(try weight("/fapi/v1/exchangeInfo") == 1)
    }

    @Test("concurrent checks from many tasks count exactly")
    func concurrency() async {
        let limiter = BinanceRateLimiter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0 ..< 8 {
                group.addTask {
                    for _ in 0 ..< 100 { _ = limiter.admitRequest(ip: "c", weight: 1, nowMilliseconds: Self.t0) }
                }
            }
        }
        #expect(limiter.admitRequest(ip: "c", weight: 0, nowMilliseconds: Self.t0).usedWeight == 800)
    }
}
