public import FoundationEssentials

/// One SSM parameter as `GetParameter` answers it (botocore shape
/// `Parameter`). Name, type, value and version are always there in a real
/// answer; the rest may not be.
public struct SSMParameter: Sendable, Equatable, Decodable {
    public var name: String
    /// `String`, `StringList` (comma-separated, no spaces) or `SecureString`.
    public var type: String
    /// The value; a `SecureString` is encrypted unless asked for decrypted.
    public var value: String
    public var version: Int64
    public var arn: String?
    /// `text`, or `aws:ec2:image` for parameters that hold AMI ids.
    public var dataType: String?
    public var lastModifiedDate: Date?
    /// The `:version` or `:label` the name asked for, if any.
    public var selector: String?
    /// For a parameter that references a Secrets Manager secret, its ARN.
    public var sourceResult: String?

    public init(name: String, type: String, value: String, version: Int64, arn: String? = nil, dataType: String? = nil,
                lastModifiedDate: Date? = nil, selector: String? = nil, sourceResult: String? = nil) {
        self.name = name
        self.type = type
        self.value = value
        self.version = version
        self.arn = arn
        self.dataType = dataType
        self.lastModifiedDate = lastModifiedDate
        self.selector = selector
        self.sourceResult = sourceResult
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", type = "Type", value = "Value", version = "Version", arn = "ARN", dataType = "DataType"
        case lastModifiedDate = "LastModifiedDate", selector = "Selector", sourceResult = "SourceResult"
    }
}
