import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The control block shared by the scanner and its workers: the scan state
/// `epoch << 20 | next unclaimed shard` that the caller resets to start a scan and every
/// participant advances (compare-and-swap) to claim a shard, a count of shards done, and a
/// stop flag. Each counter sits on its own cache line (LMAX's padded sequences).
///
/// - Memory: allocated once by ``LiquidationScanner``, freed after the workers are joined.
@usableFromInline
struct ScanControl: ~Copyable {
    @usableFromInline let state = Atomic<Int>(0)
    let pad0: (Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0)
    @usableFromInline let done = Atomic<Int>(0)
    let pad1: (Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0)
    @usableFromInline let stop = Atomic<Bool>(false)
    init() {}
}

/// What a worker thread is started with (trivially copyable; read-only after start).
@usableFromInline
struct ScanWorkerContext {
    let control: UnsafeMutablePointer<ScanControl>
    /// The job record the caller fills before each epoch.
    let job: UnsafeMutablePointer<ScanInputs>
    /// The shard boundaries (`shards + 1` entries) the caller fills before each epoch.
    let bounds: UnsafeMutablePointer<Int>
    let outputs: UnsafeMutablePointer<ScanShardOutput>
}

/// The scan state word: `epoch << scanShardBits | shard count << 10 | next unclaimed shard`.
@usableFromInline let scanShardBits = 20

/// Claims and scans shards of epoch `epoch` until none is left (caller and workers alike).
/// The state word carries the round's shard count, so a claim never depends on reading
/// the job record first; a shard is claimed (compare-and-swap on the whole word, epoch
/// included) before the job record is read, and the caller rewrites the job only after
/// every shard of the epoch is done, so a participant never works with a stale job.
@usableFromInline
func scanClaimedShards(epoch: Int, control: UnsafeMutablePointer<ScanControl>, job: UnsafeMutablePointer<ScanInputs>,
                       bounds: UnsafeMutablePointer<Int>, outputs: UnsafeMutablePointer<ScanShardOutput>) {
    while true {
        let current = control.pointee.state.load(ordering: .acquiring)
        if current >> scanShardBits != epoch { return }
        let shard = current & 1023
        if shard >= (current >> 10) & 1023 { return }
        let (exchanged, _) = control.pointee.state.compareExchange(expected: current, desired: current + 1,
                                                                   ordering: .acquiringAndReleasing)
        if !exchanged { continue }
        let inputs = job.pointee
        switch inputs.phase {
        case 1: inputs.accumulate(unit: shard)
        case 2: inputs.classify(lo: bounds[shard], hi: bounds[shard + 1], out: outputs + shard)
        default: inputs.scan(lo: bounds[shard], hi: bounds[shard + 1], out: outputs + shard)
        }
        control.pointee.done.add(1, ordering: .releasing)
    }
}

/// The worker loop: wait for a new epoch (spin, then yield, then short sleeps while
/// idle), scan its shard, report done. Exits when the stop flag is set.
private func scanWorkerMain(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let context = raw!.assumingMemoryBound(to: ScanWorkerContext.self).pointee
    var seen = 0
    while true {
        var idle = 0
        var epoch = context.control.pointee.state.load(ordering: .acquiring) >> scanShardBits
        while epoch == seen {
            idle &+= 1
            if idle > 20_000 {
                var pause = timespec(tv_sec: 0, tv_nsec: 20_000)
                nanosleep(&pause, nil)
            } else if idle > 2_000 {
                sched_yield()
            }
            epoch = context.control.pointee.state.load(ordering: .acquiring) >> scanShardBits
        }
        seen = epoch
        if context.control.pointee.stop.load(ordering: .acquiring) { break }
        scanClaimedShards(epoch: epoch, control: context.control, job: context.job, bounds: context.bounds,
                          outputs: context.outputs)
    }
    return nil
}

