public import Foundation
import JSONKit

/// Runs the real `bootstrap` the way Lambda does — its own process, the
/// Runtime API on loopback, configuration in the environment — and plays
/// CloudFormation's side: every event's ResponseURL is pointed at a loopback
/// server that records what the function PUT there.
public final class LocalLambda: @unchecked Sendable {
    public let runtimeAPI: RuntimeAPIServer
    public let responseURL: ResponseURLServer
    public let process: ChildProcess

    /// What one invocation produced.
    public struct Result: Sendable {
        /// Requests that reached the ResponseURL server (normally exactly one PUT).
        public var cloudFormationRequests: [ReceivedRequest]
        /// What the runtime posted to the Runtime API for it (normally one).
        public var runtimeReports: [RuntimeAPIServer.Report]

        public init(cloudFormationRequests: [ReceivedRequest], runtimeReports: [RuntimeAPIServer.Report]) {
            self.cloudFormationRequests = cloudFormationRequests
            self.runtimeReports = runtimeReports
        }
    }

    /// Starts `bootstrap` with `_HANDLER` = `handler`, the loopback Runtime
    /// API and `environment` (AWS endpoint, credentials, region…). With a
    /// `launcher` (a program and its arguments, e.g. `setpriv` to drop
    /// privileges) the launcher is started with `bootstrap` as its last
    /// argument; `currentDirectory` is where it starts (Lambda: the task root).
    public init(bootstrap: String, handler: String, environment: [String: String],
                responseStatuses: [Int] = [], responseDelay: Duration = .zero,
                launcher: [String] = [], currentDirectory: String? = nil) throws {
        runtimeAPI = try RuntimeAPIServer()
        responseURL = try ResponseURLServer(statuses: responseStatuses, delay: responseDelay)
        var variables = environment
        variables["AWS_LAMBDA_RUNTIME_API"] = runtimeAPI.address
        variables["_HANDLER"] = handler
        variables["AWS_LAMBDA_FUNCTION_NAME"] = variables["AWS_LAMBDA_FUNCTION_NAME"] ?? "mapu-\(handler)"
        variables["AWS_LAMBDA_FUNCTION_VERSION"] = variables["AWS_LAMBDA_FUNCTION_VERSION"] ?? "$LATEST"
        variables["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = variables["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] ?? "128"
        variables["AWS_LAMBDA_LOG_GROUP_NAME"] = variables["AWS_LAMBDA_LOG_GROUP_NAME"] ?? "/aws/lambda/mapu-\(handler)"
        variables["AWS_LAMBDA_LOG_STREAM_NAME"] = variables["AWS_LAMBDA_LOG_STREAM_NAME"] ?? "2026/11/26/[$LATEST]0123456789abcdef"
        if let program = launcher.first {
            process = try ChildProcess(executable: program, arguments: Array(launcher.dropFirst()) + [bootstrap],
                                       environment: variables, currentDirectory: currentDirectory)
        } else {
            process = try ChildProcess(executable: bootstrap, environment: variables, currentDirectory: currentDirectory)
        }
    }

    /// Hands `payload` to the function, its ResponseURL (if it has one)
    /// rewritten to the loopback server, and waits until the runtime has
    /// reported on it (or `timeout` passes) and the PUTs have settled.
    public func invoke(_ payload: Data, deadline: Duration = .seconds(30), timeout: Duration = .seconds(60),
                       headers: [String: String?] = [:], rewriteResponseURL: Bool = true) async -> Result {
        let pending = enqueue(payload, deadline: deadline, headers: headers, rewriteResponseURL: rewriteResponseURL)
        return await collect(pending, timeout: timeout)
    }

    /// What was already recorded when an event was queued.
    public struct Pending: Sendable {
        var reports: Int
        var requests: Int
        /// The event's deadline, in milliseconds since the epoch.
        public var deadlineMilliseconds: Int64
    }

    /// Queues an event without waiting for it; `collect` waits for its outcome.
    public func enqueue(_ payload: Data, deadline: Duration = .seconds(30), headers: [String: String?] = [:],
                        rewriteResponseURL: Bool = true) -> Pending {
        let pending = Pending(reports: runtimeAPI.reports.count, requests: responseURL.received.count,
                              deadlineMilliseconds: Int64(Date().timeIntervalSince1970 * 1000) + Int64(deadline.components.seconds) * 1000
                                  + deadline.components.attoseconds / 1_000_000_000_000_000)
        let event = rewriteResponseURL ? rewritten(payload) : payload
        runtimeAPI.enqueue(RuntimeAPIServer.Event(payload: event, deadlineMilliseconds: pending.deadlineMilliseconds, headers: headers))
        return pending
    }

    public func collect(_ pending: Pending, timeout: Duration = .seconds(60)) async -> Result {
        let reports = await runtimeAPI.waitForReports(pending.reports + 1, timeout: timeout)
        // A second PUT would arrive after the report; give it a moment to show itself.
        let received = await responseURL.waitForRequests(pending.requests + 2, timeout: .milliseconds(50))
        return Result(cloudFormationRequests: Array(received.dropFirst(pending.requests)), runtimeReports: Array(reports.dropFirst(pending.reports)))
    }

    /// SIGTERM, then the exit status (`nil`: still running after `timeout`).
    public func terminate(timeout: TimeInterval = 10) async -> Int32? {
        process.signal(SIGTERM)
        return await process.waitForExit(timeout: timeout)
    }

    public func stop() {
        process.stop()
        runtimeAPI.stop()
        responseURL.stop()
    }

    deinit { stop() }

    private func rewritten(_ payload: Data) -> Data {
        guard case .object(var event)? = try? JSONValue(parsing: payload), let original = event["ResponseURL"]?.stringValue else { return payload }
        event["ResponseURL"] = .string(responseURL.url(for: original))
        return Data(JSONValue.object(event).serialized.utf8)
    }
}
