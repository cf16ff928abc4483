import HFTEngine

/// The memory that the capacities of an `ENGINE` line and the ladders of the `SYMBOL`
/// lines ask for, estimated from the stores they size, and the most a command file may ask
/// for. Without it `ENGINE orders=67108864 symbols=4096 accounts=16777216` (each value within
/// its own limit) allocated about 8 GB before the first order, and 4,096 symbols with
/// `ladder=67108864` would ask for a terabyte; such lines now print `ERROR` and change nothing.
///
/// The estimate counts every store the replay allocates from a capacity, with the bytes per
/// element of its layout rounded up: the event buffers of the session and the liquidation
/// engine, the order pool, id index and open-order index, price levels, accounts, position
/// slots and their trigger heaps, the trigger index's symbol × account location table, and
/// the ladders (an `Int32` slot and two bitmap bits per tick).
///
/// - Complexity: O(symbols).
enum ReplayMemoryBudget {
    /// The most memory a command file's configuration may ask for: 4 GiB.
    static let limitBytes = 4 << 30

    /// The estimated bytes of an engine with `configuration`, `risk` options and symbols
    /// with `ladders` ticks each.
    static func bytes(_ configuration: EngineConfiguration, risk: RiskConfiguration?, liquidation: Bool,
                      ladders: [Int]) -> Int {
        let executionEvent = MemoryLayout<ExecutionEvent>.stride
        let liquidationEvent = MemoryLayout<LiquidationEvent>.stride
        var total = ladders.reduce(0) { $0 + ladderBytes(ticks: $1) }
        total += configuration.maxPriceLevels * 64
        // Session events, the pool, the id index and the risk reservations.
        total += configuration.maxOrders * (2 * executionEvent + 160)
        total += configuration.maxSymbols * 4_096
        guard let risk else { return total }
        let positions = configuration.maxSymbols * risk.positionsPerSymbol
        total += risk.userCapacity * 128 + positions * 128
        guard liquidation else { return total }
        // Match events, open-order index, liquidation events (`ReplayLiquidation.eventCapacity`),
        // trigger heaps and locations.
        total += configuration.maxOrders * (2 * executionEvent + 32)
        total += liquidationEventBound(maxOrders: configuration.maxOrders, symbols: configuration.maxSymbols,
                                       positions: positions) * liquidationEvent
        total += positions * 64 + configuration.maxSymbols * risk.userCapacity * 4
        return total
    }

    /// The most liquidation events that the liquidation of one account can write (the
    /// estimate this budget was set with; kept so that its figures stay comparable):
    /// - cancels of its orders: at most `maxOrders`;
    /// - steps (one IOC order each): at most 64 rounds × `symbols` positions; each step
    ///   writes its order, fee, at most two takeover lines and one deficit line;
    /// - fills: every maker a step meets is used up except the step's last one, so at most
    ///   `maxOrders + steps`;
    /// - ADL: each ADL line but a step's last closes the counterparty's position, which only
    ///   a fill can reopen, so at most `positions + fills + steps`.
    static func liquidationEventBound(maxOrders: Int, symbols: Int, positions: Int) -> Int {
        let steps = 64 * symbols
        let fills = maxOrders + steps
        return maxOrders + 5 * steps + fills + (positions + fills + steps) + 8
    }

    /// The bytes of one symbol's price ladder of `ticks` ticks.
    static func ladderBytes(ticks: Int) -> Int { ticks * 5 }

    /// The `ERROR` message for a configuration that needs `bytes`.
    static func message(_ what: String, bytes: Int) -> String {
        "\(what) would need about \(bytes >> 20) MiB of memory; a replay may use at most \(limitBytes >> 20) MiB"
    }
}
