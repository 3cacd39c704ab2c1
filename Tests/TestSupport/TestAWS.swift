public import AWSAccess
import Foundation
import Testing
import HTTPTransport
public import LocalLambda
import Synchronization

/// The AWS the tests talk to: one `moto_server` per test process, started on
/// first use, stopped when the process exits. Tests that change the account
/// do it in a region of their own, so tests can run in parallel.
public enum TestAWS {
    /// Started once, by the first test that asks; the others await the same start.
    private static let server = Task<MotoServer, any Error> {
        let moto = try await MotoServer.start()
        ChildReaper.register(moto)
        return moto
    }

    public static func moto() async throws -> MotoServer {
        try await server.value
    }

    public static let accessKeyID = "AKIAIOSFODNN7EXAMPLE"
    public static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    /// What a function's environment holds to reach `endpoint` in `region`.
    /// Lambda always sets a session token; moto, once it checks signatures,
    /// knows only tokens its own STS issued, so auth tests pass `nil`.
    public static func environment(endpoint: String, region: String = "us-east-1",
                                   accessKeyID: String = accessKeyID, secretAccessKey: String = secretAccessKey,
                                   sessionToken: String? = "test-session-token") -> [String: String] {
        var environment = [
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_REGION": region,
            "AWS_ACCESS_KEY_ID": accessKeyID,
            "AWS_SECRET_ACCESS_KEY": secretAccessKey,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
        environment["AWS_SESSION_TOKEN"] = sessionToken
        return environment
    }

    public static func ec2(endpoint: String, region: String) throws -> EC2Client {
        EC2Client(configuration: try AWSConfiguration(environment: environment(endpoint: endpoint, region: region)), transport: CurlTransport())
    }

    /// Deletes the default VPC of `region` (its subnets first), as a person
    /// who removed it would have.
    public static func deleteDefaultVpc(endpoint: String, region: String) async throws {
        let client = try ec2(endpoint: endpoint, region: region)
        for vpc in try await client.describeVpcs(filters: [EC2Filter(name: "is-default", values: ["true"])]) {
            for subnet in try await client.describeSubnets(filters: [EC2Filter(name: "vpc-id", values: [vpc.vpcId])]) {
                _ = try await client.perform(EC2Query(action: "DeleteSubnet", parameters: [.value("SubnetId", subnet.subnetId)]))
            }
            _ = try await client.perform(EC2Query(action: "DeleteVpc", parameters: [.value("VpcId", vpc.vpcId)]))
        }
    }

    /// A port on 127.0.0.1 where nothing listens, for as long as the tests
    /// run: its socket stays bound (so no other test's server can take the
    /// port) but never listens (so a connection is refused).
    public static func deadPort() throws -> Int {
        let (socket, port) = try Socket.bound()
        deadSockets.withLock { $0.append(socket) }
        return port
    }

    private static let deadSockets = Mutex<[Socket]>([])
}

/// Kills the servers tests started when the test process exits, so that no
/// `moto_server` outlives `swift test`.
public enum ChildReaper {
    private static let servers = Mutex<[MotoServer]>([])

    public static func register(_ server: MotoServer) {
        let first = servers.withLock { list -> Bool in
            list.append(server)
            return list.count == 1
        }
        if first { atexit { ChildReaper.stopAll() } }
    }

    static func stopAll() {
        servers.withLock { list in
            list.forEach { $0.stop() }
            list.removeAll()
        }
    }
}

extension TestAWS {
    /// A fulfilled persistent spot request and its instance, tagged like a
    /// desktop (`Name` = the stack name, `User`), with the instance showing
    /// its request id as EC2 does (moto needs telling).
    public static func makeSpotDesktop(endpoint: String, region: String, name: String = "asher-sterkin-t4g-large-desktop",
                                       user: String = "asher-sterkin") async throws -> (instanceID: String, spotRequestID: String) {
        let ec2 = try ec2(endpoint: endpoint, region: region)
        let requested = try await ec2.perform(EC2Query(action: "RequestSpotInstances", parameters: [
            .value("InstanceCount", "1"), .value("Type", "persistent"),
            .value("LaunchSpecification.ImageId", "ami-12c6146b"), .value("LaunchSpecification.InstanceType", "t4g.large"),
        ]))
        let item = try #require(requested["spotInstanceRequestSet"]?.items.first)
        let spotID = try #require(item.text(of: "spotInstanceRequestId"))
        let instanceID = try #require(item.text(of: "instanceId"), "moto fulfils a spot request at once")
        _ = try await ec2.perform(EC2Query(action: "ModifyInstanceAttribute", parameters: [
            .value("InstanceId", instanceID), .value("Attribute", "spotInstanceRequestId"), .value("Value", spotID),
        ]))
        _ = try await ec2.perform(EC2Query(action: "CreateTags", parameters: [
            .list("ResourceId", [instanceID]),
            .value("Tag.1.Key", "Name"), .value("Tag.1.Value", name), .value("Tag.2.Key", "User"), .value("Tag.2.Value", user),
        ]))
        return (instanceID, spotID)
    }

    /// An on-demand instance (no spot request).
    public static func makeOnDemandInstance(endpoint: String, region: String) async throws -> String {
        let ec2 = try ec2(endpoint: endpoint, region: region)
        let reservation = try await ec2.perform(EC2Query(action: "RunInstances", parameters: [
            .value("ImageId", "ami-12c6146b"), .value("InstanceType", "t3.large"), .value("MinCount", "1"), .value("MaxCount", "1"),
        ]))
        return try #require(reservation["instancesSet"]?.items.first?.text(of: "instanceId"))
    }
}
