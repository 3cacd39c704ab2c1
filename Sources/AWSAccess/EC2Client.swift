import FoundationEssentials
public import HTTPTransport

/// EC2 over its Query protocol: signed form POSTs, XML answers, every failure
/// an `AWSError`, retried as `AWSServiceClient` does.
public struct EC2Client: Sendable {
    public let client: AWSServiceClient

    public init(client: AWSServiceClient) {
        self.client = client
    }

    public init(configuration: AWSConfiguration, transport: any HTTPTransport) {
        self.init(client: configuration.client(for: .ec2, transport: transport))
    }

    public var region: String { client.region }

    /// Every VPC matching the filters, across pages.
    public func describeVpcs(filters: [EC2Filter] = []) async throws -> [EC2Vpc] {
        try await all { token in EC2Query.describeVpcs(filters: filters, nextToken: token) }
    }

    /// Every subnet matching the filters, across pages.
    public func describeSubnets(filters: [EC2Filter] = []) async throws -> [EC2Subnet] {
        try await all { token in EC2Query.describeSubnets(filters: filters, nextToken: token) }
    }

    func all<Resource: EC2Resource>(_ query: (String?) -> EC2Query) async throws -> [Resource] {
        var items: [Resource] = []
        var token: String?
        repeat {
            let page = try EC2Page<Resource>(try await perform(query(token)))
            items += page.items
            token = page.nextToken
        } while token != nil
        return items
    }

    /// Sends one query and returns its `<ActionResponse>` element.
    public func perform(_ query: EC2Query) async throws -> XMLElement {
        try await client.send(operation: query.action, headers: [HTTPHeader("Content-Type", EC2Query.contentType)], body: query.body,
                              decode: query.result(from:))
    }
}
