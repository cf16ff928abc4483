import Foundation

/// Draws a ``StressReport``'s per-minute series as an SVG chart: price (mark and index of
/// the first symbol), liquidations per minute (bars) and the insurance fund, stacked on
/// one time axis. Plain SVG 1.1, no scripts or external fonts.
enum StressChart {
    static func svg(_ report: StressReport) -> String {
        let width = 1200.0, left = 90.0, right = 30.0, top = 80.0, panel = 210.0, gap = 45.0
        let height = top + 3 * panel + 2 * gap + 60
        let series = report.series
        let plotWidth = width - left - right
        let maxSeconds = max(series.last?.seconds ?? 60, 60)
        func x(_ seconds: Double) -> Double { left + plotWidth * seconds / maxSeconds }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(left)" y="28" font-size="18" font-weight="bold">hft stress — scenario \(report.scenario): \(report.users) users, \(report.symbols) symbols, \(report.ticks) ticks</text>

        """
        func nice(_ v: Double) -> String {
            let a = abs(v)
            if a >= 1e9 { return String(format: "%.2fB", v / 1e9) }
            if a >= 1e6 { return String(format: "%.2fM", v / 1e6) }
            if a >= 1e4 { return String(format: "%.0fk", v / 1e3) }
            if a >= 100 || v == v.rounded() { return String(format: "%.0f", v) }
            return String(format: "%.2f", v)
        }
        func panelFrame(_ index: Int, title: String, lo: Double, hi: Double) -> (Double) -> Double {
            let y0 = top + Double(index) * (panel + gap)
            let span = hi > lo ? hi - lo : 1
            let y: (Double) -> Double = { y0 + panel - panel * ($0 - lo) / span }
            out += "<text x=\"\(left)\" y=\"\(y0 - 8)\" font-size=\"14\" font-weight=\"bold\">\(title)</text>\n"
            out += "<rect x=\"\(left)\" y=\"\(y0)\" width=\"\(plotWidth)\" height=\"\(panel)\" fill=\"#fafafa\" stroke=\"#999\"/>\n"
            for i in 0...4 {
                let v = lo + span * Double(i) / 4
                let yy = y(v)
                out += "<line x1=\"\(left)\" y1=\"\(yy)\" x2=\"\(left + plotWidth)\" y2=\"\(yy)\" stroke=\"#e2e2e2\"/>\n"
                out += "<text x=\"\(left - 6)\" y=\"\(yy + 4)\" text-anchor=\"end\" fill=\"#444\">\(nice(v))</text>\n"
            }
            // Time grid: every 2 hours (or 10 minutes for short runs).
            let step = maxSeconds > 4 * 3_600 ? 7_200.0 : maxSeconds > 3_600 ? 1_800 : 600
            var t = 0.0
            while t <= maxSeconds + 1 {
                let xx = x(t)
                out += "<line x1=\"\(xx)\" y1=\"\(y0)\" x2=\"\(xx)\" y2=\"\(y0 + panel)\" stroke=\"#ececec\"/>\n"
                out += "<text x=\"\(xx)\" y=\"\(y0 + panel + 15)\" text-anchor=\"middle\" fill=\"#444\">\(StressReport.clock(t))</text>\n"
                t += step
            }
            return y
        }
        func polyline(_ points: [(Double, Double)], color: String, width: Double = 1.5) {
            guard !points.isEmpty else { return }
            let text = points.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " ")
            out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(width)\" points=\"\(text)\"/>\n"
        }
        // Price.
        let prices = series.flatMap { [$0.mark, $0.index] }
        let pLo = (prices.min() ?? 0) * 0.97, pHi = (prices.max() ?? 1) * 1.02
        let py = panelFrame(0, title: "Price of symbol 0 (USDT): mark (blue), index (grey)", lo: pLo, hi: pHi)
        polyline(series.map { (x($0.seconds), py($0.index)) }, color: "#9a9a9a", width: 1)
        polyline(series.map { (x($0.seconds), py($0.mark)) }, color: "#1f5fbf")
        // Liquidations per minute.
        let lMax = Double(max(1, series.map(\.liquidations).max() ?? 1))
        let ly = panelFrame(1, title: "Liquidations per minute (red), ADL events (black marks)", lo: 0, hi: lMax * 1.05)
        let barWidth = max(1, plotWidth / Double(max(1, series.count)))
        for row in series where row.liquidations > 0 {
            let yTop = ly(Double(row.liquidations))
            out += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#d62728\"/>\n",
                          x(row.seconds), yTop, barWidth, ly(0) - yTop)
        }
        for row in series where row.adl > 0 {
            out += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\" stroke-width=\"2\"/>\n",
                          x(row.seconds), ly(0), x(row.seconds), ly(0) - 12)
        }
        // Insurance fund.
        let funds = series.map(\.fund)
        let fLo = min(0, funds.min() ?? 0), fHi = max(1, (funds.max() ?? 1) * 1.05)
        let fy = panelFrame(2, title: "Insurance fund (USDT)", lo: fLo, hi: fHi)
        polyline(series.map { (x($0.seconds), fy($0.fund)) }, color: "#2ca02c", width: 2)
        let footer = top + 3 * panel + 2 * gap + 35
        out += "<text x=\"\(left)\" y=\"\(footer)\" fill=\"#444\">Time (UTC, scenario clock from 10:00). "
            + "Liquidations \(report.statistics.fullLiquidations) full / \(report.statistics.partialLiquidations) partial, "
            + "ADL \(report.statistics.adlEvents), fund min \(nice(Double(report.insuranceFundMin) / 1e8)) USDT, "
            + String(format: "wall %.2f s", report.wallSeconds) + ".</text>\n"
        out += "</svg>\n"
        return out
    }
}
