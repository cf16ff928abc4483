import HFTEngine

/// The journal of a command-file replay: a venue journal directory (``Venue/openJournal(directory:nextSequence:policy:maxSegmentBytes:bufferBytes:)``)
/// plus the translator's edge file. Tool code (a class that holds the `~Copyable` writer
/// for the session's closures).
///
/// - Memory: owns its ``JournalWriter`` (one buffer of `bufferBytes`).
public final class ReplayJournal {
    public let directory: String
    public let policy: JournalDurability
    public let maxSegmentBytes: Int
    public var writer: JournalWriter
    /// The journal sequence number of the last record appended (0: none).
    public private(set) var lastSequence: UInt64

    /// Opens (or continues, `nextSequence` > 1) the journal of `session`'s venue in `directory`.
    public init(directory: String, session: ReplaySession, nextSequence: UInt64 = 1, policy: JournalDurability,
                maxSegmentBytes: Int = 64 << 20) throws(JournalError) {
        self.directory = directory
        self.policy = policy
        self.maxSegmentBytes = maxSegmentBytes
        if nextSequence == 1 {
            // A new log: what an earlier run left (killed while starting, or while an ENGINE
            // line started the log over: see `restart`) is superseded by the file's own
            // lines, which this run replays from the first, and may describe another
            // configuration.
            try JournalFiles.makeDirectory(directory)
            try Self.removeLog(directory)
            // The edge file first: a log never exists without it.
            try session.edge.write(directory: directory)
        }
        writer = try session.venue.openJournal(directory: directory, nextSequence: nextSequence, policy: policy,
                                               maxSegmentBytes: maxSegmentBytes)
        lastSequence = nextSequence - 1
    }

    /// Removes the log of `directory`: its segments first (a kill after that leaves no log
    /// to resume), then its snapshots and the venue's configuration file.
    static func removeLog(_ directory: String) throws(JournalError) {
        for suffix in [JournalFiles.segmentSuffix, JournalFiles.snapshotSuffix] {
            for n in try JournalFiles.list(directory, suffix: suffix) {
                try JournalFiles.remove(JournalFiles.path(directory, n, suffix))
            }
        }
        try JournalFiles.remove(VenueConfigurationFile.path(directory))
    }

    /// Appends one command (write-ahead: before it is applied).
    public func append(_ command: VenueCommand) throws(JournalError) {
        lastSequence = try writer.append(command)
    }

    /// Makes everything appended durable (group commit now).
    public func commit() throws(JournalError) { try writer.commit() }

    /// The highest journal sequence number known durable.
    public var acknowledgedSequence: UInt64 { writer.acknowledgedSequence }

    /// Writes the translator's state beside the log.
    func writeEdge(_ edge: ReplayEdgeFile) throws(JournalError) {
        try edge.write(directory: directory)
    }

    /// Starts the journal over for a venue rebuilt by an `ENGINE` line (only possible
    /// before the first order): the old log, snapshots and configuration file are removed,
    /// the new configuration is written, and `commands` (the symbols re-added) are appended.
    func restart(configuration: VenueConfiguration, commands: [VenueCommand]) throws(JournalError) {
        try writer.commit()
        try Self.removeLog(directory)
        var venue: Venue
        do { venue = try Venue(configuration: configuration) } catch { throw .badConfiguration }
        writer = try venue.openJournal(directory: directory, nextSequence: 1, policy: policy, maxSegmentBytes: maxSegmentBytes)
        lastSequence = 0
        for command in commands { try append(command) }
        _ = consume venue
    }
}
