// swift-tools-version:6.1
//
// swift-hft-engine: a zero-allocation risk and matching engine library.
//
// The core module `HFTEngine` depends on nothing beyond the Swift toolchain. jemalloc is
// linked into `hft-bench` and the tests only, where it counts allocations; it is switched
// on by the `Jemalloc` trait, which is a default trait only when the jemalloc header is
// installed, so that `swift test` and `swift run -c release hft-bench` build everywhere.

import PackageDescription
import Foundation

/// True when Debian's `libjemalloc-dev` (or an equivalent) is installed.
let jemallocInstalled = ["/usr/include/jemalloc/jemalloc.h", "/usr/local/include/jemalloc/jemalloc.h"]
    .contains { FileManager.default.fileExists(atPath: $0) }

let jemalloc: Set<String> = ["Jemalloc"]

/// True when Debian's `libnats-dev` (nats.c, the NATS C client with JetStream) is installed.
let natsInstalled = ["/usr/include/nats/nats.h", "/usr/local/include/nats/nats.h"]
    .contains { FileManager.default.fileExists(atPath: $0) }

let nats: Set<String> = ["NATS"]

/// The vector level the Swift targets are compiled for, from the build machine's CPU flags
/// (x86-64 Linux only). Swift compiles for the baseline x86-64 (SSE2, no FMA) unless told
/// otherwise: then `fma` is a libm call and `SIMD8<Double>` runs on 128-bit registers. The
/// options math (Sources/HFTEngine/Options) relies on fused multiply-add and wide vectors:
/// - `avx512`: AVX-512 F/DQ/BW/VL (x86-64-v4): a `SIMD8<Double>` is one 512-bit register;
/// - `avx2`: AVX2 and FMA (Haswell): a `SIMD8<Double>` is two 256-bit registers;
/// - `baseline`: SSE2.
/// `HFT_VECTOR=avx2` or `HFT_VECTOR=baseline` caps the level (`HFT_PORTABLE=1` is
/// `baseline`), so that the narrower paths stay built and tested on a wider machine.
enum VectorLevel: Int { case baseline, avx2, avx512 }
let vectorLevel: VectorLevel = {
    #if arch(x86_64) && os(Linux)
    let environment = ProcessInfo.processInfo.environment
    if environment["HFT_PORTABLE"] == "1" { return .baseline }
    guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flags = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return .baseline }
    let words = Set(flags.split(separator: " "))
    let host: VectorLevel
    if ["avx512f", "avx512dq", "avx512bw", "avx512vl", "avx2", "fma"].allSatisfy({ words.contains(Substring($0)) }) {
        host = .avx512
    } else if words.contains("avx2") && words.contains("fma") {
        host = .avx2
    } else {
        host = .baseline
    }
    let cap: VectorLevel = switch environment["HFT_VECTOR"] {
    case "baseline": .baseline
    case "avx2": .avx2
    default: .avx512
    }
    return VectorLevel(rawValue: min(host.rawValue, cap.rawValue))!
    #else
    return .baseline
    #endif
}()

/// True when this manifest is being loaded as another package's dependency (SwiftPM checks
/// dependencies out under `.build/checkouts/`, Xcode under `SourcePackages/checkouts/`).
let loadedAsDependency = #filePath.contains("/.build/checkouts/") || #filePath.contains("/SourcePackages/checkouts/")

/// Code-generation settings of every Swift target when this package is built on its own
/// (its benchmarks, tests and tools): the `-target-cpu` of ``vectorLevel`` (Skylake-AVX512 or
/// Haswell), and `-fno-math-errno`, which lets `Double.squareRoot()`
/// (a C shim around `__builtin_sqrt` on Linux) compile to a bare `sqrtsd`/`sqrtpd` instead of
/// a call into libm for errno. Inlinable hot code is compiled in the module that inlines it,
/// so all targets get the same settings.
///
/// These are unsafe flags, which SwiftPM refuses in a dependency. When this package is
/// another package's dependency it therefore declares none: `HFTEngine` compiles for the
/// baseline CPU, and a host that wants the vector units passes them to its own build
/// (`swift build -c release -Xswiftc -target-cpu -Xswiftc x86-64-v3 -Xcc -fno-math-errno`).
let targetCPU: [String] = switch vectorLevel {
case .avx512: ["-target-cpu", "skylake-avx512"]
case .avx2: ["-target-cpu", "haswell"]
case .baseline: []
}
let nativeCPU: [SwiftSetting] = loadedAsDependency ? [] : [.unsafeFlags(["-Xcc", "-fno-math-errno"] + targetCPU)]

