import HFTEngine
import Testing

@Suite struct BitLadderTests {
    /// Random inserts and removes against an array of flags, with next/previous queries
    /// from random positions (including out-of-range ones), at sizes around word and
    /// level boundaries.
    @Test(arguments: [1, 63, 64, 65, 4_095, 4_096, 4_097, 262_145])
    func matchesAFlagArray(size: Int) {
        var rng = SplitMix64(seed: UInt64(size))
        var ladder = try! BitLadder(bitCount: size)
        var flags = [Bool](repeating: false, count: size)
        let operations = min(60_000, size * 40)
        for _ in 0..<operations {
            let i = Int(rng.next() % UInt64(size))
            let density = size < 100 ? 2 : (rng.next() % 2 == 0 ? 2 : 50)
            if rng.next() % UInt64(density) == 0 {
                ladder.insert(i); flags[i] = true
            } else {
                ladder.remove(i); flags[i] = false
            }
            let q = Int(rng.next() % UInt64(size + 20)) - 10
            let expectedNext = naiveNext(flags, q)
            let expectedPrevious = naivePrevious(flags, q)
            let next = ladder.next(atOrAfter: q), previous = ladder.previous(atOrBefore: q)
            let contains = ladder.contains(i)
            #expect(next == expectedNext, "next(atOrAfter: \(q)) size \(size)")
            #expect(previous == expectedPrevious, "previous(atOrBefore: \(q)) size \(size)")
            #expect(contains == flags[i])
        }
        let first = ladder.first, last = ladder.last, isEmpty = ladder.isEmpty
        #expect(first == flags.firstIndex(of: true))
        #expect(last == flags.lastIndex(of: true))
        #expect(isEmpty == !flags.contains(true))
        ladder.removeAll()
        let emptied = ladder.isEmpty, noFirst = ladder.first == nil
        #expect(emptied && noFirst)
    }

    /// The model: walk the flags from `q` towards the end.
    func naiveNext(_ flags: [Bool], _ q: Int) -> Int? {
        var i = max(q, 0)
        while i < flags.count { if flags[i] { return i }; i += 1 }
        return nil
    }

    /// The model: walk the flags from `q` towards the start.
    func naivePrevious(_ flags: [Bool], _ q: Int) -> Int? {
        var i = min(q, flags.count - 1)
        while i >= 0 { if flags[i] { return i }; i -= 1 }
        return nil
    }

    @Test func findsTheFarEndsOfALargeLadder() {
        var ladder = try! BitLadder(bitCount: 1 << 20)
        let none = ladder.next(atOrAfter: 0)
        ladder.insert((1 << 20) - 1)
        ladder.insert(0)
        let far = ladder.next(atOrAfter: 1), near = ladder.previous(atOrBefore: (1 << 20) - 2)
        ladder.remove(0)
        let gone = ladder.previous(atOrBefore: (1 << 20) - 2)
        #expect(none == nil && far == (1 << 20) - 1 && near == 0 && gone == nil)
    }

    @Test(allocationCounting) func searchesAndUpdatesAllocateNothing() {
        var ladder = try! BitLadder(bitCount: 1 << 16)
        var sum = 0
        expectNoAllocations("insert/remove/next/previous") {
            for i in stride(from: 0, to: 1 << 16, by: 97) {
                ladder.insert(i)
                sum &+= ladder.next(atOrAfter: i / 2) ?? 0
                sum &+= ladder.previous(atOrBefore: i * 2) ?? 0
                if i % 3 == 0 { ladder.remove(i) }
            }
        }
        #expect(sum > 0)
    }
}
