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

    /// The named instance types; `InvalidInstanceType` when one does not exist here.
    public func describeInstanceTypes(_ instanceTypes: [String]) async throws -> [EC2InstanceType] {
        try await all { token in EC2Query.describeInstanceTypes(instanceTypes, nextToken: token) }
    }

    /// The instances with these ids (or matching the filters), across pages
    /// and reservations.
    public func describeInstances(_ ids: [String], filters: [EC2Filter] = []) async throws -> [EC2Instance] {
        var instances: [EC2Instance] = []
        var token: String?
        repeat {
            let page = try EC2Instance.page(try await perform(EC2Query.describeInstances(ids, filters: filters, nextToken: token)))
            instances += page.instances
            token = page.nextToken
        } while token != nil
        return instances
    }

    /// The spot requests with these ids. An unknown id may be absent from
    /// the answer or an `InvalidSpotInstanceRequestID.NotFound` error.
    public func describeSpotInstanceRequests(_ ids: [String]) async throws -> [EC2SpotInstanceRequest] {
        try await all { token in EC2Query.describeSpotInstanceRequests(ids, nextToken: token) }
    }

    /// Cancels the spot requests (not their instances); returns each one's state after.
    public func cancelSpotInstanceRequests(_ ids: [String]) async throws -> [EC2CancelledSpotInstanceRequest] {
        try EC2Page<EC2CancelledSpotInstanceRequest>(try await perform(EC2Query.cancelSpotInstanceRequests(ids))).items
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
