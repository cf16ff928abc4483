#if Jemalloc
import CJemalloc
#endif

/// Counts heap allocations made by the process, for the allocation tests and `hft-bench`.
///
/// Backed by jemalloc's statistics when the package's `Jemalloc` trait is on (the default
/// where `libjemalloc-dev` is installed); otherwise ``isAvailable`` is false and every
/// reading is `nil`, and callers say so plainly instead of reporting a number.
///
/// Counts are exact: the calling thread's cache is flushed, the statistics epoch is
/// advanced, and the number of small and large allocation *requests* of all arenas is
/// read (`stats.arenas.<MALLCTL_ARENAS_ALL>.{small,large}.nrequests`). `nmalloc` is not
/// used because it counts cache refills, not calls to `malloc`. Bytes come from the
/// calling thread's cumulative `thread.allocated` counter.
///
/// A reading costs a few microseconds (several `mallctl` calls); take one before and one
/// after a region, never inside a hot loop.
public enum AllocationCounter {
    /// A process-wide reading of the allocation counters.
    public struct Reading: Sendable, Equatable {
        /// Allocation requests (malloc, calloc, realloc, aligned allocations) so far, all threads.
        public var allocations: UInt64
        /// Bytes allocated so far by the calling thread.
        public var bytes: UInt64

        public init(allocations: UInt64, bytes: UInt64) {
            self.allocations = allocations
            self.bytes = bytes
        }

        /// What was allocated between `earlier` and this reading.
        public func since(_ earlier: Reading) -> Reading {
            Reading(allocations: allocations &- earlier.allocations, bytes: bytes &- earlier.bytes)
        }
    }

    /// Why allocations cannot be counted in this build, and how to fix it.
    public static let unavailableMessage =
        "allocations not measured: jemalloc is not linked into this build; "
        + "install it with `apt-get install libjemalloc-dev` and rebuild"

    #if Jemalloc
    /// True when this build links jemalloc and its statistics answer.
    public static let isAvailable: Bool = read() != nil

    /// The current counters, or `nil` when jemalloc's statistics do not answer.
    ///
    /// Makes no allocation itself (names are static C strings), so it never counts itself.
    public static func read() -> Reading? {
        // Flush this thread's cache so that its requests are merged into the arena stats.
        // (It fails harmlessly when the thread has no cache; the counts stay exact.)
        _ = control("thread.tcache.flush", nil, nil, nil, 0)
        var newEpoch: UInt64 = 1
        var epoch: UInt64 = 0
        var size = MemoryLayout<UInt64>.size
        guard control("epoch", &epoch, &size, &newEpoch, MemoryLayout<UInt64>.size) == 0 else { return nil }
        guard let small = readUInt64("stats.arenas.4096.small.nrequests"),
              let large = readUInt64("stats.arenas.4096.large.nrequests"),
              let bytes = readUInt64("thread.allocated")
        else { return nil }
        return Reading(allocations: small &+ large, bytes: bytes)
    }

    private static func control(
        _ name: StaticString, _ old: UnsafeMutableRawPointer?, _ oldSize: UnsafeMutablePointer<Int>?,
        _ new: UnsafeMutableRawPointer?, _ newSize: Int
    ) -> Int32 {
        let cName = UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)
        return mallctl(cName, old, oldSize, new, newSize)
    }

    private static func readUInt64(_ name: StaticString) -> UInt64? {
        var value: UInt64 = 0
        var size = MemoryLayout<UInt64>.size
        return control(name, &value, &size, nil, 0) == 0 ? value : nil
    }
    #else
    /// False: this build does not link jemalloc.
    public static let isAvailable = false

    /// Always `nil`: this build does not link jemalloc.
    public static func read() -> Reading? { nil }
    #endif

    /// Bytes allocated so far by the calling thread (jemalloc's `thread.allocated`), or
    /// `nil` when counting is unavailable. Unlike the process-wide request count it is not
    /// disturbed by other threads, so tests that run in parallel can assert on it: a
    /// region that allocated nothing on this thread leaves it unchanged (every allocation,
    /// even `malloc(0)`, adds at least 8 bytes).
    public static func threadBytes() -> UInt64? {
        read()?.bytes
    }

    /// Runs `body` and returns what it allocated, or `nil` when counting is unavailable.
    public static func measure(_ body: () throws -> Void) rethrows -> Reading? {
        guard let before = read() else {
            try body()
            return nil
        }
        try body()
        return read()?.since(before)
    }
}