/// The full scan: every user account's equity and maintenance margin from the
/// struct-of-arrays columns of ``RiskCore``, classified into ``RiskTier``s, with the
/// accounts (and isolated positions) below maintenance margin listed as candidates.
///
/// **Sharding.** Accounts are split into `4 × threads` contiguous shards. The calling
/// thread and `threads − 1` persistent worker threads (started in `init`, joined in
/// `deinit`) claim shards one at a time from a shared atomic counter
/// (`Synchronization.Atomic`) that also carries the scan's epoch; the caller starts a scan
/// by publishing a new epoch (release), scans shards itself, and spins until the done
/// counter reaches the shard count — an epoch/spin barrier, no Dispatch, no allocation per
/// scan. Because the caller claims shards too, a worker that the OS has not scheduled
/// (a shared, busy machine) never holds the scan up: the caller does its share. Idle
/// workers spin briefly, then yield, then sleep 20 µs at a time, so that they do not steal
/// a shared core between scans.
///
/// **Determinism.** Each shard writes its counts and candidates (in account order) into its
/// own preallocated output; ``merge`` concatenates them in shard order, so the results are
/// identical to a single-threaded scan.
///
/// - Complexity: O(accounts + positions) / threads per scan.
/// - Memory: per shard (4 × threads) a candidate buffer of `candidateCapacity` entries (8 bytes each),
///   the merged buffer, a symbol table; all allocated in `init`, freed in `deinit`.
public struct LiquidationScanner: ~Copyable {
    /// The number of threads (the caller plus `threads − 1` workers).
    public let threads: Int
    /// The number of shards a scan is split into.
    public let shards: Int
    /// Candidates each shard (and the merged result) can hold; more are counted as dropped.
    public let candidateCapacity: Int
    public var thresholds: RiskTierThresholds
    @usableFromInline let control: UnsafeMutablePointer<ScanControl>
    @usableFromInline let job: UnsafeMutablePointer<ScanInputs>
    @usableFromInline let bounds: UnsafeMutablePointer<Int>
    @usableFromInline let outputs: UnsafeMutablePointer<ScanShardOutput>
    @usableFromInline let symbolTable: UnsafeMutablePointer<ScanSymbol>
    @usableFromInline let symbolCapacity: Int
    @usableFromInline let contexts: UnsafeMutablePointer<ScanWorkerContext>
    @usableFromInline let workers: UnsafeMutablePointer<pthread_t>
    /// Worker threads running (`threads − 1` unless the system refused some).
    public let startedWorkers: Int
    /// Accounts the position-major scan is sized for (0: account-major scan only).
    public let accountCapacity: Int
    @usableFromInline let accountStride: Int
    @usableFromInline let accEquity: UnsafeMutablePointer<Int64>
    @usableFromInline let accMM: UnsafeMutablePointer<Int64>
    /// Per accumulator set: the isolated candidates of phase 1.
    @usableFromInline let isolatedOutputs: UnsafeMutablePointer<ScanShardOutput>
    @usableFromInline let isolatedScratch: UnsafeMutablePointer<LiquidationCandidate>
    /// The merged candidates of the last scan (``candidateCount`` of them).
    public let candidates: UnsafeMutablePointer<LiquidationCandidate>
    /// Candidates found by the last scan (up to ``candidateCapacity``).
    public private(set) var candidateCount: Int = 0
    /// Candidates that did not fit in the last scan.
    public private(set) var droppedCandidates: Int = 0
    /// Accounts per tier in the last scan (cross part of each user account).
    public private(set) var tierCounts: (safe: Int, warning: Int, danger: Int, critical: Int, liquidate: Int) = (0, 0, 0, 0, 0)
    /// Scans run so far.
    public private(set) var scans: Int = 0

    /// The number of online cores (the default thread count).
    public static var onlineCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// A scanner with `threads` shards (default: as many as cores) for up to
    /// `symbolCapacity` symbols, each shard holding up to `candidateCapacity` candidates.
    ///
    /// A worker thread that the system refuses to start (`pthread_create` fails: thread
    /// limit, memory) is not an error: the calling thread claims shards too, so the scan
    /// runs with the workers that did start (``startedWorkers``), only slower.
    ///
    /// - Throws: ``LiquidationConfigurationError/scanThreads`` unless `threads` is 1 ...
    ///   ``maxThreads``; ``LiquidationConfigurationError/candidateCapacity`` unless
    ///   `candidateCapacity` is 1 ... ``RiskConfiguration/maxSlots``, `symbolCapacity` is 1 ...
    ///   ``RiskConfiguration/maxSymbols`` and `accountCapacity` 0 ... ``RiskConfiguration/maxUsers``.
    public init(threads: Int = LiquidationScanner.onlineCores, symbolCapacity: Int, candidateCapacity: Int,
                accountCapacity: Int = 0, thresholds: RiskTierThresholds = RiskTierThresholds()) throws(LiquidationConfigurationError) {
        try LiquidationScanner.validate(threads: threads, symbolCapacity: symbolCapacity,
                                        candidateCapacity: candidateCapacity, accountCapacity: accountCapacity)
        self.init(validatedThreads: threads, symbolCapacity: symbolCapacity, candidateCapacity: candidateCapacity,
                  accountCapacity: accountCapacity, thresholds: thresholds)
    }

