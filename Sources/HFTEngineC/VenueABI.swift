import CHFTEngine
import HFTEngine

// The venue's C ABI (hft_engine.h, "Venue", ABI version 2): `@_cdecl` functions over
// `Venue`. Commands come in as `hft_venue_command` (decoded by `VenueCommand.load(from:)`,
// the journal's own decoder: an invalid kind byte is refused, never trapped on) and
// events go out as `hft_venue_event`, field by field.
//
// Layouts: `hft_venue_command` has the size and field offsets of `VenueCommand` (128
// bytes) and `hft_venue_event` those of `VenueEvent` (88 bytes); the C file checks the
// C side with `_Static_assert`s and ``venueRecordLayoutsMatch`` checks both sides with
// `MemoryLayout` (hft_venue_create refuses to run otherwise). The records are still
// converted field by field, because a Swift enum field (`VenueEvent.kind`, `.side`,
// `VenueCommand.kind`) holds its case index in memory, not its raw value, and the C
// records hold the raw values.

/// What an `hft_venue *` points to: the venue and the event buffer its commands write
/// into, each in its own allocation so that `apply` can take both `inout`.
///
/// - Memory: made by `hft_venue_create` / `hft_venue_restore`, freed by `hft_venue_destroy`.
struct VenueHandle: ~Copyable {
    let venue: UnsafeMutablePointer<Venue>
    let events: UnsafeMutablePointer<VenueEventBuffer>
    /// The venue's event budget: the smallest caller buffer `hft_venue_apply` accepts.
    let eventBudget: Int
}

extension VenueHandle {
    @_noAllocation @inline(__always)
    static func from(_ pointer: OpaquePointer) -> UnsafeMutablePointer<VenueHandle> {
        UnsafeMutablePointer<VenueHandle>(pointer)
    }
}

/// True when the C records have exactly the sizes and field offsets of the Swift records
/// (`MemoryLayout`): `hft_venue_command` ≡ `VenueCommand`, `hft_venue_event` ≡ `VenueEvent`.
let venueRecordLayoutsMatch: Bool = {
    typealias SC = VenueCommand
    typealias CC = hft_venue_command
    typealias SE = VenueEvent
    typealias CE = hft_venue_event
    guard MemoryLayout<SC>.size == 128, MemoryLayout<SC>.stride == 128,
          MemoryLayout<CC>.size == 128, MemoryLayout<CC>.stride == 128,
          MemoryLayout<SE>.size == 88, MemoryLayout<SE>.stride == 88,
          MemoryLayout<CE>.size == 88, MemoryLayout<CE>.stride == 88 else { return false }
    let command: [(Int?, Int?)] = [
        (MemoryLayout<SC>.offset(of: \.sequence), MemoryLayout<CC>.offset(of: \.sequence)),
        (MemoryLayout<SC>.offset(of: \.timestamp), MemoryLayout<CC>.offset(of: \.timestamp)),
        (MemoryLayout<SC>.offset(of: \.kind), MemoryLayout<CC>.offset(of: \.kind)),
        (MemoryLayout<SC>.offset(of: \.b0), MemoryLayout<CC>.offset(of: \.b0)),
        (MemoryLayout<SC>.offset(of: \.b1), MemoryLayout<CC>.offset(of: \.b1)),
        (MemoryLayout<SC>.offset(of: \.b2), MemoryLayout<CC>.offset(of: \.b2)),
        (MemoryLayout<SC>.offset(of: \.symbol), MemoryLayout<CC>.offset(of: \.symbol)),
        (MemoryLayout<SC>.offset(of: \.w0), MemoryLayout<CC>.offset(of: \.w)),
        (MemoryLayout<SC>.offset(of: \.w12), MemoryLayout<CC>.offset(of: \.w).map { $0 + 12 * 8 }),
    ]
    let event: [(Int?, Int?)] = [
        (MemoryLayout<SE>.offset(of: \.sequence), MemoryLayout<CE>.offset(of: \.sequence)),
        (MemoryLayout<SE>.offset(of: \.timestamp), MemoryLayout<CE>.offset(of: \.timestamp)),
        (MemoryLayout<SE>.offset(of: \.kind), MemoryLayout<CE>.offset(of: \.kind)),
        (MemoryLayout<SE>.offset(of: \.code), MemoryLayout<CE>.offset(of: \.code)),
        (MemoryLayout<SE>.offset(of: \.side), MemoryLayout<CE>.offset(of: \.side)),
        (MemoryLayout<SE>.offset(of: \.flags), MemoryLayout<CE>.offset(of: \.flags)),
        (MemoryLayout<SE>.offset(of: \.symbol), MemoryLayout<CE>.offset(of: \.symbol)),
        (MemoryLayout<SE>.offset(of: \.account), MemoryLayout<CE>.offset(of: \.account)),
        (MemoryLayout<SE>.offset(of: \.a), MemoryLayout<CE>.offset(of: \.a)),
        (MemoryLayout<SE>.offset(of: \.b), MemoryLayout<CE>.offset(of: \.b)),
        (MemoryLayout<SE>.offset(of: \.c), MemoryLayout<CE>.offset(of: \.c)),
        (MemoryLayout<SE>.offset(of: \.d), MemoryLayout<CE>.offset(of: \.d)),
        (MemoryLayout<SE>.offset(of: \.e), MemoryLayout<CE>.offset(of: \.e)),
        (MemoryLayout<SE>.offset(of: \.f), MemoryLayout<CE>.offset(of: \.f)),
        (MemoryLayout<SE>.offset(of: \.g), MemoryLayout<CE>.offset(of: \.g)),
    ]
    return (command + event).allSatisfy { $0.0 != nil && $0.0 == $0.1 }
}()

