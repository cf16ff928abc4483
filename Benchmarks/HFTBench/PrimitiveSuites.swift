import HFTEngine

/// The suites of the core primitives (issue targets on the project's 2-core machine:
/// pool ≤ 3 ns, id-map find ≤ 10 ns at 1M entries and 50% load, ring push+pop ≤ 10 ns on
/// one thread, ladder next ≤ 5 ns; 0 allocations everywhere).
func primitiveSuites() -> [any BenchmarkSuite] {
    [
        SlotPoolSuite(),
        IdMapFindSuite(load: 0.5), IdMapFindSuite(load: 0.9),
        IdMapChurnSuite(load: 0.5), IdMapChurnSuite(load: 0.9),
        RingSingleThreadSuite(), RingTwoThreadSuite(),
        BitLadderNextSuite(density: .sparse), BitLadderNextSuite(density: .dense),
    ]
}

/// `primitives.pool`: one acquire and one release of a slot, with 1,000 of the pool's
/// 4,096 slots held so that the free stack is not trivially at its top.
final class SlotPoolSuite: BenchmarkSuite {
    let name = "primitives.pool"
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var pool = try! SlotPool(capacity: 4096)

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 1_000_000 : 10_000_000
        for _ in 0..<1000 { _ = try? pool.acquire() }
    }

    func runBatch() { blackHole(Self.churn(&pool, operationsPerBatch)) }

    @_noAllocation
    static func churn(_ pool: inout SlotPool, _ count: Int) -> Int {
        var sum = 0
        for _ in 0..<count {
            guard let slot = try? pool.acquire() else { return -1 }
            sum &+= Int(slot)
            pool.release(slot)
        }
        return sum
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        for _ in 0..<operationsPerBatch {
            let start = recorder.start()
            let slot = try? pool.acquire()
            if let slot { pool.release(slot) }
            recorder.stop(start, after: Int(slot ?? -1))
        }
    }
}

/// Keys for the id-map suites: distinct random 64-bit ids, and a shuffled lookup order.
struct IdMapWorkload {
    static let entries = 1 << 20

    static func keys(count: Int, seed: UInt64) -> [Int64] {
        var rng = SplitMix64(seed: seed)
        var seen = Set<Int64>(minimumCapacity: count)
        var keys: [Int64] = []
        keys.reserveCapacity(count)
        while keys.count < count {
            let key = Int64(bitPattern: rng.next() >> 1)
            if seen.insert(key).inserted { keys.append(key) }
        }
        return keys
    }
}

/// `primitives.idmap.find@50%` / `@90%`: a successful lookup of a random key among 1M
/// entries (table sized for the load factor). Lookups are independent, so the figure is
/// throughput with overlapping cache misses; the latency columns time single lookups.
final class IdMapFindSuite: BenchmarkSuite {
    let name: String
    let load: Double
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var map: IdMap
    var lookups: [Int64] = []

    init(load: Double) {
        self.load = load
        name = "primitives.idmap.find@\(Int(load * 100))%"
        map = try! IdMap(capacity: IdMapWorkload.entries, maxLoadFactor: load)
    }

    func setUp(quick: Bool) {
        let keys = IdMapWorkload.keys(count: IdMapWorkload.entries, seed: 7)
        for (i, key) in keys.enumerated() { try? map.insert(key, Int32(i)) }
        var rng = SplitMix64(seed: 11)
        lookups = keys.shuffled(using: &rng)
        operationsPerBatch = quick ? lookups.count / 4 : lookups.count
    }

    func runBatch() {
        blackHole(lookups.withUnsafeBufferPointer { Self.findAll(map, $0, operationsPerBatch) })
    }

    @_noAllocation
    static func findAll(_ map: borrowing IdMap, _ keys: UnsafeBufferPointer<Int64>, _ count: Int) -> Int {
        var sum = 0
        for i in 0..<count { sum &+= Int(map.find(keys[i]) ?? -1) }
        return sum
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        var sum = 0
        for i in 0..<operationsPerBatch {
            let start = recorder.start()
            let value = Int(map.find(lookups[i]) ?? -1)
            recorder.stop(start, after: value)
            sum &+= value
        }
        blackHole(sum)
    }

    func tearDown() { lookups = [] }
}

