import CfnResponse
import Foundation
import JSONKit
import Testing

/// `CustomResourceRequest.decode`: a request; a request that can only be
/// answered FAILED (with the fields to echo); or not a CloudFormation request.
struct CustomResourceRequestDecodingTests {
    static func request(_ payload: Data) throws -> CustomResourceRequest {
        switch try CustomResourceRequest.decode(payload) {
        case .request(let request): return request
        case .malformed(let problem, _): throw problem
        }
    }

    @Test("the recorded Create decodes")
    func create() async throws {
        let request = try Self.request(RecordedEvents.data("create"))
        #expect(request == CustomResourceRequest(
            kind: .create, responseURL: try RecordedEvents.responseURL("create"), stackID: RecordedEvents.stackID,
            requestID: RecordedEvents.createRequestID, resourceType: "Custom::DefaultVpcId", logicalResourceID: "DefaultVpc",
            properties: ["ServiceToken": .string(RecordedEvents.serviceToken)], serviceToken: RecordedEvents.serviceToken,
            serviceTimeout: nil))
        #expect(request.physicalResourceID == nil)
        #expect(request.kind.name == "Create")
        #expect(request.stackName == "asher-sterkin-t4g-large-desktop")
    }

    @Test("the recorded Update decodes with its physical id and old properties")
    func update() async throws {
        var old = try RecordedEvents.object("update")["OldResourceProperties"]?.objectValue ?? [:]
        old["Tag"] = "v1"
        let request = try Self.request(RecordedEvents.data("update", ["OldResourceProperties": .object(old)]))
        #expect(request.kind == .update(physicalResourceID: RecordedEvents.physicalID, oldProperties: old))
        #expect(request.physicalResourceID == RecordedEvents.physicalID)
        #expect(request.requestID == RecordedEvents.updateRequestID)
        #expect(request.kind.name == "Update")
    }

    @Test("the recorded Delete decodes with its physical id")
    func delete() async throws {
        let request = try Self.request(RecordedEvents.data("delete"))
        #expect(request.kind == .delete(physicalResourceID: RecordedEvents.physicalID))
        #expect(request.requestID == RecordedEvents.deleteRequestID)
        #expect(request.responseURL == (try RecordedEvents.responseURL("delete")))
        #expect(request.kind.name == "Delete")
    }

    @Test("optional parts: no properties, ServiceTimeout, ServiceToken only in the properties, an http URL")
    func optionalParts() async throws {
        let bare = try Self.request(RecordedEvents.data("create", ["ResourceProperties": nil, "ServiceToken": nil, "ResourceType": nil]))
        #expect(bare.properties == [:])
        #expect(bare.serviceToken == nil)
        #expect(bare.resourceType == "")

        let nullProperties = try Self.request(RecordedEvents.data("create", ["ResourceProperties": .null]))
        #expect(nullProperties.properties == [:])

        let timed = try Self.request(RecordedEvents.data("create", [
            "ServiceToken": nil,
            "ResourceProperties": ["ServiceToken": "arn:token", "ServiceTimeout": "120", "Name": "x"],
        ]))
        #expect(timed.serviceTimeout == 120)
        #expect(timed.serviceToken == "arn:token")
        #expect(timed.properties["Name"] == "x")

        let local = try Self.request(RecordedEvents.data("create", ["ResponseURL": "http://127.0.0.1:8080/response?x=1"]))
        #expect(local.responseURL == "http://127.0.0.1:8080/response?x=1")
    }

    @Test("a stack id that is not an ARN is its own name")
    func stackNameFallback() {
        let request = CustomResourceRequest(kind: .create, responseURL: "https://x", stackID: "plain", requestID: "r", logicalResourceID: "L")
        #expect(request.stackName == "plain")
    }

    // MARK: not a CloudFormation request

    struct NotCfn: CustomTestStringConvertible, Sendable {
        var name: String
        var payload: @Sendable () throws -> Data
        var detail: String
        var testDescription: String { name }
    }

    static let notCloudFormation: [NotCfn] = [
        NotCfn(name: "not JSON", payload: { Data("hello".utf8) }, detail: "the event is not JSON"),
        NotCfn(name: "empty", payload: { Data() }, detail: "the event is not JSON"),
        NotCfn(name: "not UTF-8", payload: { Data([0x7B, 0xFF, 0x7D]) }, detail: "the event is not JSON"),
        NotCfn(name: "an array", payload: { Data("[1,2]".utf8) }, detail: "the event is not a JSON object"),
        NotCfn(name: "a string", payload: { Data(#""Create""#.utf8) }, detail: "the event is not a JSON object"),
        NotCfn(name: "no ResponseURL", payload: { try RecordedEvents.data("create", ["ResponseURL": nil]) }, detail: "it has no ResponseURL"),
        NotCfn(name: "an ftp ResponseURL", payload: { try RecordedEvents.data("create", ["ResponseURL": "ftp://bucket/x"]) },
               detail: "its ResponseURL is not an http(s) URL"),
        NotCfn(name: "a ResponseURL without scheme", payload: { try RecordedEvents.data("create", ["ResponseURL": "bucket.s3.amazonaws.com/x"]) },
               detail: "its ResponseURL is not an http(s) URL"),
        NotCfn(name: "a numeric ResponseURL", payload: { try RecordedEvents.data("create", ["ResponseURL": .number(42)]) },
               detail: "its ResponseURL is not an http(s) URL"),
        NotCfn(name: "an empty object", payload: { Data("{}".utf8) }, detail: "it has no ResponseURL"),
    ]

    @Test("an event that cannot be answered is NotACloudFormationRequest", arguments: notCloudFormation)
    func notACloudFormationRequest(_ testCase: NotCfn) async throws {
        let payload = try testCase.payload()
        let error = try #require(throws: NotACloudFormationRequest.self) {
            try CustomResourceRequest.decode(payload)
        }
        #expect(error.detail.hasPrefix(testCase.detail), "\(error.detail)")
        #expect(error.description == "not a CloudFormation custom-resource request: \(error.detail)")
    }

    // MARK: malformed

    struct Malformed: CustomTestStringConvertible, Sendable {
        var name: String
        var event: String
        var changes: [String: JSONValue?]
        var field: String
        var problem: String
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(name: "no RequestType", event: "create", changes: ["RequestType": nil], field: "RequestType", problem: "is missing"),
        Malformed(name: "numeric RequestType", event: "create", changes: ["RequestType": .number(1)],
                  field: "RequestType", problem: "is not a non-empty string"),
        Malformed(name: "unknown RequestType", event: "create", changes: ["RequestType": "Destroy"],
                  field: "RequestType", problem: #"is "Destroy": expected Create, Update or Delete"#),
        Malformed(name: "lower-case RequestType", event: "create", changes: ["RequestType": "create"],
                  field: "RequestType", problem: #"is "create": expected Create, Update or Delete"#),
        Malformed(name: "Update without PhysicalResourceId", event: "update", changes: ["PhysicalResourceId": nil],
                  field: "PhysicalResourceId", problem: "is missing"),
        Malformed(name: "Delete with an empty PhysicalResourceId", event: "delete", changes: ["PhysicalResourceId": ""],
                  field: "PhysicalResourceId", problem: "is not a non-empty string"),
        Malformed(name: "no StackId", event: "create", changes: ["StackId": nil], field: "StackId", problem: "is missing"),
        Malformed(name: "no RequestId", event: "delete", changes: ["RequestId": nil], field: "RequestId", problem: "is missing"),
        Malformed(name: "no LogicalResourceId", event: "update", changes: ["LogicalResourceId": nil], field: "LogicalResourceId", problem: "is missing"),
        Malformed(name: "ResourceProperties not an object", event: "create", changes: ["ResourceProperties": "x"],
                  field: "ResourceProperties", problem: "is not an object"),
        Malformed(name: "OldResourceProperties not an object", event: "update", changes: ["OldResourceProperties": ["a"]],
                  field: "OldResourceProperties", problem: "is not an object"),
        Malformed(name: "ServiceTimeout not a number", event: "create",
                  changes: ["ResourceProperties": ["ServiceToken": "arn:token", "ServiceTimeout": "soon"]],
                  field: "ResourceProperties.ServiceTimeout", problem: #"is "soon": expected a whole number of seconds"#),
        Malformed(name: "ServiceTimeout zero", event: "delete",
                  changes: ["ResourceProperties": ["ServiceToken": "arn:token", "ServiceTimeout": "0"]],
                  field: "ResourceProperties.ServiceTimeout", problem: #"is "0": expected a whole number of seconds"#),
    ]

    @Test("a request that can be answered but not served is malformed, with the fields to echo", arguments: malformed)
    func malformedRequest(_ testCase: Malformed) async throws {
        let payload = try RecordedEvents.data(testCase.event, testCase.changes)
        guard case .malformed(let problem, let echo) = try CustomResourceRequest.decode(payload) else {
            Issue.record("decoded as a request")
            return
        }
        #expect(problem.field == testCase.field)
        #expect(problem.problem == testCase.problem)
        #expect(problem.description == "malformed CloudFormation request: \(testCase.field) \(testCase.problem)")

        let event = try JSONValue(parsing: payload)
        #expect(echo.responseURL == (try RecordedEvents.responseURL(testCase.event)))
        #expect(echo.stackID == (event["StackId"]?.stringValue ?? ""))
        #expect(echo.requestID == (event["RequestId"]?.stringValue ?? ""))
        #expect(echo.logicalResourceID == (event["LogicalResourceId"]?.stringValue ?? ""))
        #expect(echo.physicalResourceID == event["PhysicalResourceId"]?.stringValue)
        #expect(echo.requestType == event["RequestType"]?.stringValue)
    }

    @Test("echo fields are those of the event")
    func echoPinned() async throws {
        let payload = try RecordedEvents.data("delete", ["ResourceProperties": .number(1)])
        guard case .malformed(_, let echo) = try CustomResourceRequest.decode(payload) else {
            Issue.record("decoded as a request")
            return
        }
        #expect(echo.stackID == RecordedEvents.stackID)
        #expect(echo.requestID == RecordedEvents.deleteRequestID)
        #expect(echo.logicalResourceID == "DefaultVpc")
        #expect(echo.physicalResourceID == RecordedEvents.physicalID)
        #expect(echo.requestType == "Delete")
    }
}
