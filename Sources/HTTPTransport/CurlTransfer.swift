import CLibcurl
import FoundationEssentials

/// One blocking libcurl transfer; everything libcurl needs stays alive for the
/// length of `perform()`.
struct CurlTransfer {
    let request: HTTPRequest
    let cancelled: CancelFlag

    func perform() throws -> HTTPResponse {
        guard clibcurl_load() == 0 else {
            throw HTTPTransportError(.unavailable, String(cString: clibcurl_error()))
        }
        try request.validate()
        guard let curl = CurlHandles.take() else {
            throw HTTPTransportError(.unavailable, "curl_easy_init failed")
        }
        defer { CurlHandles.give(curl) }

        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        for line in headerLines() {
            headerList = clibcurl_slist_append(headerList, line)
        }
        defer { clibcurl_slist_free_all(headerList) }

        let sink = ResponseSink()
        let sinkPointer = Unmanaged.passRetained(sink)
        defer { sinkPointer.release() }
        let cancelPointer = Unmanaged.passRetained(cancelled)
        defer { cancelPointer.release() }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let code: CURLcode = request.url.withCString { url in
            request.method.withCString { method in
                errorBuffer.withUnsafeMutableBufferPointer { errors in
                    request.body.withUnsafeBytes { body in
                        _ = clibcurl_setopt_pointer(curl, CURLOPT_URL, url)
                        _ = clibcurl_setopt_pointer(curl, CURLOPT_ERRORBUFFER, errors.baseAddress)
                        _ = clibcurl_setopt_long(curl, CURLOPT_NOSIGNAL, 1)
                        _ = clibcurl_setopt_long(curl, CURLOPT_FOLLOWLOCATION, 0)
                        _ = clibcurl_setopt_pointer(curl, CURLOPT_HTTPHEADER, headerList)
                        if request.method == "GET" && request.body.isEmpty {
                            _ = clibcurl_setopt_long(curl, CURLOPT_HTTPGET, 1)
                        } else if request.method == "HEAD" {
                            _ = clibcurl_setopt_long(curl, CURLOPT_NOBODY, 1)
                        } else {
                            _ = clibcurl_setopt_offset(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                            _ = clibcurl_setopt_pointer(curl, CURLOPT_POSTFIELDS, body.baseAddress ?? UnsafeRawPointer(bitPattern: 1))
                            _ = clibcurl_setopt_pointer(curl, CURLOPT_CUSTOMREQUEST, method)
                        }
                        if let timeout = request.timeout {
                            _ = clibcurl_setopt_long(curl, CURLOPT_TIMEOUT_MS, max(1, timeout.milliseconds))
                        }
                        _ = clibcurl_set_write_callback(curl, ResponseSink.bodyCallback, sinkPointer.toOpaque())
                        _ = clibcurl_set_header_callback(curl, ResponseSink.headerCallback, sinkPointer.toOpaque())
                        _ = clibcurl_set_progress_callback(curl, { context, _, _, _, _ in
                            Unmanaged<CancelFlag>.fromOpaque(context!).takeUnretainedValue().isSet ? 1 : 0
                        }, cancelPointer.toOpaque())
                        return clibcurl_perform(curl)
                    }
                }
            }
        }
        if code != CURLE_OK {
            throw failure(code, detail: String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        var status = 0
        _ = clibcurl_response_code(curl, &status)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }

    /// A header with an empty value is written `Name;`, libcurl's way of
    /// sending it empty (CloudFormation's PUT wants `Content-Type:` present and
    /// empty). libcurl's own `Expect: 100-continue` and default form content
    /// type are switched off: neither is ours to send.
    private func headerLines() -> [String] {
        var lines = request.headers.map { $0.value.isEmpty ? "\($0.name);" : "\($0.name): \($0.value)" }
        lines.append("Expect:")
        if request.headers["Content-Type"] == nil { lines.append("Content-Type:") }
        return lines
    }

    private func failure(_ code: CURLcode, detail: String) -> any Error {
        let text = detail.isEmpty ? String(cString: clibcurl_strerror(code)) : detail
        switch code {
        case CURLE_ABORTED_BY_CALLBACK: return CancellationError()
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_PROXY:
            return HTTPTransportError(.connect, text)
        case CURLE_OPERATION_TIMEDOUT: return HTTPTransportError(.timeout, text)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: return HTTPTransportError(.invalidURL, text)
        default: return HTTPTransportError(.io, text)
        }
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so that a short positive duration never
    /// becomes "no limit"; saturating at `Int.min` and `Int.max`.
    public var milliseconds: Int {
        let (seconds, attoseconds) = components
        let (whole, overflow) = Int(seconds).multipliedReportingOverflow(by: 1000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        let (total, tooBig) = whole.addingReportingOverflow(Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000))
        return tooBig ? .max : total
    }
}

/// Collects what libcurl hands back. Header lines of an interim response
/// (`100 Continue`) are dropped when the final status line arrives.
final class ResponseSink {
    var body = Data()
    var headers: [HTTPHeader] = []

    static let bodyCallback: clibcurl_data_callback = { data, size, count, context in
        let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        if let data, length > 0 {
            sink.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
        }
        return length
    }

    static let headerCallback: clibcurl_data_callback = { data, size, count, context in
        let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard let data else { return length }
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            sink.headers.removeAll()
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            sink.headers.append(HTTPHeader(name, line[line.index(after: colon)...].trimmedHTTPWhitespace))
        }
        return length
    }
}
