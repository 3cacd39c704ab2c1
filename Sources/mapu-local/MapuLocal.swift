import Foundation
import LocalLambda

/// Runs handlers on recorded events through the real runtime loop: the
/// `bootstrap` process, a loopback Runtime API and a loopback ResponseURL,
/// and prints what CloudFormation and Lambda were told.
@main
enum MapuLocal {
    static func main() async {
        let options: Options
        do {
            options = try Options(CommandLine.arguments.dropFirst())
        } catch {
            fail("\(error)\n\n\(Options.usage)", status: 2)
        }
        var environment = ProcessInfo.processInfo.environment
        var replacements: [String: String] = [:]
        var moto: MotoServer?
        if options.moto {
            do {
                let started = try await MotoServer.start()
                moto = started
                environment["AWS_ENDPOINT_URL"] = started.endpoint
                environment["AWS_ACCESS_KEY_ID"] = environment["AWS_ACCESS_KEY_ID"] ?? "AKIAIOSFODNN7EXAMPLE"
                environment["AWS_SECRET_ACCESS_KEY"] = environment["AWS_SECRET_ACCESS_KEY"] ?? "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
                environment["AWS_SESSION_TOKEN"] = environment["AWS_SESSION_TOKEN"] ?? "local-session-token"
                environment["AWS_REGION"] = environment["AWS_REGION"] ?? "us-east-1"
                print("moto_server on \(started.endpoint)")
                if options.seed {
                    replacements = try await Seed.run(endpoint: started.endpoint, region: environment["AWS_REGION"]!)
                    print("seeded like a desktop account; recorded ids stand for: \(replacements.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }.joined(separator: ", "))")
                }
            } catch {
                fail("\(error)", status: 1)
            }
        }
        let failures: Int
        if let directory = options.check {
            failures = await Check.run(directory: directory, options: options, environment: environment, replacements: replacements)
        } else {
            var count = 0
            for (handler, files) in options.eventsByHandler() {
                let runs = await Runner.run(handler: handler, files: files, options: options, environment: environment, replacements: replacements)
                count += runs.filter { $0.result.cloudFormationRequests.count != 1 || $0.result.runtimeReports.count != 1 }.count
            }
            failures = count
        }
        moto?.stop()
        exit(failures == 0 ? 0 : 1)
    }

    static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("mapu-local: \(message)\n".utf8))
        exit(status)
    }
}
