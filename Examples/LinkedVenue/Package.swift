// swift-tools-version:6.1
//
// A host process that links the engine's core, `HFTEngine`, as any trading system would:
// it depends on the root package by path and drives one `Venue`.

import PackageDescription

let package = Package(
    name: "LinkedVenue",
    dependencies: [
        .package(name: "swift-hft-engine", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "LinkedVenue",
            dependencies: [.product(name: "HFTEngine", package: "swift-hft-engine")]
        ),
    ]
)
