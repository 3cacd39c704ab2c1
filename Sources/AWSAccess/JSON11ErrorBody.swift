import HTTPTransport
import JSONKit

/// The error in a JSON 1.1 error answer: what botocore reads from it, with
/// explicit `null`s treated as absent.
///
/// The code is the first of the body's `__type`, the `x-amzn-ErrorType`
/// header, the body's `code` or `Code`, each normalised by `errorCode(_:)`;
/// the message is `message` or `Message`; the request id is the body's
/// `RequestId` (Identity Store sends one) if present.
struct JSON11ErrorBody {
    var code: String?
    var message: String?
    var requestID: String?

    init(_ object: [String: JSONValue], headers: [HTTPHeader]) {
        let candidates = [object["__type"]?.stringValue, headers["x-amzn-ErrorType"], object["code"]?.stringValue, object["Code"]?.stringValue]
        code = candidates.lazy.compactMap { $0.flatMap(Self.errorCode) }.first
        message = [object["message"]?.stringValue, object["Message"]?.stringValue].lazy.compactMap { $0 }.first.map(trimmed)
        requestID = [object["RequestId"]?.stringValue, object["requestId"]?.stringValue].lazy
            .compactMap { $0.map(trimmed) }.first { !$0.isEmpty }
    }

    /// The bare code, as botocore cuts it: anything from the first `:` on
    /// goes (AWS's header says `ParameterNotFound:http://internal.amazon.com/…`),
    /// then everything up to the last `#` (`com.amazonaws.ssm#ParameterNotFound`).
    /// `nil` if nothing is left.
    static func errorCode(_ raw: String) -> String? {
        var code = Substring(raw)
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        let bare = trimmed(String(code))
        return bare.isEmpty ? nil : bare
    }
}