    /// The most threads a scanner runs (the shard word holds 10 bits of shards, 4 per thread).
    public static let maxThreads = 200

    /// Checks the scanner's capacities (see ``init(threads:symbolCapacity:candidateCapacity:accountCapacity:thresholds:)``).
    public static func validate(threads: Int, symbolCapacity: Int, candidateCapacity: Int,
                                accountCapacity: Int) throws(LiquidationConfigurationError) {
        guard threads >= 1 && threads <= maxThreads else { throw .scanThreads }
        guard candidateCapacity >= 1 && candidateCapacity <= RiskConfiguration.maxSlots,
              symbolCapacity >= 1 && symbolCapacity <= RiskConfiguration.maxSymbols,
              accountCapacity >= 0 && accountCapacity <= RiskConfiguration.maxUsers else { throw .candidateCapacity }
    }

    @usableFromInline
    init(validatedThreads threads: Int, symbolCapacity: Int, candidateCapacity: Int, accountCapacity: Int,
         thresholds: RiskTierThresholds) {
        self.accountCapacity = accountCapacity
        let stride = (accountCapacity + 7) / 8 * 8
        accountStride = stride
        let cells = max(1, stride * threads)
        accEquity = LargeAllocation.allocate(Int64.self, capacity: cells); accEquity.initialize(repeating: 0, count: cells)
        accMM = LargeAllocation.allocate(Int64.self, capacity: cells); accMM.initialize(repeating: 0, count: cells)
        let isolatedCapacity = accountCapacity > 0 ? candidateCapacity : 1
        isolatedOutputs = .allocate(capacity: threads)
        for i in 0..<threads {
            (isolatedOutputs + i).initialize(to: ScanShardOutput(
                tiers: (0, 0, 0, 0, 0), candidates: LargeAllocation.allocate(LiquidationCandidate.self, capacity: isolatedCapacity),
                capacity: isolatedCapacity, count: 0, dropped: 0, pad: (0, 0, 0, 0, 0, 0)))
        }
        isolatedScratch = LargeAllocation.allocate(LiquidationCandidate.self, capacity: isolatedCapacity)
        self.threads = threads
        let shards = threads == 1 ? 1 : threads * 4
        self.shards = shards
        self.candidateCapacity = candidateCapacity
        self.thresholds = thresholds
        self.symbolCapacity = symbolCapacity
        control = .allocate(capacity: 1)
        control.initialize(to: ScanControl())
        job = .allocate(capacity: 1)
        bounds = .allocate(capacity: shards + 1)
        bounds.initialize(repeating: 0, count: shards + 1)
        outputs = .allocate(capacity: shards)
        for i in 0..<shards {
            (outputs + i).initialize(to: ScanShardOutput(
                tiers: (0, 0, 0, 0, 0), candidates: LargeAllocation.allocate(LiquidationCandidate.self, capacity: candidateCapacity),
                capacity: candidateCapacity, count: 0, dropped: 0, pad: (0, 0, 0, 0, 0, 0)))
        }
        symbolTable = .allocate(capacity: symbolCapacity)
        symbolTable.initialize(repeating: ScanSymbol(price: 0, moneyPerTickLot: 1, rows: nil, count: 0), count: symbolCapacity)
        candidates = LargeAllocation.allocate(LiquidationCandidate.self, capacity: candidateCapacity)
        contexts = .allocate(capacity: threads)
        workers = .allocate(capacity: threads)
        for i in 0..<threads {
            (contexts + i).initialize(to: ScanWorkerContext(control: control, job: job, bounds: bounds, outputs: outputs))
        }
        var started = 0
        for i in 1..<max(threads, 1) {
            var thread = pthread_t()
            // A refused thread is skipped: the caller claims its shards (see init's doc).
            if pthread_create(&thread, nil, scanWorkerMain, UnsafeMutableRawPointer(contexts + i)) == 0 {
                started += 1
                workers[started] = thread
            }
        }
        startedWorkers = started
    }

