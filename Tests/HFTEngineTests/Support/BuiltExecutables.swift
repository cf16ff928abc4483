import Foundation

/// The executables that `swift build` put next to the test binary, for end-to-end tests
/// that run the `hft` tool as a child process.
enum BuiltExecutables {
    /// `hft` from the same build directory as the running test binary (so a sanitizer build
    /// tests its own sanitized `hft`), else from `.build/debug` or `.build/release`; `nil`
    /// when it has not been built.
    static let hft: URL? = {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let testBinary = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            // …/<configuration>/swift-hft-enginePackageTests.xctest
            candidates.append(URL(fileURLWithPath: testBinary).deletingLastPathComponent().appendingPathComponent("hft"))
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for configuration in ["debug", "release"] {
            candidates.append(root.appendingPathComponent(".build/\(configuration)/hft"))
        }
        return candidates.first { fileManager.isExecutableFile(atPath: $0.path) }
    }()
}
