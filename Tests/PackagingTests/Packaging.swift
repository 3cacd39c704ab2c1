import Foundation
import LocalLambda
import TestSupport
import Testing

/// What `make package` produced, and the tools the packaging tests drive: the
/// scripts in `scripts/`, a C compiler for small test ELFs, zips written the
/// way `make package` writes them.
enum Packaging {
    static let root = Fixtures.repositoryRoot
    static let dist = root.appendingPathComponent("dist")
    static let functionZip = dist.appendingPathComponent("mapu-function.zip").path
    static let layerZip = dist.appendingPathComponent("mapu-layer.zip").path
    static let checksums = dist.appendingPathComponent("SHA256SUMS").path
    /// The release build `make package` zips (the Makefile's RELEASE_SCRATCH).
    static let releaseBootstrap = root.appendingPathComponent(".build-release/release/bootstrap").path

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// Throws, saying what to run, unless `make package` has written dist/.
    static func requireDist() throws {
        for path in [functionZip, layerZip, checksums] where !FileManager.default.fileExists(atPath: path) {
            throw Missing(description: "\(path) is missing: run `make package` before `swift test` (`make test` does)")
        }
    }

    static func requireReleaseBootstrap() throws -> String {
        guard FileManager.default.isExecutableFile(atPath: releaseBootstrap) else {
            throw Missing(description: "\(releaseBootstrap) is missing: run `make package` before `swift test` (`make test` does)")
        }
        return releaseBootstrap
    }

    static var path: String {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") + ":/opt/swift/usr/bin"
    }

    struct Run: Sendable {
        var status: Int32?
        var output: String
    }

    /// Runs a program to its end (or `timeout`), output and error together.
    static func run(_ program: String, _ arguments: [String], environment: [String: String]? = nil,
                    timeout: TimeInterval = 300) async throws -> Run {
        guard let executable = program.hasPrefix("/") ? program : ChildProcess.which(program, path: path) else {
            throw Missing(description: "\(program) is not on PATH")
        }
        var variables = environment ?? ProcessInfo.processInfo.environment
        variables["PATH"] = variables["PATH"] ?? path
        let child = try ChildProcess(executable: executable, arguments: arguments, environment: variables)
        let status = await child.waitForExit(timeout: timeout)
        if status == nil { child.stop() }
        return Run(status: status, output: child.output)
    }

    /// `scripts/<name>` run by python3.
    static func script(_ name: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> Run {
        try await run("python3", [root.appendingPathComponent("scripts/\(name)").path] + arguments, environment: environment)
    }

    /// A fresh directory under the system's temporary directory.
    static func scratch(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mapu-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A zip of `entries` (name in the zip → file on disk, mode), written as
    /// `make package` writes them.
    static func zip(_ path: String, _ entries: [(name: String, file: String, mode: Int)]) async throws {
        let spec = entries.map { "\($0.name)\t\($0.file)\t\(String($0.mode, radix: 8))" }.joined(separator: "\n")
        let program = """
        import sys; sys.path.insert(0, sys.argv[1]); import package
        entries = [line.split("\\t") for line in sys.argv[3].splitlines()]
        package.write_zip(sys.argv[2], [(name, open(file, "rb").read(), int(mode, 8)) for name, file, mode in entries])
        """
        let result = try await run("python3", ["-c", program, root.appendingPathComponent("scripts").path, path, spec])
        guard result.status == 0 else { throw Missing(description: "writing \(path) failed: \(result.output)") }
    }

    /// Compiles C `source` with the toolchain's clang (or cc) into `output`.
    static func compile(_ source: String, into output: String, arguments: [String] = []) async throws {
        let file = output + ".c"
        try source.write(toFile: file, atomically: true, encoding: .utf8)
        let compiler = ChildProcess.which("clang", path: path) ?? ChildProcess.which("cc", path: path) ?? "cc"
        let result = try await run(compiler, ["-O1", "-o", output, file] + arguments)
        guard result.status == 0 else { throw Missing(description: "compiling \(output) failed: \(result.output)") }
    }
}
