import Testing
@testable import HFTReplay
@testable import HFTTestSupport

/// Hostile command files (``HostileCommandGenerator``, fixed seeds) replay without a trap or
/// a hang, every line ends as its effect, a `REJECTED` or an `ERROR` line, and the engine's
/// invariants hold afterwards (``CommandFileFuzzChecker``). `hft fuzz --seconds N` runs
/// the same check over many more seeds.
@Suite("Command-file fuzz")
struct CommandFileFuzzTests {
    static let seeds: [UInt64] = Array(1...6)

    /// One fixed-seed input: its bytes, whether it runs `risk=off`, the checker's result and
    /// how long the check took.
    struct Run: Sendable {
        var file: [UInt8]
        var riskOff: Bool
        var result: CommandFileFuzzResult
        var elapsed: Duration
    }

    /// The fixed seeds, generated and checked once for all the tests of this suite.
    static let runs: [UInt64: Run] = Dictionary(uniqueKeysWithValues: seeds.map { seed in
        var generator = HostileCommandGenerator(seed: seed, commands: 1_200)
        let file = generator.file()
        let start = ContinuousClock.now
        let result = CommandFileFuzzChecker.check(file)
        return (seed, Run(file: file, riskOff: generator.riskOff, result: result, elapsed: ContinuousClock.now - start))
    })

    @Test(.timeLimit(.minutes(10)), arguments: seeds)
    func hostileFilesAreAccountedForAndKeepTheInvariants(seed: UInt64) throws {
        let run = try #require(Self.runs[seed])
        // A hang guard, not a performance assertion.
        #expect(run.elapsed < .seconds(45), "seed \(seed) took \(run.elapsed)")
        #expect(run.result.failures.isEmpty, "seed \(seed): \(run.result.failures)")
        #expect(run.result.commands > 1_000 && run.result.errors > 0 && run.result.rejects > 0, "seed \(seed) ran hostile lines")
    }

    /// Over the fixed seeds the files hold every hostile class and still make the engine work.
    @Test(.timeLimit(.minutes(10))) func theFixedSeedsCoverTheHostileClasses() {
        var total = CommandFileFuzzResult()
        var walls = 0, invalidUTF8 = 0, longLines = 0, nul = 0, riskOff = 0
        for run in Self.runs.values {
            if run.riskOff { riskOff += 1 }
            let lines = run.file.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            walls += lines.count > 10_000 ? 1 : 0
            longLines += lines.contains { $0.count > 100_000 } ? 1 : 0
            nul += lines.contains { $0.contains(0) } ? 1 : 0
            invalidUTF8 += lines.contains { String(validating: $0, as: UTF8.self) == nil } ? 1 : 0
            total.add(run.result)
        }
        #expect(walls > 0 && longLines > 0 && nul > 0 && invalidUTF8 > 0, "walls \(walls) long \(longLines) NUL \(nul) non-UTF-8 \(invalidUTF8)")
        #expect(total.trades > 1_000 && total.liquidations > 0, "trades \(total.trades) liquidations \(total.liquidations)")
        #expect(riskOff < Self.seeds.count)
    }

    /// Journaled, a hostile file prints the same lines and recovers to the same state.
    // Time limits here catch hangs only: under AddressSanitizer with the whole suite running in
    // parallel (journals, nats-server processes) this test once took 420 s of wall time.
    @Test(.timeLimit(.minutes(10))) func aHostileFileJournalsAndRecoversToTheSameState() {
        var generator = HostileCommandGenerator(seed: 3, commands: 800)
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let problems = CommandFileFuzzChecker.checkJournal(generator.file(), directory: dir.path)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func theGeneratorIsDeterministic() {
        var a = HostileCommandGenerator(seed: 7, commands: 300)
        var b = HostileCommandGenerator(seed: 7, commands: 300)
        var c = HostileCommandGenerator(seed: 8, commands: 300)
        let first = a.file()
        #expect(first == b.file())
        #expect(first != c.file())
    }

    /// The accounting rule can fail: outputs that do not account for their line are named.
    @Test func theLineAccountingFlagsUnaccountedLines() {
        func problem(_ line: String, _ output: [String], number: Int = 3) -> String? {
            ReplayLineAccounting.problem(tokens: ReplaySession.tokens(of: line), output: output, number: number)
        }
        #expect(problem("NEW 5 1 BTC BUY LIMIT 1 1", ["ACCEPTED 5", "TRADE BTC 2 5 1 1"]) == nil)
        #expect(problem("NEW 5 1 BTC BUY LIMIT 1 1", []) != nil)
        #expect(problem("NEW 5 1 BTC BUY LIMIT 1 1", ["ACCEPTED 55"]) != nil)
        #expect(problem("NEW 5 1 BTC BUY LIMIT 1 1", ["ACCEPTED 5", "TRADE BTC 5 2 1 1"]) != nil)
        #expect(problem("NEW 5 1 BTC BUY LIMIT 1 1", ["REJECTED 5 BAD_QTY", "ACCEPTED 5"]) != nil)
        #expect(problem("CANCEL 0009", ["CANCELED 9 1"]) == nil)
        #expect(problem("CANCEL 9", []) != nil)
        #expect(problem("garbage", ["ERROR 3 unknown command garbage"]) == nil)
        #expect(problem("garbage", ["ERROR 4 unknown command garbage"]) != nil)
        #expect(problem("garbage", []) != nil)
        #expect(problem("# comment", ["END"]) != nil)
        #expect(problem("DEPOSIT 1 5", ["REJECTED DEPOSIT 1 UNKNOWN_ACCOUNT"]) == nil)
        #expect(problem("DEPOSIT 1 5", ["ACCEPTED 1"]) != nil)
        #expect(problem("BOOK BTC", ["BID BTC 1 1 1"]) != nil)
    }
}
