public import Foundation
import HTTPTransport

/// A child process whose output goes to files, for tests and local runs to
/// start `bootstrap`, `moto_server` and helper scripts and read what they said.
public final class ChildProcess: @unchecked Sendable {
    private let process = Process()
    private let outputURL: URL
    private let startedAt = Date()

    public init(executable: String, arguments: [String] = [], environment: [String: String], currentDirectory: String? = nil) throws {
        outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("mapu-child-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// Standard output and error, interleaved as written.
    public var output: String {
        (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
    }

    /// Waits for the exit; `nil` if it is still running after `timeout`.
    public func waitForExit(timeout: TimeInterval) async -> Int32? {
        await onOwnThread { [self] in blockingWait(timeout: timeout) }
    }

    private func blockingWait(timeout: TimeInterval) -> Int32? {
        let end = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < end { usleep(5_000) }
        if process.isRunning { return nil }
        return process.terminationStatus
    }

    public func signal(_ number: Int32) {
        if process.isRunning { kill(process.processIdentifier, number) }
    }

    /// Ends the process (SIGKILL after a grace period) and removes its output file.
    public func stop() {
        signal(SIGTERM)
        if blockingWait(timeout: 2) == nil {
            signal(SIGKILL)
            _ = blockingWait(timeout: 2)
        }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: outputURL)
    }

    /// Finds a program on `PATH`.
    public static func which(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        for directory in (path ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
