public import Foundation
import HTTPTransport

/// `moto_server` (PyPI `moto[server]`, pinned in requirements) on 127.0.0.1
/// and a free port: the AWS every test and local run talks to.
public final class MotoServer: @unchecked Sendable {
    public let port: Int
    private let child: ChildProcess

    /// The value for `AWS_ENDPOINT_URL`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Starts moto on a thread of its own (it takes about half a second)
    /// and waits until it answers.
    public static func start(timeout: TimeInterval = 30) async throws -> MotoServer {
        try await onOwnThread { try MotoServer(timeout: timeout) }
    }

    init(timeout: TimeInterval) throws {
        guard let program = ChildProcess.which("moto_server") else {
            throw Unavailable(description: "moto_server is not on PATH: install it with `pip install 'moto[server]==5.2.1'` (scripts/setup does)")
        }
        port = try Self.freePort()
        child = try ChildProcess(executable: program, arguments: ["-H", "127.0.0.1", "-p", String(port)],
                                 environment: ProcessInfo.processInfo.environment)
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if let connection = try? Socket.connect(host: "127.0.0.1", port: port) {
                _ = connection
                return
            }
            guard child.isRunning else { break }
            usleep(20_000)
        }
        child.stop()
        throw Unavailable(description: "moto_server did not start on port \(port) within \(Int(timeout)) s: \(child.output.suffix(2000))")
    }

    /// Restores a clean account (every region's default VPC, no users, auth off).
    public func reset() async throws {
        let answer = try await CurlTransport().send(HTTPRequest(method: "POST", url: endpoint + "/moto-api/reset", timeout: .seconds(30)))
        guard answer.status == 200 else { throw Unavailable(description: "moto reset answered HTTP \(answer.status)") }
    }

    public func stop() { child.stop() }

    deinit { child.stop() }

    static func freePort() throws -> Int {
        let (listener, port) = try Socket.listen()
        listener.shutdown()
        return port
    }
}
