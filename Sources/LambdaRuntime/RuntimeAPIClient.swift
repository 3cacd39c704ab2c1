public import FoundationEssentials

/// One event from `/next`: its context and its payload, untouched.
public struct Invocation: Sendable, Equatable {
    public var context: InvocationContext
    public var payload: Data

    public init(context: InvocationContext, payload: Data) {
        self.context = context
        self.payload = payload
    }
}

/// The four calls a runtime makes. The loop is generic over this, so loop
/// tests script it in memory; `HTTPRuntimeAPIClient` speaks it over HTTP.
public protocol RuntimeAPIClient: Sendable {
    /// Waits, without a time limit, for the next event. Throws
    /// `RuntimeAPIError` when the API is gone and `InvocationHeaderError` when
    /// an event arrives with a required header missing.
    func next() async throws -> Invocation
    func respond(requestID: String, body: Data) async throws
    func reportError(requestID: String, _ report: ErrorReport) async throws
    func reportInitError(_ report: ErrorReport) async throws
    /// Unblocks a waiting `next()` so that a shutdown need not wait for an event.
    func interrupt()
}

/// The Runtime API failed us. `isFatal`: it cannot be reached or says the
/// sandbox is broken (5xx), and the process must end; otherwise it rejected
/// one call (4xx: an expired request id, a payload too large) and the loop goes on.
public struct RuntimeAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var call: String
    public var status: Int?
    public var detail: String

    public init(call: String, status: Int?, detail: String) {
        self.call = call
        self.status = status
        self.detail = detail
    }

    public var isFatal: Bool { status.map { $0 >= 500 } ?? true }

    public var description: String {
        "Runtime API \(call) " + (status.map { "answered HTTP \($0): \(detail)" } ?? "failed: \(detail)")
    }
}
