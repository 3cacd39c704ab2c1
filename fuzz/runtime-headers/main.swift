// libFuzzer target: the Runtime API's `/next` answer. The input is read twice:
// as `Name: value` lines handed straight to `InvocationContext(headers:)`, and
// as a whole HTTP/1.1 response read by `HTTP1Connection.readResponse` from a
// socketpair, whose headers then go to `InvocationContext(headers:)`. Either
// may throw; neither may trap, hang or leak.
import Glibc
import FoundationEssentials
@testable import HTTPTransport
import LambdaRuntime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    readContext(lines: bytes)
    readResponse(bytes)
    return 0
}

/// Each line with a colon is a header: the name before the first colon, the
/// value after it with HTTP's optional white space trimmed.
func readContext(lines bytes: [UInt8]) {
    var headers: [HTTPHeader] = []
    for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
        let text = String(decoding: line, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { continue }
        headers.append(HTTPHeader(String(text[..<colon]), text[text.index(after: colon)...].trimmedHTTPWhitespace))
    }
    check(headers)
}

func check(_ headers: [HTTPHeader]) {
    do {
        let context = try InvocationContext(headers: headers)
        // What the context promises: a request id, a function ARN, a positive deadline.
        guard !context.requestID.isEmpty, !context.invokedFunctionARN.isEmpty, context.deadlineMilliseconds > 0 else {
            fatalError("InvocationContext accepted \(headers)")
        }
        _ = context.remainingMilliseconds(now: 0)
    } catch {
        _ = error.description
    }
}

/// The peer writes the whole input and closes; the connection reads one
/// response. Only the first 64 KiB are sent, well within a socket buffer,
/// so the write never waits for the read (`-max_len` is smaller anyway).
func readResponse(_ input: [UInt8]) {
    let bytes = Array(input.prefix(64 * 1024))
    var fds: [Int32] = [0, 0]
    guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
        fatalError("socketpair: \(String(cString: strerror(errno)))")
    }
    var written = 0
    while written < bytes.count {
        let sent = bytes.withUnsafeBytes { send(fds[1], $0.baseAddress! + written, bytes.count - written, Int32(MSG_NOSIGNAL)) }
        guard sent > 0 else { fatalError("send: \(String(cString: strerror(errno)))") }
        written += sent
    }
    close(fds[1])
    let connection = HTTP1Connection(socket: Socket(descriptor: fds[0]))
    guard let response = try? connection.readResponse() else { return }
    guard (100...999).contains(response.status), response.body.count <= HTTP1Connection.maximumBody else {
        fatalError("readResponse accepted status \(response.status) with \(response.body.count) bytes")
    }
    check(response.headers)
}
