import Foundation
import Testing

/// Things the tests read from outside the Swift sources, found from this
/// file's own path so the working directory does not matter.
enum TestResources {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let vectors = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata/sigv4")
    static let botocoreScript = repoRoot.appendingPathComponent("scripts/botocore_sigv4.py")

    static let vectorsMissing = "../shared/testdata/sigv4 not found: the official SigV4 vectors live beside the repo"
    static var vectorsPresent: Bool {
        FileManager.default.fileExists(atPath: vectors.appendingPathComponent("get-vanilla").path)
    }

    /// A resource that lives outside the repo is missing: a failure in CI,
    /// where it must be there, otherwise a skip that says what is missing.
    static func missing(_ what: String) throws -> Never {
        if ProcessInfo.processInfo.environment["CI"] == "true" { throw Missing(description: what) }
        try Test.cancel(Comment(rawValue: what))
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }
}
