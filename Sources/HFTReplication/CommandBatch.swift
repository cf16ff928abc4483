import HFTEngine

/// The payload of a `commands` message: consecutive sequenced commands, each as one
/// 152-byte journal record (``JournalRecordLayout``: CRC-32C, length, sequence, kind, the
/// command's 128 bytes), exactly as the venue's own journal stores them. A replica decodes
/// it with the journal's reader, so the wire format and the disk format are one versioned
/// format, checked record by record.
///
/// - Memory: ``CommandBatchEncoder`` owns one ``JournalBuffer`` (allocated once, reused).
public struct CommandBatchEncoder: ~Copyable {
    var buffer: JournalBuffer
    let crc = CRC32C()
    /// The most commands one message carries (152 bytes each; NATS' default maximum
    /// payload is 1 MiB).
    public let maxCommands: Int
    /// Sequence of the first and last command buffered (0 when empty).
    public private(set) var firstSequence: UInt64 = 0
    public private(set) var lastSequence: UInt64 = 0

    public init(maxCommands: Int = 512) {
        self.maxCommands = max(1, maxCommands)
        buffer = JournalBuffer(capacity: self.maxCommands * JournalRecordLayout.venueCommandSize)
    }

    public var count: Int { buffer.count / JournalRecordLayout.venueCommandSize }
    public var isEmpty: Bool { buffer.count == 0 }
    public var isFull: Bool { count >= maxCommands }

    /// Adds one stamped command (its own sequence is the record's). False when full.
    public mutating func append(_ command: VenueCommand) -> Bool {
        guard !isFull, buffer.append(command, sequence: command.sequence, crc: crc) else { return false }
        if firstSequence == 0 { firstSequence = command.sequence }
        lastSequence = command.sequence
        return true
    }

    /// The encoded records.
    public var bytes: UnsafeRawBufferPointer { buffer.bytes }

    /// Calls `body` with the encoded records.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try body(buffer.bytes) }

    /// Empties the encoder after its bytes were sent.
    public mutating func reset() {
        buffer.reset()
        firstSequence = 0
        lastSequence = 0
    }
}

/// Why a received `commands` message was refused (the replica stops: its log would have a hole).
public enum CommandBatchError: Error, Sendable, Equatable {
    /// Not a whole number of 152-byte records, or empty.
    case badLength(Int)
    /// A record failed its checks (CRC, framing, kind), or its sequence was not the next one.
    case damaged(sequence: UInt64, JournalTailDamage)
}

public enum CommandBatchDecoder {
    /// Decodes every command of `payload`, which must start at sequence `expected`, calling
    /// `body` for each in order; returns the sequence after the last one.
    ///
    /// - Complexity: O(commands) (one CRC per record). Memory: none.
    public static func decode(_ payload: UnsafeRawBufferPointer, expected: UInt64,
                              _ body: (VenueCommand) throws -> Void) throws -> UInt64 {
        let size = JournalRecordLayout.venueCommandSize
        guard payload.count > 0, payload.count % size == 0 else { throw CommandBatchError.badLength(payload.count) }
        let crc = CRC32C()
        var next = expected
        var command = VenueCommand(.liquidationScan)
        var offset = 0
        while offset < payload.count {
            if let damage = JournalReader.decodeVenueCommand(payload, at: offset, expected: next, crc: crc, into: &command) {
                throw CommandBatchError.damaged(sequence: next, damage)
            }
            try body(command)
            next &+= 1
            offset += size
        }
        return next
    }

    /// The sequence of the first record of `payload` (nil if too short), read without checks:
    /// where a replica that starts mid-stream finds its place.
    public static func firstSequence(_ payload: UnsafeRawBufferPointer) -> UInt64? {
        guard payload.count >= JournalRecordLayout.headerSize else { return nil }
        return UInt64(littleEndian: payload.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }
}
