import FoundationEssentials
public import HTTPTransport
import JSONKit

extension JSON11Request {
    /// The answer to this request decoded as `Output`.
    ///
    /// The body decides, never the `Content-Type` (moto answers JSON as
    /// `text/html`). A 2xx JSON object is decoded with explicit `null`s
    /// treated as absent and timestamps read as epoch seconds, the protocol's
    /// default.
    ///
    /// - Throws: `AWSError` (service, operation, HTTP status) for every other
    ///   answer:
    ///   - a failed answer with a JSON object: the code from `__type`, the
    ///     `x-amzn-ErrorType` header, `code` or `Code`, with any `prefix#`
    ///     and `:suffix` cut off (`com.amazonaws.ssm#ParameterNotFound` is
    ///     `ParameterNotFound`), and the message from `message` or `Message`;
    ///     `HTTP<status>` and the body's start when it names no code;
    ///   - an XML error body in the EC2 or AWS Query shape, on any status
    ///     (moto answers signature and permission failures of JSON services
    ///     so): its code and message, as `EC2Query.result(from:)` reads them;
    ///   - another failed answer (an HTML page, an empty body): the header's
    ///     code if any, else `HTTP<status>`, and the body's first 200 characters;
    ///   - a 2xx answer that is not a JSON object, or lacks a member `Output`
    ///     needs: `UnexpectedResponse` saying what was wrong.
    ///   The request id comes from the body (`RequestId`, or the XML's),
    ///   else from the `x-amzn-RequestId` or `x-amz-request-id` header.
    public func result<Output: Decodable>(_ type: Output.Type, from response: HTTPResponse) throws(AWSError) -> Output {
        let succeeded = (200...299).contains(response.status)
        let headerRequestID = response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"]
        let headerCode = response.headers["x-amzn-ErrorType"].flatMap(JSON11ErrorBody.errorCode)
        let statusCode = AWSError.Code.httpStatus(response.status)
        func failure(_ code: String, _ message: String, requestID: String? = nil) -> AWSError {
            AWSError(service: service, operation: operation, code: code, message: message,
                     requestID: requestID ?? headerRequestID, httpStatus: response.status)
        }
        let snippet = EC2Query.snippet(of: response.body)

        switch try? JSONValue(parsing: response.body) {
        case .object(let object)?:
            guard succeeded else {
                let error = JSON11ErrorBody(object, headers: response.headers)
                throw failure(error.code ?? statusCode, error.message ?? (error.code == nil ? snippet : ""), requestID: error.requestID)
            }
            do {
                return try Self.decoder.decode(Output.self, from: response.body)
            } catch let error as DecodingError {
                throw failure(AWSError.Code.unexpectedResponse, "the answer's \(Self.describe(error))")
            } catch {
                throw failure(AWSError.Code.unexpectedResponse, "the answer cannot be decoded: \(error)")
            }
        case let other?:
            guard succeeded else { throw failure(headerCode ?? statusCode, snippet) }
            throw failure(AWSError.Code.unexpectedResponse, "expected a JSON object, got \(Self.kind(of: other)): \(snippet)")
        case nil:
            // Not JSON: perhaps an XML error. XMLReader fails fast on
            // anything that does not start like XML.
            if let root = try? XMLReader().read(response.body), let error = QueryErrorBody(root) {
                throw failure(error.code ?? headerCode ?? statusCode, error.message, requestID: error.requestID)
            }
            guard succeeded else { throw failure(headerCode ?? statusCode, snippet) }
            throw failure(AWSError.Code.unexpectedResponse, snippet.isEmpty
                ? "expected a JSON object, got an empty body"
                : "expected a JSON object, got a body that is not JSON: \(snippet)")
        }
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// What is wrong, by member path: `Parameter.Value is missing`,
    /// `Users[0].UserId is not of type String`. A `null` is as missing as an
    /// absent member.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "top level" : text
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .valueNotFound(_, let context): return "\(path(context.codingPath)) is missing"
        case .typeMismatch(let type, let context): return "\(path(context.codingPath)) is not of type \(type)"
        case .dataCorrupted(let context): return "\(path(context.codingPath)) is unreadable: \(context.debugDescription)"
        @unknown default: return "shape is unexpected: \(error)"
        }
    }
}
