import Foundation
import LocalLambda
import TestSupport
import Testing

/// Shared steps of the end-to-end tests: the real `bootstrap` process, the
/// loopback Runtime API and ResponseURL servers of LocalLambda, moto as AWS.
enum EndToEnd {
    static func start(handler: String = "DefaultVpcId", environment: [String: String],
                      responseStatuses: [Int] = [], responseDelay: Duration = .zero) throws -> LocalLambda {
        try LocalLambda(bootstrap: try BuiltProducts.bootstrap(), handler: handler, environment: environment,
                        responseStatuses: responseStatuses, responseDelay: responseDelay)
    }

    /// The one CloudFormation response of an invocation, as a JSON object;
    /// records an issue unless exactly one PUT arrived.
    static func onlyResponse(_ result: LocalLambda.Result, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(result.cloudFormationRequests.count == 1, "CloudFormation must get exactly one response", sourceLocation: sourceLocation)
        let put = try #require(result.cloudFormationRequests.first, sourceLocation: sourceLocation)
        #expect(put.method == "PUT", sourceLocation: sourceLocation)
        return try body(put)
    }

    static func body(_ request: ReceivedRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
    }

    /// The Runtime API report of an invocation; records an issue unless there is exactly one.
    static func onlyReport(_ result: LocalLambda.Result, sourceLocation: SourceLocation = #_sourceLocation) throws -> RuntimeAPIServer.Report {
        #expect(result.runtimeReports.count == 1, "the runtime must report exactly once", sourceLocation: sourceLocation)
        return try #require(result.runtimeReports.first, sourceLocation: sourceLocation)
    }

    static func isResponse(_ report: RuntimeAPIServer.Report) -> Bool {
        if case .response = report { return true }
        return false
    }

    static func errorType(_ report: RuntimeAPIServer.Report) -> String? {
        if case .error(_, let type, _) = report { return type }
        return nil
    }

    /// An event with fields replaced (a value of `NSNull()` removes the field).
    static func event(_ handler: String, _ name: String, changing changes: [String: Any] = [:]) throws -> Data {
        var object = try Fixtures.eventObject(handler, name)
        for (key, value) in changes {
            if value is NSNull { object.removeValue(forKey: key) } else { object[key] = value }
        }
        return try Fixtures.json(object)
    }
}