/// The Swift configuration of a C one, or `nil` when a byte field is not 0 / 1 or the
/// reserved bytes are not 0 (the numbers are checked by `VenueConfiguration.validate`).
func venueConfiguration(_ c: hft_venue_config) -> VenueConfiguration? {
    let r = c.reserved
    guard r.0 | r.1 | r.2 | r.3 | r.4 == 0, c.risk_enabled <= 1, c.liquidation_enabled <= 1,
          c.rebuild_triggers_on_price <= 1, c.liquidation_events_per_account >= 0 else { return nil }
    return VenueConfiguration(
        maxOrders: Int(c.max_orders), maxPriceLevels: Int(c.max_price_levels), maxSymbols: Int(c.max_symbols),
        riskEnabled: c.risk_enabled == 1, liquidationEnabled: c.liquidation_enabled == 1,
        userAccounts: Int(c.user_accounts), positionsPerSymbol: Int(c.positions_per_symbol),
        maxOpenOrdersPerAccount: Int(c.max_open_orders_per_account), eventBudget: Int(c.event_budget),
        rebuildTriggersOnPrice: c.rebuild_triggers_on_price == 1, scanThreads: 1,
        liquidationFeeRate: Rate(e8: c.liquidation_fee_rate_e8),
        liquidationEventsPerAccount: c.liquidation_events_per_account == 0 ? nil : Int(c.liquidation_events_per_account),
        maxLadderTicks: Int(c.max_ladder_ticks))
}

/// Wraps a built venue in a handle with its event buffer; `nil` (and the venue freed) if
/// the buffer cannot be made (never after validation).
func makeVenueHandle(_ venue: consuming Venue) -> OpaquePointer? {
    let budget = venue.configuration.eventBudget
    let buffer: VenueEventBuffer
    do { buffer = try VenueEventBuffer(capacity: budget) } catch { return nil }
    let venuePointer = UnsafeMutablePointer<Venue>.allocate(capacity: 1)
    venuePointer.initialize(to: venue)
    let eventsPointer = UnsafeMutablePointer<VenueEventBuffer>.allocate(capacity: 1)
    eventsPointer.initialize(to: buffer)
    let handle = UnsafeMutablePointer<VenueHandle>.allocate(capacity: 1)
    handle.initialize(to: VenueHandle(venue: venuePointer, events: eventsPointer, eventBudget: budget))
    return OpaquePointer(handle)
}

// MARK: Lifetime

/// `hft_venue_create`: see hft_engine.h.
@_cdecl("hft_venue_create")
public func hftVenueCreate(_ config: UnsafePointer<hft_venue_config>?,
                           _ outVenue: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    guard let config, let outVenue else { return ABIStatus.nullArgument }
    outVenue.pointee = nil
    guard venueRecordLayoutsMatch, let configuration = venueConfiguration(config.pointee),
          (try? configuration.validate()) != nil else { return ABIStatus.invalidArgument }
    let venue: Venue
    do { venue = try Venue(configuration: configuration) } catch { return ABIStatus.invalidArgument }
    guard let handle = makeVenueHandle(venue) else { return ABIStatus.invalidArgument }
    outVenue.pointee = handle
    return ABIStatus.ok
}

