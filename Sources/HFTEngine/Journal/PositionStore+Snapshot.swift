// Snapshot of the position columns (see ``SnapshotBuffer``): each symbol's dense segment
// of live slots, in slot order (so the per-account lists and every scan keep their
// order); the key index and the per-symbol isolated counts are rebuilt on load.

extension PositionStore {
    /// Saves or loads the live positions. Layout: symbol and per-symbol capacities
    /// (checked), then per symbol (all `Int64`): default leverage, largest-size bound, live
    /// slot count, and per live slot: account, size, cost, margin, parked funding, leverage,
    /// mode, live orders, next and previous slot of the same account (−1 or a slot). The
    /// links and accounts are checked against the accounts by ``RiskCore/visitSnapshot(_:)``.
    ///
    /// - Complexity: O(symbols + live positions); loading also clears the key index if it
    ///   is not empty.
    mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.check(symbolCapacity); try s.check(perSymbolCapacity)
        if !s.isLoading {
            for symbol in 0..<symbolCapacity {
                s.append(symbolDefaultLeverage[symbol]); s.append(largestSize[symbol]); s.append(Int64(counts[symbol]))
                let start = segmentStart(symbol)
                for slot in start ..< start + counts[symbol] {
                    s.append(Int64(accountColumn[slot])); s.append(sizeColumn[slot]); s.append(costColumn[slot])
                    s.append(marginColumn[slot]); s.append(fundingColumn[slot]); s.append(Int64(leverageColumn[slot]))
                    s.append(Int64(modeColumn[slot].rawValue)); s.append(Int64(orderColumn[slot]))
                    s.append(Int64(nextOfAccount[slot])); s.append(Int64(previousOfAccount[slot]))
                }
            }
            return
        }
        clearLiveSlots()
        for symbol in 0..<symbolCapacity {
            let leverage = try s.read(Int64.self), largest = try s.read(Int64.self)
            guard leverage >= 1 && leverage <= Int64(Int32.max), largest >= 0 else { throw .corruptSnapshot }
            symbolDefaultLeverage[symbol] = leverage
            largestSize[symbol] = largest
            let n = try s.readCount(atMost: perSymbolCapacity)
            let start = segmentStart(symbol)
            let slots = Int64(symbolCapacity * perSymbolCapacity)
            for slot in start ..< start + n {
                let account = try s.read(Int64.self)
                guard account >= 0 && account <= Int64(Int32.max) else { throw .corruptSnapshot }
                sizeColumn[slot] = try s.read(Int64.self)
                costColumn[slot] = try s.read(Int64.self)
                marginColumn[slot] = try s.read(Int64.self)
                fundingColumn[slot] = try s.read(Int64.self)
                let slotLeverage = try s.read(Int64.self), mode = try s.read(Int64.self), orders = try s.read(Int64.self)
                let next = try s.read(Int64.self), previous = try s.read(Int64.self)
                guard slotLeverage >= 1 && slotLeverage <= Int64(Int32.max), orders >= 0 && orders <= Int64(Int32.max),
                      mode >= 0 && mode <= 255, let marginMode = MarginMode(rawValue: UInt8(mode)),
                      next >= -1 && next < slots, previous >= -1 && previous < slots
                else { throw .corruptSnapshot }
                accountColumn[slot] = Int32(account)
                symbolColumn[slot] = Int32(symbol)
                leverageColumn[slot] = Int32(slotLeverage)
                modeColumn[slot] = marginMode
                if marginMode == .isolated { isolatedCounts.add(1, at: symbol) }   // not `+=`: see UnsafeMutablePointer+Column.swift
                orderColumn[slot] = Int32(orders)
                nextOfAccount[slot] = Int32(next)
                previousOfAccount[slot] = Int32(previous)
                counts[symbol] = slot - start + 1
                do throws(IdMap.InsertError) { try index.insert(key(Int(account), symbol), Int32(slot)) } catch {
                    throw .corruptSnapshot
                }
            }
        }
        recomputeParkedFundingBounds()
    }

    /// Returns every live slot to its fresh state and empties the segments and the key
    /// index (before a load). O(live positions), plus O(index table) if it is not empty.
    mutating func clearLiveSlots() {
        for symbol in 0..<symbolCapacity {
            let start = segmentStart(symbol)
            for slot in start ..< start + counts[symbol] {
                accountColumn[slot] = -1; symbolColumn[slot] = -1
                sizeColumn[slot] = 0; costColumn[slot] = 0; marginColumn[slot] = 0; fundingColumn[slot] = 0
                leverageColumn[slot] = 0; modeColumn[slot] = .cross; orderColumn[slot] = 0
                nextOfAccount[slot] = -1; previousOfAccount[slot] = -1
            }
            counts[symbol] = 0
            isolatedCounts[symbol] = 0
        }
        if index.count > 0 { index.removeAll() }
    }

    /// True if `slot` is a live slot of its symbol's segment.
    func isLiveSlot(_ slot: Int) -> Bool {
        guard slot >= 0 && slot < symbolCapacity * perSymbolCapacity else { return false }
        let symbol = slot / perSymbolCapacity
        return slot - segmentStart(symbol) < counts[symbol]
    }
}
