import CHFTEngine
import HFTEngine

/// What an `hft_engine *` points to: the engine and the event buffer its commands write
/// into, each in its own allocation so that a command can take both `inout` without
/// overlapping access to one value.
///
/// - Memory: two small allocations here plus the engine's and the buffer's own, all made
///   by `hft_engine_create` / `hft_engine_add_symbol` and freed by `hft_engine_destroy`.
struct MatchingEngineHandle: ~Copyable {
    let engine: UnsafeMutablePointer<MatchingEngine>
    let events: UnsafeMutablePointer<EventBuffer>
    /// The room of `events`: the smallest caller buffer a command call accepts.
    let eventsPerCall: Int
}

extension MatchingEngineHandle {
    /// The handle behind a C pointer.
    @_noAllocation @inline(__always)
    static func from(_ pointer: OpaquePointer) -> UnsafeMutablePointer<MatchingEngineHandle> {
        UnsafeMutablePointer<MatchingEngineHandle>(pointer)
    }
}

// MARK: Lifetime

/// `hft_engine_create`: see hft_engine.h.
@_cdecl("hft_engine_create")
public func hftEngineCreate(_ config: UnsafePointer<hft_engine_config>?,
                            _ outEngine: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    guard let config, let outEngine else { return ABIStatus.nullArgument }
    outEngine.pointee = nil
    let c = config.pointee
    let configuration = EngineConfiguration(
        maxOrders: Int(c.max_orders), maxPriceLevels: Int(c.max_price_levels), maxSymbols: Int(c.max_symbols),
        idIndexLoadFactor: c.id_index_load_factor)
    // Validate everything before allocating anything.
    guard (try? configuration.validate()) != nil,
          EventBuffer.capacityRange.contains(Int(c.events_per_call)) else { return ABIStatus.invalidArgument }
    let engine = UnsafeMutablePointer<MatchingEngine>.allocate(capacity: 1)
    let events = UnsafeMutablePointer<EventBuffer>.allocate(capacity: 1)
    do {
        engine.initialize(to: try MatchingEngine(configuration: configuration))
        events.initialize(to: try EventBuffer(capacity: Int(c.events_per_call)))
    } catch {
        // Unreachable after the validation above; kept so that no path traps.
        engine.deallocate()
        events.deallocate()
        return ABIStatus.invalidArgument
    }
    let handle = UnsafeMutablePointer<MatchingEngineHandle>.allocate(capacity: 1)
    handle.initialize(to: MatchingEngineHandle(engine: engine, events: events, eventsPerCall: Int(c.events_per_call)))
    outEngine.pointee = OpaquePointer(handle)
    return ABIStatus.ok
}

/// `hft_engine_destroy`: see hft_engine.h.
@_cdecl("hft_engine_destroy")
public func hftEngineDestroy(_ pointer: OpaquePointer?) {
    guard let pointer else { return }
    let handle = MatchingEngineHandle.from(pointer)
    handle.pointee.engine.deinitialize(count: 1)
    handle.pointee.engine.deallocate()
    handle.pointee.events.deinitialize(count: 1)
    handle.pointee.events.deallocate()
    handle.deinitialize(count: 1)
    handle.deallocate()
}

/// `hft_engine_add_symbol`: see hft_engine.h.
@_cdecl("hft_engine_add_symbol")
public func hftEngineAddSymbol(_ pointer: OpaquePointer?, _ config: UnsafePointer<hft_symbol_config>?,
                               _ outSymbol: UnsafeMutablePointer<Int32>?) -> Int32 {
    guard let pointer, let config, let outSymbol else { return ABIStatus.nullArgument }
    let c = config.pointee
    guard let scale = try? NotionalScale(moneyPerTickLot: c.money_per_tick_lot) else {
        return ABIStatus.invalidArgument
    }
    let symbol = SymbolConfiguration(
        name: "", ladderTicks: Int(c.ladder_ticks), notionalScale: scale, maxNotional: Money(units: c.max_notional),
        bandPartsPerMillion: c.band_ppm < 0 ? nil : c.band_ppm)
    let handle = MatchingEngineHandle.from(pointer)
    do {
        outSymbol.pointee = try handle.pointee.engine.pointee.addSymbol(symbol).index
        return ABIStatus.ok
    } catch {
        switch error {
        case .capacityExhausted: return ABIStatus.capacity
        case .invalidConfiguration: return ABIStatus.invalidArgument
        }
    }
}

