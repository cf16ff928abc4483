/// The names of one venue shard's replicated command log on NATS JetStream.
///
/// One stream per shard, file storage, holding three subjects:
/// - `hft.<shard>.commands`: batches of sequenced commands (``CommandBatch``);
/// - `hft.<shard>.checkpoints`: the primary's state hashes (``StateCheckpoint``);
/// - `hft.<shard>.epochs`: one message per primary term (``PrimaryEpoch``), the first
///   append of a new primary, which fences every earlier one.
///
/// The stream's own sequence orders all three; a primary appends with the stream's
/// expected last sequence set (JetStream's `Nats-Expected-Last-Sequence`), so an append of
/// a primary that another one has replaced is refused.
///
/// The leader lease is key `primary` of the key-value bucket `hft-<shard>-lease`.
public struct CommandLogNames: Sendable, Hashable {
    /// The shard's name: letters, digits, `-` and `_` (it becomes part of subjects and of
    /// the stream's name, where NATS allows no `.`, `*`, `>` or spaces).
    public let shard: String

    /// Validates `shard`; nil if it is empty, longer than 32 characters or has other characters.
    public init?(shard: String) {
        guard !shard.isEmpty, shard.count <= 32,
              shard.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") })
        else { return nil }
        self.shard = shard
    }

    public var stream: String { "HFT_\(shard)" }
    public var commands: String { "hft.\(shard).commands" }
    public var checkpoints: String { "hft.\(shard).checkpoints" }
    public var epochs: String { "hft.\(shard).epochs" }
    public var allSubjects: String { "hft.\(shard).>" }
    public var leaseBucket: String { "hft-\(shard)-lease" }
    public static let leaseKey = "primary"

    /// What a message's subject says it carries.
    public func kind(ofSubject subject: String) -> CommandLogMessageKind? {
        switch subject {
        case commands: .commands
        case checkpoints: .checkpoint
        case epochs: .epoch
        default: nil
        }
    }
}

/// The three kinds of message of a command log.
public enum CommandLogMessageKind: Sendable, Equatable {
    case commands, checkpoint, epoch
}
