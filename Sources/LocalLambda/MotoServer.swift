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

    /// A port found free can be taken by another server before moto binds
    /// it, so moto must prove it is moto (its own API answers) and is tried
    /// on a new port when it could not bind.
    init(timeout: TimeInterval) throws {
        guard let program = ChildProcess.which("moto_server") else {
            throw Unavailable(description: "moto_server is not on PATH: install it with `pip install 'moto[server]==5.2.1'` (scripts/setup does)")
        }
        let end = Date().addingTimeInterval(timeout)
        var failures: [String] = []
        while Date() < end && failures.count < 3 {
            let port = try Self.freePort()
            let child = try ChildProcess(executable: program, arguments: ["-H", "127.0.0.1", "-p", String(port)],
                                         environment: ProcessInfo.processInfo.environment)
            while Date() < end && child.isRunning {
                if Self.answersAsMoto(port: port) && child.isRunning {
                    self.port = port
                    self.child = child
                    return
                }
                usleep(20_000)
            }
            child.stop()
            failures.append("port \(port): \(child.output.suffix(1000))")
        }
        throw Unavailable(description: "moto_server did not start within \(Int(timeout)) s: \(failures.joined(separator: "\n"))")
    }

    /// Whether what listens on `port` is moto: its `/moto-api/data.json` answers 200.
    static func answersAsMoto(port: Int) -> Bool {
        guard let socket = try? Socket.connect(host: "127.0.0.1", port: port) else { return false }
        let connection = HTTP1Connection(socket: socket)
        guard (try? connection.sendRequest(method: "GET", target: "/moto-api/data.json", host: "127.0.0.1:\(port)", headers: [], body: Data())) != nil,
              let response = try? connection.readResponse() else { return false }
        return response.status == 200 && response.body.first == UInt8(ascii: "{")
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
