/// What a journal record carries. Raw values are part of the file format: never reuse one.
@frozen
public enum JournalRecordKind: UInt16, Sendable, BitwiseCopyable {
    /// A new order (``JournalCommand/newOrder(_:)``).
    case newOrder = 1
    /// A cancel by order id.
    case cancel = 2
    /// An amend: order id, new price, new remaining quantity.
    case amend = 3
    /// A deposit: account, amount in money units.
    case deposit = 4
    /// A withdrawal: account, amount in money units.
    case withdraw = 5
    /// Any other state-changing command as its canonical command-file line (UTF-8, in the
    /// variable-length payload): configuration (`ENGINE`, `SYMBOL`), `LEVERAGE`, `INDEX`,
    /// `MARK`, `FUNDING`, `HALT`, `RESUME`. These are rare (not per order), so they keep the
    /// exact semantics of `hft replay` instead of a second binary encoding.
    case commandLine = 16
    /// A ``VenueCommand``: its 128 bytes (``VenueCommand/store(to:)``) as the payload, in a
    /// record of exactly 152 bytes. The journal of a ``Venue`` holds only these.
    case venueCommand = 32
}

/// One state-changing command in its fixed binary form: a kind and five 64-bit words.
/// This is what the hot path appends (``JournalBuffer/append(_:sequence:crc:)``) and what
/// recovery decodes; the meaning of the words depends on the kind:
///
/// | kind       | w0       | w1      | w2    | w3              | w4                         |
/// |------------|----------|---------|-------|-----------------|----------------------------|
/// | newOrder   | order id | account | price | quantity (lots) | packed order attributes    |
/// | cancel     | order id | 0       | 0     | 0               | 0                          |
/// | amend      | order id | 0       | price | quantity (lots) | 0                          |
/// | deposit    | 0        | account | 0     | amount (money)  | 0                          |
/// | withdraw   | 0        | account | 0     | amount (money)  | 0                          |
///
/// Packed order attributes (w4): bits 0–31 symbol index, 32–39 side, 40–47 order type,
/// 48–55 time in force, 56–59 self-trade prevention, 60–63 order flags (low 4 bits).
///
/// - Memory: 48 bytes, trivially copyable; no allocation to build, encode or decode.
@frozen
public struct JournalCommand: Sendable, BitwiseCopyable, Equatable {
    public var kind: JournalRecordKind
    public var w0: Int64
    public var w1: Int64
    public var w2: Int64
    public var w3: Int64
    public var w4: Int64

    @inlinable @inline(__always)
    public init(kind: JournalRecordKind, w0: Int64 = 0, w1: Int64 = 0, w2: Int64 = 0, w3: Int64 = 0, w4: Int64 = 0) {
        self.kind = kind
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
        self.w4 = w4
    }

    /// The record of a new order.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public static func newOrder(_ r: OrderRequest) -> JournalCommand {
        let packed = UInt64(UInt32(bitPattern: r.symbol.index))
            | UInt64(r.side.rawValue) << 32 | UInt64(r.type.rawValue) << 40
            | UInt64(r.timeInForce.rawValue) << 48 | UInt64(r.selfTradePrevention.rawValue & 0xF) << 56
            | UInt64(r.flags.rawValue & 0xF) << 60
        return JournalCommand(kind: .newOrder, w0: r.id, w1: r.account, w2: r.price.ticks, w3: r.quantity.lots,
                              w4: Int64(bitPattern: packed))
    }

    /// The record of a cancel.
    @inlinable @inline(__always)
    public static func cancel(orderId: Int64) -> JournalCommand { JournalCommand(kind: .cancel, w0: orderId) }

    /// The record of an amend.
    @inlinable @inline(__always)
    public static func amend(orderId: Int64, price: Price, quantity: Quantity) -> JournalCommand {
        JournalCommand(kind: .amend, w0: orderId, w2: price.ticks, w3: quantity.lots)
    }

    /// The record of a deposit (`deposit == true`) or withdrawal.
    @inlinable @inline(__always)
    public static func transfer(account: Int, amount: Money, deposit: Bool) -> JournalCommand {
        JournalCommand(kind: deposit ? .deposit : .withdraw, w1: Int64(account), w3: amount.units)
    }

    /// The order request of a `newOrder` record, or `nil` if its packed attributes are
    /// not valid values (a corrupt record that passed its checksum never traps).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public func orderRequest() -> OrderRequest? {
        let packed = UInt64(bitPattern: w4)
        guard let side = Side(rawValue: UInt8(truncatingIfNeeded: packed >> 32)),
              let type = OrderType(rawValue: UInt8(truncatingIfNeeded: packed >> 40)),
              let tif = TimeInForce(rawValue: UInt8(truncatingIfNeeded: packed >> 48)),
              let stp = SelfTradePrevention(rawValue: UInt8(truncatingIfNeeded: (packed >> 56) & 0xF))
        else { return nil }
        return OrderRequest(id: w0, account: w1, symbol: SymbolID(Int32(bitPattern: UInt32(truncatingIfNeeded: packed))),
                            side: side, type: type, price: Price(ticks: w2), quantity: Quantity(lots: w3),
                            timeInForce: tif, selfTradePrevention: stp,
                            flags: OrderFlags(rawValue: UInt8(truncatingIfNeeded: packed >> 60)))
    }
}

/// The byte layout of one journal record (all integers little-endian):
///
/// | offset | size | field                                                              |
/// |--------|------|--------------------------------------------------------------------|
/// | 0      | 4    | CRC-32C of bytes 4 ..< length                                      |
/// | 4      | 4    | length: total bytes of the record, a multiple of 8, 32 ... 65,536  |
/// | 8      | 8    | sequence number (1, 2, 3, ... with no gap over the whole journal)  |
/// | 16     | 2    | kind (``JournalRecordKind``)                                       |
/// | 18     | 2    | payload length in bytes (≤ length − 24)                            |
/// | 20     | 4    | reserved, 0                                                        |
/// | 24     | ...  | payload: 5 × Int64 (w0 ... w4) for the fixed kinds (length 64);    |
/// |        |      | UTF-8 text padded with zeros to a multiple of 8 for `commandLine`; |
/// |        |      | the 128 bytes of a ``VenueCommand`` for `venueCommand` (152)       |
///
/// A fixed-kind record is exactly one cache line. The checksum covers everything but
/// itself, so a torn write (a prefix of the record on disk), a zeroed tail or a flipped bit
/// is detected.
public enum JournalRecordLayout {
    public static let headerSize = 24
    public static let fixedSize = 64
    /// The size of a `venueCommand` record: header + ``VenueCommand/byteCount``.
    public static let venueCommandSize = 152
    public static let minimumSize = 32
    public static let maximumSize = 65_536
    /// The longest `commandLine` text.
    public static let maximumText = maximumSize - headerSize

    /// The record size of a `commandLine` record with `textBytes` of text.
    @inlinable
    public static func size(textBytes: Int) -> Int {
        max(minimumSize, (headerSize + textBytes + 7) & ~7)
    }
}
