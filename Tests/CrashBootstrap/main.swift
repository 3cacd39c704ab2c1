import CfnResponse
import CustomResourceRuntime
import HTTPTransport

// A bootstrap whose one handler traps on request, for the tests of the
// supervisor: `Trap` = `unwrap`, `index` or `fatalError` crashes the worker
// the way a handler bug would; anything else succeeds.
enum CrashingHandlers: HandlerCatalog {
    static let names = ["Trap"]

    static func make(_ name: String, environment: [String: String], transport: any HTTPTransport) throws -> any CustomResourceHandler {
        guard name == "Trap" else { throw UnknownHandler(name: name, known: names) }
        return Trap()
    }
}

struct Trap: CustomResourceHandler {
    func handle(_ request: CustomResourceRequest, context: CustomResourceContext) async throws -> CustomResourceResult {
        if case .delete = request.kind { return CustomResourceResult() }
        context.step("trap")
        let kind = request.properties["Trap"]?.stringValue ?? "none"
        let nothing: String? = kind == "never" ? "" : nil
        switch kind {
        case "unwrap": return CustomResourceResult(physicalResourceID: nothing!)
        case "index": return CustomResourceResult(physicalResourceID: [String]()[kind.count])
        case "fatalError": fatalError("the handler gave up")
        default: return CustomResourceResult(physicalResourceID: "survived")
        }
    }
}

CustomResourceRuntime.main(handlers: CrashingHandlers.self)
