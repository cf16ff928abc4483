import Testing
@testable import HFTService

@Suite struct ServiceClockTests {
    @Test func wallClockIsAfter2025AndMonotonicAdvances() {
        #expect(ServiceClock.wallNanoseconds() > 1_735_689_600 * 1_000_000_000)
        let a = ServiceClock.monotonicNanoseconds()
        let b = ServiceClock.monotonicNanoseconds()
        #expect(b >= a)
    }
}
