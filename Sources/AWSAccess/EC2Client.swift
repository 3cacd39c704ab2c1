import AWSSigV4
public import FoundationEssentials
public import HTTPTransport

/// EC2 over its Query protocol: signed form POSTs, XML answers, every failure
/// an `AWSError`. Retryable failures (throttling, 5xx, network) are tried
/// again a few times with backoff.
public struct EC2Client: Sendable {
    public let region: String
    public let endpoint: String
    let signer: SigV4Signer
    let transport: any HTTPTransport
    let now: @Sendable () -> Date

    public init(configuration: AWSConfiguration, transport: any HTTPTransport, now: @escaping @Sendable () -> Date = { Date() }) {
        region = configuration.region
        endpoint = configuration.endpoint(serviceID: "EC2", hostPrefix: "ec2")
        signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "ec2")
        self.transport = transport
        self.now = now
    }

    /// Every VPC matching the filters, across pages.
    public func describeVpcs(filters: [EC2Filter] = []) async throws -> [EC2Vpc] {
        try await all { token in EC2Query.describeVpcs(filters: filters, nextToken: token) }
    }

    /// Every subnet matching the filters, across pages.
    public func describeSubnets(filters: [EC2Filter] = []) async throws -> [EC2Subnet] {
        try await all { token in EC2Query.describeSubnets(filters: filters, nextToken: token) }
    }

    private func all<Resource: EC2Resource>(_ query: (String?) -> EC2Query) async throws -> [Resource] {
        var items: [Resource] = []
        var token: String?
        repeat {
            let page = try EC2Page<Resource>(try await perform(query(token)))
            items += page.items
            token = page.nextToken
        } while token != nil
        return items
    }

    static let attempts = 3

    /// Sends one query and returns its `<ActionResponse>` element.
    public func perform(_ query: EC2Query) async throws -> XMLElement {
        var attempt = 1
        while true {
            do {
                return try await performOnce(query)
            } catch let error as AWSError where error.isRetryable && attempt < Self.attempts {
                try await Task.sleep(for: .milliseconds(100 << attempt))
                attempt += 1
            }
        }
    }

    private func performOnce(_ query: EC2Query) async throws -> XMLElement {
        let body = query.body
        let headers: [SigV4Signer.Header]
        do {
            headers = try signer.sign(method: "POST", url: endpoint, headers: [(name: "Content-Type", value: EC2Query.contentType)], body: body, date: now())
        } catch {
            throw AWSError(service: EC2Query.service, operation: query.action, code: AWSError.Code.invalidRequest, message: "cannot sign the request: \(error)")
        }
        let request = HTTPRequest(method: "POST", url: endpoint, headers: headers.map { HTTPHeader($0.name, $0.value) }, body: body, timeout: .seconds(20))
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as HTTPTransportError {
            throw AWSError.transport(error, service: EC2Query.service, operation: query.action)
        }
        return try query.result(from: response)
    }
}
