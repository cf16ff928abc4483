/// A failure of the journal or of a snapshot. Outside input (a file on disk) never traps:
/// every problem with it is one of these cases.
public enum JournalError: Error, Hashable, Sendable {
    /// A system call failed: which one and `errno`.
    case io(operation: JournalSyscall, errno: Int32)
    /// A segment or snapshot file does not start with a valid header.
    case badHeader
    /// A snapshot's checksum, length or contents are inconsistent.
    case corruptSnapshot
    /// A snapshot was written by an engine with other capacities or another format version.
    case incompatibleSnapshot
    /// A journal directory holds no segment and no snapshot.
    case empty
    /// A damaged record in the middle of the log: intact records follow it, so it is not a
    /// torn tail and recovery refuses to cut it off (nothing on disk was changed). The
    /// ``JournalDamage`` names the segment file, the byte offset, the reason and what follows;
    /// see ``JournalReader/repairDamage(truncateDamaged:)``.
    case damagedRecord(JournalDamage)
    /// A venue journal's configuration file (`venue.config`, ``VenueConfigurationFile``) is
    /// damaged: wrong magic, version, length or checksum, unknown flags, or settings a
    /// ``Venue`` cannot be built with.
    case badConfiguration
    /// A venue journal was opened with another configuration than the one its directory holds.
    case configurationMismatch
    /// Reading met an intact record of a retired kind (``JournalRecordKind``: one that
    /// earlier versions wrote, not a `venueCommand`) at this journal sequence number;
    /// nothing was changed.
    case foreignRecord(sequence: UInt64)
}

/// The system call of a ``JournalError/io(operation:errno:)``.
public enum JournalSyscall: String, Hashable, Sendable {
    case open, write, read, fsync, close, truncate, unlink, mkdir, rename, stat, opendir
}

/// What was wrong with the first record that failed its checks during recovery. At the end
/// of the log (a torn tail) everything from it on is cut off; in the middle of the log
/// recovery refuses instead (``JournalError/damagedRecord(_:)``).
public enum JournalTailDamage: Hashable, Sendable, CustomStringConvertible {
    /// Fewer bytes than a record header, or than the record's length, remained (a write cut
    /// short by a crash).
    case torn
    /// The record's CRC-32C does not match.
    case checksum
    /// The length field is not a multiple of 8 in 32 ... 65,536.
    case badLength
    /// The record's sequence number is not the previous one plus one.
    case sequenceGap
    /// A segment's header is damaged or does not continue the log (in a torn tail the
    /// segment and all after it are removed).
    case badSegmentHeader
    /// The record's length and CRC-32C hold but its kind or payload does not decode (an
    /// unknown record kind that is not a retired one, see ``JournalRecordKind``, or a
    /// `venueCommand` whose command kind byte is not a ``VenueCommandKind``).
    case badPayload

    public var description: String {
        switch self {
        case .torn: "torn"
        case .checksum: "checksum"
        case .badLength: "bad-length"
        case .sequenceGap: "sequence-gap"
        case .badSegmentHeader: "bad-segment-header"
        case .badPayload: "bad-payload"
        }
    }
}
