import HFTEngine
import Testing

@Suite struct SlotPoolTests {
    @Test func handsOutSlotsInOrderAndReportsExhaustion() throws {
        var pool = try SlotPool(capacity: 3)
        let handed = [try pool.acquire(), try pool.acquire(), try pool.acquire()]
        #expect(handed == [0, 1, 2])
        var exhausted: CapacityError?
        do throws(CapacityError) { _ = try pool.acquire() } catch { exhausted = error }
        #expect(exhausted == .capacityExhausted)
        pool.release(1)
        let available = pool.availableCount
        let reacquired = try pool.acquire()
        #expect(available == 1 && reacquired == 1)
        let live = pool.liveCount, flags = [pool.isLive(2), pool.isLive(3), pool.isLive(-1)]
        #expect(live == 3 && flags == [true, false, false])
    }

    /// Random acquire/release against a set of live handles: the pool never hands out a
    /// live slot, never fails while a slot is free, and always fails when none is.
    @Test func matchesANaiveModel() throws {
        var rng = SplitMix64(seed: 3)
        let capacity = 257
        var pool = try SlotPool(capacity: capacity)
        var live = Set<Int32>()
        var liveList: [Int32] = []
        for _ in 0..<300_000 {
            if rng.next() % 100 < 52 {
                do throws(CapacityError) {
                    let slot = try pool.acquire()
                    #expect(live.insert(slot).inserted, "slot \(slot) handed out twice")
                    #expect(slot >= 0 && slot < capacity)
                    liveList.append(slot)
                } catch {
                    #expect(live.count == capacity)
                }
            } else if !liveList.isEmpty {
                let i = Int(rng.next() % UInt64(liveList.count))
                liveList.swapAt(i, liveList.count - 1)
                let slot = liveList.removeLast()
                live.remove(slot)
                pool.release(slot)
            }
            let liveCount = pool.liveCount
            #expect(liveCount == live.count)
        }
    }

    @Test(allocationCounting) func acquireAndReleaseAllocateNothing() {
        var pool = try! SlotPool(capacity: 1024)
        expectNoAllocations("acquire+release") {
            for _ in 0..<10_000 {
                if let slot = try? pool.acquire() { pool.release(slot) }
            }
        }
    }
}
