import Testing
@testable import HFTEngine
import HFTReplay

/// Every public initialiser that takes a capacity or size rejects numbers outside its
/// documented range with a ``ConfigurationError`` naming the field, instead of trapping.
@Suite struct ConfigurationLimitTests {
    @Test func engineConfigurationNamesTheFieldOutOfRange() {
        let cases: [(EngineConfiguration, ConfigurationError)] = [
            (EngineConfiguration(maxOrders: 0),
             .outOfRange(field: "maxOrders", value: 0, allowed: EngineConfiguration.maxOrdersRange)),
            (EngineConfiguration(maxOrders: -5),
             .outOfRange(field: "maxOrders", value: -5, allowed: EngineConfiguration.maxOrdersRange)),
            (EngineConfiguration(maxOrders: .max),
             .outOfRange(field: "maxOrders", value: .max, allowed: EngineConfiguration.maxOrdersRange)),
            (EngineConfiguration(maxPriceLevels: 0),
             .outOfRange(field: "maxPriceLevels", value: 0, allowed: EngineConfiguration.maxPriceLevelsRange)),
            (EngineConfiguration(maxSymbols: Int.min),
             .outOfRange(field: "maxSymbols", value: .min, allowed: EngineConfiguration.maxSymbolsRange)),
            (EngineConfiguration(maxSymbols: (1 << 16) + 1),
             .outOfRange(field: "maxSymbols", value: (1 << 16) + 1, allowed: EngineConfiguration.maxSymbolsRange)),
            (EngineConfiguration(idIndexLoadFactor: 0),
             .notInRange(field: "idIndexLoadFactor", value: 0, allowed: IdMap.loadFactorRange)),
            (EngineConfiguration(idIndexLoadFactor: 1),
             .notInRange(field: "idIndexLoadFactor", value: 1, allowed: IdMap.loadFactorRange)),
            (EngineConfiguration(idIndexLoadFactor: .infinity),
             .notInRange(field: "idIndexLoadFactor", value: .infinity, allowed: IdMap.loadFactorRange)),
            // 2^30 orders at load 0.5 need a 2^31-entry table: more than Int32 can address.
            (EngineConfiguration(maxOrders: 1 << 30, idIndexLoadFactor: 0.5),
             .outOfRange(field: "maxOrders", value: 1 << 30, allowed: 1 ... IdMap.maxCapacity(maxLoadFactor: 0.5))),
        ]
        for (configuration, expected) in cases {
            #expect(throws: expected) { try configuration.validate() }
            #expect(throws: expected) { _ = try MatchingEngine(configuration: configuration) }
        }
        #expect(throws: ConfigurationError.self) {
            try EngineConfiguration(idIndexLoadFactor: .nan).validate()
        }
        // The largest load factor allows the largest order count: both ends are accepted.
        #expect(throws: Never.self) {
            try EngineConfiguration(maxOrders: 1 << 30, idIndexLoadFactor: 0.95).validate()
            try EngineConfiguration(maxOrders: 1, maxPriceLevels: 1, maxSymbols: 1, idIndexLoadFactor: 0.05).validate()
        }
    }

    @Test func symbolConfigurationNamesTheFieldOutOfRange() throws {
        var engine = try MatchingEngine(configuration: EngineConfiguration(maxOrders: 8, maxPriceLevels: 8, maxSymbols: 8))
        let cases: [(SymbolConfiguration, ConfigurationError)] = [
            (SymbolConfiguration(name: "a", ladderTicks: 63),
             .outOfRange(field: "ladderTicks", value: 63, allowed: SymbolConfiguration.ladderTicksRange)),
            (SymbolConfiguration(name: "b", ladderTicks: (1 << 30) + 1),
             .outOfRange(field: "ladderTicks", value: (1 << 30) + 1, allowed: SymbolConfiguration.ladderTicksRange)),
            (SymbolConfiguration(name: "c", ladderTicks: 64, maxNotional: Money(units: 0)),
             .outOfRange(field: "maxNotional", value: 0, allowed: 1 ... Int(Int64.max))),
            (SymbolConfiguration(name: "d", ladderTicks: 64, bandPartsPerMillion: -1),
             .outOfRange(field: "bandPartsPerMillion", value: -1, allowed: 0 ... Int(Int64.max))),
        ]
        for (symbol, expected) in cases {
            #expect(throws: SymbolSetupError.invalidConfiguration(expected)) { _ = try engine.addSymbol(symbol) }
        }
        #expect(engine.symbolCount == 0)
        let id = try engine.addSymbol(SymbolConfiguration(name: "ok", ladderTicks: 64, bandPartsPerMillion: 0))
        #expect(id.index == 0)
    }

    @Test func storesRejectCapacitiesOutsideTheirRange() {
        for capacity in [0, -1, Int.min, Int.max] {
            #expect(throws: ConfigurationError.outOfRange(field: "capacity", value: capacity, allowed: EventBuffer.capacityRange)) {
                _ = try EventBuffer(capacity: capacity)
            }
            #expect(throws: ConfigurationError.outOfRange(field: "capacity", value: capacity, allowed: SlotPool.capacityRange)) {
                _ = try SlotPool(capacity: capacity)
            }
            #expect(throws: ConfigurationError.outOfRange(field: "bitCount", value: capacity, allowed: BitLadder.bitCountRange)) {
                _ = try BitLadder(bitCount: capacity)
            }
            #expect(throws: ConfigurationError.outOfRange(field: "minimumCapacity", value: capacity,
                                                          allowed: SPSCRing<Int>.capacityRange)) {
                _ = try SPSCRing<Int>(minimumCapacity: capacity)
            }
            #expect(throws: ConfigurationError.outOfRange(field: "maxSymbols", value: capacity,
                                                          allowed: EngineConfiguration.maxSymbolsRange)) {
                _ = try MarketDataFeed(maxSymbols: capacity)
            }
            #expect(throws: ConfigurationError.self) { _ = try IdMap(capacity: capacity) }
        }
        #expect(throws: ConfigurationError.outOfRange(field: "capacity", value: Int(Int32.max) + 1, allowed: SlotPool.capacityRange)) {
            _ = try SlotPool(capacity: Int(Int32.max) + 1)
        }
        for load in [0.0, 0.01, 0.96, -1, .nan, .infinity] {
            #expect(throws: ConfigurationError.self) { _ = try IdMap(capacity: 4, maxLoadFactor: load) }
        }
        // The smallest sizes work.
        #expect(throws: Never.self) {
            _ = try EventBuffer(capacity: 1)
            _ = try SlotPool(capacity: 1)
            _ = try BitLadder(bitCount: 1)
            _ = try SPSCRing<Int>(minimumCapacity: 1)
            _ = try IdMap(capacity: 1, maxLoadFactor: 0.95)
        }
    }

    /// Negative values would read as empty entries: insert refuses them with a typed
    /// error and update with `false`, and the map is unchanged.
    @Test func idMapRefusesNegativeValues() throws {
        var map = try IdMap(capacity: 4)
        #expect(throws: IdMap.InsertError.negativeValue) { try map.insert(1, -1) }
        #expect(throws: IdMap.InsertError.negativeValue) { try map.insert(1, .min) }
        try map.insert(1, 5)
        let refused = map.update(1, -3), value = map.find(1), count = map.count
        #expect(!refused && value == 5 && count == 1)
        map.checkInvariants()
    }

    /// Decimal scales: every power of ten that fits Int128 is a valid scale; outside is
    /// `outOfRange`, also for money formatting with a caller's number of decimals.
    @Test func decimalScalesOutsideTheRangeAreTyped() throws {
        for scale in [-1, 39, Int.min, Int.max] {
            #expect(throws: DecimalError.outOfRange) { _ = try ExactDecimal(significand: 1, scale: scale) }
            #expect(throws: DecimalError.outOfRange) { _ = try Money(units: 1).formatted(decimals: scale) }
        }
        #expect(try ExactDecimal(significand: Int128.max, scale: 38).description
                == "1.70141183460469231731687303715884105727")
        #expect(try ExactDecimal(significand: -5, scale: 34).description == "-0.0000000000000000000000000000000005")
    }
}

/// A regression found by the audit: a tick with 27 decimals made the position's entry
/// price (formatted at the tick's scale + 4 = 31 digits) trap in `ExactDecimal`'s scale
/// precondition, from a seven-line command file.
@Suite struct DecimalScaleReplayRegressionTests {
    @Test func aTickWith27DecimalsPrintsItsEntryPrice() {
        let text = """
        ENGINE risk=on money=18
        SYMBOL X tick=0.000000000000000000000000001 lot=1000000000
        DEPOSIT 1 1
        DEPOSIT 2 1
        NEW 1 1 X SELL LIMIT 0.000000000000000000000001 1000000000
        NEW 2 2 X BUY LIMIT 0.000000000000000000000001 1000000000
        QUERY 1
        """
        let (lines, errors) = ReplaySession.run(text)
        #expect(errors == 0)
        #expect(lines.contains { $0.hasPrefix("POSITION 1 X size=-1000000000 entry=0.000000000000000000000001 ") })
    }
}
