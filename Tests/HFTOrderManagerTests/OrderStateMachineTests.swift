import Testing
@testable import HFTOrderManager

/// Every transition of the order state machine and every duplicate, stale or late report.
@Suite("Order state machine")
struct OrderStateMachineTests {
    @Test func placementGoesPendingNewThenNew() {
        let oms = F.oms()
        let id = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 100).placed[0]
        #expect(oms.order(clientOrderId: id)?.state == .pendingNew)
        let requests = F.flush(oms, now: 100)
        #expect(requests.count == 1 && requests[0].kind == .place && !requests[0].isBatch)
        if case .place(let p) = requests[0].actions[0] { #expect(p.timeInForce == .goodTillCanceled) }
        let o = oms.order(clientOrderId: id)!
        oms.requestSucceeded(requests[0].id, results: [.report(F.report(o, .new, source: .reply, time: 110))], now: 110)
        let acked = oms.order(clientOrderId: id)!
        #expect(acked.state == .new)
        #expect(acked.exchangeOrderId == F.exchangeId(id))
        #expect(oms.order(exchangeOrderId: F.exchangeId(id))?.clientOrderId == id)
    }

    @Test func newAfterFilledChangesNothing() {
        let oms = F.oms()
        let o = F.liveBid(oms)
        #expect(oms.apply(F.report(o, .filled, filled: 10, fill: ReportFill(tradeId: 1, quantity: 10, price: 4_990_000), time: 200),
                          now: 200) == .applied)
        #expect(oms.order(clientOrderId: o.clientOrderId)?.state == .filled)
        #expect(oms.apply(F.report(o, .new, time: 300), now: 300) == .duplicate)
        #expect(oms.apply(F.report(o, .canceled, filled: 10, time: 400), now: 400) == .duplicate)
        let after = oms.order(clientOrderId: o.clientOrderId)!
        #expect(after.state == .filled && after.cumulativeFilled == 10)
        #expect(oms.position(symbol: F.symbol) == 10)
        #expect(oms.openOrders(symbol: F.symbol).isEmpty)
    }

    @Test func partialFillFromReplyAndStreamCountsOnce() {
        let oms = F.oms()
        let o = F.liveBid(oms)
        // The reply (with exact cumQuote, no trade id) first, then the stream's TRADE of the same fill.
        let reply = F.report(o, .partiallyFilled, filled: 4, quote: 4 * 4_990_000, source: .reply, time: 200)
        #expect(oms.apply(reply, now: 200) == .applied)
        let stream = F.report(o, .partiallyFilled, filled: 4, fill: ReportFill(tradeId: 7, quantity: 4, price: 4_990_000), time: 200)
        #expect(oms.apply(stream, now: 201) == .applied)      // attributes trade 7, no new quantity
        #expect(oms.apply(stream, now: 202) == .duplicate)
        #expect(oms.apply(reply, now: 203) == .duplicate)
        #expect(oms.position(symbol: F.symbol) == 4)
        let after = oms.order(clientOrderId: o.clientOrderId)!
        #expect(after.state == .partiallyFilled && after.cumulativeFilled == 4 && after.cumulativeQuote == 4 * 4_990_000)
        #expect(oms.counters.fills == 1)
    }

    @Test func streamThenReplyCountsOnce() {
        let oms = F.oms()
        let o = F.liveBid(oms)
        oms.apply(F.report(o, .partiallyFilled, filled: 3, fill: ReportFill(tradeId: 9, quantity: 3, price: 4_989_000), time: 200), now: 200)
        #expect(oms.apply(F.report(o, .partiallyFilled, filled: 3, quote: 3 * 4_989_000, source: .reply, time: 200), now: 201) == .duplicate)
        #expect(oms.position(symbol: F.symbol) == 3)
        #expect(oms.order(clientOrderId: o.clientOrderId)?.cumulativeQuote == Int128(3 * 4_989_000))
    }

    @Test func olderReportIsStale() {
        let oms = F.oms()
        let o = F.liveBid(oms)
        oms.apply(F.report(o, .partiallyFilled, filled: 6, fill: ReportFill(tradeId: 1, quantity: 6, price: 4_990_000), time: 300), now: 300)
        #expect(oms.apply(F.report(o, .partiallyFilled, filled: 2, fill: ReportFill(tradeId: 0, quantity: 2, price: 4_990_000), time: 250),
                          now: 301) == .stale)
        #expect(oms.apply(F.report(o, .new, time: 100), now: 302) == .stale)
        #expect(oms.position(symbol: F.symbol) == 6)
        #expect(oms.counters.staleReports == 2)
    }

    @Test func sameFillsOlderTimeIsStale() {
        let oms = F.oms()
        let o = F.liveBid(oms, now: 1_000)   // acknowledged at 1_005
        #expect(oms.apply(F.report(o, .new, time: 900), now: 1_100) == .stale)
    }

    @Test func canceledThenLateTradeRaisesFillsButStaysCanceled() {
        let oms = F.oms()
        let o = F.liveBid(oms)
        oms.apply(F.report(o, .canceled, time: 300), now: 300)
        #expect(oms.order(clientOrderId: o.clientOrderId)?.state == .canceled)
        let late = F.report(o, .partiallyFilled, filled: 2, fill: ReportFill(tradeId: 5, quantity: 2, price: 4_990_000), time: 290)
        #expect(oms.apply(late, now: 301) == .lateFill)
        let after = oms.order(clientOrderId: o.clientOrderId)!
        #expect(after.state == .canceled && after.cumulativeFilled == 2)
        #expect(oms.position(symbol: F.symbol) == 2)
        #expect(oms.apply(late, now: 302) == .duplicate)
        #expect(oms.position(symbol: F.symbol) == 2)
    }

    @Test func gapIsBookedAtOnceAndRepairedByTrades() {
        let oms = F.oms()
        let o = F.liveBid(oms, price: 4_990_000)
        // Trades 1 (3 @ 4_988_000) and 2 (2 @ 4_989_000) were missed; trade 3 (5 @ 4_990_000) fills the order.
        oms.apply(F.report(o, .filled, filled: 10, fill: ReportFill(tradeId: 3, quantity: 5, price: 4_990_000), time: 400), now: 400)
        var after = oms.order(clientOrderId: o.clientOrderId)!
        #expect(after.cumulativeFilled == 10 && oms.position(symbol: F.symbol) == 10)
        #expect(!after.quoteIsExact)
        let trades = [
            UserTrade(tradeId: 1, exchangeOrderId: F.exchangeId(o.clientOrderId), symbol: F.symbol, side: .buy, price: 4_988_000, quantity: 3, time: 300),
            UserTrade(tradeId: 2, exchangeOrderId: F.exchangeId(o.clientOrderId), symbol: F.symbol, side: .buy, price: 4_989_000, quantity: 2, time: 350),
            UserTrade(tradeId: 3, exchangeOrderId: F.exchangeId(o.clientOrderId), symbol: F.symbol, side: .buy, price: 4_990_000, quantity: 5, time: 400),
        ]
        let summary = oms.reconcile(ExchangeSnapshot(symbols: [F.symbol], openOrders: [], recentOrders: [], trades: trades), now: 500)
        #expect(summary.tradesAttributed == 2 && summary.tradesIgnored == 1 && summary.missedFillsApplied == 0)
        after = oms.order(clientOrderId: o.clientOrderId)!
        let exact: Int128 = 3 * 4_988_000 + 2 * 4_989_000 + 5 * 4_990_000
        #expect(after.quoteIsExact && after.cumulativeQuote == exact)
        #expect(oms.ledger(symbol: F.symbol)?.entryNotional == exact)
        #expect(oms.position(symbol: F.symbol) == 10)
    }

    @Test func gapWithCumulativeQuoteIsExactAtOnce() {
        let oms = F.oms()
        let o = F.liveBid(oms)
        oms.apply(F.report(o, .partiallyFilled, filled: 5, quote: 5 * 4_987_000, source: .query, time: 400), now: 400)
        #expect(oms.order(clientOrderId: o.clientOrderId)!.quoteIsExact)
        #expect(oms.ledger(symbol: F.symbol)?.entryNotional == Int128(5 * 4_987_000))
    }

    @Test func cancelFlowAndNewWhilePendingCancel() {
        let oms = F.oms()
        let o = F.liveBid(oms)
        let d = oms.setQuotes(symbol: F.symbol, [], now: 200)
        #expect(d.canceled == [o.clientOrderId])
        #expect(oms.order(clientOrderId: o.clientOrderId)?.state == .pendingCancel)
        // In flight: a second empty set of quotes does not cancel again.
        #expect(oms.setQuotes(symbol: F.symbol, [], now: 201).canceled.isEmpty)
        let requests = F.flush(oms, now: 201)
        #expect(requests.count == 1 && requests[0].kind == .cancel)
        // A late fill while the cancel is in flight: fills count, still pending cancel.
        oms.apply(F.report(o, .partiallyFilled, filled: 1, fill: ReportFill(tradeId: 1, quantity: 1, price: o.price), time: 205), now: 205)
        #expect(oms.order(clientOrderId: o.clientOrderId)?.state == .pendingCancel)
        oms.requestSucceeded(requests[0].id, results: [.report(F.report(o, .canceled, filled: 1, source: .reply, time: 210))], now: 210)
        #expect(oms.order(clientOrderId: o.clientOrderId)?.state == .canceled)
        #expect(oms.counters.canceled == 1)
    }

    @Test func cancelRejectedReturnsToPreviousState() {
        let oms = F.oms()
        let o = F.liveBid(oms)
        oms.apply(F.report(o, .partiallyFilled, filled: 2, fill: ReportFill(tradeId: 1, quantity: 2, price: o.price), time: 100), now: 100)
        oms.setQuotes(symbol: F.symbol, [], now: 200)
        let r = F.flush(oms, now: 200)[0]
        oms.requestSucceeded(r.id, results: [.failed(.rejected(code: -1, message: "x"))], now: 210)
        #expect(oms.order(clientOrderId: o.clientOrderId)?.state == .partiallyFilled)
    }

    @Test func placeRejectedEndsRejected() {
        let oms = F.oms()
        let id = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 100).placed[0]
        let r = F.flush(oms, now: 100)[0]
        oms.requestFailed(r.id, .rejected(code: -2010, message: "insufficient margin"), now: 110)
        #expect(oms.order(clientOrderId: id)?.state == .rejected)
        #expect(oms.counters.rejected == 1 && oms.counters.errors[.rejected] == 1)
        #expect(oms.openOrders(symbol: F.symbol).isEmpty)
        // A late NEW for the rejected order never resurrects it.
        #expect(oms.apply(F.report(oms.order(clientOrderId: id)!, .new, time: 120), now: 120) == .duplicate)
        #expect(oms.order(clientOrderId: id)?.state == .rejected)
    }

    @Test func rejectedAndExpiredReports() {
        let oms = F.oms()
        let a = F.liveBid(oms, price: 4_990_000)
        let b = F.liveBid(oms, price: 4_980_000)
        oms.apply(F.report(a, .expired, time: 300), now: 300)
        oms.apply(F.report(b, .rejected, time: 300), now: 300)
        #expect(oms.order(clientOrderId: a.clientOrderId)?.state == .expired)
        #expect(oms.order(clientOrderId: b.clientOrderId)?.state == .rejected)
        #expect(oms.counters.expired == 1 && oms.counters.rejected == 1)
    }

    @Test func modifyFlow() {
        let oms = F.oms()
        let o = F.liveBid(oms, price: 4_990_000)
        let d = oms.setQuotes(symbol: F.symbol, [F.bid(4_991_000)], now: 200)
        #expect(d.modified == [o.clientOrderId] && d.placed.isEmpty && d.canceled.isEmpty)
        var m = oms.order(clientOrderId: o.clientOrderId)!
        #expect(m.state == .pendingModify && m.pendingModify == ModifyTarget(price: 4_991_000, quantity: 10))
        // A pending modify toward the same intent is kept; nothing new.
        #expect(oms.setQuotes(symbol: F.symbol, [F.bid(4_991_000)], now: 201).kept == 1)
        let r = F.flush(oms, now: 201)
        #expect(r.count == 1 && r[0].kind == .modify)
        // The old NEW arriving late keeps it pending; the amended report completes it.
        oms.apply(F.report(o, .new, time: 150), now: 205)
        #expect(oms.order(clientOrderId: o.clientOrderId)?.state == .pendingModify)
        oms.requestSucceeded(r[0].id, results: [.report(F.report(o, .new, source: .reply, time: 210, price: 4_991_000))], now: 210)
        m = oms.order(clientOrderId: o.clientOrderId)!
        #expect(m.state == .new && m.price == 4_991_000 && m.pendingModify == nil)
    }

    @Test func modifyRejectedRevertsAndTimeoutFlagsReconciliation() {
        let oms = F.oms()
        let o = F.liveBid(oms, price: 4_990_000)
        oms.setQuotes(symbol: F.symbol, [F.bid(4_991_000)], now: 200)
        let r = F.flush(oms, now: 200)[0]
        oms.requestFailed(r.id, .rejected(code: -5027, message: "no need to modify"), now: 210)
        var m = oms.order(clientOrderId: o.clientOrderId)!
        #expect(m.state == .new && m.pendingModify == nil && m.price == 4_990_000)
        oms.setQuotes(symbol: F.symbol, [F.bid(4_992_000)], now: 300)
        let r2 = F.flush(oms, now: 300)[0]
        oms.requestFailed(r2.id, .timeout, now: 310)
        m = oms.order(clientOrderId: o.clientOrderId)!
        #expect(m.state == .pendingModify && m.needsReconciliation && oms.reconciliationRequested)
    }

    @Test func timeoutOfPlacementNeverPlacesAgain() {
        let oms = F.oms()
        let id = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 100).placed[0]
        let r = F.flush(oms, now: 100)[0]
        oms.requestFailed(r.id, .timeout, now: 200)
        #expect(oms.order(clientOrderId: id)?.state == .pendingNew)
        #expect(oms.order(clientOrderId: id)?.needsReconciliation == true)
        // The same intent again: the pending order serves it; nothing is placed.
        #expect(oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 300).placed.isEmpty)
        #expect(F.flush(oms, now: 300).isEmpty)
        // The stream shows the exchange did act: it becomes new.
        oms.apply(F.report(oms.order(clientOrderId: id)!, .new, time: 150), now: 310)
        #expect(oms.order(clientOrderId: id)?.state == .new)
        #expect(oms.order(clientOrderId: id)?.needsReconciliation == false)
    }

    @Test func rateLimitedRequestIsQueuedAgainWithTheSameIds() {
        let oms = F.oms()
        let d = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000), F.bid(4_980_000)], now: 100)
        let r = F.flush(oms, now: 100)
        #expect(r.count == 1 && r[0].actions.count == 2)
        oms.requestFailed(r[0].id, .rateLimited(retryAfterSeconds: 3), now: 1_200)
        #expect(oms.nextRequests(now: 2_000).isEmpty)
        #expect(oms.nextFlushTime == 4_200)
        let again = oms.nextRequests(now: 4_200)
        #expect(again.count == 1 && again[0].actions.map(\.clientOrderId) == d.placed)
    }

    @Test func unknownReportRequestsReconciliation() {
        let oms = F.oms()
        let stray = ExecutionReport(source: .stream, symbol: F.symbol, clientOrderId: "web_abc", exchangeOrderId: 77, side: .sell,
                                    status: .new, price: 5_100_000, origQuantity: 1, cumulativeFilled: 0, eventTime: 1, transactionTime: 1)
        #expect(oms.apply(stray, now: 10) == .unknownOrder)
        #expect(oms.reconciliationRequested)
    }

    @Test func clientOrderIdsAreValidUniqueAndOurs() throws {
        var g = try ClientOrderIdGenerator(prefix: "mm-1.a:b/c_")
        var seen: Set<String> = []
        for _ in 0..<1_000 {
            let id = g.next()
            #expect(ClientOrderIdGenerator.isValidClientOrderId(id))
            #expect(g.isOurs(id))
            #expect(seen.insert(id).inserted)
        }
        #expect(!g.isOurs("mm-1.a:b/c_x1"))
        #expect(!g.isOurs("other1"))
        #expect(throws: OMSConfigurationError.self) { try ClientOrderIdGenerator(prefix: "bad prefix") }
        #expect(throws: OMSConfigurationError.self) { try ClientOrderIdGenerator(prefix: String(repeating: "a", count: 17)) }
        var big = try ClientOrderIdGenerator(prefix: String(repeating: "a", count: 16), start: .max)
        #expect(ClientOrderIdGenerator.isValidClientOrderId(big.next()))
    }
}