/// `hft_venue_destroy`: see hft_engine.h.
@_cdecl("hft_venue_destroy")
public func hftVenueDestroy(_ pointer: OpaquePointer?) {
    guard let pointer else { return }
    let handle = VenueHandle.from(pointer)
    handle.pointee.venue.deinitialize(count: 1)
    handle.pointee.venue.deallocate()
    handle.pointee.events.deinitialize(count: 1)
    handle.pointee.events.deallocate()
    handle.deinitialize(count: 1)
    handle.deallocate()
}

// MARK: Commands (hot)

/// `hft_venue_apply`: see hft_engine.h.
#if !DEBUG
@_noAllocation
#endif
@_cdecl("hft_venue_apply")
public func hftVenueApply(_ pointer: OpaquePointer?, _ command: UnsafePointer<hft_venue_command>?,
                          _ events: UnsafeMutablePointer<hft_venue_event>?, _ capacity: Int,
                          _ outCount: UnsafeMutablePointer<Int>?) -> Int32 {
    guard let pointer, let command, let events, let outCount else { return ABIStatus.nullArgument }
    outCount.pointee = 0
    let handle = VenueHandle.from(pointer)
    guard capacity >= handle.pointee.eventBudget else { return ABIStatus.bufferTooSmall }
    var decoded = VenueCommand(.liquidationScan)
    guard decoded.load(from: UnsafeRawPointer(command)) else { return ABIStatus.invalidArgument }
    let buffer = handle.pointee.events
    buffer.pointee.removeAll()
    handle.pointee.venue.pointee.apply(decoded, into: &buffer.pointee)
    let count = buffer.pointee.count
    let source = buffer.pointee.events.baseAddress.unsafelyUnwrapped
    var i = 0
    while i < count {
        let e = source[i]
        (events + i).initialize(to: hft_venue_event(
            sequence: e.sequence, timestamp: e.timestamp, kind: e.kind.rawValue, code: e.code, side: e.side.rawValue,
            flags: e.flags, symbol: e.symbol, account: e.account, a: e.a, b: e.b, c: e.c, d: e.d, e: e.e, f: e.f,
            g: e.g))
        i &+= 1
    }
    outCount.pointee = count
    return ABIStatus.ok
}

// MARK: Queries

/// True if `symbol` is a symbol of the venue.
#if !DEBUG
@_noAllocation
#endif
@inline(__always)
func isVenueSymbol(_ handle: UnsafeMutablePointer<VenueHandle>, _ symbol: Int32) -> Bool {
    UInt32(bitPattern: symbol) < UInt32(truncatingIfNeeded: handle.pointee.venue.pointee.symbolCount)
}

/// `hft_venue_get_account`: see hft_engine.h.
@_cdecl("hft_venue_get_account")
public func hftVenueGetAccount(_ pointer: OpaquePointer?, _ account: Int64,
                               _ out: UnsafeMutablePointer<hft_venue_account>?) -> Int32 {
    guard let pointer, let out else { return ABIStatus.nullArgument }
    out.pointee = hft_venue_account()
    let handle = VenueHandle.from(pointer)
    guard account >= 0 && account <= Int64(Int32.max),
          let a = handle.pointee.venue.pointee.account(Int(account)) else { return ABIStatus.notFound }
    out.pointee.balance = a.balance
    out.pointee.reserved = a.reserved
    out.pointee.position_margin = a.positionMargin
    out.pointee.open_orders = a.openOrders
    out.pointee.unrealized_pnl = a.unrealizedPnL
    out.pointee.maintenance_margin = a.maintenanceMargin
    out.pointee.available = a.available
    out.pointee.available_after_loss = a.availableAfterLoss
    out.pointee.initial_margin = a.initialMargin
    out.pointee.cross_equity = a.crossEquity
    out.pointee.equity = a.equity
    out.pointee.halted = a.halted ? 1 : 0
    return ABIStatus.ok
}