// MARK: Commands (hot)

/// Checks the caller's event buffer and clears the engine's; `nil` when the call may run.
#if !DEBUG
@_noAllocation
#endif
@inline(__always)
func prepareCommand(_ handle: UnsafeMutablePointer<MatchingEngineHandle>, _ events: UnsafeMutablePointer<hft_event>?,
                    _ capacity: Int, _ outCount: UnsafeMutablePointer<Int>?) -> Int32? {
    guard events != nil, let outCount else { return ABIStatus.nullArgument }
    outCount.pointee = 0
    guard capacity >= handle.pointee.eventsPerCall else { return ABIStatus.bufferTooSmall }
    handle.pointee.events.pointee.removeAll()
    return nil
}

/// Copies the command's events into the caller's buffer (which `prepareCommand` found
/// large enough) field by field: the C record does not depend on Swift's enum layout.
#if !DEBUG
@_noAllocation
#endif
@inline(__always)
func deliverEvents(_ handle: UnsafeMutablePointer<MatchingEngineHandle>, _ output: UnsafeMutablePointer<hft_event>,
                   _ outCount: UnsafeMutablePointer<Int>) -> Int32 {
    let buffer = handle.pointee.events
    let count = buffer.pointee.count
    let events = buffer.pointee.events
    var i = 0
    while i < count {
        let e = events[i]
        (output + i).initialize(to: hft_event(
            kind: e.kind.rawValue, code: e.code, side: e.side.rawValue, flags: e.flags.rawValue,
            symbol: e.symbol.index, order_id: e.orderId, account: e.account, counter_order_id: e.counterOrderId,
            counter_account: e.counterAccount, price: e.price.ticks, quantity: e.quantity.lots, leaves: e.leaves.lots))
        i &+= 1
    }
    outCount.pointee = count
    return ABIStatus.ok
}

/// `hft_engine_submit`: see hft_engine.h.
#if !DEBUG
@_noAllocation
#endif
@_cdecl("hft_engine_submit")
public func hftEngineSubmit(_ pointer: OpaquePointer?, _ order: UnsafePointer<hft_order>?,
                            _ events: UnsafeMutablePointer<hft_event>?, _ capacity: Int,
                            _ outCount: UnsafeMutablePointer<Int>?) -> Int32 {
    guard let pointer, let order else { return ABIStatus.nullArgument }
    let handle = MatchingEngineHandle.from(pointer)
    if let status = prepareCommand(handle, events, capacity, outCount) { return status }
    let o = order.pointee
    guard let side = Side(rawValue: o.side), let type = OrderType(rawValue: o.type),
          let timeInForce = TimeInForce(rawValue: o.time_in_force),
          let selfTradePrevention = SelfTradePrevention(rawValue: o.self_trade_prevention)
    else { return ABIStatus.invalidArgument }
    let request = OrderRequest(
        id: o.id, account: o.account, symbol: SymbolID(o.symbol), side: side, type: type,
        price: Price(ticks: o.price), quantity: Quantity(lots: o.quantity), timeInForce: timeInForce,
        selfTradePrevention: selfTradePrevention, flags: OrderFlags(rawValue: o.flags))
    handle.pointee.engine.pointee.submit(request, into: &handle.pointee.events.pointee)
    return deliverEvents(handle, events.unsafelyUnwrapped, outCount.unsafelyUnwrapped)
}

