import HFTEngine

/// A snapshot of the service as the engine and publisher threads captured it: the venue's
/// bytes and the read model's bytes, both as of journal sequence ``sequence`` (every
/// command up to it durable), not yet on disk.
///
/// - Memory: owns both byte arrays (O(live venue state + retained read model)).
public struct CapturedServiceSnapshot: Sendable {
    public var sequence: UInt64
    public var venue: [UInt8]
    public var readModel: [UInt8]
    /// How long the engine thread stopped to copy the venue out (ns).
    public var venuePauseNanoseconds: UInt64
    /// How long the publisher thread (and with it the read model's lock) stopped to
    /// serialise the read model (ns).
    public var readModelPauseNanoseconds: UInt64
}

/// What a written snapshot cost (``VenueHost/snapshot()``).
public struct ServiceSnapshotReport: Sendable, Equatable {
    /// The journal sequence of the snapshot pair.
    public var sequence: UInt64
    /// File sizes: the venue's `.snap` and the read model's `.readmodel`.
    public var venueBytes: Int
    public var readModelBytes: Int
    public var venuePauseNanoseconds: UInt64
    public var readModelPauseNanoseconds: UInt64
    /// Writing and syncing both files (off the engine and publisher threads, ns).
    public var writeNanoseconds: UInt64
    /// Log segments removed because the oldest kept pair covers them.
    public var segmentsPruned: Int

    public var bytes: Int { venueBytes + readModelBytes }
}

/// Why a snapshot of the service was not taken.
public enum ServiceSnapshotError: Error, Sendable, CustomStringConvertible {
    /// Copying the venue out failed (the venue is unchanged and keeps running).
    case capture(JournalError)
    /// The publisher's read model was not at the snapshot's sequence (a bug: nothing written).
    case readModelBehind(snapshot: UInt64, readModel: UInt64)
    /// Writing the files failed (what was written is ignored by recovery unless complete).
    case write(JournalError)

    public var description: String {
        switch self {
        case .capture(let error): "copying the venue out failed: \(error)"
        case .readModelBehind(let snapshot, let readModel):
            "the read model was at sequence \(readModel), not at the snapshot's \(snapshot)"
        case .write(let error): "writing the snapshot failed: \(error)"
        }
    }
}