let package = Package(
    name: "swift-hft-engine",
    products: [
        .library(name: "HFTEngine", targets: ["HFTEngine"]),
        .library(name: "HFTReplay", targets: ["HFTReplay"]),
        .executable(name: "hft-bench", targets: ["HFTBench"]),
        .executable(name: "hft", targets: ["HFTCLI"]),
        // The C ABI (issue 17): libHFTEngineC.so and Sources/CHFTEngine/include/hft_engine.h.
        .library(name: "HFTEngineC", type: .dynamic, targets: ["HFTEngineC"]),
        // The network service (issue 13): the venue behind Binance USDⓈ-M Futures' API.
        .library(name: "HFTService", targets: ["HFTService"]),
        .library(name: "HFTBinance", targets: ["HFTBinance"]),
        .library(name: "HFTVenueServer", targets: ["HFTVenueServer"]),
        .library(name: "HFTGateway", targets: ["HFTGateway"]),
        .library(name: "HFTStrategy", targets: ["HFTStrategy"]),
        .executable(name: "hft-venue", targets: ["HFTVenue"]),
        .executable(name: "hft-load", targets: ["HFTLoad"]),
        // The strategy-side order manager (issue 14): intents, order state machine, risk,
        // batching and rate limits, reconciliation, audit log. No I/O.
        .library(name: "HFTOrderManager", targets: ["HFTOrderManager"]),
        // Replication of the venue's command log over NATS JetStream (issue 15).
        .library(name: "HFTReplication", targets: ["HFTReplication"]),
    ],
    traits: [
        .trait(
            name: "Jemalloc",
            description: "Link Debian's libjemalloc into hft-bench and the tests to count allocations."
        ),
        .trait(
            name: "NATS",
            description: "Replicate the venue's command log over NATS JetStream through Debian's libnats (hft-venue --replicate, --standby, --replica)."
        ),
        .default(enabledTraits: (jemallocInstalled ? jemalloc : []).union(natsInstalled ? nats : [])),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
        // The service's edge (never the core): HTTP and WebSocket through Hummingbird on SwiftNIO,
        // HMAC-SHA256 through swift-crypto, logs, metrics and the Prometheus exporter, start and
        // graceful shutdown, atomics for the engine thread's rings. The tests' clients:
        // AsyncHTTPClient and Hummingbird's WebSocket client.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // The core library: no dependencies beyond the toolchain (and the package's own
        // CCRC32C, the SSE4.2 CRC-32C of the journal, and CIntrinsics, compiler builtins Swift does not expose).
        .target(
            name: "HFTEngine",
            dependencies: ["CCRC32C", "CIntrinsics"],
            path: "Sources/HFTEngine",
            swiftSettings: nativeCPU
        ),
        .target(name: "CCRC32C", path: "Sources/CCRC32C"),
        .target(name: "CIntrinsics", path: "Sources/CIntrinsics"),

        // The command-file format (`hft replay`): parsing and formatting, edge code shared by
        // the tool and the tests, kept out of the core module.
        .target(
            name: "HFTReplay",
            dependencies: ["HFTEngine"],
            path: "Sources/HFTReplay"
        ),

        // Test support for the tools and tests only (not a product): the hostile command-file
        // generator, the per-line fuzz checker and the random command-file generator.
        .target(
            name: "HFTTestSupport",
            dependencies: ["HFTEngine", "HFTReplay"],
            path: "Sources/HFTTestSupport"
        ),

        // The C ABI (issue 17): `@_cdecl` functions over HFTEngine (Swift) and the header that
        // declares them with its plain C structs (a C target, so the Swift layer uses the
        // header's own types). Python's `hftengine` package (python/) loads this library.
        .target(
            name: "HFTEngineC",
            dependencies: ["HFTEngine", "CHFTEngine"],
            path: "Sources/HFTEngineC",
            swiftSettings: nativeCPU
        ),
        .target(name: "CHFTEngine", path: "Sources/CHFTEngine"),

        // jemalloc's `mallctl`, for counting allocations (tools and tests only).
        .systemLibrary(
            name: "CJemalloc",
            path: "Sources/CJemalloc",
            pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"])]
        ),
        .target(
            name: "AllocationCounter",
            dependencies: [.target(name: "CJemalloc", condition: .when(traits: jemalloc))],
            path: "Sources/AllocationCounter"
        ),

        // A cycle counter (rdtsc) for per-operation latency samples.
        .target(name: "CCycleCounter", path: "Sources/CCycleCounter"),

        .executableTarget(
            name: "HFTBench",
            dependencies: [
                "HFTEngine", "HFTOrderManager", "AllocationCounter", "CCycleCounter",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/HFTBench",
            swiftSettings: nativeCPU
        ),
        .executableTarget(
            name: "HFTCLI",
            dependencies: [
                "HFTEngine", "HFTReplay", "HFTTestSupport", "AllocationCounter", "HFTGateway", "HFTOrderManager", "HFTStrategy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tools/HFTCLI",
            swiftSettings: nativeCPU
        ),

        // The service (issue 13), one target per layer:
        // HFTService: the engine host. One engine thread owns the Venue and is the sequencer
        // (stamp, journal with group commit, apply); bounded rings in and out; the read model
        // that the network side answers queries from. No network code.
        .target(
            name: "HFTService",
            dependencies: [
                "HFTEngine", "AllocationCounter",
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Sources/HFTService"
        ),
        // HFTBinance: Binance USDⓈ-M Futures' wire format (parameters, signatures, decimal
        // strings, error codes, JSON shapes of replies and stream messages, rate limits).
        .target(
            name: "HFTBinance",
            dependencies: [
                "HFTEngine",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/HFTBinance"
        ),
        // HFTVenueServer: the Hummingbird application (REST, WebSocket, admin API, metrics).
        .target(
            name: "HFTVenueServer",
            dependencies: [
                "HFTEngine", "HFTService", "HFTBinance",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            path: "Sources/HFTVenueServer"
        ),
        // HFTGateway: the strategy side's Binance USDⓈ-M client (REST with signing, retries
        // by error class and server-time tracking; the WebSocket order API; the user-data
        // stream; diff-depth local books). The only code on the strategy side that knows
        // Binance's wire format.
        .target(
            name: "HFTGateway",
            dependencies: [
                "HFTBinance",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/HFTGateway"
        ),
        // HFTStrategy: the strategy side's runtime: a session that drives an OrderManager
        // through the gateway, and the example market maker of `hft mm`.
        .target(
            name: "HFTStrategy",
            dependencies: [
                "HFTGateway", "HFTOrderManager",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/HFTStrategy"
        ),
        .executableTarget(
            name: "HFTVenue",
            dependencies: [
                "HFTVenueServer", "HFTReplication", "HFTService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/HFTVenue"
        ),
        // The load generator of the service's benchmarks (signs like a real client), and the
        // in-process replication benchmark (`--mode host --replicate`).
        .executableTarget(
            name: "HFTLoad",
            dependencies: [
                "HFTBinance", "HFTVenueServer", "HFTGateway", "HFTOrderManager", "HFTStrategy", "HFTService", "HFTReplication",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tools/HFTLoad"
        ),
        // Replication (issue 15): the venue's sequenced commands appended to a NATS JetStream
        // stream with fencing, read back in order by standbys and replicas, and the leader
        // lease. NATS itself only through Debian's libnats (the `NATS` trait; without it the
        // target holds the message formats only and the NATS calls report that it is missing).
        .systemLibrary(
            name: "CNATS",
            path: "Sources/CNATS",
            pkgConfig: "libnats",
            providers: [.apt(["libnats-dev"])]
        ),
        .target(
            name: "HFTReplication",
            dependencies: [
                "HFTEngine", "HFTService",
                .target(name: "CNATS", condition: .when(traits: nats)),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/HFTReplication"
        ),
        // The strategy-side order manager (issue 14): no I/O, no clock, no engine; swift-log only.
        .target(
            name: "HFTOrderManager",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            path: "Sources/HFTOrderManager"
        ),
        .testTarget(
            name: "HFTOrderManagerTests",
            dependencies: ["HFTOrderManager"],
            path: "Tests/HFTOrderManagerTests"
        ),
        .testTarget(
            name: "HFTServiceTests",
            dependencies: [
                "HFTEngine", "HFTService", "HFTBinance", "HFTVenueServer", "HFTGateway", "HFTOrderManager", "HFTStrategy",
                "HFTReplication", "AllocationCounter",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/HFTServiceTests"
        ),
        .testTarget(
            name: "HFTEngineTests",
            dependencies: ["HFTEngine", "HFTReplay", "HFTTestSupport", "AllocationCounter"],
            path: "Tests/HFTEngineTests",
            exclude: ["Options/Reference", "Scenarios"],
            swiftSettings: nativeCPU
        ),
    ]
)
