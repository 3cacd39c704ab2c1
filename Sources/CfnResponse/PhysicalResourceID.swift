/// Which PhysicalResourceId a response carries. CloudFormation reads a change
/// of id on Update as a replacement (and later deletes the old id), so the
/// incoming id is kept unless the handler deliberately returns another.
public enum PhysicalResourceID {
    /// Marks the id of a Create that failed: nothing was made under it, so
    /// its Delete (CloudFormation's rollback) succeeds without any work.
    public static let failedCreatePrefix = "mapu-failed-create:"

    public static func isFailedCreate(_ id: String) -> Bool {
        id.hasPrefix(failedCreatePrefix)
    }

    /// The id for a successful response.
    public static func forSuccess(_ request: CustomResourceRequest, chosen: String?) -> String {
        if let chosen, !chosen.isEmpty { return chosen }
        return request.physicalResourceID ?? defaultForCreate(request)
    }

    /// The id for a FAILED response: the incoming one, or a recognisable one
    /// for a failed Create.
    public static func forFailure(_ request: CustomResourceRequest) -> String {
        request.physicalResourceID ?? failedCreate(requestID: request.requestID, logicalResourceID: request.logicalResourceID)
    }

    public static func failedCreate(requestID: String, logicalResourceID: String) -> String {
        failedCreatePrefix + (logicalResourceID.isEmpty ? "unknown" : logicalResourceID) + ":" + (requestID.isEmpty ? "unknown" : requestID)
    }

    /// A Create whose handler chose no id gets one that is stable for the
    /// request (a redelivered event gets the same id).
    static func defaultForCreate(_ request: CustomResourceRequest) -> String {
        "\(request.logicalResourceID)-\(request.requestID.filter { $0.isLetter || $0.isNumber }.prefix(12))"
    }
}
