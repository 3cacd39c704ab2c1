import CfnResponse
import Foundation
import JSONKit
import Testing

/// The response document and its 4,096-byte budget: the Reason is cut (whole
/// characters, visible marker), the Data never; Data that cannot fit turns the
/// response into a FAILED one that says so.
struct CustomResourceResponseTests {
    static let limit = CustomResourceResponse.maximumBodyBytes
    static let marker = CustomResourceResponse.truncationMarker

    static func response(reason: String, status: CustomResourceResponse.Status = .failed, data: [String: JSONValue] = [:],
                         noEcho: Bool = false) -> CustomResourceResponse {
        CustomResourceResponse(status: status, reason: reason, physicalResourceID: "vpc-0a1b2c3d4e5f67890",
                               stackID: RecordedEvents.stackID, requestID: RecordedEvents.createRequestID,
                               logicalResourceID: "DefaultVpc", noEcho: noEcho, data: data)
    }

    @Test("the body is the documented document, keys sorted")
    func bodyPinned() async throws {
        let response = CustomResourceResponse(status: .success, reason: "ok", physicalResourceID: "P", stackID: "S", requestID: "Q",
                                              logicalResourceID: "L", data: ["VpcId": "vpc-1", "Count": .number(2)])
        #expect(response.bodyText == #"{"Data":{"Count":2,"VpcId":"vpc-1"},"LogicalResourceId":"L","NoEcho":false,"PhysicalResourceId":"P","Reason":"ok","RequestId":"Q","StackId":"S","Status":"SUCCESS"}"#)
        #expect(response.body == Data(response.bodyText.utf8))
        let failed = CustomResourceResponse(status: .failed, reason: "r", physicalResourceID: "P", stackID: "S", requestID: "Q",
                                            logicalResourceID: "L", noEcho: true)
        #expect(failed.bodyText == #"{"Data":{},"LogicalResourceId":"L","NoEcho":true,"PhysicalResourceId":"P","Reason":"r","RequestId":"Q","StackId":"S","Status":"FAILED"}"#)
    }

    @Test("a response within the budget is untouched")
    func small() {
        let response = Self.response(reason: "short", data: ["VpcId": "vpc-1"])
        #expect(response.fittedToBudget() == response)
    }

    @Test("a body exactly at the limit is untouched; one byte more is cut")
    func exactlyAtLimit() async throws {
        let base = Self.response(reason: "").bodyText.utf8.count
        let exact = Self.response(reason: String(repeating: "x", count: Self.limit - base))
        #expect(exact.bodyText.utf8.count == Self.limit)
        #expect(exact.fittedToBudget() == exact)

        let over = Self.response(reason: String(repeating: "x", count: Self.limit - base + 1))
        let fitted = over.fittedToBudget()
        #expect(fitted.reason.hasSuffix(Self.marker))
        #expect(fitted.bodyText.utf8.count <= Self.limit)
    }

    /// The Reason kept is a whole-character prefix of the original, followed
    /// by the marker, and as long as the budget allows.
    static func expectCutWell(_ original: CustomResourceResponse, _ fitted: CustomResourceResponse,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(fitted.bodyText.utf8.count <= limit, sourceLocation: sourceLocation)
        #expect(fitted.reason.hasSuffix(marker), sourceLocation: sourceLocation)
        let kept = String(fitted.reason.dropLast(marker.count))
        let characters = Array(original.reason)
        #expect(kept == String(characters.prefix(kept.count)), "cut inside a character or not a prefix", sourceLocation: sourceLocation)
        #expect(kept.count < characters.count, sourceLocation: sourceLocation)
        var longer = original
        longer.reason = String(characters.prefix(kept.count + 1)) + marker
        #expect(longer.bodyText.utf8.count > limit, "one more character would still have fit", sourceLocation: sourceLocation)
        // Whatever was cut, the body is still valid JSON with the same fields.
        let parsed = try JSONValue(parsing: fitted.body)
        #expect(parsed["Reason"]?.stringValue == fitted.reason, sourceLocation: sourceLocation)
        #expect(parsed["Status"] == .string(original.status.rawValue), sourceLocation: sourceLocation)
    }

