import CfnResponse
import Testing

/// The Reason a person reads in the CloudFormation console, pinned.
struct DiagnosticTests {
    static let link = "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/"
        + "$252Faws$252Flambda$252Ff/log-events/2026$252F11$252F26$252F$255B$2524LATEST$255Dabc"

    static func diagnostic(step: String? = nil, awsRequestID: String? = nil, stream: String = "2026/11/26/[$LATEST]abc",
                           region: String = "us-east-1") -> Diagnostic {
        Diagnostic(summary: "EC2 DescribeVpcs failed: UnauthorizedOperation: You are not authorized to perform this operation.",
                   handler: "DefaultVpcId", step: step, awsErrorCode: "UnauthorizedOperation", awsRequestID: awsRequestID,
                   httpStatus: 403, lambdaRequestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd", logGroupName: "/aws/lambda/f",
                   logStreamName: stream, region: region)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var diagnostic: Diagnostic
        var reason: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "everything", diagnostic: diagnostic(step: "DescribeVpcs", awsRequestID: "59dbff89-35bd-4eac-99ed-be587EXAMPLE"),
             reason: """
                 DefaultVpcId failed in step DescribeVpcs: EC2 DescribeVpcs failed: UnauthorizedOperation: You are not authorized to perform this operation.
                 AWS request id: 59dbff89-35bd-4eac-99ed-be587EXAMPLE
                 Lambda request id: 8476a536-e9f4-11e8-9739-2dfe598c3fcd
                 Log: /aws/lambda/f 2026/11/26/[$LATEST]abc
                 \(link)
                 """),
        Case(name: "no step, no AWS request id", diagnostic: diagnostic(),
             reason: """
                 DefaultVpcId failed: EC2 DescribeVpcs failed: UnauthorizedOperation: You are not authorized to perform this operation.
                 Lambda request id: 8476a536-e9f4-11e8-9739-2dfe598c3fcd
                 Log: /aws/lambda/f 2026/11/26/[$LATEST]abc
                 \(link)
                 """),
        Case(name: "no region: log line but no link", diagnostic: diagnostic(step: "DescribeSubnets", region: ""),
             reason: """
                 DefaultVpcId failed in step DescribeSubnets: EC2 DescribeVpcs failed: UnauthorizedOperation: You are not authorized to perform this operation.
                 Lambda request id: 8476a536-e9f4-11e8-9739-2dfe598c3fcd
                 Log: /aws/lambda/f 2026/11/26/[$LATEST]abc
                 """),
        Case(name: "no log stream: neither log line nor link", diagnostic: diagnostic(awsRequestID: "req-9", stream: ""),
             reason: """
                 DefaultVpcId failed: EC2 DescribeVpcs failed: UnauthorizedOperation: You are not authorized to perform this operation.
                 AWS request id: req-9
                 Lambda request id: 8476a536-e9f4-11e8-9739-2dfe598c3fcd
                 """),
    ]

    @Test("reason text is pinned", arguments: cases)
    func reason(_ testCase: Case) {
        #expect(testCase.diagnostic.reason == testCase.reason)
    }

    @Test("the console link encodes group and stream twice, % written $")
    func consoleLink() {
        #expect(Self.diagnostic().consoleLink == Self.link)
    }

    @Test("the console link keeps only RFC 3986's unreserved characters, encoded twice with % as $", arguments: [
        ("a-b_c.d~f", "a-b_c.d~f"),
        ("!*'()", "$2521$252A$2527$2528$2529"),
        ("a b", "a$2520b"),
        ("é", "$25C3$25A9"),
        ("x#y?z", "x$2523y$253Fz"),
    ])
    func consoleLinkEncoding(_ stream: String, _ encoded: String) {
        let link = Self.diagnostic(stream: stream, region: "eu-west-1").consoleLink
        #expect(link == "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/"
            + "$252Faws$252Flambda$252Ff/log-events/\(encoded)")
    }

    @Test("no console link without a region or a log stream")
    func noLink() {
        #expect(Self.diagnostic(region: "").consoleLink == nil)
        #expect(Self.diagnostic(stream: "").consoleLink == nil)
    }
}
