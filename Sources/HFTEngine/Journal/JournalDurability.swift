/// When a ``JournalWriter`` makes appended records durable (group commit).
///
/// A record is *acknowledged* when ``JournalWriter/acknowledgedSequence`` reaches its
/// sequence number. The guarantee of each policy:
///
/// - ``everyRecords(_:)`` and ``everyMicroseconds(_:)``: acknowledged records were written
///   and `fdatasync`ed: they survive a process kill and a power loss.
/// - ``never``: acknowledged records were handed to the kernel with `write`: they survive
///   a process kill (SIGKILL), not a power loss or kernel crash. For benchmarks and for
///   hosts that replicate the log elsewhere.
public enum JournalDurability: Hashable, Sendable, CustomStringConvertible {
    /// Group commit after `n` records (1: every record is synced before it is acknowledged).
    case everyRecords(Int)
    /// Group commit when the oldest pending record is `m` µs old (checked on each append
    /// and on ``JournalWriter/poll()``), or when the buffer is full.
    case everyMicroseconds(Int)
    /// Write when the buffer is full or on ``JournalWriter/commit()``; never sync.
    case never

    public var description: String {
        switch self {
        case .everyRecords(let n): "every-\(n)-records"
        case .everyMicroseconds(let m): "every-\(m)us"
        case .never: "never"
        }
    }

    /// Parses `records:<n>`, `us:<m>` or `never`.
    public init?(parsing text: String) {
        if text == "never" { self = .never; return }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let n = Int(parts[1]), n >= 1 else { return nil }
        switch parts[0] {
        case "records": self = .everyRecords(n)
        case "us": self = .everyMicroseconds(n)
        default: return nil
        }
    }
}
