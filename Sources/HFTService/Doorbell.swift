#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Parks one consumer thread until a producer rings or a timeout passes, so that a ring's
/// consumer sleeps when idle without a producer paying for a wake-up when it is busy.
///
/// Protocol: the consumer reads ``generation`` *before* it looks at its ring; if the ring
/// was empty it calls ``park(nanoseconds:unlessRungSince:)`` with that value. A producer
/// calls ``ring()`` after each push: it advances the generation, then signals if the
/// consumer is parked. Both sides use sequentially consistent operations (the consumer
/// marks itself parked, then re-reads the generation; the producer advances the
/// generation, then reads the mark), so at least one of them sees the other: either the
/// consumer does not wait, or the producer signals it (under the mutex the consumer holds
/// until it waits). The timeout bounds the wait in any case.
///
/// - Memory: the pthread mutex and condition are allocated in `init` and freed in `deinit`.
///   Parking and ringing allocate nothing.
public final class Doorbell: @unchecked Sendable {
    let generation = Atomic<UInt64>(0)
    let parked = Atomic<Int>(0)
    let lock: UnsafeMutablePointer<pthread_mutex_t>
    let condition: UnsafeMutablePointer<pthread_cond_t>

    public init() {
        lock = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(lock)
        condition.deallocate()
        lock.deallocate()
    }

    /// The current generation (consumer side: read it before looking at the ring).
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    public func currentGeneration() -> UInt64 { generation.load(ordering: .sequentiallyConsistent) }

    /// Wakes the consumer if it is parked (producer side, after a push).
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    public func ring() {
        generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
        if parked.load(ordering: .sequentiallyConsistent) != 0 {
            let lock = lock, condition = condition
            // pthread calls allocate nothing (the checker cannot see into libc).
            _unsafePerformance {
                pthread_mutex_lock(lock)
                pthread_cond_signal(condition)
                pthread_mutex_unlock(lock)
            }
        }
    }

    /// Waits until rung or `nanoseconds` pass, unless the doorbell was rung since the
    /// consumer read `generation` (consumer side).
    #if !DEBUG
    @_noAllocation
    #endif
    public func park(nanoseconds: Int, unlessRungSince seen: UInt64) {
        let lock = lock, condition = condition
        _ = _unsafePerformance { pthread_mutex_lock(lock) }
        parked.store(1, ordering: .sequentiallyConsistent)
        if generation.load(ordering: .sequentiallyConsistent) == seen {
            _unsafePerformance {
                var now = timespec()
                clock_gettime(CLOCK_MONOTONIC, &now)
                let total = Int(now.tv_nsec) + nanoseconds
                var deadline = timespec()
                deadline.tv_sec = now.tv_sec + total / 1_000_000_000
                deadline.tv_nsec = total % 1_000_000_000
                _ = pthread_cond_timedwait(condition, lock, &deadline)
            }
        }
        parked.store(0, ordering: .sequentiallyConsistent)
        _ = _unsafePerformance { pthread_mutex_unlock(lock) }
    }
}
