import Testing
@testable import HFTEngine
@Test func smoke() { #expect(Price(ticks: 1) < Price(ticks: 2)) }
