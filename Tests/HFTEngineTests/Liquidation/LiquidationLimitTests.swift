import Testing
@testable import HFTEngine

/// The liquidation engine's configuration ranges and its fixed-capacity stores filled to
/// capacity and freed again: trigger heaps, the event buffer, the open-order index.
@Suite struct LiquidationLimitTests {
    @Test func everyConfigurationSettingIsRangeChecked() throws {
        let risk = try RiskCore(RiskConfiguration(userCapacity: 8, symbolCapacity: 2, positionsPerSymbol: 8, orderCapacity: 16))
        func refused(_ change: (inout LiquidationConfiguration) -> Void) -> LiquidationConfigurationError? {
            var c = LiquidationConfiguration()
            c.scanThreads = 1
            c.candidateCapacity = 16
            c.eventCapacity = 16
            c.matchEventCapacity = 16
            c.openOrderCapacity = 16
            change(&c)
            do throws(LiquidationConfigurationError) { _ = try LiquidationEngine(configuration: c, risk: risk); return nil } catch {
                return error
            }
        }
        #expect(refused { _ in } == nil)
        #expect(refused { $0.scanThreads = 0 } == .scanThreads)
        #expect(refused { $0.scanThreads = LiquidationScanner.maxThreads + 1 } == .scanThreads)
        #expect(refused { $0.candidateCapacity = 0 } == .candidateCapacity)
        #expect(refused { $0.eventCapacity = 0 } == .eventCapacity)
        #expect(refused { $0.eventCapacity = RiskConfiguration.maxSlots + 1 } == .eventCapacity)
        #expect(refused { $0.matchEventCapacity = -1 } == .matchEventCapacity)
        #expect(refused { $0.openOrderCapacity = 0 } == .openOrderCapacity)
        #expect(refused { $0.feeRate = Rate(e8: -1) } == .rate)
        #expect(refused { $0.feeRate = Rate(e8: Rate.one + 1) } == .rate)
        #expect(refused { $0.unwindSlippage = Rate(e8: Rate.one) } == .rate)
        #expect(refused { $0.orderIdBase = 0 } == .orderIdBase)
        #expect(throws: LiquidationConfigurationError.scanThreads) {
            _ = try LiquidationScanner(threads: 0, symbolCapacity: 1, candidateCapacity: 1)
        }
        #expect(throws: LiquidationConfigurationError.candidateCapacity) {
            _ = try LiquidationScanner(threads: 1, symbolCapacity: 0, candidateCapacity: 1)
        }
        #expect(throws: LiquidationConfigurationError.triggerCapacity) {
            _ = try TriggerIndex(symbolCapacity: 1, accountCapacity: 0, perSymbolCapacity: 1)
        }
        #expect(throws: LiquidationConfigurationError.triggerCapacity) {
            _ = try TriggerIndex(symbolCapacity: 1, accountCapacity: 1, perSymbolCapacity: Int(Int32.max))
        }
        // A location table of 2^16 symbols × 2^31 accounts × 4 bytes = 512 TiB: more address
        // space than a process has, so the kernel refuses the mapping.
        #expect(throws: LiquidationConfigurationError.mapFailed) {
            _ = try TriggerIndex(symbolCapacity: 1 << 16, accountCapacity: Int(Int32.max), perSymbolCapacity: 1)
        }
        #expect(throws: LiquidationConfigurationError.eventCapacity) { _ = try LiquidationEventBuffer(capacity: 0) }
        #expect(throws: LiquidationConfigurationError.openOrderCapacity) {
            _ = try OpenOrderIndex(capacity: 0, accountCapacity: 4)
        }
    }

    @Test func triggerHeapFullAndFreedAgain() throws {
        var index = try TriggerIndex(symbolCapacity: 1, accountCapacity: 4, perSymbolCapacity: 2)
        var inserted = [index.update(symbol: 0, account: 0, isLong: false, trigger: 5),
                        index.update(symbol: 0, account: 1, isLong: false, trigger: 6)]
        #expect(inserted == [true, true])
        let full = index.update(symbol: 0, account: 2, isLong: false, trigger: 7)
        #expect(!full)
        #expect(index.count(symbol: 0, isLong: false) == 2)
        // The other side has its own capacity; out-of-range indices are refused, not trapped.
        let otherSide = index.update(symbol: 0, account: 2, isLong: true, trigger: 7)
        #expect(otherSide)
        let badSymbol = index.update(symbol: 1, account: 0, isLong: true, trigger: 1)
        let badAccount = index.update(symbol: 0, account: -1, isLong: true, trigger: 1)
        #expect(!badSymbol && !badAccount)
        index.remove(symbol: 0, account: 0)
        inserted = [index.update(symbol: 0, account: 3, isLong: false, trigger: 8)]
        #expect(inserted == [true])
        #expect(index.count(symbol: 0, isLong: false) == 2)
    }

    @Test func eventBufferCountsDropsAndEmptiesAgain() throws {
        var events = try LiquidationEventBuffer(capacity: 2)
        for i in 0..<5 {
            events.append(LiquidationEvent(kind: .liquidation, step: .order, side: .sell, symbol: 0, account: Int64(i)))
        }
        #expect(events.count == 2 && events.droppedCount == 3)
        #expect(events[0].account == 0 && events[1].account == 1)
        events.removeAll()
        #expect(events.count == 0 && events.droppedCount == 0)
        events.append(LiquidationEvent(kind: .insurance, step: .fee, side: .buy, symbol: 0, account: 9))
        #expect(events.count == 1 && events[0].account == 9)
    }

    @Test func openOrderIndexFullCountsUntrackedAndFreesAgain() throws {
        var index = try OpenOrderIndex(capacity: 2, accountCapacity: 4)
        index.add(orderId: 1, account: 0, symbol: 0)
        index.add(orderId: 2, account: 0, symbol: 0)
        index.add(orderId: 3, account: 1, symbol: 0)
        #expect(index.count == 2 && index.untracked == 1)
        index.add(orderId: 4, account: 99, symbol: 0)   // not an account: ignored
        #expect(index.count == 2)
        index.remove(orderId: 1)
        index.add(orderId: 3, account: 1, symbol: 0)
        #expect(index.count == 2)
        #expect(index.orderId(index.firstNode(account: 1)) == 3)
    }

    /// A mark at the top of the 64-bit range (ticks × lots × k far beyond 2^63): the short
    /// is liquidated (book, fund or ADL) without a trap, and money stays conserved.
    @Test func aMarkAtTheTopOfTheRangeLiquidatesWithoutOverflow() {
        typealias F = RiskFixtures
        let v = LiquidationVenue()
        v.openAgainstMaker(1, deposit: "5100", leverage: 10, long: false, lots: 1_000, price: "50000")
        #expect(v.size(1, F.btc) == -1_000)
        let extreme = "92000000000000000"   // 9.2 × 10^18 ticks
        v.mark(F.btc, extreme)
        #expect(v.size(1, F.btc) == 0)
        #expect(v.invariantsHold)
        let events = v.drainEvents()
        #expect(!events.isEmpty && events[0].kind == .liquidation && events[0].mark == F.ticks(extreme))
        // Valuations at that mark saturate instead of wrapping.
        if let s = v.risk.positions.slot(account: 0, symbol: F.btc), v.risk.positions.size(s) != 0 {
            #expect(v.risk.notional(slot: s, ticks: .max) == .max)
        }
    }
}
