import HFTEngine

/// Why a ``VenueHost`` could not start.
public enum VenueHostError: Error, Sendable, CustomStringConvertible {
    /// The journal directory belongs to a venue of another configuration.
    case configurationMismatch(directory: String)
    /// Reading, repairing or opening the journal failed (damage in the middle of the log
    /// is refused here: run `hft recover` on the directory to inspect it).
    case journal(JournalError)
    /// The venue refused the configuration.
    case venueConfiguration(String)
    /// A ring or buffer could not be sized.
    case capacity(String)
    /// The system refused a thread.
    case threadStart(errno: Int32)
    /// Another service (or host) holds the directory's lock (``DirectoryLock``).
    case directoryInUse(directory: String)
    /// No snapshot pair loads and the log no longer starts at sequence 1 (segments were
    /// pruned after snapshots): a full replay would lose history, so the service does not start.
    case logPruned(directory: String, firstSequence: UInt64)
    /// The replicated command log refused this node as its primary (it does not continue
    /// the local journal, or another primary appended first), or could not be reached.
    case replication(String)

    public var description: String {
        switch self {
        case .configurationMismatch(let directory):
            "the journal in \(directory) belongs to a venue of another configuration"
        case .journal(let error): "journal: \(error)"
        case .venueConfiguration(let text): "venue configuration: \(text)"
        case .capacity(let text): "capacity: \(text)"
        case .threadStart(let errno): "could not start a thread (error \(errno))"
        case .directoryInUse(let directory): "another hft-venue uses \(directory)"
        case .replication(let text): "replication: \(text)"
        case .logPruned(let directory, let first):
            "no snapshot in \(directory) loads and its log starts at sequence \(first) (older segments were pruned): "
                + "restore a snapshot pair or the pruned segments"
        }
    }
}
