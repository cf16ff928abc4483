import HFTEngine

/// The primary's commands that the log has not acknowledged yet, in sequence order, kept
/// so that a resynchronisation (``JetStreamCommandLog``) can send again whatever a lost
/// connection or a stream-leader change left unstored.
///
/// Appends are amortised O(1) (the array keeps its capacity); ``drop(through:)`` is O(1)
/// and compacts the storage every 4,096 dropped commands.
///
/// - Memory: one array, owned by the log; its size is bounded by the commands in flight
///   (clients wait for their acknowledgement).
struct UnacknowledgedCommands {
    var commands: [VenueCommand] = []
    var head = 0

    init() { commands.reserveCapacity(8_192) }

    var isEmpty: Bool { head == commands.count }
    var count: Int { commands.count - head }
    /// Sequence of the first command kept (nil when empty).
    var firstSequence: UInt64? { isEmpty ? nil : commands[head].sequence }
    var lastSequence: UInt64? { isEmpty ? nil : commands[commands.count - 1].sequence }

    mutating func append(_ command: VenueCommand) { commands.append(command) }

    /// Forgets the commands through `sequence` (the log stored them).
    mutating func drop(through sequence: UInt64) {
        while head < commands.count, commands[head].sequence <= sequence { head += 1 }
        if head == commands.count {
            commands.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 4_096 {
            commands.removeFirst(head)
            head = 0
        }
    }

    /// The commands after `sequence`, in order.
    func after(_ sequence: UInt64) -> ArraySlice<VenueCommand> {
        guard let first = firstSequence, let last = lastSequence, sequence < last else { return [] }
        let start = head + Int(sequence >= first ? sequence - first + 1 : 0)
        return commands[start...]
    }
}