/// `hft_engine_cancel`: see hft_engine.h.
#if !DEBUG
@_noAllocation
#endif
@_cdecl("hft_engine_cancel")
public func hftEngineCancel(_ pointer: OpaquePointer?, _ orderId: Int64,
                            _ events: UnsafeMutablePointer<hft_event>?, _ capacity: Int,
                            _ outCount: UnsafeMutablePointer<Int>?) -> Int32 {
    guard let pointer else { return ABIStatus.nullArgument }
    let handle = MatchingEngineHandle.from(pointer)
    if let status = prepareCommand(handle, events, capacity, outCount) { return status }
    handle.pointee.engine.pointee.cancel(orderId: orderId, into: &handle.pointee.events.pointee)
    return deliverEvents(handle, events.unsafelyUnwrapped, outCount.unsafelyUnwrapped)
}

/// `hft_engine_amend`: see hft_engine.h.
#if !DEBUG
@_noAllocation
#endif
@_cdecl("hft_engine_amend")
public func hftEngineAmend(_ pointer: OpaquePointer?, _ orderId: Int64, _ price: Int64, _ quantity: Int64,
                           _ events: UnsafeMutablePointer<hft_event>?, _ capacity: Int,
                           _ outCount: UnsafeMutablePointer<Int>?) -> Int32 {
    guard let pointer else { return ABIStatus.nullArgument }
    let handle = MatchingEngineHandle.from(pointer)
    if let status = prepareCommand(handle, events, capacity, outCount) { return status }
    handle.pointee.engine.pointee.amend(orderId: orderId, price: Price(ticks: price), quantity: Quantity(lots: quantity),
                                        into: &handle.pointee.events.pointee)
    return deliverEvents(handle, events.unsafelyUnwrapped, outCount.unsafelyUnwrapped)
}

// MARK: Market data (hot)

/// The symbol and side of a query, or the status that refuses it.
#if !DEBUG
@_noAllocation
#endif
@inline(__always)
func queryTarget(_ handle: UnsafeMutablePointer<MatchingEngineHandle>, _ symbol: Int32,
                 _ side: Int32) -> (SymbolID, Side, Int32) {
    let id = SymbolID(symbol)
    guard handle.pointee.engine.pointee.isKnown(id) else { return (id, .buy, ABIStatus.unknownSymbol) }
    guard side == 0 || side == 1 else { return (id, .buy, ABIStatus.invalidArgument) }
    return (id, side == 0 ? .buy : .sell, ABIStatus.ok)
}

#if !DEBUG
@_noAllocation
#endif
@inline(__always)
func cLevel(_ level: BookLevel?) -> hft_book_level {
    guard let level else { return hft_book_level(price: 0, quantity: 0, order_count: 0, reserved: 0) }
    return hft_book_level(price: level.price.ticks, quantity: level.quantity.lots, order_count: level.orderCount,
                          reserved: 0)
}

/// `hft_engine_best_level`: see hft_engine.h.
#if !DEBUG
@_noAllocation
#endif
@_cdecl("hft_engine_best_level")
public func hftEngineBestLevel(_ pointer: OpaquePointer?, _ symbol: Int32, _ side: Int32,
                               _ outLevel: UnsafeMutablePointer<hft_book_level>?) -> Int32 {
    guard let pointer, let outLevel else { return ABIStatus.nullArgument }
    let handle = MatchingEngineHandle.from(pointer)
    let (id, s, status) = queryTarget(handle, symbol, side)
    outLevel.pointee = cLevel(nil)
    guard status == ABIStatus.ok else { return status }
    outLevel.pointee = cLevel(handle.pointee.engine.pointee.bestLevel(id, side: s))
    return ABIStatus.ok
}

/// `hft_engine_level_at`: see hft_engine.h.
#if !DEBUG
@_noAllocation
#endif
@_cdecl("hft_engine_level_at")
public func hftEngineLevelAt(_ pointer: OpaquePointer?, _ symbol: Int32, _ side: Int32, _ price: Int64,
                             _ outLevel: UnsafeMutablePointer<hft_book_level>?) -> Int32 {
    guard let pointer, let outLevel else { return ABIStatus.nullArgument }
    let handle = MatchingEngineHandle.from(pointer)
    let (id, s, status) = queryTarget(handle, symbol, side)
    outLevel.pointee = hft_book_level(price: price, quantity: 0, order_count: 0, reserved: 0)
    guard status == ABIStatus.ok else { return status }
    if let level = handle.pointee.engine.pointee.level(id, side: s, price: Price(ticks: price)) {
        outLevel.pointee = cLevel(level)
    }
    return ABIStatus.ok
}