    @Test("a long Reason is cut at a character boundary with the marker", arguments: [
        ("ASCII", "x"),
        ("two-byte é", "é"),
        ("three-byte CJK", "日本"),
        ("four-byte emoji", "😀"),
        ("emoji with skin tone (one character, 8 bytes)", "👍🏽"),
        ("family emoji (one character, 18 bytes)", "👨‍👩‍👧"),
        ("combining accent (e + U+0301)", "e\u{301}"),
        ("control character escaped to 6 bytes", "\u{1}"),
        ("quote and backslash escaped to 2 bytes", "\"\\"),
        ("line breaks", "line\n"),
        ("mixed", "a\u{1}é日😀👍🏽\"\n"),
    ])
    func reasonCut(_ name: String, _ unit: String) async throws {
        let original = Self.response(reason: "Summary first: " + String(repeating: unit, count: 5000), data: ["VpcId": "vpc-1"])
        let fitted = original.fittedToBudget()
        try Self.expectCutWell(original, fitted)
        #expect(fitted.reason.hasPrefix("Summary first: "))
        #expect(fitted.data == original.data)
        #expect(fitted.status == original.status)
        #expect(fitted.physicalResourceID == original.physicalResourceID)
    }

    @Test("Data is never cut: a Data that fits keeps every value and the Reason gives way")
    func dataKept() async throws {
        let data: [String: JSONValue] = ["SubnetIds": .string(Array(repeating: "subnet-0123456789abcdef0", count: 120).joined(separator: ",")),
                                         "VpcId": "vpc-1"]
        let original = Self.response(reason: String(repeating: "日本", count: 500), status: .success, data: data)
        let fitted = original.fittedToBudget()
        try Self.expectCutWell(original, fitted)
        #expect(fitted.data == data)
        #expect(fitted.status == .success)
    }

    @Test("Data too large to fit makes a FAILED response that says so, with no Data")
    func dataTooLarge() async throws {
        let original = Self.response(reason: "ok", status: .success, data: ["Blob": .string(String(repeating: "x", count: 5000))])
        let fitted = original.fittedToBudget()
        #expect(fitted.status == .failed)
        #expect(fitted.data == [:])
        #expect(fitted.reason == "The response Data (5011 bytes as JSON) does not fit CloudFormation's 4,096-byte response limit; return less Data.")
        #expect(fitted.bodyText.utf8.count <= Self.limit)
        #expect(fitted.physicalResourceID == original.physicalResourceID)
        #expect(fitted.requestID == original.requestID)
    }

    @Test("identifiers too long to fit leave nothing to cut: the response still comes back (once ended in endless recursion)",
          arguments: [[:], ["VpcId": "vpc-1"]] as [[String: JSONValue]])
    func identifiersTooLong(_ data: [String: JSONValue]) {
        let hugeID = String(repeating: "i", count: 5000)
        let original = CustomResourceResponse(status: .success, reason: "ok", physicalResourceID: hugeID, stackID: RecordedEvents.stackID,
                                              requestID: RecordedEvents.createRequestID, logicalResourceID: "DefaultVpc", data: data)
        let fitted = original.fittedToBudget()
        #expect(fitted.physicalResourceID == hugeID, "identifiers are never changed")
        #expect(fitted.requestID == original.requestID)
        #expect(fitted.reason == Self.marker)
        #expect(fitted.data == [:])
        #expect(fitted.status == (data.isEmpty ? .success : .failed))
    }

    @Test("fitting is idempotent")
    func idempotent() {
        let once = Self.response(reason: String(repeating: "é", count: 4000)).fittedToBudget()
        #expect(once.fittedToBudget() == once)
    }

    @Test("the loggable body hides NoEcho data and nothing else")
    func loggableBody() async throws {
        let secret = Self.response(reason: "ok", status: .success, data: ["Password": "hunter2", "User": "admin"], noEcho: true)
        #expect(!secret.loggableBody.contains("hunter2"))
        #expect(!secret.loggableBody.contains("admin"))
        let parsed = try JSONValue(parsing: Data(secret.loggableBody.utf8))
        #expect(parsed["Data"] == "(2 values hidden: NoEcho)")
        #expect(parsed["NoEcho"] == true)
        #expect(parsed["Reason"] == "ok")
        #expect(parsed["PhysicalResourceId"] == "vpc-0a1b2c3d4e5f67890")
        #expect(secret.bodyText.contains("hunter2"), "CloudFormation itself still gets the data")

        let open = Self.response(reason: "ok", status: .success, data: ["User": "admin"])
        #expect(open.loggableBody == open.bodyText)
    }
}
