public import AWSAccess
public import CfnResponse
public import HTTPTransport
import JSONKit

/// `Custom::ParseStackName`: turns a desktop stack's name
/// (`<user>-<family>-<size>-<purpose>`) into what its VM needs — user,
/// instance type, architecture, AMI — after checking that the user exists in
/// IAM Identity Center.
///
/// Properties: `StackName` (required); `IdentityStoreId` (required unless the
/// function's `IDENTITY_STORE_ID` is set); `IdentityStoreRoleArn` (a role in
/// the account that holds the store, assumed for the lookup; default the
/// function's `IDENTITY_STORE_ROLE_ARN`);
/// `IdentityStoreRegion` (the store's region when not the function's);
/// `OperatingSystem` (`al2023`, `ubuntu-22.04`, `ubuntu-24.04`);
/// `ImageParameter` (any SSM parameter, `{arch}` replaced, overriding
/// `OperatingSystem`'s). Data: `UserName`, `InstanceType`, `InstanceFamily`,
/// `InstanceSize`, `Purpose`, `Architecture`, `ImageId`, `ImageParameter`;
/// PhysicalResourceId: the stack name. Delete makes no AWS call.
public struct ParseStackName: CustomResourceHandler {
    let configuration: AWSConfiguration
    let transport: any HTTPTransport
    let defaultIdentityStoreID: String?
    let defaultIdentityStoreRoleARN: String?
    let roles = AssumedRoles()

    static let properties = ["StackName", "IdentityStoreId", "IdentityStoreRoleArn", "IdentityStoreRegion", "OperatingSystem", "ImageParameter"]

    /// `defaultIdentityStoreID` and `defaultIdentityStoreRoleARN` (the
    /// function's `IDENTITY_STORE_ID` and `IDENTITY_STORE_ROLE_ARN`; empty is
    /// unset) stand in for the properties a template leaves out.
    public init(configuration: AWSConfiguration, transport: any HTTPTransport, defaultIdentityStoreID: String?,
                defaultIdentityStoreRoleARN: String? = nil) {
        self.configuration = configuration
        self.transport = transport
        self.defaultIdentityStoreID = defaultIdentityStoreID.flatMap { $0.isEmpty ? nil : $0 }
        self.defaultIdentityStoreRoleARN = defaultIdentityStoreRoleARN.flatMap { $0.isEmpty ? nil : $0 }
    }

    public func handle(_ request: CustomResourceRequest, context: CustomResourceContext) async throws -> CustomResourceResult {
        if case .delete = request.kind { return CustomResourceResult() }
        let properties = Properties(request.properties)
        try properties.requireKnown(Self.properties)
        let stackName = try properties.string("StackName")
        let name = try DesktopStackName(parsing: stackName)
        guard let storeID = try properties.optionalString("IdentityStoreId") ?? defaultIdentityStoreID else {
            throw PropertyError(path: "ResourceProperties.IdentityStoreId",
                                problem: "is required (the function sets no IDENTITY_STORE_ID): the IAM Identity Center identity store, e.g. d-1234567890")
        }
        let system = try operatingSystem(properties)

        let architecture = try await architecture(of: name, context: context)
        try await checkUser(name, stackName: stackName, storeID: storeID, properties: properties, context: context)
        let parameterName = try properties.optionalString("ImageParameter").map { system.imageParameter(template: $0, architecture: architecture) }
            ?? system.imageParameter(architecture: architecture)
        let image = try await imageID(parameterName, context: context)

        return CustomResourceResult(physicalResourceID: stackName, data: [
            "UserName": .string(name.userName),
            "InstanceType": .string(name.instanceType),
            "InstanceFamily": .string(name.instanceFamily),
            "InstanceSize": .string(name.instanceSize),
            "Purpose": .string(name.purpose),
            "Architecture": .string(architecture),
            "ImageId": .string(image),
            "ImageParameter": .string(parameterName),
        ])
    }

