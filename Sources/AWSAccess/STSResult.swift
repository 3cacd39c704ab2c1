/// The `<OperationResult>` of an STS answer whose root has been checked, and
/// one way of saying what in it is missing.
struct STSResult {
    let result: XMLElement?
    let operation: String

    init(_ response: XMLElement, operation: String) {
        self.result = response.child(named: "\(operation)Result")
        self.operation = operation
    }

    /// The trimmed text at `path` below the result element.
    func text(_ path: String...) throws(AWSError) -> String {
        var element = result
        for name in path { element = element?.child(named: name) }
        let value = trimmed(element?.text ?? "")
        guard !value.isEmpty else {
            throw unexpected("no \(([operation + "Result"] + path).joined(separator: "/")) in the answer")
        }
        return value
    }

    func unexpected(_ message: String) -> AWSError {
        AWSError(service: STSClient.service, operation: operation, code: AWSError.Code.unexpectedResponse, message: message)
    }
}
