public import AWSSigV4

/// Where a client's credentials come from: fixed ones, or ones that expire
/// and are fetched again (an assumed role). Called before every signed request.
public protocol CredentialsProvider: Sendable {
    func credentials() async throws -> AWSCredentials
}

extension AWSCredentials: CredentialsProvider {
    public func credentials() async throws -> AWSCredentials { self }
}
