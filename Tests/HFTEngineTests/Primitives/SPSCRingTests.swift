import Foundation
import HFTEngine
import Testing

@Suite struct SPSCRingTests {
    @Test func isAFifoThatRefusesWhenFull() {
        let ring = try! SPSCRing<Int64>(minimumCapacity: 3)
        #expect(ring.capacity == 4)
        for i in 0..<4 { #expect(ring.push(Int64(i))) }
        #expect(!ring.push(99))
        #expect(ring.pop() == 0)
        #expect(ring.push(4))
        for i in 1...4 { #expect(ring.pop() == Int64(i)) }
        #expect(ring.pop() == nil)
    }

    @Test func matchesAQueueModelOnOneThread() {
        var rng = SplitMix64(seed: 6)
        let ring = try! SPSCRing<Int64>(minimumCapacity: 16)
        var model: [Int64] = []
        var next: Int64 = 0
        let scratch = UnsafeMutableBufferPointer<Int64>.allocate(capacity: 5)
        defer { scratch.deallocate() }
        for _ in 0..<200_000 {
            switch rng.next() % 3 {
            case 0:
                let accepted = ring.push(next)
                #expect(accepted == (model.count < 16))
                if accepted { model.append(next) }
                next += 1
            case 1:
                let popped = ring.pop()
                #expect(popped == model.first)
                if !model.isEmpty { model.removeFirst() }
            default:
                let n = ring.pop(into: scratch)
                #expect(n == min(5, model.count))
                #expect(Array(scratch.prefix(n)) == Array(model.prefix(n)))
                model.removeFirst(n)
            }
            #expect(ring.count == model.count)
        }
    }

    /// One producer thread, one consumer thread: every record arrives once, in order.
    @Test func deliversEveryRecordInOrderAcrossTwoThreads() async {
        let ring = try! SPSCRing<Int64>(minimumCapacity: 64)
        let total: Int64 = 300_000
        let producer = Thread {
            var i: Int64 = 0
            while i < total { if ring.push(i) { i += 1 } }
        }
        producer.start()
        var expected: Int64 = 0
        var outOfOrder = 0
        let batch = UnsafeMutableBufferPointer<Int64>.allocate(capacity: 32)
        defer { batch.deallocate() }
        while expected < total {
            if expected % 2 == 0, let value = ring.pop() {
                if value != expected { outOfOrder += 1 }
                expected += 1
            } else {
                let n = ring.pop(into: batch)
                for i in 0..<n where batch[i] != expected + Int64(i) { outOfOrder += 1 }
                expected += Int64(n)
            }
        }
        #expect(outOfOrder == 0)
        #expect(ring.pop() == nil)
    }

    @Test(allocationCounting) func pushAndPopAllocateNothing() {
        let ring = try! SPSCRing<Int64>(minimumCapacity: 1024)
        var sum: Int64 = 0
        expectNoAllocations("push+pop") {
            for i in 0..<10_000 {
                _ = ring.push(Int64(i))
                sum &+= ring.pop() ?? 0
            }
        }
        #expect(sum > 0)
    }
}
