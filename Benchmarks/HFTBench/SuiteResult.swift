/// What `hft-bench` measured for one suite; `nil` where a figure does not apply (latency
/// for suites that do not time single operations, allocations without jemalloc).
struct SuiteResult: Codable {
    var name: String
    var ops: Int
    var nsPerOp: Double
    var nsPerOpMin: Double
    var nsPerOpMax: Double
    var opsPerSec: Double
    var p50Ns: Double?
    var p99Ns: Double?
    var p999Ns: Double?
    var maxNs: Double?
    var allocsPerOp: Double?
    var allocBytesPerOp: Double?

    enum CodingKeys: String, CodingKey {
        case name, ops, nsPerOp, nsPerOpMin, nsPerOpMax, opsPerSec, p50Ns, p99Ns, p999Ns, maxNs
        case allocsPerOp, allocBytesPerOp
    }

    /// Writes every key, with `null` for figures that do not apply.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(ops, forKey: .ops)
        try c.encode(nsPerOp, forKey: .nsPerOp)
        try c.encode(nsPerOpMin, forKey: .nsPerOpMin)
        try c.encode(nsPerOpMax, forKey: .nsPerOpMax)
        try c.encode(opsPerSec, forKey: .opsPerSec)
        try c.encode(p50Ns, forKey: .p50Ns)
        try c.encode(p99Ns, forKey: .p99Ns)
        try c.encode(p999Ns, forKey: .p999Ns)
        try c.encode(maxNs, forKey: .maxNs)
        try c.encode(allocsPerOp, forKey: .allocsPerOp)
        try c.encode(allocBytesPerOp, forKey: .allocBytesPerOp)
    }
}

/// The machine a run was made on.
struct MachineInfo: Codable {
    var cpu: String
    var logicalCores: Int
    var os: String
    var cycleCounterGHz: Double
    var timerOverheadCycles: UInt64
    var allocationsCounted: Bool
}

/// The whole report written by `--json`.
struct BenchReport: Codable {
    var suites: [SuiteResult]
    var machine: MachineInfo
    var date: String
    var quick: Bool
}
