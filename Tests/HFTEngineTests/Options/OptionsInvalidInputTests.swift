import Testing
@testable import HFTEngine

/// NaN, infinite, zero and negative inputs to every options entry point: a typed error or
/// the documented NaN result, never a trap.
@Suite struct OptionsInvalidInputTests {
    static let valid = OptionContract(kind: .call, spot: 100, strike: 95, expiry: 0.5, rate: 0.03,
                                      dividendYield: 0.01, volatility: 0.25)

    /// Every single-field corruption of a valid option.
    static var invalidOptions: [(String, OptionContract)] {
        var list: [(String, OptionContract)] = []
        let bad: [Double] = [.nan, .infinity, -.infinity, 0, -1]
        for value in bad {
            var o = valid; o.spot = value; list.append(("spot \(value)", o))
            o = valid; o.strike = value; list.append(("strike \(value)", o))
            o = valid; o.expiry = value; list.append(("expiry \(value)", o))
            o = valid; o.volatility = value; list.append(("volatility \(value)", o))
            if !value.isFinite {
                o = valid; o.rate = value; list.append(("rate \(value)", o))
                o = valid; o.dividendYield = value; list.append(("dividendYield \(value)", o))
            }
        }
        return list
    }

    @Test func scalarPriceAndGreeksOfInvalidInputsAreNaN() {
        #expect(BlackScholes.price(Self.valid).isFinite)
        for (label, option) in Self.invalidOptions {
            #expect(!option.isValid, "\(label)")
            for kind in [OptionKind.call, .put] {
                var o = option
                o.kind = kind
                let g = BlackScholes.greeks(o)
                let values = [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho, g.vanna, g.volga]
                let allNaN = values.allSatisfy { $0.isNaN }
                #expect(allNaN, "\(label) \(kind)")
                #expect(BlackScholes.price(o).isNaN, "\(label) \(kind)")
            }
        }
    }

    @Test func impliedVolatilityOfInvalidInputsIsTyped() {
        func solve(price: Double = 10, spot: Double = 100, strike: Double = 95, expiry: Double = 0.5,
                   rate: Double = 0.03, q: Double = 0.01) -> ImpliedVolatilityError? {
            do {
                _ = try ImpliedVolatility.volatility(kind: .call, price: price, spot: spot, strike: strike,
                                                     expiry: expiry, rate: rate, dividendYield: q)
                return nil
            } catch {
                return error
            }
        }
        #expect(solve() == nil)
        for bad in [Double.nan, .infinity, -.infinity] {
            #expect(solve(price: bad) == .notFinite)
            #expect(solve(spot: bad) == .notFinite)
            #expect(solve(strike: bad) == .notFinite)
            #expect(solve(expiry: bad) == .notFinite)
            #expect(solve(rate: bad) == .notFinite)
            #expect(solve(q: bad) == .notFinite)
        }
        for bad: Double in [0, -1, -.greatestFiniteMagnitude] {
            #expect(solve(spot: bad) == .invalidInput)
            #expect(solve(strike: bad) == .invalidInput)
            #expect(solve(expiry: bad) == .invalidInput)
        }
        #expect(solve(rate: 1e300) == .invalidInput)  // e^(−rT) leaves the double range
        #expect(solve(price: -1) == .belowIntrinsic)
        #expect(solve(price: 0) == .belowIntrinsic)
        #expect(solve(price: 1e300) == .aboveMaximum)
    }

    /// The owned batch refuses invalid rows; the raw kernel confines a bad row to its own
    /// output row (the other rows are bit-identical to a run without it).
    @Test func batchRowsAreValidatedOrConfined() throws {
        var batch = try OptionBatch(capacity: 16)
        for i in 0..<16 { try batch.set(i, Self.valid) }
        for (label, option) in Self.invalidOptions {
            #expect(throws: OptionInputError.invalidOption, "\(label)") { try batch.set(3, option) }
        }
        #expect(batch.inputs.spot[3] == 100)

        let n = 16
        var columns = (0..<7).map { _ in [Double](repeating: 0, count: n) }
        for i in 0..<n {
            let o = OptionContract(kind: i % 2 == 0 ? .call : .put, spot: 100, strike: 80 + Double(i) * 2.5,
                                   expiry: 0.25 + Double(i) / 16, rate: 0.02, dividendYield: 0.01, volatility: 0.3)
            for (k, v) in [o.kind == .call ? 1 : -1, o.spot, o.strike, o.expiry, o.rate, o.dividendYield, o.volatility].enumerated() {
                columns[k][i] = v
            }
        }
        func run(_ columns: [[Double]]) -> [[Double]] {
            var outputs = (0..<8).map { _ in [Double](repeating: -7, count: n) }
            let views = columns.map { $0.withUnsafeBufferPointer { UnsafeBufferPointer(start: UnsafeMutablePointer(mutating: $0.baseAddress!), count: n) } }
            let copies = views.map { v -> UnsafeMutableBufferPointer<Double> in
                let c = UnsafeMutableBufferPointer<Double>.allocate(capacity: n); _ = c.initialize(from: v); return c
            }
            defer { copies.forEach { $0.deallocate() } }
            let outs = (0..<8).map { _ in UnsafeMutableBufferPointer<Double>.allocate(capacity: n) }
            defer { outs.forEach { $0.deallocate() } }
            let inputs = OptionColumns(sign: .init(copies[0]), spot: .init(copies[1]), strike: .init(copies[2]),
                                       expiry: .init(copies[3]), rate: .init(copies[4]),
                                       dividendYield: .init(copies[5]), volatility: .init(copies[6]))
            BlackScholes.greeks(inputs, into: GreeksColumns(price: outs[0], delta: outs[1], gamma: outs[2], vega: outs[3],
                                                             theta: outs[4], rho: outs[5], vanna: outs[6], volga: outs[7]),
                                range: 0..<n)
            for k in 0..<8 { outputs[k] = Array(outs[k]) }
            return outputs
        }
        let clean = run(columns)
        let cleanPricesValid = clean[0].allSatisfy { $0.isFinite && $0 >= 0 }
        #expect(cleanPricesValid)
        for (column, bad) in [(1, Double.nan), (6, .nan), (3, .nan), (2, .nan)] {
            var dirty = columns
            dirty[column][5] = bad
            let result = run(dirty)
            #expect(result[0][5] == 0 && result[1][5].isNaN)  // the price clamp maps NaN to 0
            for k in 0..<8 {
                for i in 0..<n where i != 5 {
                    #expect(result[k][i].bitPattern == clean[k][i].bitPattern)
                }
            }
        }
        var infinite = columns
        infinite[1][9] = .infinity
        infinite[6][10] = -1
        infinite[3][11] = 0
        let result = run(infinite)  // unspecified values, but no trap, and other rows untouched
        #expect(result[0][8].bitPattern == clean[0][8].bitPattern && result[0][12].bitPattern == clean[0][12].bitPattern)
    }

