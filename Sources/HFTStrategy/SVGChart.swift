/// A small SVG line chart of time series in stacked panels sharing one time axis (the
/// `hft mm` report: quotes around the fair price, inventory, PnL). SVG 1.1 (W3C, 2011):
/// one `<polyline>` per series, a frame and the min/max labels per panel.
///
/// Values are `Double` here: the chart is a picture, never an input to money arithmetic.
public struct SVGChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        /// An SVG colour (`#1f77b4`).
        public var colour: String
        public var points: [(x: Double, y: Double)]

        public init(name: String, colour: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.colour = colour
            self.points = points
        }
    }

    public struct Panel: Sendable {
        public var title: String
        public var series: [Series]

        public init(title: String, series: [Series]) {
            self.title = title
            self.series = series
        }
    }

    public var title: String
    public var panels: [Panel]
    public var width = 960.0
    public var panelHeight = 220.0

    public init(title: String, panels: [Panel]) {
        self.title = title
        self.panels = panels
    }

    /// The SVG document.
    public func render() -> String {
        let left = 80.0, right = 20.0, top = 60.0, gap = 40.0
        let height = top + Double(panels.count) * (panelHeight + gap)
        let allX = panels.flatMap { $0.series.flatMap { $0.points.map(\.x) } }
        let xMin = allX.min() ?? 0, xMax = max(allX.max() ?? 1, xMin + 1e-9)
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(left)" y="24" font-size="16">\(Self.escape(title))</text>

        """
        for (index, panel) in panels.enumerated() {
            let y0 = top + Double(index) * (panelHeight + gap)
            let ys = panel.series.flatMap { $0.points.map(\.y) }
            var yMin = ys.min() ?? 0, yMax = ys.max() ?? 1
            if yMax - yMin < 1e-9 { yMin -= 1; yMax += 1 }
            let plotWidth = width - left - right
            func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * plotWidth }
            func py(_ y: Double) -> Double { y0 + panelHeight - (y - yMin) / (yMax - yMin) * panelHeight }
            svg += "<rect x=\"\(left)\" y=\"\(y0)\" width=\"\(plotWidth)\" height=\"\(panelHeight)\" fill=\"none\" stroke=\"#999\"/>\n"
            svg += "<text x=\"\(left + 4)\" y=\"\(y0 - 6)\">\(Self.escape(panel.title))</text>\n"
            svg += "<text x=\"\(left - 6)\" y=\"\(y0 + 12)\" text-anchor=\"end\">\(Self.label(yMax))</text>\n"
            svg += "<text x=\"\(left - 6)\" y=\"\(y0 + panelHeight)\" text-anchor=\"end\">\(Self.label(yMin))</text>\n"
            for (n, series) in panel.series.enumerated() where !series.points.isEmpty {
                let points = series.points.map { "\(Self.label(px($0.x))),\(Self.label(py($0.y)))" }.joined(separator: " ")
                svg += "<polyline fill=\"none\" stroke=\"\(series.colour)\" stroke-width=\"1.5\" points=\"\(points)\"/>\n"
                svg += "<text x=\"\(left + plotWidth - 4)\" y=\"\(y0 + 14 + Double(n) * 14)\" text-anchor=\"end\" fill=\"\(series.colour)\">\(Self.escape(series.name))</text>\n"
            }
            if index == panels.count - 1 {
                svg += "<text x=\"\(left)\" y=\"\(y0 + panelHeight + 16)\">\(Self.label(xMin)) s</text>\n"
                svg += "<text x=\"\(left + plotWidth)\" y=\"\(y0 + panelHeight + 16)\" text-anchor=\"end\">\(Self.label(xMax)) s</text>\n"
            }
        }
        return svg + "</svg>\n"
    }

    static func label(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }

    /// XML's five predefined entities (XML 1.0 §4.6).
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}

extension MarketMaker {
    /// The run's chart: quotes around the fair price, inventory, PnL (quote asset).
    public func chart(_ samples: [Sample]) -> SVGChart {
        let priceScale = pow10(rules.priceDecimals)
        let moneyScale = pow10(rules.priceDecimals + rules.quantityDecimals)
        let stepScale = pow10(rules.quantityDecimals) / Double(rules.stepSize)
        func price(_ keyPath: KeyPath<Sample, Int64?>) -> [(x: Double, y: Double)] {
            samples.compactMap { s in s[keyPath: keyPath].map { (s.time, Double($0) / priceScale) } }
        }
        return SVGChart(title: "hft mm on \(parameters.symbol): \(samples.count) steps", panels: [
            .init(title: "price: fair, own best bid and ask", series: [
                .init(name: "fair", colour: "#333333", points: samples.map { ($0.time, Double($0.fair) / priceScale) }),
                .init(name: "bid", colour: "#2ca02c", points: price(\.bid)),
                .init(name: "ask", colour: "#d62728", points: price(\.ask)),
            ]),
            .init(title: "inventory (base asset)", series: [
                .init(name: "position", colour: "#1f77b4", points: samples.map { ($0.time, Double($0.position) / stepScale) }),
            ]),
            .init(title: "PnL at the fair price, before fees (quote asset)", series: [
                .init(name: "PnL", colour: "#9467bd", points: samples.map { ($0.time, Double($0.pnl) / moneyScale) }),
            ]),
        ])
    }

    private func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }
}
