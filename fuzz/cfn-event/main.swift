// libFuzzer target: the CloudFormation event decoder, and the FAILED answer
// built from whatever it could read (as `CustomResourceFunction.serve` does).
// Any input must decode to a request, a malformed request, or
// `NotACloudFormationRequest`: never a trap, a hang or a leak.
import FoundationEssentials
import JSONKit
@testable import CfnResponse

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let payload = start.map { Data(bytes: $0, count: count) } ?? Data()
    let decoded: CustomResourceRequest.Decoded
    do {
        decoded = try CustomResourceRequest.decode(payload)
    } catch {
        _ = error.description
        return 0
    }
    let echo: CustomResourceRequest.Echo
    let summary: String
    switch decoded {
    case .request(let request):
        echo = request.echo
        summary = "handler failed"
        _ = request.stackName
        _ = ResponseSender.redacted(request.responseURL)
        _ = PhysicalResourceID.forSuccess(request, chosen: nil)
        let properties = Properties(request.properties)
        _ = try? properties.requireKnown(["StackName", "ImageParameter", "InstanceType"])
        _ = try? properties.optionalString("StackName")
        _ = try? properties.bool("Enabled", default: false)
    case .malformed(let problem, let found):
        echo = found
        summary = problem.description
    }
    let diagnostic = Diagnostic(summary: summary, handler: "Fuzz", lambdaRequestID: "req", logGroupName: "/aws/lambda/fuzz",
                                logStreamName: "2026/01/01/[$LATEST]0123", region: "us-east-1")
    let id = echo.physicalResourceID ?? PhysicalResourceID.failedCreate(requestID: echo.requestID, logicalResourceID: echo.logicalResourceID)
    let response = CustomResourceResponse(status: .failed, reason: diagnostic.reason, physicalResourceID: id, stackID: echo.stackID,
                                          requestID: echo.requestID, logicalResourceID: echo.logicalResourceID).fittedToBudget()
    // The one property CloudFormation insists on: a FAILED answer stays FAILED.
    guard response.status == .failed else { fatalError("a FAILED response became \(response.status)") }
    // Over CloudFormation's 4,096 bytes only when the identifiers alone are.
    if response.body.count > CustomResourceResponse.maximumBodyBytes {
        var bare = response
        bare.reason = CustomResourceResponse.truncationMarker
        guard bare.body.count > CustomResourceResponse.maximumBodyBytes else {
            fatalError("a response of \(response.body.count) bytes whose identifiers fit the budget")
        }
    }
    _ = response.loggableBody
    return 0
}
