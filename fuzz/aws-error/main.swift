// libFuzzer target: how an AWS answer becomes a value or an `AWSError`, in
// both protocols: `JSON11Request.result(_:from:)` (with `JSON11ErrorBody`)
// and `EC2Query.result(from:)` (with `QueryErrorBody`).
//
// Input: a first line `STATUS[ ERROR-TYPE]`, then the body. STATUS is the HTTP
// status (400 if unreadable or outside 100–599); ERROR-TYPE, if present, is sent as the
// `x-amzn-ErrorType` header. E.g. `400 ThrottlingException\n{"message":"slow"}`.
//
// Besides never trapping, hanging or leaking: a failed status always throws,
// and every AWSError keeps the service, operation and status it was given.
import FoundationEssentials
import HTTPTransport
@testable import AWSAccess

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
    let first = String(decoding: bytes[..<newline], as: UTF8.self)
    let body = Data(bytes[min(newline + 1, bytes.count)...])
    let words = first.split(separator: " ", maxSplits: 1)
    let status = words.first.flatMap { Int($0) }.flatMap { (100...599).contains($0) ? $0 : nil } ?? 400
    var headers = [HTTPHeader("x-amzn-RequestId", "header-id")]
    if words.count > 1 {
        let errorType = String(words[1])
        headers.append(HTTPHeader("x-amzn-ErrorType", errorType))
        checkErrorCode(errorType)
    }
    let response = HTTPResponse(status: status, headers: headers, body: body)

    let ssm = JSON11Request(service: "SSM", targetPrefix: SSMClient.targetPrefix, operation: "GetParameter", body: Data())
    json11(ssm, SSMClient.GetParameterResult.self, response)
    let identityStore = JSON11Request(service: "identitystore", targetPrefix: "AWSIdentityStore", operation: "ListUsers", body: Data())
    json11(identityStore, IdentityStoreClient.ListUsersResponse.self, response)

    do {
        _ = try EC2Query(action: "DescribeVpcs").result(from: response)
        guard (200...299).contains(status) else { fatalError("EC2Query.result accepted status \(status)") }
    } catch {
        check(error, service: "EC2", operation: "DescribeVpcs", status: status)
    }
    return 0
}

func json11<Output: Decodable>(_ request: JSON11Request, _ type: Output.Type, _ response: HTTPResponse) {
    do {
        _ = try request.result(type, from: response)
        guard (200...299).contains(response.status) else { fatalError("JSON11Request.result accepted status \(response.status)") }
    } catch {
        check(error, service: request.service, operation: request.operation, status: response.status)
    }
}

func check(_ error: AWSError, service: String, operation: String, status: Int) {
    guard error.service == service, error.operation == operation, error.httpStatus == status, !error.code.isEmpty else {
        fatalError("\(service) \(operation) at \(status) became \(error)")
    }
    _ = error.description
}

/// What `errorCode` promises: no `:` or `#` left, no surrounding white space, never empty.
func checkErrorCode(_ raw: String) {
    guard let code = JSON11ErrorBody.errorCode(raw) else { return }
    guard !code.isEmpty, !code.contains(":"), !code.contains("#"), trimmed(code) == code else {
        fatalError("errorCode(\(raw.debugDescription)) is \(code.debugDescription)")
    }
}
