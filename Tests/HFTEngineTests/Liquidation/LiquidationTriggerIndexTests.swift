import Testing
@testable import HFTEngine

/// The trigger index against a dictionary model: random inserts, moves and removes; the
/// crossings it reports equal a brute-force filter for random marks.
@Suite("Liquidation trigger index")
struct LiquidationTriggerIndexTests {
    @Test(arguments: [1, 2, 3])
    func matchesModel(seed: UInt64) {
        var index = try! TriggerIndex(symbolCapacity: 2, accountCapacity: 200, perSymbolCapacity: 200)
        var model: [Int: (isLong: Bool, price: Int64)] = [:]   // key symbol * 1000 + account
        var rng = RiskRandom(state: seed)
        let buffer = UnsafeMutablePointer<Int32>.allocate(capacity: 400)
        defer { buffer.deallocate() }
        for step in 0..<3_000 {
            let symbol = Int(rng.int(0...1))
            let account = Int(rng.int(0...199))
            if rng.int(0...3) == 0 {
                index.remove(symbol: symbol, account: account)
                model[symbol * 1000 + account] = nil
            } else {
                let isLong = rng.int(0...1) == 0
                let price = rng.int(1...1_000)
                let inserted = index.update(symbol: symbol, account: account, isLong: isLong, trigger: price)
                #expect(inserted)
                model[symbol * 1000 + account] = (isLong, price)
            }
            if step % 97 == 0 {
                let valid = index.checkInvariants()
                #expect(valid, "heap at step \(step)")
                let mark = rng.int(1...1_000)
                for s in 0..<2 {
                    let n = index.collectCrossed(symbol: s, mark: mark, into: buffer, capacity: 400)
                    let got = Set((0..<n).map { Int(buffer[$0]) })
                    let want = Set(model.filter { $0.key / 1000 == s && ($0.value.isLong ? $0.value.price >= mark : $0.value.price <= mark) }
                        .map { $0.key % 1000 })
                    #expect(got == want, "crossed at step \(step), symbol \(s), mark \(mark)")
                    #expect(n == got.count)
                    let crossed = index.isCrossed(symbol: s, mark: mark)
                    #expect(crossed == !want.isEmpty)
                }
            }
        }
        for (key, value) in model {
            let t = index.trigger(symbol: key / 1000, account: key % 1000)
            #expect(t?.isLong == value.isLong)
            #expect(t?.price == value.price)
        }
        index.removeAll()
        let empty = index.count(symbol: 0, isLong: true)
        let validAfter = index.checkInvariants()
        #expect(empty == 0 && validAfter)
    }

    @Test func fullSideRejectsInsert() {
        var index = try! TriggerIndex(symbolCapacity: 1, accountCapacity: 8, perSymbolCapacity: 2)
        let r1 = index.update(symbol: 0, account: 0, isLong: true, trigger: 5)
        #expect(r1)
        let r2 = index.update(symbol: 0, account: 1, isLong: true, trigger: 6)
        #expect(r2)
        let r3 = index.update(symbol: 0, account: 2, isLong: true, trigger: 7)
        #expect(!r3)
        let r4 = index.update(symbol: 0, account: 2, isLong: false, trigger: 7)
        #expect(r4)
        let r5 = index.update(symbol: 3, account: 2, isLong: false, trigger: 7)
        #expect(!r5)   // out of range: no trap
        let r6 = index.update(symbol: 0, account: 0, isLong: false, trigger: 9)
        #expect(r6)    // moves to the short side
        let moved = index.trigger(symbol: 0, account: 0)
        #expect(moved?.isLong == false)
        let r7 = index.checkInvariants()
        #expect(r7)
    }
}
