import AWSSigV4
import HTTPTransport
import Foundation
import Testing

/// Pseudo-random requests signed by us and by botocore's `SigV4Auth`
/// (scripts/botocore_sigv4.py), compared on the whole `Authorization` header.
@Suite struct BotocoreCrossCheckTests {
    static let date = Date(timeIntervalSince1970: 1_767_323_045)  // 2026-01-02T03:04:05Z
    static let timestamp = "20260102T030405Z"

    @Test func authorizationMatchesBotocore() async throws {
        var random = SplitMix64(seed: 0x5167_5634)
        let requests = (0..<48).map { _ in RandomRequest(&random) }

        let ours = try requests.map { request in
            let signed = try request.signer.signedRequest(
                method: request.method, url: request.url, headers: request.headers, body: request.body, date: Self.date)
            return (authorization: signed.headers.last!.value, canonical: signed.canonicalRequest.text)
        }
        // The script runs for a while: wait for it off the cooperative pool.
        let theirs = try await onOwnThread { try Self.botocore(requests) }
        try #require(theirs.count == requests.count)
        for (index, request) in requests.enumerated() {
            #expect(
                ours[index].authorization == theirs[index].authorization,
                """
                request \(index): \(request.method) \(request.url) \(request.headers)
                ours:
                \(ours[index].canonical)
                botocore:
                \(theirs[index].canonical_request ?? "?")
                """)
        }
    }

    struct BotocoreResult: Decodable {
        var authorization: String
        var canonical_request: String?
    }

    /// Runs the script once for all requests; a missing python3 or botocore
    /// is reported as such rather than as a mismatch.
    static func botocore(_ requests: [RandomRequest]) throws -> [BotocoreResult] {
        let job: [String: Any] = [
            "timestamp": timestamp,
            "requests": requests.map { request -> [String: Any] in
                var spec: [String: Any] = [
                    "method": request.method, "url": request.url,
                    "headers": request.headers.map { [$0.name, $0.value] },
                    "body_base64": Data(request.body).base64EncodedString(),
                    "access_key": request.signer.credentials.accessKeyID,
                    "secret_key": request.signer.credentials.secretAccessKey,
                    "region": request.signer.region, "service": request.signer.service,
                ]
                if let token = request.signer.credentials.sessionToken { spec["token"] = token }
                return spec
            },
        ]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestResources.botocoreScript.path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        // Without python3 the child exits at once; the write below must then
        // fail with EPIPE rather than kill the whole test process.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        // The script reads all of stdin before writing, so writing first cannot
        // deadlock; a failed write shows in the exit status.
        try? input.fileHandleForWriting.write(contentsOf: JSONSerialization.data(withJSONObject: job))
        try? input.fileHandleForWriting.close()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0: return try JSONDecoder().decode([BotocoreResult].self, from: stdout)
        case 127: try TestResources.missing("python3 not found: the botocore cross-check needs python3 with botocore")
        case 3: try TestResources.missing("botocore not importable, the cross-check needs it: \(stderr)")
        default: throw ScriptFailed(status: process.terminationStatus, stderr: stderr)
        }
    }

    struct ScriptFailed: Error, CustomStringConvertible {
        var status: Int32
        var stderr: String
        var description: String { "scripts/botocore_sigv4.py exited \(status): \(stderr)" }
    }
}

/// One request made of the awkward parts: paths with spaces, UTF-8, reserved
/// characters, dot and empty segments; queries with repeated names, empty and
/// bare values; headers with ragged whitespace and repeats.
struct RandomRequest {
    var signer: SigV4Signer
    var method: String
    var url: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    static let origins = [
        "https://ec2.us-east-1.amazonaws.com", "http://127.0.0.1:5000", "https://Sts.Amazonaws.COM:443",
        "http://localhost:4566", "http://[::1]:5000", "https://example.com:8443", "http://example.com:80",
    ]
    static let segments = [
        "a", "b c", "ü", "ሴ", "😀", "!'()*", ":@$,;=+&", "%20", "%2F", "~.-_", ".", "..", "", "x%y", "[x]", "A-Z",
    ]
    static let names = ["Action", "Version", "a", "a b", "ü", "k=", "key&", "*", "~x", "", "Z", "b"]
    static let values = ["1", "", "a+b", "x y", "ሴ", "/path", "=", "&", "%", "2015-08-30", "Ab~"]
    static let headerNames = [
        "X-Custom", "x-amz-meta-note", "Content-Type", "Accept", "X-Dup", "X-Dup", "User-Agent", "X-Amzn-Trace-Id",
    ]
    static let words = ["v1", "text/plain;", "charset=utf-8", "\"quoted\"", "a,b", "Z"]
    static let spaces = [" ", "  ", "\t", " \t ", ""]

    init(_ random: inout SplitMix64) {
        let token = random.next(2) == 0 ? nil : "FwoGZXIvYXdzE+/token\(random.next(1000))=="
        signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: "AKID\(random.next(1000))", secretAccessKey: "secret/\(random.next(1000))+KEY",
                sessionToken: token),
            region: ["us-east-1", "eu-west-3"][random.next(2)],
            service: ["ec2", "sts", "execute-api", "cloudformation"][random.next(4)])
        method = random.next(2) == 0 ? "GET" : "POST"

        var path = "/" + (0..<random.next(5)).map { _ in Self.segments[random.next(Self.segments.count)] }
            .joined(separator: "/")
        if random.next(3) == 0 { path += "/" }
        // botocore signs the query as sent, so it is sent canonically encoded;
        // Foundation encodes it here, independently of the signer.
        let unreserved = CharacterSet(charactersIn: "-._~").union(
            CharacterSet(charactersIn: "a"..."z")).union(CharacterSet(charactersIn: "A"..."Z"))
            .union(CharacterSet(charactersIn: "0"..."9"))
        let query = (0..<random.next(5)).map { _ -> String in
            let name = Self.names[random.next(Self.names.count)].addingPercentEncoding(withAllowedCharacters: unreserved)!
            let value = Self.values[random.next(Self.values.count)].addingPercentEncoding(withAllowedCharacters: unreserved)!
            return value.isEmpty && random.next(2) == 0 ? name : "\(name)=\(value)"
        }.joined(separator: "&")
        url = Self.origins[random.next(Self.origins.count)] + path + (query.isEmpty ? "" : "?\(query)")

        headers = (0..<random.next(5)).map { _ in
            let words = (0..<(1 + random.next(3))).map { _ in Self.words[random.next(Self.words.count)] }
            let value = Self.spaces[random.next(Self.spaces.count)]
                + words.joined(separator: Self.spaces[random.next(4)])
                + Self.spaces[random.next(Self.spaces.count)]
            return (Self.headerNames[random.next(Self.headerNames.count)], value)
        }
        body = method == "POST" ? (0..<random.next(64)).map { _ in UInt8(random.next(256)) } : []
    }
}

/// A small seeded generator, so every run checks the same requests.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next(_ upperBound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(upperBound))
    }
}
