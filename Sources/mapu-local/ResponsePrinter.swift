import Foundation
import LocalLambda

/// Prints what an invocation produced, for a person (or raw, with --json).
enum ResponsePrinter {
    static func print(_ result: LocalLambda.Result, json: Bool) {
        for put in result.cloudFormationRequests {
            if json {
                Swift.print(put.text)
                continue
            }
            guard let body = try? JSONSerialization.jsonObject(with: put.body) as? [String: Any] else {
                Swift.print("   CloudFormation got a body that is not JSON: \(put.text)")
                continue
            }
            Swift.print("   Status:             \(body["Status"] ?? "?")")
            Swift.print("   PhysicalResourceId: \(body["PhysicalResourceId"] ?? "?")")
            let reason = (body["Reason"] as? String ?? "").split(separator: "\n")
            Swift.print("   Reason:             \(reason.first ?? "")")
            for line in reason.dropFirst() { Swift.print("                       \(line)") }
            let data = (body["Data"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }
            for (index, entry) in data.enumerated() {
                Swift.print("   \(index == 0 ? "Data:" : "     ")               \(entry.key) = \(entry.value)")
            }
            if body["NoEcho"] as? Bool == true { Swift.print("   NoEcho:             true") }
        }
        for report in result.runtimeReports {
            switch report {
            case .response(_, let body): Swift.print("   Lambda:             invocation succeeded \(String(decoding: body, as: UTF8.self))")
            case .error(_, let type, let body): Swift.print("   Lambda:             invocation error \(type ?? "?") \(String(decoding: body, as: UTF8.self))")
            case .initError(let type, let body): Swift.print("   Lambda:             init error \(type ?? "?") \(String(decoding: body, as: UTF8.self))")
            }
        }
    }

    /// Status and Reason of the one response, if there was exactly one.
    static func outcome(_ result: LocalLambda.Result) -> (status: String?, reason: String?) {
        guard result.cloudFormationRequests.count == 1, let put = result.cloudFormationRequests.first,
              let body = try? JSONSerialization.jsonObject(with: put.body) as? [String: Any] else {
            return (result.cloudFormationRequests.isEmpty ? "no response" : "\(result.cloudFormationRequests.count) responses", nil)
        }
        return (body["Status"] as? String, body["Reason"] as? String)
    }
}
