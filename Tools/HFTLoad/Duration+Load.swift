extension Duration {
    /// Whole nanoseconds (negative durations clamp to 0): the unit of the load's histograms.
    var loadNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }

    /// Seconds as a double: the load's elapsed time.
    var loadSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