    @Test func portfolioRefusesInvalidPositions() throws {
        var portfolio = try OptionPortfolio(optionCapacity: 4, linearCapacity: 2)
        for (label, option) in Self.invalidOptions {
            #expect(throws: OptionInputError.invalidOption, "\(label)") { try portfolio.addOption(option, quantity: 1) }
        }
        for quantity in [Double.nan, .infinity, -.infinity] {
            #expect(throws: OptionInputError.nonFiniteQuantity) { try portfolio.addOption(Self.valid, quantity: quantity) }
            #expect(throws: OptionInputError.nonFiniteQuantity) { try portfolio.addLinear(quantity: quantity, spot: 100) }
        }
        for spot in [Double.nan, .infinity, 0, -5] {
            #expect(throws: OptionInputError.invalidSpot) { try portfolio.addLinear(quantity: 1, spot: spot) }
        }
        #expect(portfolio.optionCount == 0 && portfolio.linearCount == 0)
        try portfolio.addOption(Self.valid, quantity: -3)
        try portfolio.addLinear(quantity: 2, spot: 100)
        let g = portfolio.greeks()
        #expect(g.price.isFinite && g.delta.isFinite && portfolio.optionCount == 1)
    }

    @Test func scenarioGridRefusesInvalidShocks() throws {
        var portfolio = try OptionPortfolio(optionCapacity: 1)
        try portfolio.addOption(Self.valid, quantity: 1)
        var pnl = [Double](repeating: 0, count: 4)
        for (spot, vol) in [(Double.nan, 0.0), (-1, 0), (-2, 0), (.infinity, 0), (0, .nan), (0, -.infinity)] {
            let grid = ScenarioGrid(spotShocks: [0, spot], volatilityShocks: [0, vol])
            #expect(throws: ScenarioGridError.invalidShock) {
                try pnl.withUnsafeMutableBufferPointer { try grid.evaluate(portfolio, into: $0) }
            }
        }
        let grid = ScenarioGrid(spotShocks: [0, 0.1, -0.1], volatilityShocks: [0, 0.05])
        #expect(throws: ScenarioGridError.matrixTooSmall) {
            try pnl.withUnsafeMutableBufferPointer { try grid.evaluate(portfolio, into: $0) }
        }
        // A large negative volatility shock floors at 1e-4 instead of going invalid.
        let floored = ScenarioGrid(spotShocks: [0], volatilityShocks: [-10])
        try pnl.withUnsafeMutableBufferPointer { try floored.evaluate(portfolio, into: $0) }
        #expect(pnl[0].isFinite)
    }

    @Test func capacitiesAndThreadCountsOutOfRangeAreTyped() {
        for capacity in [-1, Int.min, OptionBatch.capacityRange.upperBound + 1] {
            #expect(throws: ConfigurationError.outOfRange(field: "capacity", value: capacity, allowed: OptionBatch.capacityRange)) {
                _ = try OptionBatch(capacity: capacity)
            }
            #expect(throws: ConfigurationError.outOfRange(field: "optionCapacity", value: capacity,
                                                          allowed: OptionPortfolio.capacityRange)) {
                _ = try OptionPortfolio(optionCapacity: capacity)
            }
            #expect(throws: ConfigurationError.outOfRange(field: "linearCapacity", value: capacity,
                                                          allowed: OptionPortfolio.capacityRange)) {
                _ = try OptionPortfolio(optionCapacity: 1, linearCapacity: capacity)
            }
        }
        for threads in [0, -3, Int.min, GreeksWorkers.threadsRange.upperBound + 1, .max] {
            #expect(throws: ConfigurationError.outOfRange(field: "threads", value: threads, allowed: GreeksWorkers.threadsRange)) {
                _ = try GreeksWorkers(threads: threads)
            }
        }
        #expect(throws: Never.self) {
            _ = try OptionBatch(capacity: 0)
            _ = try OptionPortfolio(optionCapacity: 0, linearCapacity: 0)
        }
    }
}