/// Placements whose fate the exchange decided behind a failure the OMS saw.
@Suite("Order state machine: placements")
struct PlacementFateTests {
    @Test func reportOfAQueuedPlacementRemovesItFromTheQueue() {
        let oms = F.oms()
        let id = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 0).placed[0]
        let r = oms.nextRequests(now: 10)[0]
        oms.requestFailed(r.id, .rateLimited(retryAfterSeconds: 1), now: 20)
        #expect(oms.queuedActionCount == 1)
        // The exchange did take it after all: the stream says NEW.
        oms.apply(F.report(oms.order(clientOrderId: id)!, .new, time: 25), now: 30)
        #expect(oms.order(clientOrderId: id)?.state == .new)
        #expect(oms.queuedActionCount == 0)
        #expect(oms.nextRequests(now: 2_000).isEmpty)
    }

    @Test func duplicateIdRefusalOfAnAcknowledgedOrderChangesNothing() {
        let oms = F.oms()
        let o = F.liveBid(oms)
        oms.setQuotes(symbol: F.symbol, [], now: 100)     // the order is being canceled
        // A (hypothetical) second send of the placement refused as a duplicate id.
        oms.requestsInFlight[999] = OMSRequest(id: 999, kind: .place, symbol: F.symbol,
                                               actions: [.place(PlaceOrder(clientOrderId: o.clientOrderId, symbol: F.symbol,
                                                                           side: .buy, price: o.price, quantity: 10,
                                                                           timeInForce: .goodTillCanceled))], weight: 1)
        oms.requestFailed(999, .rejected(code: -4116, message: "ClientOrderId is duplicated."), now: 120)
        #expect(oms.order(clientOrderId: o.clientOrderId)?.state == .pendingCancel)
    }
}
