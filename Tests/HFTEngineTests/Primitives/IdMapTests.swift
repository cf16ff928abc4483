import HFTEngine
import Testing

@Suite struct IdMapTests {
    @Test func insertFindUpdateRemove() throws {
        var map = try IdMap(capacity: 4)
        try map.insert(42, 1)
        try map.insert(0, 2)
        try map.insert(-7, 3)
        try map.insert(.min, 4)
        let found = [map.find(42), map.find(0), map.find(-7), map.find(.min), map.find(43), map.find(.max)]
        #expect(found == [1, 2, 3, 4, nil, nil])
        #expect(throws: IdMap.InsertError.duplicateKey) { try map.insert(42, 9) }
        #expect(throws: IdMap.InsertError.capacityExhausted) { try map.insert(5, 9) }
        let updated = map.update(42, 7), updatedValue = map.find(42), updatedAbsent = map.update(99, 7)
        #expect(updated && updatedValue == 7 && !updatedAbsent)
        let removed = map.remove(0), removedAgain = map.remove(0), count = map.count
        #expect(removed == 2 && removedAgain == nil && count == 3)
        try map.insert(5, 9)
        let five = map.find(5)
        #expect(five == 9)
        map.checkInvariants()
    }

    /// Millions of random operations against `Dictionary`, over a key space a few times
    /// the capacity at 90% load, so that probe runs wrap around the table and every
    /// deletion shifts entries back. The map must answer every query as the dictionary
    /// does and keep every key reachable.
    @Test(arguments: [(capacity: 1_000, load: 0.9, seed: UInt64(4)), (capacity: 50_000, load: 0.5, seed: 5)])
    func matchesDictionary(capacity: Int, load: Double, seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var map = try IdMap(capacity: capacity, maxLoadFactor: load, seed: seed)
        var model: [Int64: Int32] = [:]
        let keySpace = UInt64(capacity * 3)
        let operations = 1_500_000
        for step in 0..<operations {
            let key = Int64(rng.next() % keySpace) - Int64(keySpace / 2)
            switch rng.next() % 4 {
            case 0, 1:
                let value = Int32(rng.next() % 1_000_000)
                do throws(IdMap.InsertError) {
                    try map.insert(key, value)
                    #expect(model[key] == nil)
                    model[key] = value
                } catch .duplicateKey {
                    #expect(model[key] != nil)
                } catch {
                    #expect(model.count == capacity && model[key] == nil)
                }
            case 2:
                let removed = map.remove(key)
                #expect(removed == model.removeValue(forKey: key))
            default:
                let found = map.find(key)
                #expect(found == model[key])
            }
            let count = map.count
            #expect(count == model.count)
            if step % 250_000 == 0 { map.checkInvariants() }
        }
        map.checkInvariants()
        for (key, value) in model {
            let found = map.find(key)
            #expect(found == value)
        }
    }

    /// Deleting must not degrade lookups: after a million insert/remove cycles the probe
    /// structure is that of a map built from scratch (no tombstones accumulate).
    @Test func churnDoesNotLeaveTombstones() throws {
        var map = try IdMap(capacity: 1000, maxLoadFactor: 0.5)
        for key in 0..<Int64(1000) { try map.insert(key, 0) }
        for round in 0..<Int64(1000) {
            for key in 0..<Int64(1000) { map.remove(key + round * 1000) }
            for key in 0..<Int64(1000) { try map.insert(key + (round + 1) * 1000, 0) }
        }
        map.checkInvariants()
        let count = map.count, present = map.find(1_000_500), absent = map.find(999_999)
        #expect(count == 1000 && present == 0 && absent == nil)
    }

    @Test(allocationCounting) func hotOperationsAllocateNothing() throws {
        var map = try IdMap(capacity: 10_000)
        for key in 0..<Int64(5_000) { try map.insert(key, Int32(key)) }
        var sum = 0
        expectNoAllocations("find/insert/remove") {
            // An `Int` range: a debug build iterates `Range<Int64>` through unspecialized
            // generic code that allocates on every step, which is not what is measured.
            for i in 0..<5_000 {
                let key = Int64(i)
                sum &+= Int(map.find(key) ?? 0)
                if let value = map.remove(key) { try? map.insert(key, value) }
            }
        }
        #expect(sum > 0)
    }
}
