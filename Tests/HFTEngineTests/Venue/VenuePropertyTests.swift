import Testing
@testable import HFTEngine

/// Properties of the venue over random command streams (many seeds): the events alone
/// rebuild every account, position and open order; money is conserved and positions net
/// to zero after every command; the same commands give the same events and state bit for
/// bit; snapshot at a random point plus the rest of the commands equals the
/// uninterrupted venue.
@Suite("Venue properties")
struct VenuePropertyTests {
    static let seeds: [UInt64] = Array(1...12)
    static let commandsPerSeed = 1_500

    @Test("events rebuild the venue's state after every command", arguments: seeds)
    func mirrorEqualsVenue(seed: UInt64) throws {
        var venue = try Venue(configuration: VenueCommandStream.configuration)
        var events = venue.makeEventBuffer()
        var mirror = VenueMirror()
        var stream = VenueCommandStream(seed: seed)
        let commands = stream.setup() + (0..<Self.commandsPerSeed).map { _ in stream.next() }
        var kinds: [VenueEvent.Kind: Int] = [:]
        for (n, command) in commands.enumerated() {
            venue.apply(command, into: &events)
            for i in 0..<events.count {
                kinds[events[i].kind, default: 0] += 1
                #expect(events[i].sequence == command.sequence && events[i].timestamp == command.timestamp)
            }
            #expect(events.droppedCount == 0)
            mirror.apply(events)
            events.removeAll()
            let mismatch = Self.compare(mirror, venue, accounts: stream.accounts)
            #expect(mismatch == nil, "seed \(seed) command \(n) (\(command.kind)): \(mismatch ?? "")")
            #expect(venue.conservationDiscrepancy == 0, "seed \(seed) command \(n): money not conserved")
            #expect(venue.netPosition(symbol: 0) == 0 && venue.netPosition(symbol: 1) == 0)
            if mismatch != nil { return }
        }
        // The stream really exercised the venue.
        let counts = "\(kinds.sorted { $0.key.rawValue < $1.key.rawValue })"
        #expect((kinds[.trade] ?? 0) > 50 && (kinds[.funding] ?? 0) > 0 && (kinds[.commandRejected] ?? 0) > 0, "\(counts)")
        #expect((kinds[.position] ?? 0) > 50 && (kinds[.balance] ?? 0) > 50 && (kinds[.symbolState] ?? 0) > 2, "\(counts)")
    }

    /// The first difference between the mirror and the venue's own state, or `nil`.
    static func compare(_ mirror: VenueMirror, _ venue: borrowing Venue, accounts: Int) -> String? {
        let fee = venue.feeAccount, fund = venue.insuranceFundAccount
        let orderBuffer = UnsafeMutableBufferPointer<OrderRecord>.allocate(capacity: 64)
        defer { orderBuffer.deallocate() }
        for a in Array(0..<VenueCommandStream.configuration.userAccounts) + [fee, fund] {
            guard let state = venue.account(a) else { return "account \(a) missing" }
            let mirrored = mirror.accounts[Int64(a)] ?? VenueMirror.Account()
            let actual = VenueMirror.Account(balance: state.balance, reserved: state.reserved,
                                             margin: state.positionMargin, openOrders: state.openOrders)
            if mirrored != actual { return "account \(a): events \(mirrored), venue \(actual)" }
            for s: Int32 in 0...1 {
                let p = venue.position(of: a, symbol: s)
                let actualPosition = p.map {
                    VenueMirror.Position(size: $0.size, cost: $0.cost, margin: $0.margin, leverage: $0.leverage,
                                         mode: $0.mode.rawValue)
                } ?? VenueMirror.Position()
                let mirroredPosition = mirror.positions[.init(account: Int64(a), symbol: s)] ?? VenueMirror.Position()
                if actualPosition != mirroredPosition {
                    return "position \(a)/\(s): events \(mirroredPosition), venue \(actualPosition)"
                }
            }
            let n = venue.openOrders(of: a, into: orderBuffer)
            var live: [Int64: VenueMirror.Order] = [:]
            for i in 0..<n {
                let o = orderBuffer[i]
                live[o.id] = VenueMirror.Order(account: o.account, symbol: o.symbol.index, side: o.side, price: o.price,
                                               remaining: o.remaining)
            }
            let mirrored_ = mirror.orders.filter { $0.value.account == Int64(a) }
            if live != mirrored_ { return "orders of \(a): events \(mirrored_), venue \(live)" }
        }
        if mirror.orders.count != venue.restingOrderCount {
            return "resting orders: events \(mirror.orders.count), venue \(venue.restingOrderCount)"
        }
        return nil
    }

    @Test("same commands, same events and state", arguments: [UInt64(3), 7])
    func deterministic(seed: UInt64) throws {
        var stream = VenueCommandStream(seed: seed)
        let commands = stream.setup() + (0..<Self.commandsPerSeed).map { _ in stream.next() }
        func run() throws -> (events: [VenueEvent], hash: UInt64) {
            var venue = try Venue(configuration: VenueCommandStream.configuration)
            var events = venue.makeEventBuffer()
            var all: [VenueEvent] = []
            for command in commands {
                venue.apply(command, into: &events)
                all.append(contentsOf: events.events)
                events.removeAll()
            }
            return (all, venue.stateHash.value)
        }
        let first = try run(), second = try run()
        #expect(first.events.count > 1_000)
        #expect(first.events == second.events)
        #expect(first.hash == second.hash)
    }

    @Test("snapshot at a random point + the rest = the uninterrupted venue", arguments: Array(UInt64(20)...27))
    func snapshotThenApply(seed: UInt64) throws {
        var stream = VenueCommandStream(seed: seed)
        let commands = stream.setup() + (0..<800).map { _ in stream.next() }
        let cut = 10 + Int(seed * 97 % UInt64(commands.count - 20))
        var whole = try Venue(configuration: VenueCommandStream.configuration)
        var events = whole.makeEventBuffer()
        var bytes: [UInt8] = []
        var tailEvents: [VenueEvent] = []
        for (n, command) in commands.enumerated() {
            if n == cut { bytes = try whole.snapshotBytes() }
            whole.apply(command, into: &events)
            if n >= cut { tailEvents.append(contentsOf: events.events) }
            events.removeAll()
        }
        var restored = try Venue.restore(configuration: VenueCommandStream.configuration, from: bytes)
        var replayed: [VenueEvent] = []
        for command in commands[cut...] {
            restored.apply(command, into: &events)
            replayed.append(contentsOf: events.events)
            events.removeAll()
        }
        #expect(restored.stateHash.value == whole.stateHash.value, "seed \(seed), cut at \(cut)")
        #expect(replayed == tailEvents)
    }

    @Test func damagedSnapshotIsRefused() throws {
        var stream = VenueCommandStream(seed: 5)
        var venue = try Venue(configuration: VenueCommandStream.configuration)
        var events = venue.makeEventBuffer()
        for command in stream.setup() + (0..<200).map({ _ in stream.next() }) {
            venue.apply(command, into: &events)
            events.removeAll()
        }
        var bytes = try venue.snapshotBytes()
        #expect(throws: JournalError.self) {
            _ = try Venue.restore(configuration: VenueCommandStream.configuration, from: Array(bytes.prefix(bytes.count / 2)))
        }
        bytes[0] ^= 0xFF   // the version
        #expect(throws: JournalError.self) { _ = try Venue.restore(configuration: VenueCommandStream.configuration, from: bytes) }
    }
}
