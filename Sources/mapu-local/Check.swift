import Foundation
import LocalLambda

/// --check: every handler's expected events, then a table of event,
/// expected and got.
enum Check {
    static func run(directory: String, options: Options, environment: [String: String], replacements: [String: String]) async -> Int {
        let plan: [(handler: String, expectations: [Expectation])]
        do {
            plan = try Expectation.load(from: directory)
        } catch {
            print("mapu-local: \(error)")
            return 1
        }
        var rows: [(event: String, expected: String, got: String, ok: Bool)] = []
        for (handler, expectations) in plan {
            let files = expectations.map { "\(directory)/\(handler)/\($0.event)" }
            let runs = await Runner.run(handler: handler, files: files, options: options, environment: environment,
                                        replacements: replacements)
            for (expectation, run) in zip(expectations, runs) {
                let (status, reason) = ResponsePrinter.outcome(run.result)
                let ok = expectation.verdict(status: status, reason: reason)
                let expected = expectation.status + (expectation.reason.map { " “\($0)”" } ?? "")
                let got = (status ?? "?") + (ok || reason == nil ? "" : " “\(reason!.split(separator: "\n").first ?? "")”")
                rows.append(("\(handler)/\(expectation.event)", expected, got, ok))
            }
        }
        let eventWidth = rows.map(\.event.count).max() ?? 5
        let expectedWidth = min(rows.map(\.expected.count).max() ?? 8, 60)
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        print("\n" + pad("event", eventWidth) + "  " + pad("expected", expectedWidth) + "  got")
        for row in rows {
            print(pad(row.event, eventWidth) + "  " + pad(row.expected, expectedWidth) + "  " + row.got + (row.ok ? "" : "   ✗ MISMATCH"))
        }
        let mismatches = rows.filter { !$0.ok }.count
        print("\n\(rows.count - mismatches) as expected, \(mismatches) not")
        return mismatches
    }
}