    private func operatingSystem(_ properties: Properties) throws -> OperatingSystem {
        guard let text = try properties.optionalString("OperatingSystem") else { return .al2023 }
        guard let system = OperatingSystem(rawValue: text) else {
            throw PropertyError(path: "ResourceProperties.OperatingSystem",
                                problem: "is \(text.debugDescription): expected \(OperatingSystem.allCases.map(\.rawValue).joined(separator: ", ")), e.g. al2023")
        }
        return system
    }

    /// The instance type's architecture: arm64 where it has one, else x86_64.
    private func architecture(of name: DesktopStackName, context: CustomResourceContext) async throws -> String {
        context.step("DescribeInstanceTypes")
        let region = configuration.region
        let notOffered = HandlerFailure("instance type \(name.instanceType) (from StackName's \(name.instanceFamily)-\(name.instanceSize)) does not exist in \(region): expected an EC2 instance type offered there, e.g. t4g-large for t4g.large")
        let types: [EC2InstanceType]
        do {
            types = try await EC2Client(configuration: configuration, transport: transport).describeInstanceTypes([name.instanceType])
        } catch let error as AWSError where error.code == "InvalidInstanceType" {
            throw notOffered
        }
        guard let type = types.first(where: { $0.instanceType == name.instanceType }) else { throw notOffered }
        for preferred in ["arm64", "x86_64"] where type.supportedArchitectures.contains(preferred) {
            return preferred
        }
        throw HandlerFailure("instance type \(name.instanceType) supports \(type.supportedArchitectures.joined(separator: ", ")): desktops need arm64 or x86_64, e.g. t4g.large")
    }

    private func checkUser(_ name: DesktopStackName, stackName: String, storeID: String, properties: Properties,
                           context: CustomResourceContext) async throws {
        context.step("GetUserId")
        let store = try await identityStore(properties)
        do {
            _ = try await store.getUserId(identityStoreID: storeID, userName: name.userName)
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {
            var problem = "user \(name.userName.debugDescription) (from StackName \(stackName.debugDescription)) is not in identity store \(storeID)"
            if let match = try? await store.listUsers(identityStoreID: storeID).compactMap(\.userName)
                .first(where: { $0.lowercased() == name.userName.lowercased() }) {
                let suggested = stackName.dropFirst(name.userName.count)
                problem += ": user names are case-sensitive, and \(match.debugDescription) exists; expected e.g. \(match)\(suggested)"
            } else {
                problem += ": expected the user name of an IAM Identity Center user, e.g. \(DesktopStackName.example)"
            }
            throw HandlerFailure(problem)
        }
    }

    /// The identity store, through the configured role when there is one
    /// (its credentials kept between invocations until they near expiry).
    private func identityStore(_ properties: Properties) async throws -> IdentityStoreClient {
        var settings = configuration
        if let region = try properties.optionalString("IdentityStoreRegion") { settings.region = region }
        if let role = try properties.optionalString("IdentityStoreRoleArn") ?? defaultIdentityStoreRoleARN {
            settings.credentials = await roles.provider(for: role) {
                AssumeRoleCredentialsProvider(roleARN: role, sessionName: "mapu-ParseStackName",
                                              sts: STSClient(configuration: configuration, transport: transport))
            }
        }
        return IdentityStoreClient(configuration: settings, transport: transport)
    }

    private func imageID(_ parameter: String, context: CustomResourceContext) async throws -> String {
        context.step("GetParameter")
        do {
            return try await SSMClient(configuration: configuration, transport: transport).getParameter(name: parameter).value
        } catch let error as AWSError where error.code == "ParameterNotFound" {
            throw HandlerFailure("SSM parameter \(parameter.debugDescription) does not exist in \(configuration.region): expected a parameter that names an AMI, e.g. \(OperatingSystem.al2023.imageParameter(architecture: "arm64"))")
        }
    }
}

/// One credentials provider per role ARN for the life of the process, so a
/// warm function reuses assumed credentials until they near expiry.
actor AssumedRoles {
    private var providers: [String: AssumeRoleCredentialsProvider] = [:]

    func provider(for roleARN: String, make: () -> AssumeRoleCredentialsProvider) -> AssumeRoleCredentialsProvider {
        if let existing = providers[roleARN] { return existing }
        let made = make()
        providers[roleARN] = made
        return made
    }
}
