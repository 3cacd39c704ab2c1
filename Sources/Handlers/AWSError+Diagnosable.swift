public import AWSAccess
public import CfnResponse

// AWS failures carry their code, request id and status into the Reason. The
// conformance lives here, where AWS access and CloudFormation meet, so that
// neither module knows the other.
extension AWSError: DiagnosableError {
    public var summary: String { description }
    public var awsErrorCode: String? { code }
    public var awsRequestID: String? { requestID }
}
