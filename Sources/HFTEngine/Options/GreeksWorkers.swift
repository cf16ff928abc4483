#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Persistent worker threads that split a batched Greeks or implied-volatility call across
/// cores.
///
/// The calling thread publishes the job (the input and output column views) into
/// a slot allocated at start-up, bumps an epoch counter with release ordering, computes
/// its own share, and spins until every worker has counted itself finished. Workers spin
/// on the epoch (acquire), then back off to `sched_yield` (after ~20k spins) and to 20 µs
/// sleeps (after ~2M), so an idle pool costs little CPU; the caller yields too while it
/// waits for a worker that the scheduler has taken off its core. No Dispatch, no locks,
/// no allocation per call.
///
/// Shares are contiguous ranges rounded to multiples of 8 options so that each thread
/// runs whole `SIMD8` vectors; results are bit-identical to the single-threaded kernel.
///
/// Use from one thread at a time (the pool is not re-entrant). The pool is a
/// noncopyable value: its `deinit` stops and joins the threads.
///
/// - Complexity: ``greeks(_:into:)`` is O(n / threads) plus a barrier of ~1 µs.
/// - Memory: one small job slot and the threads' stacks, made in `init` and released in
///   `deinit` (which stops and joins the threads).
public struct GreeksWorkers: ~Copyable {
    /// One batch: the columns and the number of options.
    @usableFromInline
    struct Job {
        var work: Work
        var count: Int

        /// Runs rows `range` of the batch on the calling thread.
        @_noAllocation
        func run(_ range: Range<Int>) {
            switch work {
            case .greeks(let inputs, let outputs):
                BlackScholes.greeks(inputs, into: outputs, range: range)
            case .impliedVolatility(let inputs, let sigma):
                ImpliedVolatility.volatilities(inputs, into: sigma, range: range)
            }
        }
    }

    /// What a batch computes, with its columns.
    @usableFromInline
    enum Work {
        case greeks(OptionColumns, GreeksColumns)
        case impliedVolatility(ImpliedVolatilityColumns, UnsafeMutableBufferPointer<Double>)
    }

    /// The state the threads share; lives in memory the pool allocates once, so that the
    /// hot path touches no class and no reference count.
    @usableFromInline
    struct Control: ~Copyable {
        let epoch = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
        let stopping = Atomic<Bool>(false)
        let threadCount: Int
        var job: Job

        init(threadCount: Int, job: Job) {
            self.threadCount = threadCount
            self.job = job
        }
    }

    /// Threads that share the work, the caller included.
    public let threadCount: Int
    let control: UnsafeMutablePointer<Control>
    let threads: [pthread_t]

    /// Allowed thread counts.
    public static let threadsRange = 1 ... 1_024

