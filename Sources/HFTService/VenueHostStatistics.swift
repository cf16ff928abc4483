import HFTEngine
import Metrics
import Synchronization

/// The engine's figures, kept by the publisher thread and exported through swift-metrics
/// (the service's `/metrics` endpoint bootstraps a Prometheus backend):
///
/// - `hft_commands_total{kind}`: durable commands by ``VenueCommandKind``;
/// - `hft_command_rejects_total{kind}`: of which refused as a whole (`commandRejected`);
/// - `hft_events_total{kind}`: events by ``VenueEvent/Kind``;
/// - `hft_group_commits_total`, `hft_journal_commit_seconds` (write + sync of one group
///   commit, measured on the engine thread), `hft_group_commit_commands` (commands per
///   group commit);
/// - `hft_liquidations_total` (liquidation steps that filled or were taken over).
///
/// The engine thread itself records nothing here (it never allocates or locks): it sends
/// the commit time in its `durable` record.
///
/// - Memory: the metric handles are created once in `init`.
public final class VenueHostStatistics: Sendable {
    let commands: [Counter]
    let rejects: [Counter]
    let events: [Counter]
    let commits = Counter(label: "hft_group_commits_total")
    let commitTime = Metrics.Timer(label: "hft_journal_commit_seconds")
    let commitSize = Recorder(label: "hft_group_commit_commands", aggregate: true)
    let liquidations = Counter(label: "hft_liquidations_total")
    let durableSequence = Atomic<UInt64>(0)
    let appliedCommands = Atomic<UInt64>(0)
    let checkpointsVerified = Atomic<UInt64>(0)

    public init() {
        let kinds = (0...255).map { VenueCommandKind(rawValue: UInt8($0)).map { "\($0)" } ?? "unknown" }
        commands = kinds.map { Counter(label: "hft_commands_total", dimensions: [("kind", $0)]) }
        rejects = kinds.map { Counter(label: "hft_command_rejects_total", dimensions: [("kind", $0)]) }
        events = (0...255).map {
            Counter(label: "hft_events_total",
                    dimensions: [("kind", VenueEvent.Kind(rawValue: UInt8($0)).map { "\($0)" } ?? "unknown")])
        }
    }

    /// The last durable command's sequence number.
    public var lastDurableSequence: UInt64 { durableSequence.load(ordering: .acquiring) }

    /// Durable commands published since start (recovery not counted).
    public var publishedCommands: UInt64 { appliedCommands.load(ordering: .relaxed) }

    /// A standby's checks of the primary's state hash that matched (replication's checkpoints).
    public var verifiedCheckpoints: UInt64 { checkpointsVerified.load(ordering: .relaxed) }

    func count(_ command: VenueCommand, events published: UnsafeBufferPointer<VenueEvent>) {
        commands[Int(command.kind.rawValue)].increment()
        for event in published {
            events[Int(event.kind.rawValue)].increment()
            if event.kind == .commandRejected { rejects[Int(command.kind.rawValue)].increment() }
            if event.kind == .liquidation { liquidations.increment() }
        }
    }

    /// Released commands (durable in the journal and, when replicated, in the log): counted
    /// as published. The durable sequence itself is stored before the release.
    func released(commands count: Int) {
        appliedCommands.wrappingAdd(UInt64(count), ordering: .relaxed)
    }

    /// One group commit of the local journal (write + sync): `commands` commands in
    /// `nanoseconds`, whether or not replication has released them yet.
    func groupCommitted(commands count: Int, nanoseconds: UInt64) {
        guard count > 0 else { return }
        commits.increment()
        commitTime.recordNanoseconds(Int64(clamping: nanoseconds))
        commitSize.record(count)
    }
}
