public import Foundation

/// The executables `swift build` made beside the test bundle.
public enum BuiltProducts {
    public static var directory: URL {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent()
    }

    /// The `bootstrap` executable of this build; throws with what to do when it is missing.
    public static func bootstrap() throws -> String {
        let path = directory.appendingPathComponent("bootstrap").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Fixtures.Missing(description: "no bootstrap at \(path): run `swift build` before `swift test` (make test does)")
        }
        return path
    }
}
