#if canImport(Glibc)
import Glibc
#endif

/// Allocates the engine's large fixed tables (id maps, order pools, position columns)
/// aligned to 2 MiB and, on Linux, asks the kernel to back them with transparent huge
/// pages (`madvise(MADV_HUGEPAGE)`). A random probe into a 32 MiB table then costs one
/// TLB entry per 2 MiB instead of per 4 KiB, which removes most page walks from lookups.
///
/// Tables smaller than 2 MiB get an ordinary 64-byte (cache-line) aligned allocation.
/// Memory is uninitialized; the caller owns it and frees it with
/// `UnsafeMutablePointer.deallocate()`.
///
/// Internal to the module: its callers are the engine's stores, which validate their
/// capacities (``ConfigurationError``) before they allocate, so a negative or overflowing
/// size here is a broken invariant of the caller and traps. (Running out of memory traps
/// in the Swift runtime's allocator, as every Swift allocation does.)
enum LargeAllocation {
    /// 2 MiB, the x86-64 huge page size.
    static let hugePageBytes = 2 << 20

    /// Uninitialized memory for `capacity` values of `T` (a validated capacity ≥ 0).
    static func allocate<T>(_ type: T.Type, capacity: Int) -> UnsafeMutablePointer<T> {
        let (size, overflow) = capacity.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        precondition(capacity >= 0 && !overflow && size <= Int.max - hugePageBytes, "LargeAllocation: capacity not validated")
        let bytes = max(1, size)
        guard bytes >= hugePageBytes else {
            return UnsafeMutableRawPointer.allocate(
                byteCount: bytes, alignment: max(64, MemoryLayout<T>.alignment)
            ).bindMemory(to: T.self, capacity: capacity)
        }
        let rounded = (bytes + hugePageBytes - 1) / hugePageBytes * hugePageBytes
        let raw = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: hugePageBytes)
        #if os(Linux)
        // Advisory: if the kernel has no huge pages to give, the memory is ordinary pages.
        _ = madvise(raw, rounded, Int32(MADV_HUGEPAGE))
        #endif
        return raw.bindMemory(to: T.self, capacity: capacity)
    }
}