/// `hft_venue_get_position`: see hft_engine.h.
@_cdecl("hft_venue_get_position")
public func hftVenueGetPosition(_ pointer: OpaquePointer?, _ account: Int64, _ symbol: Int32,
                                _ out: UnsafeMutablePointer<hft_venue_position>?) -> Int32 {
    guard let pointer, let out else { return ABIStatus.nullArgument }
    out.pointee = hft_venue_position()
    let handle = VenueHandle.from(pointer)
    guard isVenueSymbol(handle, symbol) else { return ABIStatus.unknownSymbol }
    guard account >= 0 && account <= Int64(Int32.max),
          let p = handle.pointee.venue.pointee.position(of: Int(account), symbol: symbol) else {
        return ABIStatus.notFound
    }
    out.pointee.symbol = p.symbol
    out.pointee.mode = p.mode.rawValue
    out.pointee.has_liquidation_price = p.liquidationPrice == nil ? 0 : 1
    out.pointee.size = p.size
    out.pointee.cost = p.cost
    out.pointee.margin = p.margin
    out.pointee.leverage = p.leverage
    out.pointee.unrealized_pnl = p.unrealizedPnL
    out.pointee.liquidation_price = p.liquidationPrice ?? 0
    return ABIStatus.ok
}

/// `hft_venue_get_prices`: see hft_engine.h.
@_cdecl("hft_venue_get_prices")
public func hftVenueGetPrices(_ pointer: OpaquePointer?, _ symbol: Int32,
                              _ out: UnsafeMutablePointer<hft_venue_prices>?) -> Int32 {
    guard let pointer, let out else { return ABIStatus.nullArgument }
    out.pointee = hft_venue_prices()
    let handle = VenueHandle.from(pointer)
    guard let p = handle.pointee.venue.pointee.prices(of: symbol) else { return ABIStatus.unknownSymbol }
    out.pointee.index = p.index
    out.pointee.mark = p.mark
    out.pointee.last_trade = p.lastTrade
    out.pointee.last_funding_rate_e8 = p.lastFundingRate.e8
    out.pointee.estimated_funding_rate_e8 = p.estimatedFundingRate.e8
    out.pointee.premium_samples = p.premiumSamples
    out.pointee.halted = p.halted ? 1 : 0
    return ABIStatus.ok
}

/// Levels of one side into a caller buffer of `hft_book_level` (the layout of `BookLevel`,
/// as `hft_engine_depth` relies on).
#if !DEBUG
@_noAllocation
#endif
@inline(__always)
func venueDepth(_ handle: UnsafeMutablePointer<VenueHandle>, _ symbol: Int32, _ side: Side,
                _ output: UnsafeMutablePointer<hft_book_level>, _ capacity: Int) -> Int {
    let buffer = UnsafeMutableBufferPointer(
        start: UnsafeMutableRawPointer(output).assumingMemoryBound(to: BookLevel.self), count: capacity)
    return handle.pointee.venue.pointee.depth(symbol, side: side, into: buffer)
}

/// `hft_venue_top_of_book`: see hft_engine.h.
@_cdecl("hft_venue_top_of_book")
public func hftVenueTopOfBook(_ pointer: OpaquePointer?, _ symbol: Int32, _ outBid: UnsafeMutablePointer<hft_book_level>?,
                              _ outAsk: UnsafeMutablePointer<hft_book_level>?) -> Int32 {
    guard let pointer, let outBid, let outAsk else { return ABIStatus.nullArgument }
    outBid.pointee = cLevel(nil)
    outAsk.pointee = cLevel(nil)
    let handle = VenueHandle.from(pointer)
    guard isVenueSymbol(handle, symbol) else { return ABIStatus.unknownSymbol }
    guard MemoryLayout<BookLevel>.stride == MemoryLayout<hft_book_level>.stride else { return ABIStatus.invalidArgument }
    if venueDepth(handle, symbol, .buy, outBid, 1) == 0 { outBid.pointee = cLevel(nil) }
    if venueDepth(handle, symbol, .sell, outAsk, 1) == 0 { outAsk.pointee = cLevel(nil) }
    outBid.pointee.reserved = 0
    outAsk.pointee.reserved = 0
    return ABIStatus.ok
}

