import CfnResponse
import Testing

/// Which PhysicalResourceId each outcome answers with. CloudFormation reads a
/// changed id on Update as a replacement, so these rules are pinned.
struct PhysicalResourceIDTests {
    enum Outcome: Sendable {
        case success(chosen: String?)
        case failure
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var kind: CustomResourceRequest.Kind
        var outcome: Outcome
        var expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "Create, handler chooses an id", kind: .create, outcome: .success(chosen: "vpc-1"), expected: "vpc-1"),
        Case(name: "Create, handler chooses none: stable id from logical id and request id",
             kind: .create, outcome: .success(chosen: nil), expected: "DefaultVpc-7f2d1c3e8a4b"),
        Case(name: "Create, empty chosen id is none", kind: .create, outcome: .success(chosen: ""), expected: "DefaultVpc-7f2d1c3e8a4b"),
        Case(name: "Update, id kept", kind: .update(physicalResourceID: "vpc-old", oldProperties: [:]),
             outcome: .success(chosen: nil), expected: "vpc-old"),
        Case(name: "Update, same id returned", kind: .update(physicalResourceID: "vpc-old", oldProperties: [:]),
             outcome: .success(chosen: "vpc-old"), expected: "vpc-old"),
        Case(name: "Update, id changed (replacement)", kind: .update(physicalResourceID: "vpc-old", oldProperties: [:]),
             outcome: .success(chosen: "vpc-new"), expected: "vpc-new"),
        Case(name: "Update, empty chosen id keeps the old one", kind: .update(physicalResourceID: "vpc-old", oldProperties: [:]),
             outcome: .success(chosen: ""), expected: "vpc-old"),
        Case(name: "Delete, id kept", kind: .delete(physicalResourceID: "vpc-old"), outcome: .success(chosen: nil), expected: "vpc-old"),
        Case(name: "Delete, empty chosen id keeps the old one", kind: .delete(physicalResourceID: "vpc-old"),
             outcome: .success(chosen: ""), expected: "vpc-old"),
        Case(name: "Create failed: recognisable id", kind: .create, outcome: .failure,
             expected: "mapu-failed-create:DefaultVpc:7f2d1c3e-8a4b-4e5f-9d6c-1b2a3c4d5e6f"),
        Case(name: "Update failed: incoming id", kind: .update(physicalResourceID: "vpc-old", oldProperties: [:]),
             outcome: .failure, expected: "vpc-old"),
        Case(name: "Delete failed: incoming id", kind: .delete(physicalResourceID: "vpc-old"), outcome: .failure, expected: "vpc-old"),
    ]

    @Test("the id for each outcome", arguments: cases)
    func physicalID(_ testCase: Case) {
        let request = CustomResourceRequest(kind: testCase.kind, responseURL: "https://example.com/r", stackID: RecordedEvents.stackID,
                                            requestID: RecordedEvents.createRequestID, logicalResourceID: "DefaultVpc")
        let id = switch testCase.outcome {
        case .success(let chosen): PhysicalResourceID.forSuccess(request, chosen: chosen)
        case .failure: PhysicalResourceID.forFailure(request)
        }
        #expect(id == testCase.expected)
        #expect(!id.isEmpty)
    }

    @Test("a failed Create's id is recognised, and only that one", arguments: [
        ("mapu-failed-create:DefaultVpc:7f2d1c3e", true),
        ("mapu-failed-create:", true),
        ("vpc-0a1b2c3d4e5f67890", false),
        ("DefaultVpc-7f2d1c3e8a4b", false),
        ("prefix-mapu-failed-create:x", false),
        ("", false),
    ])
    func recognised(_ id: String, _ isFailedCreate: Bool) {
        #expect(PhysicalResourceID.isFailedCreate(id) == isFailedCreate)
    }

    @Test("a failed Create's id is never empty, even without ids to build it from")
    func failedCreateWithoutIDs() {
        #expect(PhysicalResourceID.failedCreate(requestID: "", logicalResourceID: "") == "mapu-failed-create:unknown:unknown")
        #expect(PhysicalResourceID.failedCreate(requestID: "r", logicalResourceID: "L") == "mapu-failed-create:L:r")
        #expect(PhysicalResourceID.isFailedCreate(PhysicalResourceID.failedCreate(requestID: "r", logicalResourceID: "L")))
    }

    @Test("a Create's default id is stable for a redelivered request and differs between requests")
    func defaultStable() {
        func request(_ id: String) -> CustomResourceRequest {
            CustomResourceRequest(kind: .create, responseURL: "https://x", stackID: "s", requestID: id, logicalResourceID: "L")
        }
        let first = PhysicalResourceID.forSuccess(request("aaaa-1111-bbbb"), chosen: nil)
        #expect(first == PhysicalResourceID.forSuccess(request("aaaa-1111-bbbb"), chosen: nil))
        #expect(first != PhysicalResourceID.forSuccess(request("cccc-2222-dddd"), chosen: nil))
        #expect(!PhysicalResourceID.isFailedCreate(first))
    }
}
