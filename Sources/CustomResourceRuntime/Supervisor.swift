import CfnResponse
import CSupervisor
import Dispatch
import FoundationEssentials
import Glibc
import HTTPTransport
import JSONKit
import LambdaLog
import LambdaRuntime
import Synchronization

/// A Swift runtime trap (force-unwrapping nil, an index out of range,
/// `fatalError`) cannot be caught in the process it kills. So the runtime
/// forks before anything else: the child (the worker) serves events and
/// tells the parent (the supervisor) over a pipe which CloudFormation request
/// it holds; if the worker dies of a signal, that request is answered FAILED,
/// Lambda is told, and the process starts afresh. The supervisor never
/// touches an event otherwise; SIGTERM is passed on.
///
/// The parent becomes `mapu-supervisor` (C, beside the bootstrap), which
/// keeps ~1.3 MiB resident where this Swift process kept ~9.6 MiB; after a
/// crash it executes the bootstrap with `--after-crash`, and `answerAfterCrash`
/// does the answering. Should that program be missing, this process
/// supervises in Swift instead (`supervise`), to the same effect.
enum Supervisor {
    /// The worker's end of the pipe.
    final class Link: Sendable {
        let descriptor: Int32

        init(descriptor: Int32) {
            self.descriptor = descriptor
        }

        /// Writes one record; a supervisor that is gone is not an error the
        /// worker can do anything about.
        func send(_ record: SupervisorRecord) {
            let bytes = Array(record.line.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Forks. Returns the link in the worker; supervises in the parent and
    /// never returns there. Must run before the process has a second thread.
    /// Returns `nil` (unsupervised) if the fork itself fails.
    static func split(api: (host: String, port: Int), environment: [String: String]) -> Link? {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { return nil }
        // Neither end may leak into a process the worker starts.
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        let parent = getpid()
        let worker = fork()
        if worker < 0 {
            close(descriptors[0])
            close(descriptors[1])
            return nil
        }
        if worker == 0 {
            close(descriptors[0])
            // The worker must not outlive a supervisor Lambda killed.
            _ = csupervisor_die_with_parent()
            if getppid() != parent { _exit(1) }
            return Link(descriptor: descriptors[1])
        }
        close(descriptors[1])
        let failure = become(supervisorOf: worker, records: descriptors[0])
        Logger().warn("crash supervision stays in the bootstrap: \(failure)")
        supervise(worker: worker, records: descriptors[0], api: api, environment: environment)
    }

    /// Executes `mapu-supervisor` from the bootstrap's own directory in this
    /// process; returns only if that fails, saying why.
    private static func become(supervisorOf worker: pid_t, records: Int32) -> String {
        guard let bootstrap = ownPath() else { return "/proc/self/exe: \(String(cString: strerror(errno)))" }
        let supervisor = String(bootstrap[..<(bootstrap.lastIndex(of: "/") ?? bootstrap.startIndex)]) + "/mapu-supervisor"
        _ = fcntl(records, F_SETFD, 0)  // the supervisor reads the records
        let reason = execute(supervisor, [supervisor, String(worker), String(records), bootstrap])
        _ = fcntl(records, F_SETFD, FD_CLOEXEC)
        return "cannot execute \(supervisor): \(reason)"
    }

    /// Replaces this process with `path`, given `arguments` (the first is its
    /// name); returns only if that fails, with the system's reason.
    private static func execute(_ path: String, _ arguments: [String]) -> String {
        var argv = arguments.map { strdup($0) } + [nil]
        execv(path, &argv)
        let reason = String(cString: strerror(errno))
        argv.forEach { free($0) }
        return reason
    }

    /// `bootstrap --after-crash SIGNAL FD`, as `mapu-supervisor` starts it
    /// once the worker died of `SIGNAL`: the records the worker wrote are on
    /// `FD`. Answers for the request in hand (or reports the failed start-up
    /// and exits), then starts the runtime afresh without arguments, so that
    /// the fork happens in a process that has only ever had one thread.
    static func answerAfterCrash(arguments: [String], api: (host: String, port: Int), environment: [String: String]) -> Never {
        guard arguments.count == 3, arguments[0] == "--after-crash", let signal = Int32(arguments[1]), let records = Int32(arguments[2]) else {
            Logger().error("--after-crash SIGNAL FD is for mapu-supervisor; got \(arguments)")
            exit(2)
        }
        let state = RecordState()
        state.read(records)
        close(records)
        let done = DispatchSemaphore(value: 0)
        Task {
            await answerForCrash(signal: signal, state: state.snapshot, api: api, environment: environment)
            done.signal()
        }
        done.wait()
        restart(arguments: [])
    }

    nonisolated(unsafe) static var workerPID: pid_t = 0

    private static func supervise(worker: pid_t, records: Int32, api: (host: String, port: Int), environment: [String: String]) -> Never {
        workerPID = worker
        var forward = sigaction()
        forward.__sigaction_handler.sa_handler = { signal in kill(Supervisor.workerPID, signal) }
        sigaction(SIGTERM, &forward, nil)
        // A parent may have started us with SIGTERM blocked (test runners
        // do); the worker's dispatch source copes with that, a handler not.
        var terms = sigset_t()
        sigemptyset(&terms)
        sigaddset(&terms, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &terms, nil)

        let state = RecordState()
        let drained = DispatchSemaphore(value: 0)
        startThread {
            state.read(records)
            drained.signal()
        }
        var status: Int32 = 0
        while waitpid(worker, &status, 0) < 0 && errno == EINTR {}
        drained.wait()

        let exited = status & 0x7f == 0
        if exited { exit((status >> 8) & 0xff) }
        let signal = status & 0x7f
        let done = DispatchSemaphore(value: 0)
        Task {
            await answerForCrash(signal: signal, state: state.snapshot, api: api, environment: environment)
            done.signal()
        }
        done.wait()
        restart(arguments: Array(CommandLine.arguments.dropFirst()))
    }

    /// What the worker said last.
    final class RecordState: Sendable {
        struct Snapshot: Sendable {
            var ready = false
            var current: SupervisorRecord?
            var answered = false
            var delivered = false
            var reported = false
        }

        private let state = Mutex(Snapshot())
        var snapshot: Snapshot { state.withLock { $0 } }

        func read(_ descriptor: Int32) {
            var pending: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let got = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { return }
                pending += chunk[..<got]
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeFirst(newline + 1)
                    if let record = SupervisorRecord(line: Substring(line)) { apply(record) }
                }
            }
        }

        private func apply(_ record: SupervisorRecord) {
            state.withLock { snapshot in
                switch record.kind {
                case .ready: snapshot.ready = true
                case .begin: snapshot = Snapshot(ready: true, current: record)
                case .answered:
                    snapshot.answered = true
                    snapshot.delivered = record.delivered
                case .reported: snapshot.reported = true
                }
            }
        }
    }

