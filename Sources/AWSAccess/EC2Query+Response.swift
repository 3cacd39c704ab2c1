import FoundationEssentials
public import HTTPTransport

extension EC2Query {
    /// The `<ActionResponse>` root element of a successful answer to this
    /// query (`<DescribeVpcsResponse>` for `DescribeVpcs`).
    ///
    /// - Throws: `AWSError` (service `EC2`, operation `action`, with the HTTP
    ///   status) for every other answer:
    ///   - an EC2 error (`<Response><Errors><Error>…`) or an AWS Query error
    ///     (`<ErrorResponse><Error>…`): AWS's code, message and request id;
    ///   - another failed answer (an HTML page, an empty body): code
    ///     `HTTP<status>`, message the body's first 200 characters;
    ///   - a 2xx answer whose root is not `<ActionResponse>`, or that is not
    ///     XML: code `UnexpectedResponse`. A request that was not signed or
    ///     went to the wrong place can be answered 200 by something else
    ///     entirely (moto answers S3's `<ListAllMyBucketsResult>`), and that
    ///     must never pass for success.
    ///   The request id comes from the body, else from the `x-amzn-RequestId`
    ///   or `x-amz-request-id` header.
    public func result(from response: HTTPResponse) throws(AWSError) -> XMLElement {
        try Self.result(from: response, service: Self.service, operation: action)
    }

    /// The same checks for any service that speaks the Query protocol and
    /// answers `<OperationResponse>`.
    static func result(from response: HTTPResponse, service: String, operation: String) throws(AWSError) -> XMLElement {
        let headerRequestID = response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"]
        let succeeded = (200...299).contains(response.status)
        func failure(_ code: String, _ message: String, requestID: String? = nil) -> AWSError {
            AWSError(service: service, operation: operation, code: code, message: message,
                     requestID: requestID ?? headerRequestID, httpStatus: response.status)
        }
        let expected = "\(operation)Response"

        let root: XMLElement
        do {
            root = try XMLReader().read(response.body)
        } catch {
            let snippet = snippet(of: response.body)
            guard succeeded else { throw failure(AWSError.Code.httpStatus(response.status), snippet) }
            throw failure(AWSError.Code.unexpectedResponse, snippet.isEmpty
                ? "expected <\(expected)>, got an empty body"
                : "expected <\(expected)>, got a body that is not XML (\(error)): \(snippet)")
        }
        if let error = QueryErrorBody(root) {
            throw failure(error.code ?? AWSError.Code.httpStatus(response.status), error.message, requestID: error.requestID)
        }
        guard succeeded else { throw failure(AWSError.Code.httpStatus(response.status), snippet(of: response.body)) }
        guard root.name == expected else {
            throw failure(AWSError.Code.unexpectedResponse, "expected <\(expected)>, got <\(root.name)>")
        }
        return root
    }

    /// The start of a body for a person to read: at most 200 characters,
    /// decoded leniently because a failed answer may be anything.
    static func snippet(of body: Data) -> String {
        // 200 characters fit in far fewer than 2,048 bytes; decoding a
        // prefix keeps a megabyte of HTML from being decoded for nothing.
        trimmed(String(String(decoding: body.prefix(2048), as: UTF8.self).prefix(200)))
    }
}

/// The error in an EC2 (`<Response><Errors><Error>`) or AWS Query
/// (`<ErrorResponse><Error>`) error body; `nil` for any other document.
/// moto's AuthFailure mixes the two (`<ErrorResponse><Errors><Error>`), so
/// either root is read with either nesting.
struct QueryErrorBody {
    var code: String?
    var message: String
    var requestID: String?

    init?(_ root: XMLElement) {
        guard root.name == "Response" || root.name == "ErrorResponse",
              let error = root["Errors", "Error"] ?? root["Error"]
        else { return nil }
        // When AWS reports several errors the first explains the failure.
        code = error.optionalText("Code")
        message = trimmed(error.text(of: "Message") ?? "")
        requestID = (root.text(of: "RequestID") ?? root.text(of: "RequestId") ?? root.text(of: "requestId"))
            .map(trimmed).flatMap { $0.isEmpty ? nil : $0 }
    }
}

func trimmed(_ text: String) -> String {
    guard let first = text.firstIndex(where: { !$0.isWhitespace }),
          let last = text.lastIndex(where: { !$0.isWhitespace })
    else { return "" }
    return String(text[first...last])
}
