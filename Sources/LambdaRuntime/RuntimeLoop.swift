public import FoundationEssentials
public import LambdaLog
import Glibc

/// What a function does with one event. It knows nothing of HTTP: it gets the
/// payload and context and returns the response payload or throws.
public protocol InvocationHandler: Sendable {
    func handle(_ invocation: Invocation, logger: Logger) async throws -> Data
}

/// An error that names its own Lambda `errorType` (otherwise the Swift type name is used).
public protocol LambdaReportableError: Error {
    var errorType: String { get }
}

/// Why the loop ended; each has one exit status.
public enum RuntimeExit: Sendable, Equatable {
    /// SIGTERM: the loop ended cleanly.
    case shutdown
    /// The Runtime API could not be reached or is broken.
    case lostRuntimeAPI(String)

    public var status: Int32 {
        switch self {
        case .shutdown: 0
        case .lostRuntimeAPI: 1
        }
    }
}

/// The event loop: `next`, handle, `response` or `error`, again. A failing
/// handler is reported for its invocation and the loop goes on; only a lost
/// Runtime API or a shutdown ends it.
public struct RuntimeLoop<Client: RuntimeAPIClient>: Sendable {
    public let client: Client
    public let logger: Logger
    public let shutdown: ShutdownSignal
    /// Sets (or clears, with `nil`) `_X_AMZN_TRACE_ID` for one invocation.
    public let exportTraceID: @Sendable (String?) -> Void
    /// Told each request id once its result reached the Runtime API.
    public let reported: @Sendable (String) -> Void

    public init(client: Client, logger: Logger, shutdown: ShutdownSignal = ShutdownSignal(),
                exportTraceID: @escaping @Sendable (String?) -> Void = RuntimeLoop.setTraceEnvironment,
                reported: @escaping @Sendable (String) -> Void = { _ in }) {
        self.client = client
        self.logger = logger
        self.shutdown = shutdown
        self.exportTraceID = exportTraceID
        self.reported = reported
    }

    public func run(_ handler: some InvocationHandler) async -> RuntimeExit {
        shutdown.waiting(interrupt: { [client] in client.interrupt() })
        while !shutdown.isRequested {
            let invocation: Invocation
            do {
                invocation = try await client.next()
            } catch let error as InvocationHeaderError {
                if let exit = await reportUnreadable(error) { return exit }
                continue
            } catch {
                if shutdown.isRequested { break }
                logger.error("Runtime API lost, exiting: \(error)")
                return .lostRuntimeAPI("\(error)")
            }
            if let exit = await serve(invocation, with: handler) { return exit }
        }
        logger.info("SIGTERM received: runtime shut down cleanly")
        return .shutdown
    }

    private func serve(_ invocation: Invocation, with handler: some InvocationHandler) async -> RuntimeExit? {
        let requestID = invocation.context.requestID
        let scoped = logger.with(requestID: requestID)
        exportTraceID(invocation.context.traceID)
        defer { exportTraceID(nil) }

        let task = Task { try await handler.handle(invocation, logger: scoped) }
        shutdown.running(cancel: { task.cancel() })
        let result = await task.result
        shutdown.finished()

        do {
            switch result {
            case .success(let body):
                try await client.respond(requestID: requestID, body: body)
            case .failure(let error):
                let report = ErrorReport(errorType: Self.errorType(of: error), errorMessage: "\(error)")
                scoped.error("invocation failed: \(report.errorMessage)", ["errorType": .string(report.errorType)])
                try await client.reportError(requestID: requestID, report)
            }
            reported(requestID)
        } catch let error as RuntimeAPIError where !error.isFatal {
            scoped.error("\(error); the invocation's result is lost to Lambda, going on")
        } catch {
            scoped.error("Runtime API lost, exiting: \(error)")
            return .lostRuntimeAPI("\(error)")
        }
        return nil
    }

    /// An event without a required header: reported for its request id when
    /// that was readable; without one nothing can be answered, and the API is
    /// not one the runtime can work with.
    private func reportUnreadable(_ error: InvocationHeaderError) async -> RuntimeExit? {
        guard let requestID = error.requestID else {
            logger.error("Runtime API lost, exiting: event without \(error.header)")
            return .lostRuntimeAPI(error.description)
        }
        logger.with(requestID: requestID).error("\(error)")
        do {
            try await client.reportError(requestID: requestID, ErrorReport(errorType: "Runtime.InvalidEvent", errorMessage: error.description))
        } catch let failure as RuntimeAPIError where !failure.isFatal {
            logger.error("\(failure)")
        } catch {
            logger.error("Runtime API lost, exiting: \(error)")
            return .lostRuntimeAPI("\(error)")
        }
        return nil
    }

    static func errorType(of error: any Error) -> String {
        (error as? any LambdaReportableError)?.errorType ?? String(describing: type(of: error))
    }

    @Sendable public static func setTraceEnvironment(_ traceID: String?) {
        if let traceID { setenv("_X_AMZN_TRACE_ID", traceID, 1) } else { unsetenv("_X_AMZN_TRACE_ID") }
    }
}
