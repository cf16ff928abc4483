import Testing
@testable import HFTOrderManager

/// The transition table: every (state, report status) pair the exchange can produce, one row
/// each, applied to an order brought into the state the way the OMS gets there.
@Suite("Order transition table")
struct OrderTransitionTableTests {
    /// Brings a fresh order of 10 lots into `state` (fills of 4 for partiallyFilled).
    func order(in state: OrderState, _ oms: OrderManager) -> ManagedOrder {
        switch state {
        case .pendingNew:
            let id = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 0).placed[0]
            _ = oms.nextRequests(now: 10)
            return oms.order(clientOrderId: id)!
        case .new:
            return F.liveBid(oms)
        case .partiallyFilled:
            let o = F.liveBid(oms)
            oms.apply(F.report(o, .partiallyFilled, filled: 4, fill: ReportFill(tradeId: 1, quantity: 4, price: o.price), time: 20), now: 20)
            return oms.order(clientOrderId: o.clientOrderId)!
        case .pendingCancel:
            let o = F.liveBid(oms)
            oms.setQuotes(symbol: F.symbol, [], now: 20)
            _ = oms.nextRequests(now: 30)
            return oms.order(clientOrderId: o.clientOrderId)!
        case .pendingModify:
            let o = F.liveBid(oms)
            oms.setQuotes(symbol: F.symbol, [F.bid(4_991_000)], now: 20)
            _ = oms.nextRequests(now: 30)
            return oms.order(clientOrderId: o.clientOrderId)!
        default:
            preconditionFailure("not a starting state")
        }
    }

    struct Row: CustomStringConvertible, Sendable {
        var from: OrderState
        var status: ReportStatus
        var filled: Int64
        var to: OrderState
        var description: String { "\(from) + \(status)(z=\(filled)) -> \(to)" }
    }

    static let rows: [Row] = [
        Row(from: .pendingNew, status: .new, filled: 0, to: .new),
        Row(from: .pendingNew, status: .partiallyFilled, filled: 3, to: .partiallyFilled),
        Row(from: .pendingNew, status: .filled, filled: 10, to: .filled),
        Row(from: .pendingNew, status: .rejected, filled: 0, to: .rejected),
        Row(from: .pendingNew, status: .expired, filled: 0, to: .expired),          // e.g. a post-only that would cross
        Row(from: .pendingNew, status: .canceled, filled: 0, to: .canceled),
        Row(from: .new, status: .partiallyFilled, filled: 3, to: .partiallyFilled),
        Row(from: .new, status: .filled, filled: 10, to: .filled),
        Row(from: .new, status: .canceled, filled: 0, to: .canceled),
        Row(from: .new, status: .expired, filled: 0, to: .expired),
        Row(from: .partiallyFilled, status: .partiallyFilled, filled: 7, to: .partiallyFilled),
        Row(from: .partiallyFilled, status: .filled, filled: 10, to: .filled),
        Row(from: .partiallyFilled, status: .canceled, filled: 4, to: .canceled),
        Row(from: .partiallyFilled, status: .expired, filled: 6, to: .expired),
        Row(from: .pendingCancel, status: .canceled, filled: 0, to: .canceled),
        Row(from: .pendingCancel, status: .partiallyFilled, filled: 2, to: .pendingCancel),
        Row(from: .pendingCancel, status: .filled, filled: 10, to: .filled),      // filled before the cancel arrived
        Row(from: .pendingCancel, status: .expired, filled: 0, to: .expired),
        Row(from: .pendingModify, status: .partiallyFilled, filled: 2, to: .pendingModify),   // a fill at the old terms
        Row(from: .pendingModify, status: .filled, filled: 10, to: .filled),
        Row(from: .pendingModify, status: .canceled, filled: 0, to: .canceled),
    ]

    @Test(arguments: rows)
    func transition(_ row: Row) {
        let oms = F.oms()
        let o = order(in: row.from, oms)
        #expect(o.state == row.from)
        let fill = row.filled > o.cumulativeFilled
            ? ReportFill(tradeId: 100, quantity: row.filled - o.cumulativeFilled, price: o.price) : nil
        let outcome = oms.apply(F.report(o, row.status, filled: row.filled, fill: fill, time: 1_000), now: 1_000)
        let after = oms.order(clientOrderId: o.clientOrderId)!
        #expect(outcome == .applied)
        #expect(after.state == row.to)
        #expect(after.cumulativeFilled == max(o.cumulativeFilled, row.filled))
        #expect(oms.position(symbol: F.symbol) == after.cumulativeFilled)
        #expect(oms.openOrders(symbol: F.symbol).contains { $0.clientOrderId == o.clientOrderId } == !row.to.isTerminal)
        // The same report again changes nothing; so does any report after a terminal state.
        #expect(oms.apply(F.report(o, row.status, filled: row.filled, fill: fill, time: 1_000), now: 1_001) == .duplicate)
        if row.to.isTerminal {
            for status in [ReportStatus.new, .partiallyFilled, .canceled, .expired, .rejected] {
                oms.apply(F.report(o, status, filled: after.cumulativeFilled, time: 2_000), now: 2_000)
                #expect(oms.order(clientOrderId: o.clientOrderId)?.state == row.to, "\(status) after \(row.to)")
            }
        }
    }

    @Test func pendingModifyCompletesOnlyWithItsTerms() {
        let oms = F.oms()
        let o = order(in: .pendingModify, oms)
        oms.apply(F.report(o, .new, time: 500, price: 4_990_000), now: 500)        // the old terms: still pending
        #expect(oms.order(clientOrderId: o.clientOrderId)?.state == .pendingModify)
        oms.apply(F.report(o, .new, time: 600, price: 4_991_000), now: 600)        // the new terms: done
        #expect(oms.order(clientOrderId: o.clientOrderId)?.state == .new)
        #expect(oms.order(clientOrderId: o.clientOrderId)?.price == 4_991_000)
    }
}