    deinit {
        control.pointee.stop.store(true, ordering: .releasing)
        control.pointee.state.add(1 << scanShardBits, ordering: .releasing)
        for i in 0..<startedWorkers { pthread_join(workers[i + 1], nil) }
        for i in 0..<shards { outputs[i].candidates.deallocate() }
        control.deinitialize(count: 1)
        control.deallocate(); job.deallocate(); bounds.deallocate(); outputs.deallocate()
        symbolTable.deallocate(); candidates.deallocate(); contexts.deallocate(); workers.deallocate()
        accEquity.deallocate(); accMM.deallocate()
        for i in 0..<threads { isolatedOutputs[i].candidates.deallocate() }
        isolatedOutputs.deallocate(); isolatedScratch.deallocate()
    }

    /// Scans every user account of `risk` at the symbols' current valuation prices and
    /// returns the number of candidates (``candidates``; tiers in ``tierCounts``).
    ///
    /// - Complexity: O((accounts + positions) / threads) plus the barrier.
    #if !DEBUG
    @_noAllocation
    #endif
    @discardableResult
    public mutating func scan(_ risk: borrowing RiskCore) -> Int {
        let symbols = min(symbolCapacity, risk.symbolCapacity)
        var s = 0
        while s < symbols {
            if risk.isConfigured(s) {
                let view = risk.brackets(s)
                symbolTable[s] = ScanSymbol(price: risk.valuationPrice(s), moneyPerTickLot: risk.moneyPerTickLot(s),
                                            rows: view.rows, count: view.count)
            }
            s &+= 1
        }
        let accountCount = risk.accounts.userCapacity
        job.pointee = ScanInputs(
            balances: risk.accounts.balances, firstPosition: risk.accounts.firstPositionColumn,
            symbolOf: risk.positions.symbolColumn, size: risk.positions.sizeColumn, cost: risk.positions.costColumn,
            margin: risk.positions.marginColumn, mode: risk.positions.modeColumn, next: risk.positions.nextOfAccount,
            symbols: symbolTable, thresholds: thresholds, accountCount: accountCount)
        var i = 0
        while i <= shards {
            bounds[i] = accountCount &* i / shards
            i &+= 1
        }
        if accountCount <= accountCapacity && symbols <= 64 && risk.positions.symbolCapacity == symbols {
            // Position-major: accumulate over contiguous position segments, then classify.
            job.pointee.accountOf = risk.positions.accountColumn
            job.pointee.counts = risk.positions.counts
            job.pointee.perSymbol = risk.positions.perSymbolCapacity
            job.pointee.symbolCount = symbols
            job.pointee.accEquity = accEquity; job.pointee.accMM = accMM
            job.pointee.isolatedOutputs = isolatedOutputs
            job.pointee.sets = threads
            job.pointee.accountStride = accountStride
            job.pointee.phase = 1
            runRound(shards: threads)
            job.pointee.phase = 2
            runRound(shards: shards)
            merge()
            mergeIsolated()
        } else {
            job.pointee.phase = 0
            runRound(shards: shards)
            merge()
        }
        scans &+= 1
        return candidateCount
    }

    /// Runs one round of `shards` shards of the current job: alone on one thread, else
    /// published as a new epoch that the caller and the workers claim shards of; returns
    /// when every shard is done.
    #if !DEBUG
    @_noAllocation
    #endif
    @usableFromInline
    mutating func runRound(shards count: Int) {
        if threads == 1 {
            var shard = 0
            while shard < count {
                let inputs = job.pointee
                switch inputs.phase {
                case 1: inputs.accumulate(unit: shard)
                case 2: inputs.classify(lo: bounds[shard], hi: bounds[shard + 1], out: outputs + shard)
                default: inputs.scan(lo: bounds[shard], hi: bounds[shard + 1], out: outputs + shard)
                }
                shard &+= 1
            }
            return
        }
        let epoch = (control.pointee.state.load(ordering: .relaxed) >> scanShardBits) &+ 1
        control.pointee.done.store(0, ordering: .relaxed)
        control.pointee.state.store(epoch << scanShardBits | count << 10, ordering: .releasing)
        scanClaimedShards(epoch: epoch, control: control, job: job, bounds: bounds, outputs: outputs)
        var spins = 0
        while control.pointee.done.load(ordering: .acquiring) < count {
            spins &+= 1
            // sched_yield is a system call that neither allocates nor locks in user space;
            // the checker cannot see into it, hence the escape hatch.
            if spins > 4_000 { _unsafePerformance { _ = sched_yield() } }
        }
    }

