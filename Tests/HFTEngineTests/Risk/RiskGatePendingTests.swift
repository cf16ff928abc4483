import Testing
@testable import HFTEngine

/// A new order's reservation is kept by `RiskGate.submit` while the book matches it
/// (`RiskCore.admitPending`) and recorded only if the order rests: the risk state must be
/// exactly what the reservation map gave (the random command streams of `RiskGateTests`
/// check every reservation against the book); these cases pin the arithmetic and the
/// position-slot hints when another slot's release moves the taker's slot.
@Suite("Risk gate: pending reservations")
struct RiskGatePendingTests {
    typealias F = RiskFixtures
    static let btc = SymbolID(0)
    static let price = Price(ticks: 5_000_000)

    /// A limit order at ``price`` in BTC.
    static func limit(_ id: Int64, account: Int64, _ side: Side, lots: Int64, _ tif: TimeInForce = .gtc) -> OrderRequest {
        .limit(id: id, account: account, symbol: btc, side: side, price: price, quantity: Quantity(lots: lots), timeInForce: tif)
    }

    /// Funds accounts 0, 1 and 2.
    static func fund(_ risk: inout RiskCore) throws {
        for a in 0..<3 { try risk.deposit(account: a, amount: Money(units: F.money("20000"))) }
    }

    static func submit(_ request: OrderRequest, _ matching: inout MatchingEngine, _ risk: inout RiskCore) throws -> [ExecutionEvent] {
        var events = try EventBuffer(capacity: 64)
        RiskGate.submit(request, matching: &matching, risk: &risk, into: &events)
        return (0..<events.count).map { events.events[$0] }
    }

    /// A taker that fills part of its quantity and rests keeps ⌊…⌋-exact what is left of its
    /// reservation, under its own id, with the remaining lots.
    @Test func partFilledTakerRestsWithTheRestOfItsReservation() throws {
        var matching = RiskGateTests.matchingEngine()
        var risk = RiskGateTests.riskCore()
        try Self.fund(&risk)
        _ = try Self.submit(Self.limit(1, account: 0, .sell, lots: 3), &matching, &risk)
        // What the taker reserves for 7 lots at admission, read from the check alone.
        let order = PreTradeOrder(orderId: 2, account: 1, symbol: 0, isBuy: true, price: Self.price,
                                  quantity: Quantity(lots: 7))
        let reservation = try risk.check(order).reservation.units
        let events = try Self.submit(Self.limit(2, account: 1, .buy, lots: 7), &matching, &risk)
        #expect(events.map(\.kind) == [.accepted, .trade])
        let found = risk.reservations.record(2)
        let record = try #require(found)
        let released = reservation * 3 / 7  // ⌊reserved × filled / remaining⌋, positive operands
        #expect(record.account == 1 && record.symbol == 0 && record.remainingLots == 4)
        #expect(record.reserved.units == reservation - released)
        let reserved = risk.accounts.reserved(1).units, openOrders = risk.accounts.openOrders(1)
        let live = risk.liveOrderCount, resting = matching.restingOrderCount
        let discrepancy = risk.conservationDiscrepancy()
        #expect(reserved == reservation - released && openOrders == 1)
        #expect(live == resting && discrepancy == 0)
    }

    /// The maker's last fill closes its position and frees its slot during the taker's
    /// match, which moves the taker's slot (the symbol's last) into the hole: the taker's
    /// remainder then expires through a fresh lookup, not the stale slot, and every count
    /// stays right (debug builds also assert each hint that is used).
    @Test func aSlotMovedDuringTheMatchIsLookedUpAgain() throws {
        var matching = RiskGateTests.matchingEngine()
        var risk = RiskGateTests.riskCore()
        try Self.fund(&risk)
        // Account 0 goes short 1 lot against account 1, then bids to close it.
        _ = try Self.submit(Self.limit(1, account: 0, .sell, lots: 1), &matching, &risk)
        _ = try Self.submit(Self.limit(2, account: 1, .buy, lots: 1), &matching, &risk)
        _ = try Self.submit(Self.limit(3, account: 0, .buy, lots: 1), &matching, &risk)
        let makerSlotFound = risk.positions.slot(account: 0, symbol: 0)
        let makerSlot = try #require(makerSlotFound)
        let changesBefore = risk.positions.slotChanges
        // Account 2 sells 2 lots IOC: 1 fills against order 3 (closing account 0, whose slot
        // is released), the other expires.
        let events = try Self.submit(Self.limit(4, account: 2, .sell, lots: 2, .ioc), &matching, &risk)
        #expect(events.map(\.kind) == [.accepted, .trade, .expired])
        let makerAfter = risk.positions.slot(account: 0, symbol: 0)
        let changesAfter = risk.positions.slotChanges
        #expect(makerAfter == nil)
        #expect(changesAfter != changesBefore)
        let takerSlotFound = risk.positions.slot(account: 2, symbol: 0)
        let takerSlot = try #require(takerSlotFound)
        #expect(takerSlot == makerSlot, "the taker's slot was moved into the freed one")
        let size = risk.positions.sizeColumn[takerSlot], slotOrders = risk.positions.orderColumn[takerSlot]
        let openOrders = risk.accounts.openOrders(2), reserved = risk.accounts.reserved(2).units
        #expect(size == -1 && slotOrders == 0)
        #expect(openOrders == 0 && reserved == 0)
        let ended = risk.reservations.record(4)
        #expect(ended == nil)
        let live = risk.liveOrderCount, resting = matching.restingOrderCount
        let discrepancy = risk.conservationDiscrepancy(), net = risk.positions.netSize(symbol: 0)
        #expect(live == resting && discrepancy == 0 && net == 0)
    }
}
