import Foundation
import JSONKit
import LocalLambda

/// Runs handlers on recorded events through the real runtime loop: the
/// `bootstrap` process, a loopback Runtime API and a loopback ResponseURL,
/// and prints what CloudFormation and Lambda were told.
@main
enum MapuLocal {
    static let usage = """
    usage: mapu-local [--moto] [--bootstrap PATH] [--handler NAME] [--deadline SECONDS] EVENT.json...

    Each event runs through the real bootstrap process. The handler is the
    event file's folder name (events/DefaultVpcId/create.json → DefaultVpcId)
    unless --handler names it. AWS is whatever the environment points at
    (AWS_ENDPOINT_URL, AWS_REGION, credentials); --moto starts moto_server on
    a free loopback port and points everything at it.
    """

    static func main() async {
        var options: Options
        do {
            options = try Options(CommandLine.arguments.dropFirst())
        } catch {
            FileHandle.standardError.write(Data("mapu-local: \(error)\n\n\(usage)\n".utf8))
            exit(2)
        }
        var environment = ProcessInfo.processInfo.environment
        var moto: MotoServer?
        if options.moto {
            do {
                moto = try await MotoServer.start()
            } catch {
                FileHandle.standardError.write(Data("mapu-local: \(error)\n".utf8))
                exit(1)
            }
            environment["AWS_ENDPOINT_URL"] = moto!.endpoint
            environment["AWS_ACCESS_KEY_ID"] = environment["AWS_ACCESS_KEY_ID"] ?? "AKIAIOSFODNN7EXAMPLE"
            environment["AWS_SECRET_ACCESS_KEY"] = environment["AWS_SECRET_ACCESS_KEY"] ?? "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
            environment["AWS_SESSION_TOKEN"] = environment["AWS_SESSION_TOKEN"] ?? "local-session-token"
            environment["AWS_REGION"] = environment["AWS_REGION"] ?? "us-east-1"
            print("moto_server on \(moto!.endpoint)")
        }
        var failures = 0
        for (handler, files) in options.eventsByHandler() {
            failures += await run(handler: handler, files: files, options: options, environment: environment)
        }
        moto?.stop()
        exit(failures == 0 ? 0 : 1)
    }

    /// Runs one handler's events in one warm process; returns how many went wrong.
    static func run(handler: String, files: [String], options: Options, environment: [String: String]) async -> Int {
        let lambda: LocalLambda
        do {
            lambda = try LocalLambda(bootstrap: options.bootstrap, handler: handler, environment: environment)
        } catch {
            print("\(handler): cannot start \(options.bootstrap): \(error)")
            return files.count
        }
        defer { lambda.stop() }
        var failures = 0
        for file in files {
            print("\n== \(file) → \(handler)")
            guard let payload = FileManager.default.contents(atPath: file) else {
                print("   cannot read \(file)")
                failures += 1
                continue
            }
            let result = await lambda.invoke(payload, deadline: .seconds(options.deadline), timeout: .seconds(options.deadline + 10))
            for put in result.cloudFormationRequests {
                print("CloudFormation received (\(put.method)): \(put.text)")
            }
            for report in result.runtimeReports {
                switch report {
                case .response(_, let body): print("Lambda invocation result: \(String(decoding: body, as: UTF8.self))")
                case .error(_, let type, let body): print("Lambda invocation error \(type ?? "?"): \(String(decoding: body, as: UTF8.self))")
                case .initError(let type, let body): print("Lambda init error \(type ?? "?"): \(String(decoding: body, as: UTF8.self))")
                }
            }
            if result.cloudFormationRequests.count != 1 || result.runtimeReports.count != 1 {
                print("!! expected one CloudFormation response and one Runtime API report, got \(result.cloudFormationRequests.count) and \(result.runtimeReports.count)")
                failures += 1
            }
            if case .initError? = result.runtimeReports.first { break }
        }
        _ = await lambda.terminate()
        if options.verbose || failures > 0 {
            print("-- \(handler) log:\n\(lambda.process.output)")
        }
        return failures
    }
}

struct Options {
    var moto = false
    var verbose = false
    var bootstrap = Options.defaultBootstrap()
    var handler: String?
    var deadline: Int64 = 30
    var events: [String] = []

    struct Invalid: Error, CustomStringConvertible { var description: String }

    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        while let argument = rest.popFirst() {
            switch argument {
            case "--moto": moto = true
            case "--verbose", "-v": verbose = true
            case "--bootstrap": bootstrap = try value(&rest, argument)
            case "--handler": handler = try value(&rest, argument)
            case "--deadline":
                guard let seconds = Int64(try value(&rest, argument)), seconds > 0 else { throw Invalid(description: "--deadline takes whole seconds") }
                deadline = seconds
            case "-h", "--help": throw Invalid(description: "help")
            default:
                if argument.hasPrefix("-") { throw Invalid(description: "unknown option \(argument)") }
                events.append(argument)
            }
        }
        if events.isEmpty { throw Invalid(description: "no event files given") }
        guard FileManager.default.isExecutableFile(atPath: bootstrap) else {
            throw Invalid(description: "no bootstrap executable at \(bootstrap) (build it with `swift build`, or pass --bootstrap)")
        }
    }

    private func value(_ rest: inout ArraySlice<String>, _ option: String) throws -> String {
        guard let value = rest.popFirst() else { throw Invalid(description: "\(option) needs a value") }
        return value
    }

    /// Events grouped by handler, in the order given.
    func eventsByHandler() -> [(String, [String])] {
        var groups: [(String, [String])] = []
        for file in events {
            let name = handler ?? URL(fileURLWithPath: file).deletingLastPathComponent().lastPathComponent
            if let index = groups.firstIndex(where: { $0.0 == name }) { groups[index].1.append(file) } else { groups.append((name, [file])) }
        }
        return groups
    }

    /// `bootstrap` beside this executable (both are products of the same build).
    static func defaultBootstrap() -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("bootstrap").path
    }
}