/// The argument checks of a depth call (`hft_engine_depth`, `hft_venue_depth`): zeroes the
/// counts and returns `ok`, or the status that refuses the call. Also refuses (never on this
/// toolchain) a `BookLevel` whose stride is not `hft_book_level`'s, which the depth calls
/// write through.
#if !DEBUG
@_noAllocation
#endif
@inline(__always)
func checkDepthBuffers(_ bids: UnsafeMutablePointer<hft_book_level>?, _ bidCapacity: Int,
                       _ outBidCount: UnsafeMutablePointer<Int>?,
                       _ asks: UnsafeMutablePointer<hft_book_level>?, _ askCapacity: Int,
                       _ outAskCount: UnsafeMutablePointer<Int>?) -> Int32 {
    guard let outBidCount, let outAskCount,
          bids != nil || bidCapacity == 0, asks != nil || askCapacity == 0 else { return ABIStatus.nullArgument }
    outBidCount.pointee = 0
    outAskCount.pointee = 0
    guard bidCapacity >= 0 && askCapacity >= 0 else { return ABIStatus.invalidArgument }
    guard MemoryLayout<BookLevel>.stride == MemoryLayout<hft_book_level>.stride else { return ABIStatus.invalidArgument }
    return ABIStatus.ok
}

/// `hft_engine_depth`: see hft_engine.h.
///
/// The engine writes Swift `BookLevel` records straight into the caller's buffers: that
/// struct is `@frozen` (its layout, declaration order, is fixed) with `Int64` price at 0,
/// `Int64` quantity at 8 and `Int32` order count at 16, stride 24, which is `hft_book_level`
/// up to its unspecified `reserved` field (the C test checks the values).
#if !DEBUG
@_noAllocation
#endif
@_cdecl("hft_engine_depth")
public func hftEngineDepth(_ pointer: OpaquePointer?, _ symbol: Int32,
                           _ bids: UnsafeMutablePointer<hft_book_level>?, _ bidCapacity: Int,
                           _ outBidCount: UnsafeMutablePointer<Int>?,
                           _ asks: UnsafeMutablePointer<hft_book_level>?, _ askCapacity: Int,
                           _ outAskCount: UnsafeMutablePointer<Int>?) -> Int32 {
    guard let pointer else { return ABIStatus.nullArgument }
    let checked = checkDepthBuffers(bids, bidCapacity, outBidCount, asks, askCapacity, outAskCount)
    guard checked == ABIStatus.ok, let outBidCount, let outAskCount else { return checked }
    let handle = MatchingEngineHandle.from(pointer)
    let (id, _, status) = queryTarget(handle, symbol, 0)
    guard status == ABIStatus.ok else { return status }
    if let bids {
        let buffer = UnsafeMutableBufferPointer(
            start: UnsafeMutableRawPointer(bids).assumingMemoryBound(to: BookLevel.self), count: bidCapacity)
        outBidCount.pointee = handle.pointee.engine.pointee.depth(id, side: .buy, into: buffer)
    }
    if let asks {
        let buffer = UnsafeMutableBufferPointer(
            start: UnsafeMutableRawPointer(asks).assumingMemoryBound(to: BookLevel.self), count: askCapacity)
        outAskCount.pointee = handle.pointee.engine.pointee.depth(id, side: .sell, into: buffer)
    }
    return ABIStatus.ok
}

/// `hft_engine_resting_order_count`: see hft_engine.h (0 for a NULL engine).
#if !DEBUG
@_noAllocation
#endif
@_cdecl("hft_engine_resting_order_count")
public func hftEngineRestingOrderCount(_ pointer: OpaquePointer?) -> Int64 {
    guard let pointer else { return 0 }
    return Int64(MatchingEngineHandle.from(pointer).pointee.engine.pointee.restingOrderCount)
}
