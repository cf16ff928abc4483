#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Parks one consumer thread until a producer rings or a timeout passes, so that a ring's
/// consumer sleeps when idle without a producer paying for a wake-up when it is busy.
///
/// The consumer calls ``park(nanoseconds:isEmpty:)``: it marks itself parked and, only if
/// its ring is still empty, waits on a condition variable. A producer calls ``ring()``
/// after each push; it reads the parked mark with a read-modify-write (ordered after its
/// push) and signals only when the consumer is parked. A wake-up missed in a race costs at
/// most the timeout.
///
/// - Memory: the pthread mutex and condition are allocated in `init` and freed in `deinit`.
///   Parking and ringing allocate nothing.
public final class Doorbell: @unchecked Sendable {
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

    /// Wakes the consumer if it is parked (producer side, after a push).
    @inline(__always)
    public func ring() {
        if parked.wrappingAdd(0, ordering: .sequentiallyConsistent).oldValue != 0 {
            pthread_mutex_lock(lock)
            pthread_cond_signal(condition)
            pthread_mutex_unlock(lock)
        }
    }

    /// Waits until rung or `nanoseconds` pass, unless `isEmpty()` is already false
    /// (consumer side).
    #if !DEBUG
    @_noAllocation
    #endif
    public func park(nanoseconds: Int, isEmpty: () -> Bool) {
        pthread_mutex_lock(lock)
        _ = parked.exchange(1, ordering: .sequentiallyConsistent)
        if isEmpty() {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let total = Int(now.tv_nsec) + nanoseconds
            var deadline = timespec()
            deadline.tv_sec = now.tv_sec + total / 1_000_000_000
            deadline.tv_nsec = total % 1_000_000_000
            _ = pthread_cond_timedwait(condition, lock, &deadline)
        }
        parked.store(0, ordering: .releasing)
        pthread_mutex_unlock(lock)
    }
}
