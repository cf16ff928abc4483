import CIntrinsics

/// Starts loading the cache line at `address`, with the intent to write it (a hint: it
/// never faults and changes nothing; `prefetchw` or `prefetcht0`, see `CIntrinsics.h`).
///
/// The allocation checker cannot see into C functions, so the call is marked as known to
/// be free of allocation and locks (`_unsafePerformance`): it is one instruction.
@inlinable @inline(__always) @_noAllocation
func prefetchForWrite(_ address: UnsafeRawPointer) {
    _unsafePerformance { hft_prefetch_for_write(address) }
}
