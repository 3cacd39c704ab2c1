import CfnResponse
import CustomResourceRuntime
import HTTPTransport

// A bootstrap whose one handler misbehaves on request, for the fault tests:
// `Trap` = `unwrap`, `index` or `fatalError` crashes the worker the way a
// handler bug would; `secret` answers NoEcho Data holding the property
// `Secret`; anything else succeeds.
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
        case "secret":
            let secret = request.properties["Secret"]?.stringValue ?? ""
            return CustomResourceResult(physicalResourceID: "secret-holder", data: ["Password": .string(secret)], noEcho: true)
        default: return CustomResourceResult(physicalResourceID: "survived")
        }
    }
}

CustomResourceRuntime.main(handlers: CrashingHandlers.self)
