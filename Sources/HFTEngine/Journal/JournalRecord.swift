/// What a journal record carries. Raw values are part of the file format: never reuse one.
///
/// The journal holds ``VenueCommand``s only. Raw values 1–5 and 16 are retired: earlier
/// versions wrote fixed 64-byte order, cancel, amend, deposit and withdrawal records (1–5)
/// and command-file text lines (16). An intact record of a retired kind is refused as
/// ``JournalError/foreignRecord(sequence:)`` (nothing on disk is changed); a record of any
/// other unknown kind is damage (``JournalTailDamage/badPayload``). Neither traps.
@frozen
public enum JournalRecordKind: UInt16, Sendable, BitwiseCopyable {
    /// A ``VenueCommand``: its 128 bytes (``VenueCommand/store(to:)``) as the payload, in a
    /// record of exactly 152 bytes.
    case venueCommand = 32

    /// True for the raw values of the retired record kinds (1–5, 16; see above).
    @inlinable @inline(__always)
    public static func isRetired(_ rawValue: UInt16) -> Bool { (1...5).contains(rawValue) || rawValue == 16 }
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
/// | 24     | ...  | payload: the 128 bytes of a ``VenueCommand`` (length 152)          |
///
/// Every record the writer produces is a `venueCommand` record of 152 bytes; the length
/// field and its limits (a multiple of 8, 32 ... 65,536) are the framing every reader
/// checks. The checksum covers everything but itself, so a torn write (a prefix of the
/// record on disk), a zeroed tail or a flipped bit is detected.
public enum JournalRecordLayout {
    public static let headerSize = 24
    /// The size of a `venueCommand` record: header + ``VenueCommand/byteCount``.
    public static let venueCommandSize = 152
    /// The smallest length field a reader accepts.
    public static let minimumSize = 32
    /// The largest length field a reader accepts.
    public static let maximumSize = 65_536
}