/// `primitives.idmap.insert+remove@50%` / `@90%`: one operation is the removal of a
/// present key and the insert of an absent one, so the map stays at 1M entries (its
/// full capacity at that load) while every slot sees deletions: the case where
/// tombstones would degrade a map.
final class IdMapChurnSuite: BenchmarkSuite {
    let name: String
    let load: Double
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var map: IdMap
    /// `present[i]` is removed and `absent[i]` inserted by operation i; the next batch
    /// runs the swap back.
    var present: [Int64] = []
    var absent: [Int64] = []
    var forward = true

    init(load: Double) {
        self.load = load
        name = "primitives.idmap.insert+remove@\(Int(load * 100))%"
        map = try! IdMap(capacity: IdMapWorkload.entries, maxLoadFactor: load)
    }

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 1 << 17 : 1 << 19
        let keys = IdMapWorkload.keys(count: IdMapWorkload.entries + operationsPerBatch, seed: 13)
        for i in 0..<IdMapWorkload.entries { try? map.insert(keys[i], Int32(i)) }
        var rng = SplitMix64(seed: 17)
        present = Array(keys[0..<IdMapWorkload.entries].shuffled(using: &rng).prefix(operationsPerBatch))
        absent = Array(keys[IdMapWorkload.entries...])
    }

    func runBatch() {
        let (out, into) = forward ? (present, absent) : (absent, present)
        forward.toggle()
        let failures = out.withUnsafeBufferPointer { o in
            into.withUnsafeBufferPointer { i in Self.churn(&map, o, i) }
        }
        precondition(failures == 0, "id-map churn lost a key")
    }

    @_noAllocation
    static func churn(_ map: inout IdMap, _ out: UnsafeBufferPointer<Int64>, _ into: UnsafeBufferPointer<Int64>) -> Int {
        var failures = 0
        for i in 0..<out.count {
            guard let value = map.remove(out[i]) else { failures &+= 1; continue }
            do throws(IdMap.InsertError) { try map.insert(into[i], value) } catch { failures &+= 1 }
        }
        return failures
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        let (out, into) = forward ? (present, absent) : (absent, present)
        forward.toggle()
        for i in 0..<out.count {
            let start = recorder.start()
            let value = map.remove(out[i])
            if let value { try? map.insert(into[i], value) }
            recorder.stop(start, after: Int(value ?? -1))
        }
    }

    func tearDown() { present = []; absent = [] }
}

/// A 32-byte record, the size of a market-data update.
struct BenchRecord: BitwiseCopyable {
    var a: Int64, b: Int64, c: Int64, d: Int64

    // Annotated so that `@_noAllocation` callers in other files pass the check in debug
    // builds too (non-WMO: only the annotation of a cross-file callee is visible).
    @inline(__always) @_noAllocation
    init(a: Int64, b: Int64, c: Int64, d: Int64) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }
}

/// `primitives.ring.push+pop`: one push and one pop on the same thread.
final class RingSingleThreadSuite: BenchmarkSuite {
    let name = "primitives.ring.push+pop"
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    let ring = try! SPSCRing<BenchRecord>(minimumCapacity: 1024)

    func setUp(quick: Bool) { operationsPerBatch = quick ? 1_000_000 : 10_000_000 }

    func runBatch() { blackHole(Self.pushPop(ring, operationsPerBatch)) }

    // Checked in release builds only: debug builds do not specialize the generic ring.
    #if !DEBUG
    @_noAllocation
    #endif
    static func pushPop(_ ring: SPSCRing<BenchRecord>, _ count: Int) -> Int64 {
        var sum: Int64 = 0
        for i in 0..<count {
            let v = Int64(i)
            _ = ring.push(BenchRecord(a: v, b: v, c: v, d: v))
            sum &+= ring.pop()?.d ?? -1
        }
        return sum
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        var sum: Int64 = 0
        for i in 0..<operationsPerBatch {
            let v = Int64(i)
            let start = recorder.start()
            _ = ring.push(BenchRecord(a: v, b: v, c: v, d: v))
            let popped = ring.pop()?.d ?? -1
            recorder.stop(start, after: Int(popped))
            sum &+= popped
        }
        blackHole(sum)
    }
}
