/// The suites of the core primitives.
func primitiveSuites() -> [any BenchmarkSuite] {
    []
}
