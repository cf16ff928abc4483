#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A large zero-filled region of address space reserved in one anonymous private mapping
/// (`mmap(MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE)`), whose pages cost physical memory
/// only once they are written: the matching engine reserves the price ladders of all its
/// symbols in one region at start-up, so that adding a symbol later allocates nothing
/// and an unused ladder tick costs nothing.
///
/// Stores must treat all-zero bytes as their empty state (fresh pages read as zero).
///
/// - Complexity: `init` and `deinit` are one system call each (the kernel's cost of
///   `munmap` grows with the pages that were touched, not with the size).
/// - Memory: `byteCount` bytes of virtual address space, owned by this value and unmapped
///   in `deinit`; physical memory only for the pages written. `MAP_NORESERVE` keeps the
///   reservation out of the kernel's commit accounting under its default overcommit policy
///   (`vm.overcommit_memory` 0 or 1); under strict accounting (2) the kernel may refuse it.
public struct ReservedMemory: ~Copyable {
    /// The start of the region (page-aligned).
    public let base: UnsafeMutableRawPointer
    /// The size of the region in bytes (≥ 1).
    public let byteCount: Int

    /// Reserves `byteCount` bytes (≥ 1), all reading as zero.
    ///
    /// - Throws: ``ConfigurationError/systemResource(field:code:)`` with `field` and the
    ///   `errno` of `mmap` when the kernel refuses the mapping; nothing is reserved then.
    public init(byteCount: Int, field: String) throws(ConfigurationError) {
        precondition(byteCount >= 1, "ReservedMemory: size not validated")
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE
        #else
        let flags = MAP_PRIVATE | MAP_ANON
        #endif
        let p = mmap(nil, byteCount, PROT_READ | PROT_WRITE, flags, -1, 0)
        guard let p, p != MAP_FAILED else { throw .systemResource(field: field, code: errno) }
        base = p
        self.byteCount = byteCount
    }

    deinit {
        _ = munmap(base, byteCount)
    }
}
