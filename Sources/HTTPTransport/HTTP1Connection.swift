public import FoundationEssentials

/// HTTP/1.1 over one blocking socket, for both ends of an exchange: the
/// runtime's Runtime API client, `PlainHTTPTransport`, and the test and
/// local-run servers.
/// Bodies are framed by `Content-Length` or chunked encoding; anything else
/// in a response runs to the end of the connection.
public final class HTTP1Connection: @unchecked Sendable {
    /// Lambda's payload limit is 6 MB; a little more leaves room for framing.
    public static let maximumBody = 16 * 1024 * 1024
    static let maximumHead = 64 * 1024

    public let socket: Socket
    private var buffer: [UInt8] = []
    private var position = 0

    public init(socket: Socket) {
        self.socket = socket
    }

    // MARK: Client side

    /// Sends `headers` as given, with `Host: host` unless they have a Host of
    /// their own, and a `Content-Length` of the body's size in place of any
    /// they carry (a wrong one would desynchronise the connection).
    public func sendRequest(method: String, target: String, host: String, headers: [HTTPHeader], body: Data) throws {
        let hostHeader = headers["Host"] == nil ? [HTTPHeader("Host", host)] : []
        try send(startLine: "\(method) \(target) HTTP/1.1", headers: hostHeader + headers, body: body)
    }

    /// The final response: interim ones (`100 Continue`) are skipped. The
    /// answer to a HEAD request has no body, whatever its headers say.
    public func readResponse(toHEAD: Bool = false) throws -> HTTPResponse {
        while true {
            let (startLine, headers) = try readHead(allowEOF: false)!
            let parts = startLine.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]), (100...999).contains(status) else {
                throw HTTPTransportError(.malformedResponse, "bad status line \(startLine.prefix(80).debugDescription)")
            }
            if (100..<200).contains(status) && status != 101 { continue }
            let body = toHEAD || status == 204 || status == 304 ? Data() : try readBody(headers: headers, untilCloseAllowed: true)
            return HTTPResponse(status: status, headers: headers, body: body)
        }
    }

    // MARK: Server side

    /// The next request, or `nil` when the peer closed the connection between requests.
    public func readRequest() throws -> (method: String, target: String, headers: [HTTPHeader], body: Data)? {
        guard let (startLine, headers) = try readHead(allowEOF: true) else { return nil }
        let parts = startLine.split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else {
            throw HTTPTransportError(.malformedResponse, "bad request line \(startLine.prefix(80).debugDescription)")
        }
        return (String(parts[0]), String(parts[1]), headers, try readBody(headers: headers, untilCloseAllowed: false))
    }

    /// Sends `headers` as given, with a `Content-Length` of the body's size
    /// in place of any they carry (a relayed answer's may be out of date).
    public func sendResponse(status: Int, headers: [HTTPHeader] = [], body: Data = Data()) throws {
        try send(startLine: "HTTP/1.1 \(status) \(Self.reason(status))", headers: headers, body: body)
    }

    /// One message: the start line, `headers` without any Content-Length of
    /// theirs, the body's own Content-Length, the body.
    private func send(startLine: String, headers: [HTTPHeader], body: Data) throws {
        var head = startLine + "\r\n"
        for header in headers where header.name.lowercased() != "content-length" {
            head += "\(header.name): \(header.value)\r\n"
        }
        head += "Content-Length: \(body.count)\r\n\r\n"
        try socket.write(Array(head.utf8) + body)
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 202: "Accepted"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 413: "Payload Too Large"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    // MARK: Framing

    private func readHead(allowEOF: Bool) throws -> (String, [HTTPHeader])? {
        var lines: [String] = []
        var headBytes = 0
        while true {
            guard let line = try readLine() else {
                if allowEOF && lines.isEmpty && headBytes == 0 { return nil }
                throw HTTPTransportError(.io, "connection closed before the message head ended")
            }
            headBytes += line.utf8.count + 2
            guard headBytes <= Self.maximumHead else {
                throw HTTPTransportError(.malformedResponse, "message head longer than \(Self.maximumHead) bytes")
            }
            if line.isEmpty {
                if lines.isEmpty { continue }  // tolerated stray CRLF between messages
                break
            }
            lines.append(line)
        }
        var headers: [HTTPHeader] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw HTTPTransportError(.malformedResponse, "bad header line \(line.prefix(80).debugDescription)")
            }
            headers.append(HTTPHeader(String(line[..<colon]), line[line.index(after: colon)...].trimmedHTTPWhitespace))
        }
        return (lines[0], headers)
    }

    private func readBody(headers: [HTTPHeader], untilCloseAllowed: Bool) throws -> Data {
        if let encoding = headers["Transfer-Encoding"], encoding.lowercased().contains("chunked") {
            return try readChunked()
        }
        let lengths = Set(headers.filter { $0.name.lowercased() == "content-length" }.map(\.value))
        guard lengths.count <= 1 else {
            throw HTTPTransportError(.malformedResponse, "conflicting Content-Length headers \(lengths.sorted())")
        }
        if let lengthText = lengths.first {
            guard let length = Int(lengthText), length >= 0 else {
                throw HTTPTransportError(.malformedResponse, "bad Content-Length \(lengthText.debugDescription)")
            }
            guard length <= Self.maximumBody else {
                throw HTTPTransportError(.malformedResponse, "body of \(length) bytes is over the \(Self.maximumBody)-byte limit")
            }
            return try readExactly(length)
        }
        return untilCloseAllowed ? try readToEnd() : Data()
    }

    private func readChunked() throws -> Data {
        var body = Data()
        while true {
            guard let sizeLine = try readLine() else { throw HTTPTransportError(.io, "connection closed inside a chunked body") }
            let sizeText = sizeLine.split(separator: ";").first.map { $0.trimmedHTTPWhitespace } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else {
                throw HTTPTransportError(.malformedResponse, "bad chunk size \(sizeLine.prefix(40).debugDescription)")
            }
            if size == 0 {
                while let trailer = try readLine(), !trailer.isEmpty {}
                return body
            }
            // Subtracting: a chunk size near Int.max must be refused, not overflow.
            guard size <= Self.maximumBody - body.count else {
                throw HTTPTransportError(.malformedResponse, "chunked body over the \(Self.maximumBody)-byte limit")
            }
            body.append(try readExactly(size))
            _ = try readLine()
        }
    }

    private func readLine() throws -> String? {
        while true {
            if let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > position && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[position..<end], as: UTF8.self)
                position = newline + 1
                return line
            }
            if buffer.count - position > Self.maximumHead {
                throw HTTPTransportError(.malformedResponse, "line longer than \(Self.maximumHead) bytes")
            }
            if try fill() == 0 { return nil }
        }
    }

    private func readExactly(_ count: Int) throws -> Data {
        while buffer.count - position < count {
            if try fill() == 0 { throw HTTPTransportError(.io, "connection closed \(buffer.count - position) bytes into a \(count)-byte body") }
        }
        let bytes = Data(buffer[position..<(position + count)])
        position += count
        return bytes
    }

    private func readToEnd() throws -> Data {
        while try fill() > 0 {
            if buffer.count - position > Self.maximumBody { throw HTTPTransportError(.malformedResponse, "body over the limit") }
        }
        defer { position = buffer.count }
        return Data(buffer[position...])
    }

    /// Reads more bytes into the buffer, dropping what was consumed; 0 at end of stream.
    private func fill() throws -> Int {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        let chunk = 64 * 1024
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        let got = try buffer.withUnsafeMutableBytes { try socket.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[old...])) }
        buffer.removeLast(chunk - got)
        return got
    }
}
