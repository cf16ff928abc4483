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

let package = Package(
    name: "swift-hft-engine",
    products: [
        .library(name: "HFTEngine", targets: ["HFTEngine"]),
        .library(name: "HFTReplay", targets: ["HFTReplay"]),
        .executable(name: "hft-bench", targets: ["HFTBench"]),
        .executable(name: "hft", targets: ["HFTCLI"]),
    ],
    traits: [
        .trait(
            name: "Jemalloc",
            description: "Link Debian's libjemalloc into hft-bench and the tests to count allocations."
        ),
        .default(enabledTraits: jemallocInstalled ? jemalloc : []),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
    ],
    targets: [
        // The core library: no dependencies beyond the toolchain (and the package's own
        // CCRC32C, the SSE4.2 CRC-32C of the journal).
        .target(
            name: "HFTEngine",
            dependencies: ["CCRC32C"],
            path: "Sources/HFTEngine"
        ),
        .target(name: "CCRC32C", path: "Sources/CCRC32C"),

        // The command-file format (`hft replay`): parsing and formatting, edge code shared by
        // the tool and the tests, kept out of the core module.
        .target(
            name: "HFTReplay",
            dependencies: ["HFTEngine"],
            path: "Sources/HFTReplay"
        ),

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
                "HFTEngine", "AllocationCounter", "CCycleCounter",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/HFTBench"
        ),
        .executableTarget(
            name: "HFTCLI",
            dependencies: [
                "HFTEngine", "HFTReplay",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/HFTCLI"
        ),
        .testTarget(
            name: "HFTEngineTests",
            dependencies: ["HFTEngine", "HFTReplay", "AllocationCounter"],
            path: "Tests/HFTEngineTests",
            exclude: ["Scenarios"]
        ),
    ]
)