/// `hft_venue_depth`: see hft_engine.h.
@_cdecl("hft_venue_depth")
public func hftVenueDepth(_ pointer: OpaquePointer?, _ symbol: Int32,
                          _ bids: UnsafeMutablePointer<hft_book_level>?, _ bidCapacity: Int,
                          _ outBidCount: UnsafeMutablePointer<Int>?,
                          _ asks: UnsafeMutablePointer<hft_book_level>?, _ askCapacity: Int,
                          _ outAskCount: UnsafeMutablePointer<Int>?) -> Int32 {
    guard let pointer else { return ABIStatus.nullArgument }
    let checked = checkDepthBuffers(bids, bidCapacity, outBidCount, asks, askCapacity, outAskCount)
    guard checked == ABIStatus.ok, let outBidCount, let outAskCount else { return checked }
    let handle = VenueHandle.from(pointer)
    guard isVenueSymbol(handle, symbol) else { return ABIStatus.unknownSymbol }
    if let bids { outBidCount.pointee = venueDepth(handle, symbol, .buy, bids, bidCapacity) }
    if let asks { outAskCount.pointee = venueDepth(handle, symbol, .sell, asks, askCapacity) }
    return ABIStatus.ok
}

/// `hft_venue_get_info`: see hft_engine.h.
@_cdecl("hft_venue_get_info")
public func hftVenueGetInfo(_ pointer: OpaquePointer?, _ out: UnsafeMutablePointer<hft_venue_info>?) -> Int32 {
    guard let pointer, let out else { return ABIStatus.nullArgument }
    let handle = VenueHandle.from(pointer)
    let v = handle.pointee.venue
    out.pointee = hft_venue_info(
        symbol_count: Int64(v.pointee.symbolCount), last_sequence: v.pointee.lastSequence,
        last_timestamp: v.pointee.lastTimestamp, command_count: v.pointee.commandCount,
        resting_order_count: Int64(v.pointee.restingOrderCount), event_budget: Int64(handle.pointee.eventBudget),
        fee_account: Int64(v.pointee.feeAccount), insurance_fund_account: Int64(v.pointee.insuranceFundAccount),
        insurance_fund: v.pointee.insuranceFund)
    return ABIStatus.ok
}

// MARK: State hash, snapshot and restore (not hot: they allocate)

/// `hft_venue_state_hash`: see hft_engine.h.
@_cdecl("hft_venue_state_hash")
public func hftVenueStateHash(_ pointer: OpaquePointer?, _ outHash: UnsafeMutablePointer<UInt64>?) -> Int32 {
    guard let pointer, let outHash else { return ABIStatus.nullArgument }
    outHash.pointee = VenueHandle.from(pointer).pointee.venue.pointee.stateHash.value
    return ABIStatus.ok
}

/// `hft_venue_snapshot`: see hft_engine.h.
@_cdecl("hft_venue_snapshot")
public func hftVenueSnapshot(_ pointer: OpaquePointer?, _ buffer: UnsafeMutableRawPointer?, _ capacity: Int,
                             _ outSize: UnsafeMutablePointer<Int>?) -> Int32 {
    guard let pointer, let outSize else { return ABIStatus.nullArgument }
    outSize.pointee = 0
    let snapshot = SnapshotBuffer()
    // Saving reads the venue only; it throws only for a loading mismatch.
    do { try VenueHandle.from(pointer).pointee.venue.pointee.visitSnapshot(snapshot) } catch {
        return ABIStatus.invalidArgument
    }
    let bytes = snapshot.bytes
    outSize.pointee = bytes.count
    guard let buffer, capacity >= bytes.count else { return ABIStatus.bufferTooSmall }
    if let base = bytes.baseAddress, bytes.count > 0 { buffer.copyMemory(from: base, byteCount: bytes.count) }
    return ABIStatus.ok
}

/// `hft_venue_restore`: see hft_engine.h.
@_cdecl("hft_venue_restore")
public func hftVenueRestore(_ config: UnsafePointer<hft_venue_config>?, _ bytes: UnsafeRawPointer?, _ size: Int,
                            _ outVenue: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    guard let config, let outVenue, bytes != nil || size == 0 else { return ABIStatus.nullArgument }
    outVenue.pointee = nil
    guard size >= 0 else { return ABIStatus.invalidArgument }
    guard venueRecordLayoutsMatch, let configuration = venueConfiguration(config.pointee),
          (try? configuration.validate()) != nil else { return ABIStatus.invalidArgument }
    var venue: Venue
    do { venue = try Venue(configuration: configuration) } catch { return ABIStatus.invalidArgument }
    let snapshot = SnapshotBuffer(loading: UnsafeRawBufferPointer(start: bytes, count: size))
    do { try venue.visitSnapshot(snapshot) } catch { return ABIStatus.corruptSnapshot }
    guard let handle = makeVenueHandle(venue) else { return ABIStatus.invalidArgument }
    outVenue.pointee = handle
    return ABIStatus.ok
}
