/// The fixed binary payloads of the log's control messages. Little-endian; each starts with
/// a 4-byte magic and a 2-byte version, so that a replica refuses what it does not know
/// rather than misreading it.

/// A state-hash checkpoint: after applying every command through `sequence`, the
/// primary's venue hashed to `hash` (``HFTEngine/Venue/stateHash``). A standby that computes
/// a different hash at the same sequence has diverged: it stops and says so.
///
/// Layout (24 bytes): `"HFCK"`, version u16 = 1, reserved u16, sequence u64, hash u64.
public struct StateCheckpoint: Sendable, Equatable {
    public var sequence: UInt64
    public var hash: UInt64

    public init(sequence: UInt64, hash: UInt64) {
        self.sequence = sequence
        self.hash = hash
    }

    static let magic: [UInt8] = Array("HFCK".utf8)
    static let version: UInt16 = 1
    public static let byteCount = 24

    public var bytes: [UInt8] {
        var out = [UInt8](recordHeader: Self.magic, version: Self.version)
        out.appendLittleEndian(sequence)
        out.appendLittleEndian(hash)
        return out
    }

    /// Decodes a checkpoint payload; nil if it is not one of this version.
    public init?(_ payload: UnsafeRawBufferPointer) {
        guard payload.count == Self.byteCount, payload.hasRecordHeader(Self.magic, version: Self.version) else { return nil }
        sequence = payload.littleEndian(UInt64.self, at: 8)
        hash = payload.littleEndian(UInt64.self, at: 16)
    }
}

/// The first message of a primary's term. Appending it, with the stream's expected last
/// sequence set to what the new primary has applied, is what fences every earlier primary:
/// their next append expects an older last sequence and is refused.
///
/// Layout (32 + n bytes): `"HFEP"`, version u16 = 1, reserved u16, epoch u64 (1, 2, …),
/// next command sequence u64 (the first this primary will assign), holder length u32,
/// reserved u32, holder (UTF-8, n ≤ 256 bytes).
public struct PrimaryEpoch: Sendable, Equatable {
    public var epoch: UInt64
    public var nextSequence: UInt64
    /// Who holds the term (the `--node-name` of `hft-venue`).
    public var holder: String

    public init(epoch: UInt64, nextSequence: UInt64, holder: String) {
        self.epoch = epoch
        self.nextSequence = nextSequence
        self.holder = String(decoding: holder.utf8.prefix(256), as: UTF8.self)
    }

    static let magic: [UInt8] = Array("HFEP".utf8)
    static let version: UInt16 = 1

    public var bytes: [UInt8] {
        var out = [UInt8](recordHeader: Self.magic, version: Self.version)
        out.appendLittleEndian(epoch)
        out.appendLittleEndian(nextSequence)
        let name = Array(holder.utf8)
        out.appendLittleEndian(UInt32(name.count))
        out.appendLittleEndian(UInt32(0))
        out += name
        return out
    }

    /// Decodes an epoch payload; nil if it is not one of this version.
    public init?(_ payload: UnsafeRawBufferPointer) {
        guard payload.count >= 32, payload.hasRecordHeader(Self.magic, version: Self.version) else { return nil }
        let length = Int(payload.littleEndian(UInt32.self, at: 24))
        guard length <= 256, payload.count == 32 + length else { return nil }
        epoch = payload.littleEndian(UInt64.self, at: 8)
        nextSequence = payload.littleEndian(UInt64.self, at: 16)
        holder = String(decoding: UnsafeRawBufferPointer(rebasing: payload[32...]), as: UTF8.self)
    }
}

extension [UInt8] {
    /// The 8-byte header of a log record: its 4-byte magic, version u16, reserved u16.
    init(recordHeader magic: [UInt8], version: UInt16) {
        self = magic
        appendLittleEndian(version)
        appendLittleEndian(UInt16(0))
    }

    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

extension UnsafeRawBufferPointer {
    /// True when the payload starts with a record header of this magic and version.
    func hasRecordHeader(_ magic: [UInt8], version: UInt16) -> Bool {
        count >= 8 && starts(with: magic) && littleEndian(UInt16.self, at: 4) == version
    }

    func littleEndian<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