    /// Concatenates the shards' outputs in shard order (= account order).
    #if !DEBUG
    @_noAllocation
    #endif
    @usableFromInline
    mutating func merge() {
        var counts = (0, 0, 0, 0, 0)
        var total = 0
        var dropped = 0
        var i = 0
        while i < shards {
            let out = outputs + i
            counts.0 &+= out.pointee.tiers.0; counts.1 &+= out.pointee.tiers.1; counts.2 &+= out.pointee.tiers.2
            counts.3 &+= out.pointee.tiers.3; counts.4 &+= out.pointee.tiers.4
            dropped &+= out.pointee.dropped
            let n = min(out.pointee.count, candidateCapacity &- total)
            let source = out.pointee.candidates
            var j = 0
            while j < n { candidates[total &+ j] = source[j]; j &+= 1 }
            dropped &+= out.pointee.count &- n
            total &+= n
            i &+= 1
        }
        tierCounts = (counts.0, counts.1, counts.2, counts.3, counts.4)
        candidateCount = total
        droppedCandidates = dropped
    }

    /// Position-major scans: sorts phase 1's isolated candidates by (account, symbol) and
    /// merges them into the cross candidates (already in account order), isolated first
    /// within an account — the order of the account-major scan's output.
    #if !DEBUG
    @_noAllocation
    #endif
    @usableFromInline
    mutating func mergeIsolated() {
        var n = 0
        var dropped = 0
        var u = 0
        while u < threads {
            let out = isolatedOutputs + u
            dropped &+= out.pointee.dropped
            var j = 0
            while j < out.pointee.count {
                if n < candidateCapacity { isolatedScratch[n] = out.pointee.candidates[j]; n &+= 1 } else { dropped &+= 1 }
                j &+= 1
            }
            u &+= 1
        }
        if n == 0 { droppedCandidates &+= dropped; return }
        // Heapsort by (account, symbol), in place.
        @inline(__always) func key(_ c: LiquidationCandidate) -> Int64 { Int64(c.account) << 32 | Int64(UInt32(bitPattern: c.symbol)) }
        func siftDown(_ start: Int, _ end: Int) {
            var p = start
            while true {
                let l = 2 &* p &+ 1
                if l >= end { return }
                var c = l
                if l &+ 1 < end && key(isolatedScratch[l &+ 1]) > key(isolatedScratch[l]) { c = l &+ 1 }
                if key(isolatedScratch[c]) <= key(isolatedScratch[p]) { return }
                let t = isolatedScratch[p]; isolatedScratch[p] = isolatedScratch[c]; isolatedScratch[c] = t
                p = c
            }
        }
        var i = n / 2 &- 1
        while i >= 0 { siftDown(i, n); i &-= 1 }
        var end = n &- 1
        while end > 0 {
            let t = isolatedScratch[0]; isolatedScratch[0] = isolatedScratch[end]; isolatedScratch[end] = t
            siftDown(0, end)
            end &-= 1
        }
        // Merge from the back so that the cross list can be merged in place.
        let crossCount = candidateCount
        let total = min(candidateCapacity, crossCount &+ n)
        dropped &+= crossCount &+ n &- total
        var a = crossCount &- 1, b = n &- 1, w = crossCount &+ n &- 1
        while w >= 0 {
            let takeIsolated: Bool
            if a < 0 { takeIsolated = true } else if b < 0 { takeIsolated = false } else {
                // Within one account the cross candidate comes last.
                takeIsolated = candidates[a].account < isolatedScratch[b].account
            }
            let c = takeIsolated ? isolatedScratch[b] : candidates[a]
            if takeIsolated { b &-= 1 } else { a &-= 1 }
            if w < total { candidates[w] = c }
            w &-= 1
        }
        candidateCount = total
        droppedCandidates &+= dropped
    }

    /// The number of accounts in `tier` after the last scan.
    public func count(of tier: RiskTier) -> Int {
        switch tier {
        case .safe: tierCounts.safe
        case .warning: tierCounts.warning
        case .danger: tierCounts.danger
        case .critical: tierCounts.critical
        case .liquidate: tierCounts.liquidate
        }
    }
}