    /// A pool that uses `threads` threads in all: the caller and `threads − 1` workers.
    /// The default is one per online CPU.
    ///
    /// - Throws: ``ConfigurationError/outOfRange(field:value:allowed:)`` (`"threads"`)
    ///   unless `threads` is in ``threadsRange``; ``ConfigurationError/systemResource(field:code:)``
    ///   if the system refuses to start a worker thread (the ones already started are
    ///   stopped and joined first).
    public init(threads: Int = GreeksWorkers.onlineProcessorCount) throws(ConfigurationError) {
        try ConfigurationError.check("threads", threads, in: GreeksWorkers.threadsRange)
        let count = threads
        let none = UnsafeBufferPointer<Double>(start: nil, count: 0)
        let control = UnsafeMutablePointer<Control>.allocate(capacity: 1)
        control.initialize(to: Control(threadCount: count, job: Job(
            work: .impliedVolatility(ImpliedVolatilityColumns(sign: none, price: none, spot: none, strike: none,
                                                              expiry: none, rate: none, dividendYield: none),
                                     UnsafeMutableBufferPointer(start: nil, count: 0)),
            count: 0)))
        var started: [pthread_t] = []
        for worker in 1..<count {
            let context = UnsafeMutablePointer<WorkerContext>.allocate(capacity: 1)
            context.initialize(to: WorkerContext(control: control, index: worker))
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { raw in
                let context = raw!.assumingMemoryBound(to: WorkerContext.self)
                let (control, index) = (context.pointee.control, context.pointee.index)
                context.deinitialize(count: 1)
                context.deallocate()
                GreeksWorkers.workerLoop(control, index: index)
                return nil
            }, context)
            guard status == 0 else {
                context.deinitialize(count: 1)
                context.deallocate()
                GreeksWorkers.stop(started, control: control)
                throw .systemResource(field: "threads", code: status)
            }
            started.append(thread)
        }
        threadCount = count
        self.control = control
        self.threads = started
    }

    deinit {
        GreeksWorkers.stop(threads, control: control)
    }

    /// Stops and joins `threads`, then frees `control`.
    static func stop(_ threads: [pthread_t], control: UnsafeMutablePointer<Control>) {
        control.pointee.stopping.store(true, ordering: .releasing)
        control.pointee.epoch.add(1, ordering: .releasing)
        for thread in threads { pthread_join(thread, nil) }
        control.deinitialize(count: 1)
        control.deallocate()
    }

    /// The number of CPUs online (at least 1).
    public static var onlineProcessorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// Writes price and Greeks of every option of `inputs` into `outputs`, split over the
    /// pool's threads; returns when all of them are done.
    @_noAllocation
    public func greeks(_ inputs: OptionColumns, into outputs: GreeksColumns) {
        run(Job(work: .greeks(inputs, outputs), count: inputs.sign.count))
    }

    /// Writes the implied volatility of every row of `inputs` into `sigma` (NaN where none
    /// exists; see ``ImpliedVolatility/volatilities(_:into:range:)``), split over the pool's
    /// threads; returns when all of them are done.
    ///
    /// - Precondition: `sigma` has room for every row.
    @_noAllocation
    public func volatilities(_ inputs: ImpliedVolatilityColumns, into sigma: UnsafeMutableBufferPointer<Double>) {
        precondition(sigma.count >= inputs.sign.count, "GreeksWorkers.volatilities: sigma is shorter than the inputs")
        run(Job(work: .impliedVolatility(inputs, sigma), count: inputs.sign.count))
    }

    /// Runs `job` split over the pool's threads (on the calling thread alone when it is small).
    @_noAllocation
    func run(_ job: Job) {
        let count = job.count
        let parts = threadCount
        if parts == 1 || count < 64 * parts {
            job.run(0..<count)
            return
        }
        control.pointee.job = job
        control.pointee.finished.store(0, ordering: .relaxed)
        control.pointee.epoch.add(1, ordering: .releasing)
        job.run(GreeksWorkers.share(0, of: parts, count: count))
        let workers = parts - 1
        var spins = 0
        while control.pointee.finished.load(ordering: .acquiring) < workers {
            spins += 1
            if spins > 20_000 { GreeksWorkers.yieldProcessor() }  // a worker was descheduled
        }
    }

    /// `sched_yield()`: lets a descheduled worker run on a busy machine instead of
    /// spinning out the time slice. `_unsafePerformance` because the checker cannot see
    /// into libc; the call is a bare system call that neither allocates nor takes a lock.
    @inline(__always) @_noAllocation
    static func yieldProcessor() {
        _unsafePerformance { _ = sched_yield() }
    }

    /// Share `index` of `parts` of `count` options, in multiples of 8.
    @_noAllocation
    static func share(_ index: Int, of parts: Int, count: Int) -> Range<Int> {
        let size = ((count + parts - 1) / parts + 7) & ~7
        let lower = min(count, index * size)
        return lower..<min(count, lower + size)
    }

    static func workerLoop(_ control: UnsafeMutablePointer<Control>, index: Int) {
        var seen = 0
        while true {
            var spins = 0
            var current = control.pointee.epoch.load(ordering: .acquiring)
            while current == seen {
                spins += 1
                if spins > 2_000_000 {
                    usleep(20)  // idle for a while: stop burning a core
                } else if spins > 20_000 {
                    sched_yield()
                }
                current = control.pointee.epoch.load(ordering: .acquiring)
            }
            seen = current
            if control.pointee.stopping.load(ordering: .acquiring) { return }
            let job = control.pointee.job
            job.run(share(index, of: control.pointee.threadCount, count: job.count))
            control.pointee.finished.add(1, ordering: .releasing)
        }
    }
}

/// What a worker thread needs to start: the pool's shared state (valid until the pool's
/// `deinit` has joined the thread) and its share index. Freed by the thread on start.
struct WorkerContext {
    let control: UnsafeMutablePointer<GreeksWorkers.Control>
    let index: Int
}
