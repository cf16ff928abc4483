import AllocationCounter
import Testing

/// The trait of every allocation test: it runs only where jemalloc is linked, and says
/// why it is skipped elsewhere.
let allocationCounting = Testing.ConditionTrait.enabled(
    if: AllocationCounter.isAvailable, Comment(rawValue: AllocationCounter.unavailableMessage))

/// Runs `body` once to warm up, then again while counting the bytes this thread
/// allocates, and expects exactly zero. Per-thread bytes are used (not the process-wide
/// request count) because Swift Testing runs other tests in parallel on other threads.
func expectNoAllocations(
    _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () -> Void
) {
    body()
    guard let before = AllocationCounter.threadBytes() else { return }
    body()
    guard let after = AllocationCounter.threadBytes() else { return }
    #expect(after - before == 0, "\(what) allocated \(after - before) bytes", sourceLocation: sourceLocation)
}
