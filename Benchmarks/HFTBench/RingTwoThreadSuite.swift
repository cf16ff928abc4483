import Foundation
import HFTEngine
import Synchronization

/// `primitives.ring.2threads`: records produced on the benchmark thread and consumed on a
/// persistent second thread that drains in batches of up to 64 (``SPSCRing/pop(into:)``);
/// ns/op is the time per record transferred (throughput).
final class RingTwoThreadSuite: BenchmarkSuite, @unchecked Sendable {
    let name = "primitives.ring.2threads"
    var operationsPerBatch = 0
    let ring = try! SPSCRing<BenchRecord>(minimumCapacity: 4096)
    /// Batches started by the producer; the consumer drains one batch per increment.
    let started = Atomic<Int>(0)
    /// Batches the consumer has finished.
    let finished = Atomic<Int>(0)
    let stopping = Atomic<Bool>(false)
    let consumerSum = Atomic<Int64>(0)
    var consumer: Thread?

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 1_000_000 : 10_000_000
        let thread = Thread { [self] in consume() }
        consumer = thread
        thread.start()
    }

    /// The consumer thread: waits for a batch, pops exactly its records, reports.
    func consume() {
        let batch = UnsafeMutableBufferPointer<BenchRecord>.allocate(capacity: 64)
        defer { batch.deallocate() }
        var done = 0
        while !stopping.load(ordering: .acquiring) {
            if started.load(ordering: .acquiring) == done {
                sched_yield()
                continue
            }
            consumerSum.store(Self.drain(ring, operationsPerBatch, batch), ordering: .relaxed)
            done += 1
            finished.store(done, ordering: .releasing)
        }
    }

    // Checked in release builds only: debug builds do not specialize the generic ring.
    #if !DEBUG
    @_noAllocation
    #endif
    static func drain(_ ring: SPSCRing<BenchRecord>, _ count: Int, _ batch: UnsafeMutableBufferPointer<BenchRecord>) -> Int64 {
        var sum: Int64 = 0
        var received = 0
        while received < count {
            let n = ring.pop(into: batch)
            for i in 0..<n { sum &+= batch[i].d }
            received &+= n
        }
        return sum
    }

    // Checked in release builds only: debug builds do not specialize the generic ring.
    #if !DEBUG
    @_noAllocation
    #endif
    static func fill(_ ring: SPSCRing<BenchRecord>, _ count: Int) {
        var i = 0
        while i < count {
            let v = Int64(i)
            if ring.push(BenchRecord(a: v, b: v, c: v, d: v)) { i &+= 1 }
        }
    }

    func runBatch() {
        let batch = started.add(1, ordering: .releasing).newValue
        Self.fill(ring, operationsPerBatch)
        while finished.load(ordering: .acquiring) != batch {}
        blackHole(consumerSum.load(ordering: .relaxed))
    }

    func tearDown() {
        stopping.store(true, ordering: .releasing)
        while consumer?.isFinished == false { sched_yield() }
        consumer = nil
    }
}
