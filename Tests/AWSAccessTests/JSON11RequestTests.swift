import AWSAccess
import Foundation
import HTTPTransport
import Testing

/// A JSON 1.1 request as a pure value: its headers and its body, written as
/// botocore writes it (member order kept, Python's `json.dumps` text).
struct JSON11RequestTests {
    struct Inner: Encodable { var b = "x" }
    struct Nothing: Encodable {}

    /// Members deliberately out of alphabetical order.
    struct Sample: Encodable {
        var zeta = "z"
        var alpha = "a/é😀\u{7f}\u{1}\n\"\\\t\u{8}\u{c}"
        var absent: Int? = nil
        var present: Int? = 0
        var flag = true
        var list = [1, 2]
        var nested = Inner()
        var empty: [String] = []
        var date = Date(timeIntervalSince1970: 1_700_000_000.9)
        var data = Data([0, 1, 2])
        var double = 2.5
        var map = ["k": "v"]
        var nothing = Nothing()
    }

    @Test func writesTheBodyAsPythonsJSONDumps() throws {
        let request = try JSON11Request(service: "SSM", targetPrefix: "AmazonSSM", operation: "GetParameter", input: Sample())
        // What json.dumps gives for the same members in the same order.
        let python = #"""
            {"zeta": "z", "alpha": "a/\u00e9\ud83d\ude00\u007f\u0001\n\"\\\t\b\f", "present": 0, "flag": true, "list": [1, 2], \#
            "nested": {"b": "x"}, "empty": [], "date": 1700000000, "data": "AAEC", "double": 2.5, "map": {"k": "v"}, "nothing": {}}
            """#
        #expect(String(decoding: request.body, as: UTF8.self) == python)
    }

    @Test func namesTheOperationInTheTargetHeader() throws {
        let request = try JSON11Request(service: "identitystore", targetPrefix: "AWSIdentityStore", operation: "GetUserId", input: Nothing())
        #expect(request.target == "AWSIdentityStore.GetUserId")
        #expect(request.headers == [HTTPHeader("Content-Type", "application/x-amz-json-1.1"),
                                    HTTPHeader("X-Amz-Target", "AWSIdentityStore.GetUserId")])
        #expect(String(decoding: request.body, as: UTF8.self) == "{}")
    }

    @Test func aNumberJSONCannotHoldIsAnInvalidRequest() {
        struct Bad: Encodable { var value = Double.nan }
        #expect {
            try JSON11Request(service: "SSM", targetPrefix: "AmazonSSM", operation: "PutParameter", input: Bad())
        } throws: { error in
            guard let error = error as? AWSError else { return false }
            return error.code == "InvalidRequest" && error.operation == "PutParameter" && !error.isRetryable
                && error.httpStatus == nil
        }
    }
}
