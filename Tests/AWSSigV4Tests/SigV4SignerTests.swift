@testable import AWSSigV4
import Foundation
import Testing

@Suite struct SigV4SignerTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    @Test func signingKeyMatchesTheAWSDocumentation() {
        // The worked example of AWS's "Examples of how to derive a signing key".
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "iam")
        let date = Date(timeIntervalSince1970: 1_329_264_000)  // 2012-02-15
        #expect(SHA256.hex(signer.signingKey(date: date))
            == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    @Test(arguments: [
        (1_440_938_160.0, "20150830T123600Z"),
        (1_709_251_199.9, "20240229T235959Z"),  // leap day; fractions are dropped, not rounded
        (0.0, "19700101T000000Z"),
        (-1.0, "19691231T235959Z"),
        (4_107_542_400.0, "21000301T000000Z"),  // 2100 is not a leap year
    ])
    func formatsTheDateInUTC(seconds: Double, expected: String) {
        let date = AMZDate(Date(timeIntervalSince1970: seconds))
        #expect(date.timestamp == expected)
        #expect(date.day == String(expected.prefix(8)))
    }

    @Test(arguments: [
        ("https://EC2.us-east-1.amazonaws.com", "ec2.us-east-1.amazonaws.com", "/", ""),
        ("https://ec2.amazonaws.com:443/?a=b#frag", "ec2.amazonaws.com", "/", "a=b"),
        ("http://127.0.0.1:5000/", "127.0.0.1:5000", "/", ""),
        ("http://h:80/x", "h", "/x", ""),
        ("https://h:80/x", "h:80", "/x", ""),
        ("http://user:pw@h:8080?q", "h:8080", "/", "q"),
        ("http://[::1]:5000/a b?c=d?e", "[::1]:5000", "/a b", "c=d?e"),
        ("http://[::1]/", "[::1]", "/", ""),
    ])
    func splitsTheURL(url: String, host: String, path: String, query: String) async throws {
        let parts = try RequestURL(url)
        #expect(parts.host == host)
        #expect(parts.path == path)
        #expect(parts.query == query)
    }

    @Test(arguments: ["example.com/x", "http:///x", "http://h:port/", "", "h:8080/x://y", "http:/x"])
    func rejectsURLsItCannotSign(url: String) {
        #expect(throws: SigV4Error.invalidURL(url)) { try RequestURL(url) }
    }

    @Test func addsHostDateTokenAndAuthorizationInOrder() throws {
        let credentials = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token")
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "sts")
        let headers = try signer.sign(
            method: "POST", url: "http://127.0.0.1:5000/",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("X-Amz-Date", "stale"), ("Authorization", "stale")],
            body: Array("Action=GetCallerIdentity".utf8), date: Self.date)
        #expect(headers.map(\.name) == ["Host", "Content-Type", "X-Amz-Security-Token", "X-Amz-Date", "Authorization"])
        #expect(headers[0].value == "127.0.0.1:5000")
        #expect(headers[2].value == "token")
        #expect(headers[3].value == "20150830T123600Z")
        #expect(headers[4].value.hasPrefix(
            "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sts/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="))
    }

    @Test func addsTheContentHashOnlyWhenAsked() throws {
        let plain = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "ec2")
        #expect(try !plain.sign(method: "GET", url: "https://h/", date: Self.date).contains { $0.name == "X-Amz-Content-Sha256" })

        let s3 = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3", options: .s3)
        let signed = try s3.signedRequest(method: "PUT", url: "https://b.s3.amazonaws.com/k", body: Array("abc".utf8), date: Self.date)
        let hash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(signed.headers.contains { $0.name == "X-Amz-Content-Sha256" && $0.value == hash })
        #expect(signed.canonicalRequest.signedHeaders == "host;x-amz-content-sha256;x-amz-date")
        #expect(signed.canonicalRequest.text.hasSuffix("\n" + hash))
    }

    @Test func keepsAGivenHostAndSignsTheSameTwice() throws {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "service")
        let first = try signer.sign(method: "GET", url: "https://10.0.0.1/", headers: [("Host", "example.amazonaws.com")], date: Self.date)
        // Signing the signed headers again (a retry) replaces date and signature, not adds.
        let again = try signer.sign(method: "GET", url: "https://10.0.0.1/", headers: first, date: Self.date)
        #expect(first.map(\.name) == ["Host", "X-Amz-Date", "Authorization"])
        #expect(again.map(\.name) == first.map(\.name))
        #expect(again.last?.value == first.last?.value)
        // The get-vanilla vector's signature: the Host given, not the URL's, is signed.
        #expect(first.last?.value.hasSuffix("Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31") == true)
    }

    @Test func errorsSayWhatWentWrong() {
        #expect(SigV4Error.invalidURL("x").description == "cannot sign AWS request: not an absolute URL: x")
    }
}
