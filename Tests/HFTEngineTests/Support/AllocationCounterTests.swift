import AllocationCounter
import Testing

/// The zero-allocation tests are only as good as the counter: it must see allocations.
@Suite struct AllocationCounterTests {
    @Test(allocationCounting) func countsAnArrayAllocation() throws {
        let before = try #require(AllocationCounter.threadBytes())
        let array = [Int](repeating: 7, count: 1000)
        let after = try #require(AllocationCounter.threadBytes())
        #expect(array.count == 1000)
        #expect(after - before >= 8000)
    }

    @Test(allocationCounting) func processWideCountSeesAllocations() throws {
        let reading = try #require(AllocationCounter.measure {
            for n in 1...10 { _ = [UInt8](repeating: 1, count: 100 * n) }
        })
        #expect(reading.allocations >= 10)
    }
}
