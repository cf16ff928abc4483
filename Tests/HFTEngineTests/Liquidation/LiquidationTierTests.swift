import Testing
@testable import HFTEngine

@Suite("Liquidation tiers")
struct LiquidationTierTests {
    @Test func defaultThresholds() {
        let t = RiskTierThresholds()
        #expect(t.classify(maintenanceMargin: 0, equity: -5) == .safe)
        #expect(t.classify(maintenanceMargin: 49, equity: 100) == .safe)
        #expect(t.classify(maintenanceMargin: 50, equity: 100) == .warning)
        #expect(t.classify(maintenanceMargin: 69, equity: 100) == .warning)
        #expect(t.classify(maintenanceMargin: 70, equity: 100) == .danger)
        #expect(t.classify(maintenanceMargin: 85, equity: 100) == .critical)
        #expect(t.classify(maintenanceMargin: 100, equity: 100) == .critical)   // equity == MM: not yet below
        #expect(t.classify(maintenanceMargin: 101, equity: 100) == .liquidate)
        #expect(t.classify(maintenanceMargin: 1, equity: 0) == .liquidate)
        #expect(t.classify(maintenanceMargin: 1, equity: -100) == .liquidate)
    }

    @Test func configurableAndClamped() {
        let t = RiskTierThresholds(warning: 0.3, danger: 0.2, critical: 2)
        #expect(t.warning == 0.3 && t.danger == 0.3 && t.critical == 1)
        #expect(t.classify(maintenanceMargin: 30, equity: 100) == .danger)
        #expect(t.classify(maintenanceMargin: 100, equity: 100) == .critical)
    }
}
