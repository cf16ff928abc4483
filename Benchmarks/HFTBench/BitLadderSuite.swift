import HFTEngine

/// `primitives.ladder.next.sparse` / `.dense`: next set position at or after a random
/// position in a ladder of 2^20 positions with 0.1% (sparse: searches climb levels) or
/// 50% (dense: mostly answered in the first word) of them set.
final class BitLadderNextSuite: BenchmarkSuite {
    enum Density: String { case sparse, dense }
    static let positions = 1 << 20

    let name: String
    let density: Density
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var ladder = try! BitLadder(bitCount: BitLadderNextSuite.positions)
    var queries: [Int] = []

    init(density: Density) {
        self.density = density
        name = "primitives.ladder.next.\(density.rawValue)"
    }

    func setUp(quick: Bool) {
        var rng = SplitMix64(seed: 23)
        let every = density == .sparse ? 1000 : 2
        for i in 0..<Self.positions where rng.next() % UInt64(every) == 0 { ladder.insert(i) }
        queries = (0..<(1 << 20)).map { _ in Int(rng.next() % UInt64(Self.positions)) }
        operationsPerBatch = quick ? queries.count / 4 : queries.count
    }

    func runBatch() {
        blackHole(queries.withUnsafeBufferPointer { Self.search(ladder, $0, operationsPerBatch) })
    }

    @_noAllocation
    static func search(_ ladder: borrowing BitLadder, _ queries: UnsafeBufferPointer<Int>, _ count: Int) -> Int {
        var sum = 0
        for i in 0..<count { sum &+= ladder.next(atOrAfter: queries[i]) ?? -1 }
        return sum
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        var sum = 0
        for i in 0..<operationsPerBatch {
            let start = recorder.start()
            let found = ladder.next(atOrAfter: queries[i]) ?? -1
            recorder.stop(start, after: found)
            sum &+= found
        }
        blackHole(sum)
    }

    func tearDown() { queries = [] }
}
