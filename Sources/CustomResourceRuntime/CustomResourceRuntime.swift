public import CfnResponse
import CSupervisor
import Dispatch
import FoundationEssentials
import Glibc
import HTTPTransport
import LambdaLog
public import LambdaRuntime

/// The Lambda custom runtime for CloudFormation custom resources: reads its
/// configuration once, picks the handler `_HANDLER` names from `handlers`,
/// and serves events until SIGTERM or a lost Runtime API. Start-up failures
/// go to `/runtime/init/error` and exit 1. A supervisor process answers
/// CloudFormation for a handler that crashes the process (see `Supervisor`).
public enum CustomResourceRuntime {
    public static func main(handlers: any HandlerCatalog.Type) -> Never {
        limitMallocArenas()
        let environment = ProcessInfo.processInfo.environment
        let arguments = Array(CommandLine.arguments.dropFirst())
        let api: (host: String, port: Int)?
        do {
            api = try RuntimeConfiguration.runtimeAPI(in: environment)
        } catch {
            Logger().error("cannot start: \(error)")
            exit(1)
        }
        if let api, arguments.first == "--after-crash" {
            Supervisor.answerAfterCrash(arguments: arguments, api: api, environment: environment)
        }
        guard let api, arguments.isEmpty else {
            Usage.print(arguments: arguments, handlers: handlers.names)
            exit(arguments == ["--help"] || arguments == ["-h"] ? 0 : 2)
        }
        // Before any thread exists: the parent becomes the supervisor.
        let link = Supervisor.split(api: api, environment: environment)
        Task {
            await serve(api: api, environment: environment, handlers: handlers, link: link)
        }
        parkMainThread()
    }

    /// One malloc arena for the whole process. glibc gives threads arenas of
    /// their own, up to eight per core, and every blocking call here runs on
    /// a short-lived thread of its own (`onOwnThread`): each new arena kept
    /// its touched pages, and a warm worker grew by ~0.4 MiB more over its first
    /// 300 invocations (scripts/bench.py, RssAnon after the warm loop). The
    /// contention that arenas avoid does not arise at one event at a time.
    static func limitMallocArenas() {
        _ = csupervisor_one_malloc_arena()
    }

    /// The main thread has nothing to do: the runtime runs on Swift's
    /// executors and exits from there. `dispatchMain()` would do, but it ends
    /// the thread with `pthread_exit`, whose forced unwind reads the unwind
    /// tables of every frame: ~0.6 MiB of the binary made resident, measured
    /// with scripts/bench.py. Nothing here uses the main queue or MainActor.
    static func parkMainThread() -> Never {
        while true { pause() }
    }

    static func serve(api: (host: String, port: Int), environment: [String: String], handlers: any HandlerCatalog.Type,
                      link: Supervisor.Link?) async -> Never {
        // libcurl is needed only once an event arrives: it is loaded while
        // waiting for one. Loading it earlier would delay the first call (a
        // dlopen holds the loader lock that creating a thread needs).
        let tls = expectsTLS(environment)
        let client = HTTPRuntimeAPIClient(host: api.host, port: api.port, whileWaiting: { if tls { CurlTransport.preload() } })

        let configuration: RuntimeConfiguration
        let function: CustomResourceFunction
        do {
            configuration = try RuntimeConfiguration(environment: environment)
            let handler = try handlers.make(configuration.handler, environment: environment, transport: OutboundTransport())
            function = CustomResourceFunction(handlerName: configuration.handler, handler: handler,
                                              sender: ResponseSender(transport: OutboundTransport()))
        } catch {
            await initFailed(error, client: client, environment: environment)
        }

        let logger = Logger(format: configuration.logFormat, minimumLevel: configuration.logLevel)
        let shutdown = ShutdownSignal()
        let terminate = listenForSIGTERM(shutdown)
        let loop = RuntimeLoop(client: client, logger: logger, shutdown: shutdown, reported: { requestID in
            link?.send(SupervisorRecord(kind: .reported, lambdaRequestID: requestID))
        })
        link?.send(SupervisorRecord(kind: .ready, lambdaRequestID: ""))
        let exit = await loop.run(CloudFormationInvocationHandler(function: function, configuration: configuration, link: link))
        withExtendedLifetime(terminate) {}
        Glibc.exit(exit.status)
    }

    /// Whether calls will need TLS, hence libcurl: yes, unless every AWS
    /// endpoint is overridden with an `http://` URL (an emulator, as in local
    /// runs and tests, where the ResponseURL is local too). Without TLS,
    /// libcurl and its ~25 libraries are not loaded at all; should an https
    /// URL come after all, the first call loads them.
    static func expectsTLS(_ environment: [String: String]) -> Bool {
        let endpoints = environment.filter { $0.key == "AWS_ENDPOINT_URL" || $0.key.hasPrefix("AWS_ENDPOINT_URL_") }
        return environment["AWS_ENDPOINT_URL"] == nil || endpoints.values.contains { !$0.hasPrefix("http://") }
    }

    /// Reports a start-up failure to Lambda and ends the process.
    static func initFailed(_ error: any Error, client: HTTPRuntimeAPIClient, environment: [String: String]) async -> Never {
        let format: LogFormat = environment["AWS_LAMBDA_LOG_FORMAT"]?.lowercased() == "json" ? .json : .text
        let logger = Logger(format: format)
        let errorType = (error as? any LambdaReportableError)?.errorType ?? "Runtime.InitError"
        logger.error("init failed: \(error)", ["errorType": .string(errorType)])
        do {
            try await client.reportInitError(ErrorReport(errorType: errorType, errorMessage: "\(error)"))
        } catch {
            logger.error("the init error could not be reported: \(error)")
        }
        exit(1)
    }

    /// SIGTERM is taken from its default action (death) and turned into a
    /// clean shutdown of the loop.
    static func listenForSIGTERM(_ shutdown: ShutdownSignal) -> any DispatchSourceSignal {
        signal(SIGTERM, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        source.setEventHandler { shutdown.request() }
        source.resume()
        return source
    }
}

extension ConfigurationError: LambdaReportableError {
    public var errorType: String { "Runtime.InvalidConfiguration" }
}

extension UnknownHandler: LambdaReportableError {
    public var errorType: String { "Runtime.UnknownHandler" }
}
