import AWSSigV4
public import FoundationEssentials
public import HTTPTransport

/// One service's signed, retried HTTP calls. The protocols (EC2 Query, AWS
/// Query, JSON 1.1) build the body and decode the answer; this sends it:
/// credentials, SigV4, time-outs within the deadline, the standard retry mode.
/// Every failure is an `AWSError`.
public struct AWSServiceClient: Sendable {
    public let service: AWSService
    public let region: String
    public let endpoint: String
    public let credentials: any CredentialsProvider
    public let retry: RetryPolicy
    let transport: any HTTPTransport
    let now: @Sendable () -> Date
    let sleep: @Sendable (Duration) async throws -> Void
    let random: @Sendable () -> Double

    /// The longest one try may take when no deadline is nearer.
    public static let attemptTimeout: Int64 = 30_000

    public init(service: AWSService, region: String, endpoint: String, credentials: any CredentialsProvider,
                transport: any HTTPTransport, retry: RetryPolicy = .standard,
                now: @escaping @Sendable () -> Date = { Date() },
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }) {
        self.service = service
        self.region = region
        self.endpoint = endpoint
        self.credentials = credentials
        self.transport = transport
        self.retry = retry
        self.now = now
        self.sleep = sleep
        self.random = random
    }

    /// Sends a request to the endpoint (plus `path`), tries again while the
    /// answer is a retryable `AWSError` and time remains, and returns what
    /// `decode` makes of the first answer that is not one.
    public func send<Result>(operation: String, method: String = "POST", path: String = "/", headers: [HTTPHeader], body: Data,
                             decode: (HTTPResponse) throws(AWSError) -> Result) async throws -> Result {
        var attempt = 1
        while true {
            do {
                return try decode(try await sendOnce(operation: operation, method: method, path: path, headers: headers, body: body))
            } catch let error as AWSError where error.isRetryable && attempt < retry.maximumAttempts {
                let wait = retry.delay(after: attempt, random: random())
                if let deadline = AWSDeadline.current, AWSDeadline.nowMilliseconds() + wait >= deadline { throw error }
                try await sleep(.milliseconds(wait))
                attempt += 1
            }
        }
    }

    private func sendOnce(operation: String, method: String, path: String, headers: [HTTPHeader], body: Data) async throws -> HTTPResponse {
        func failure(_ code: String, _ message: String) -> AWSError {
            AWSError(service: service.id, operation: operation, code: code, message: message)
        }
        var timeout = Self.attemptTimeout
        if let deadline = AWSDeadline.current {
            let remaining = deadline - AWSDeadline.nowMilliseconds()
            guard remaining > 0 else { throw failure("DeadlineExceeded", "no time left before the invocation's deadline") }
            timeout = min(timeout, remaining)
        }
        let url = (endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint) + path
        let signer = SigV4Signer(credentials: try await credentials.credentials(), region: region, service: service.signingName)
        let signed: [SigV4Signer.Header]
        do {
            signed = try signer.sign(method: method, url: url, headers: headers.map { (name: $0.name, value: $0.value) }, body: body, date: now())
        } catch {
            throw failure(AWSError.Code.invalidRequest, "cannot sign the request: \(error)")
        }
        let request = HTTPRequest(method: method, url: url, headers: signed.map { HTTPHeader($0.name, $0.value) }, body: body, timeout: .milliseconds(timeout))
        do {
            return try await transport.send(request)
        } catch let error as HTTPTransportError {
            throw AWSError.transport(error, service: service.id, operation: operation)
        }
    }
}