    /// Answers CloudFormation and Lambda for the request the dead worker held.
    private static func answerForCrash(signal: Int32, state: RecordState.Snapshot, api: (host: String, port: Int), environment: [String: String]) async {
        let configuration = try? RuntimeConfiguration(environment: environment)
        let logger = Logger(format: configuration?.logFormat ?? .text, minimumLevel: configuration?.logLevel ?? .info)
        let client = HTTPRuntimeAPIClient(host: api.host, port: api.port)
        let cause = "the worker process died of \(signalName(signal))\(signalMeaning(signal))"
        guard state.ready else {
            logger.error("start-up failed: \(cause)")
            try? await client.reportInitError(ErrorReport(errorType: "Runtime.ExitError", errorMessage: "start-up failed: \(cause)"))
            exit(1)
        }
        guard let record = state.current, !state.reported else {
            logger.error("\(cause) between invocations; starting again")
            return
        }
        let scoped = logger.with(requestID: record.lambdaRequestID)
        var delivered = state.delivered
        if !state.answered {
            let diagnostic = Diagnostic(
                summary: "crashed: \(cause) while handling this request; the crash report is in the log",
                handler: configuration?.handler ?? "handler", lambdaRequestID: record.lambdaRequestID,
                logGroupName: configuration?.logGroupName ?? "", logStreamName: configuration?.logStreamName ?? "",
                region: configuration?.region ?? "")
            scoped.error(diagnostic.reason)
            let response = CustomResourceResponse(
                status: .failed, reason: diagnostic.reason,
                physicalResourceID: record.physicalResourceID ?? PhysicalResourceID.failedCreate(requestID: record.requestID, logicalResourceID: record.logicalResourceID),
                stackID: record.stackID, requestID: record.requestID, logicalResourceID: record.logicalResourceID).fittedToBudget()
            delivered = await ResponseSender(transport: OutboundTransport()).send(response, to: record.responseURL, deadline: record.deadlineMilliseconds, logger: scoped)
        }
        do {
            if delivered {
                let summary: JSONValue = ["Status": "FAILED", "Delivered": true, "Crashed": .string(signalName(signal))]
                try await client.respond(requestID: record.lambdaRequestID, body: Data(summary.serialized.utf8))
            } else {
                try await client.reportError(requestID: record.lambdaRequestID,
                                             ErrorReport(errorType: "Runtime.ExitError", errorMessage: "\(cause); CloudFormation could not be told"))
            }
        } catch {
            scoped.error("the Runtime API could not be told of the crash: \(error)")
        }
    }

    /// A fresh supervisor and worker, in this same process (Lambda keeps
    /// watching its pid).
    private static func restart(arguments: [String]) -> Never {
        let path = ownPath() ?? "/proc/self/exe"
        let reason = execute(path, [CommandLine.arguments[0]] + arguments)
        Logger().error("cannot start again: \(path): \(reason)")
        exit(1)
    }

    /// The bootstrap's own file (executing it by that name keeps the process
    /// name; /proc/self/exe would rename it "exe").
    private static func ownPath() -> String? {
        var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &path, Int(PATH_MAX))
        guard length > 0 else { return nil }
        return String(decoding: path[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGILL: "SIGILL"
        case SIGTRAP: "SIGTRAP"
        case SIGABRT: "SIGABRT"
        case SIGSEGV: "SIGSEGV"
        case SIGBUS: "SIGBUS"
        case SIGFPE: "SIGFPE"
        case SIGKILL: "SIGKILL"
        default: "signal \(signal)"
        }
    }

    static func signalMeaning(_ signal: Int32) -> String {
        switch signal {
        case SIGILL, SIGTRAP: " (a Swift runtime trap: a force-unwrapped nil, an index out of range, a failed precondition or fatalError)"
        case SIGSEGV, SIGBUS: " (a memory fault)"
        case SIGKILL: " (killed, e.g. out of memory)"
        default: ""
        }
    }
}
