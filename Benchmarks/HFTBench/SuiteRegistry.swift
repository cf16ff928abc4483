/// Every suite `hft-bench` knows, in the order it runs them. Each area of the engine adds
/// its suites here with one line.
func registeredSuites() -> [any BenchmarkSuite] {
    var suites: [any BenchmarkSuite] = []
    suites += primitiveSuites()
    suites += optionsSuites()
    suites += matchingSuites()
    suites += riskSuites()
    suites += liquidationSuites()
    suites += journalSuites()
    suites += venueSuites()
    suites += omsSuites()
    return suites
}
