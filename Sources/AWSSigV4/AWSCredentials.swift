/// The keys that sign a request. `description`, `debugDescription` and
/// `dump` show the access key ID only: the secret and the session token are
/// redacted so a credential value can be logged or interpolated safely.
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    /// Present for temporary credentials (STS, a Lambda execution role).
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private static let redacted = "<redacted>"

    public var description: String {
        let token = sessionToken == nil ? "nil" : Self.redacted
        return "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: \(Self.redacted), sessionToken: \(token))"
    }

    public var debugDescription: String { description }

    // Without this, `dump` and debuggers would walk the stored properties and
    // print the secret.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "accessKeyID": accessKeyID,
            "secretAccessKey": Self.redacted,
            "sessionToken": sessionToken == nil ? "nil" : Self.redacted,
        ])
    }
}
