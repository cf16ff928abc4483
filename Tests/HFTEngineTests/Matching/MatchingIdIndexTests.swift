import Testing
@testable import HFTEngine

/// The order-id index (``IdMap`` with its block-preserving hash) against a `Dictionary`,
/// for tiny tables (smaller than a hash block) up to a few thousand entries, with
/// consecutive ids (the engine's common case) and random ones.
@Suite struct MatchingIdIndexTests {
    @Test(arguments: [1, 2, 3, 7, 15, 16, 17, 40, 1_000])
    func agreesWithDictionary(capacity: Int) {
        for load in [0.5, 0.9] {
            var rng = SplitMix64(seed: UInt64(capacity) &* 31 &+ (load > 0.6 ? 1 : 0))
            var map = try! IdMap(capacity: capacity, maxLoadFactor: load, seed: 0x5EED)
            var model: [Int64: Int32] = [:]
            var nextKey: Int64 = 1
            for step in 0..<(20 * capacity + 200) {
                let key: Int64 = rng.below(3) == 0 ? Int64(bitPattern: rng.next()) : max(1, nextKey - Int64(rng.below(40)))
                if rng.below(2) == 0 {
                    let value = Int32(step % 1_000_000)
                    let expected: IdMap.InsertError? = model[key] != nil ? .duplicateKey
                        : model.count >= capacity ? .capacityExhausted : nil
                    do {
                        try map.insert(key, value)
                        #expect(expected == nil)
                        model[key] = value
                    } catch {
                        #expect(error == expected)
                    }
                    nextKey += 1
                } else {
                    #expect(map.remove(key) == model.removeValue(forKey: key))
                }
                #expect(map.find(key) == model[key])
                #expect(map.count == model.count)
            }
            map.checkInvariants()
            for (key, value) in model { #expect(map.find(key) == value) }
        }
    }
}
