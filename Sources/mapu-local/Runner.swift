import Foundation
import LocalLambda

/// Runs one handler's events in one warm bootstrap process, as Lambda would.
enum Runner {
    struct Run {
        var file: String
        var result: LocalLambda.Result
    }

    static func run(handler: String, files: [String], options: Options, environment: [String: String],
                    replacements: [String: String], quiet: Bool = false) async -> [Run] {
        let lambda: LocalLambda
        do {
            lambda = try LocalLambda(bootstrap: options.bootstrap, handler: handler, environment: environment)
        } catch {
            print("\(handler): cannot start \(options.bootstrap): \(error)")
            return files.map { Run(file: $0, result: LocalLambda.Result(cloudFormationRequests: [], runtimeReports: [])) }
        }
        defer { lambda.stop() }
        var runs: [Run] = []
        for file in files {
            if !quiet { print("\n== \(file) → \(handler)") }
            guard let recorded = FileManager.default.contents(atPath: file) else {
                print("   cannot read \(file)")
                runs.append(Run(file: file, result: LocalLambda.Result(cloudFormationRequests: [], runtimeReports: [])))
                continue
            }
            let result = await lambda.invoke(replacing(replacements, in: recorded), deadline: .seconds(options.deadline),
                                             timeout: .seconds(options.deadline + 10))
            if !quiet { ResponsePrinter.print(result, json: options.json) }
            runs.append(Run(file: file, result: result))
            if case .initError? = result.runtimeReports.first { break }
        }
        _ = await lambda.terminate()
        if options.verbose {
            print("-- \(handler) log:\n\(lambda.process.output)")
        }
        return runs
    }

    /// The recorded event with each recorded id replaced by its seeded twin.
    static func replacing(_ replacements: [String: String], in payload: Data) -> Data {
        guard !replacements.isEmpty else { return payload }
        var text = String(decoding: payload, as: UTF8.self)
        for (recorded, seeded) in replacements { text = text.replacingOccurrences(of: recorded, with: seeded) }
        return Data(text.utf8)
    }
}
