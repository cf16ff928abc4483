import Logging
import Testing
@testable import HFTOrderManager

/// The exchange rate limiter: weights, order counts, headers, 429 with Retry-After, 418.
@Suite("Exchange rate limiter")
struct RateLimiterTests {
    // The limiter's queries roll its windows (mutating); #expect needs plain calls.
    func take(_ l: inout ExchangeRateLimiter, weight: Int, orders: Int, now: Int64) -> Bool {
        l.tryAcquire(weight: weight, orders: orders, now: now)
    }

    func earliest(_ l: inout ExchangeRateLimiter, weight: Int, orders: Int, now: Int64) -> Int64 {
        l.earliestTime(weight: weight, orders: orders, now: now)
    }

    func used(_ l: inout ExchangeRateLimiter, _ now: Int64) -> Int { l.usedWeight(now: now) }

    @Test func weightBudgetPerMinute() {
        var l = ExchangeRateLimiter(configuration: RateLimitConfiguration(weightPerMinute: 12))
        #expect(l.weight(actions: 1) == 1 && l.weight(actions: 3) == 5)
        #expect(take(&l, weight: 5, orders: 0, now: 60_000))
        #expect(take(&l, weight: 5, orders: 0, now: 60_001))
        #expect(!take(&l, weight: 5, orders: 0, now: 60_002))
        #expect(take(&l, weight: 1, orders: 0, now: 60_003))
        #expect(earliest(&l, weight: 5, orders: 0, now: 60_004) == 120_000)
        #expect(take(&l, weight: 5, orders: 0, now: 120_000))    // the next minute's window
    }

    @Test func orderCountsPerTenSecondsAndMinute() {
        var l = ExchangeRateLimiter(configuration: RateLimitConfiguration(ordersPerTenSeconds: 5, ordersPerMinute: 8))
        #expect(take(&l, weight: 5, orders: 5, now: 0))
        #expect(!take(&l, weight: 1, orders: 1, now: 9_999))
        #expect(take(&l, weight: 1, orders: 0, now: 9_999))      // cancels count no orders
        #expect(earliest(&l, weight: 1, orders: 1, now: 9_999) == 10_000)
        #expect(take(&l, weight: 5, orders: 3, now: 10_000))
        #expect(!take(&l, weight: 1, orders: 1, now: 20_000))    // 8 in this minute
        #expect(earliest(&l, weight: 1, orders: 1, now: 20_000) == 60_000)
    }

    @Test func headersRaiseTheLocalCounts() {
        var l = ExchangeRateLimiter(configuration: RateLimitConfiguration(weightPerMinute: 2_400, ordersPerTenSeconds: 300))
        l.observeHeaders(usedWeight1m: 2_398, orderCount10s: nil, orderCount1m: nil, now: 1_000)
        #expect(used(&l, 1_000) == 2_398)
        #expect(!take(&l, weight: 5, orders: 0, now: 1_001))
        #expect(take(&l, weight: 1, orders: 0, now: 1_002))
        l.observeHeaders(usedWeight1m: 10, orderCount10s: 300, orderCount1m: 0, now: 1_003)   // never lowers
        #expect(used(&l, 1_003) == 2_399)
        #expect(!take(&l, weight: 1, orders: 1, now: 1_004))
    }

    @Test func retryAfterOn429() {
        var l = ExchangeRateLimiter()
        l.backOff(retryAfterSeconds: 7, now: 1_000)
        #expect(l.status(now: 7_999) == .backingOff(until: 8_000))
        #expect(!take(&l, weight: 1, orders: 0, now: 7_999))
        #expect(l.status(now: 8_000) == .open)
        l.backOff(retryAfterSeconds: nil, now: 10_000)
        #expect(l.status(now: 10_000) == .backingOff(until: 20_000))   // the default 10 s
    }

    @Test func banOn418StopsEverything() {
        var l = ExchangeRateLimiter()
        l.ban(until: 500_000, now: 1_000)
        #expect(l.status(now: 499_999) == .banned(until: 500_000))
        #expect(!take(&l, weight: 1, orders: 0, now: 499_999))
        #expect(take(&l, weight: 1, orders: 0, now: 500_000))
        l.ban(until: nil, now: 600_000)
        #expect(l.status(now: 600_000) == .banned(until: 720_000))
    }

    @Test func omsHoldsRequestsBackInOrder() {
        let oms = F.oms { $0.rateLimits = RateLimitConfiguration(weightPerMinute: 6) }
        let intents = (0..<7).map { F.bid(4_990_000 - Int64($0) * 10) }
        let placed = oms.setQuotes(symbol: F.symbol, intents, now: 60_000).placed
        let first = oms.nextRequests(now: 60_010)
        #expect(first.count == 1 && first[0].actions.map(\.clientOrderId) == Array(placed[0..<5]))
        #expect(oms.queuedActionCount == 2)
        #expect(oms.nextFlushTime == 120_000)     // the batch of 2 weighs 5: 5 + 5 > 6 this minute
        #expect(oms.nextRequests(now: 60_020).isEmpty)
        let third = oms.nextRequests(now: 120_000)
        #expect(third.count == 1 && third[0].actions.map(\.clientOrderId) == Array(placed[5..<7]))
    }

    @Test func heldRequestsAreAuditedWithoutOverlappingAccess() {
        // With every audit event on, holding a request back logs the queue it was taken
        // from while that queue is borrowed: this trapped ("simultaneous accesses") once.
        var logger = Logger(label: "audit", factory: { JSONLinesAuditHandler(label: $0, sink: { _ in }) })
        logger.logLevel = .trace
        let oms = F.oms({ $0.rateLimits = RateLimitConfiguration(weightPerMinute: 6) }, logger: logger)
        oms.setQuotes(symbol: F.symbol, (0..<7).map { F.bid(4_990_000 - Int64($0) * 10) }, now: 60_000)
        #expect(oms.nextRequests(now: 60_010).count == 1)
        #expect(oms.nextRequests(now: 60_020).isEmpty && oms.queuedActionCount == 2)
    }

    @Test func omsStopsOn418AndReports() {
        let oms = F.oms()
        oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 0)
        let r = oms.nextRequests(now: 10)[0]
        oms.requestFailed(r.id, .banned(until: 300_000), now: 20)
        #expect(oms.rateLimitStatus(now: 100) == .banned(until: 300_000))
        #expect(oms.nextRequests(now: 100).isEmpty)
        #expect(oms.nextFlushTime == 300_000)
        #expect(oms.nextRequests(now: 300_000).map { $0.actions.map(\.clientOrderId) } == [r.actions.map(\.clientOrderId)])
        #expect(oms.counters.errors[.banned] == 1)
    }

    @Test func omsHeadersPassThrough() {
        let oms = F.oms()
        oms.observeRateLimitHeaders(usedWeight1m: 2_400, orderCount10s: nil, orderCount1m: nil, now: 5)
        oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 5)
        #expect(oms.nextRequests(now: 15).isEmpty)
        #expect(oms.nextFlushTime == 60_000)
    }
}
