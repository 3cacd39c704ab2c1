import Foundation
import Glibc
import LocalLambda
import Testing

/// Lambda's layout for a function, rebuilt in a temporary directory: the
/// function zip unzipped to a task root (`/var/task`), the layers to an opt
/// dir (`/opt`), both read-only. `bootstrap` is started the way Lambda starts
/// it: the task root's `bootstrap`, else the opt dir's, from the task root,
/// with Lambda's environment and, when the tests run as root, as the user
/// `nobody` (Lambda's sandbox user is not root either), so that the only
/// places it can write are the world-writable ones: /tmp.
struct LambdaSandbox {
    let root: URL
    var taskRoot: String { root.appendingPathComponent("var/task").path }
    var opt: String { root.appendingPathComponent("opt").path }

    /// `nobody`, whom `setpriv` turns the process into when the tests run as root.
    static let sandboxUser: uid_t = 65534

    init(function: String, layers: [String]) async throws {
        root = try Packaging.scratch("lambda")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
        // Unzips keeping each entry's mode, as Lambda does.
        let program = """
        import os, sys, zipfile
        for archive, target in zip(sys.argv[1::2], sys.argv[2::2]):
            os.makedirs(target, exist_ok=True)
            with zipfile.ZipFile(archive) as opened:
                for info in opened.infolist():
                    os.chmod(opened.extract(info, target), (info.external_attr >> 16) & 0o777 or 0o644)
        """
        let pairs = [function, root.appendingPathComponent("var/task").path] + layers.flatMap { [$0, root.appendingPathComponent("opt").path] }
        let run = try await Packaging.run("python3", ["-c", program] + pairs)
        guard run.status == 0 else { throw Packaging.Missing(description: "unzipping into the sandbox failed: \(run.output)") }
        try Self.makeReadOnly(root.appendingPathComponent("var"))
        try Self.makeReadOnly(root.appendingPathComponent("opt"))
    }

    /// The bootstrap Lambda would start.
    var bootstrap: String {
        let inTask = taskRoot + "/bootstrap"
        return FileManager.default.fileExists(atPath: inTask) ? inTask : opt + "/bootstrap"
    }

    /// `setpriv` to become `nobody` when running as root; nothing otherwise
    /// (then the read-only modes alone keep the code dirs unwritable).
    var launcher: [String] {
        guard getuid() == 0, let setpriv = ChildProcess.which("setpriv", path: "/usr/bin:/bin:/usr/sbin:/sbin") else { return [] }
        return [setpriv, "--reuid=\(Self.sandboxUser)", "--regid=\(Self.sandboxUser)", "--clear-groups"]
    }

    /// The environment Lambda gives a provided.al2023 function, with the
    /// sandbox's paths for /var/task and /opt, plus `aws` (region,
    /// credentials, the emulator's endpoint).
    func environment(aws: [String: String]) -> [String: String] {
        var environment = aws
        environment["PATH"] = "/usr/local/bin:/usr/bin/:/bin:\(opt)/bin"
        environment["LD_LIBRARY_PATH"] = "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:\(taskRoot):\(taskRoot)/lib:\(opt)/lib"
        environment["LAMBDA_TASK_ROOT"] = taskRoot
        environment["LAMBDA_RUNTIME_DIR"] = "/var/runtime"
        environment["LANG"] = "en_US.UTF-8"
        environment["TZ"] = ":UTC"
        environment["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand"
        environment["AWS_DEFAULT_REGION"] = aws["AWS_REGION"]
        return environment
    }

    /// Starts the function's bootstrap under the loopback Runtime API.
    func start(handler: String, aws: [String: String]) throws -> LocalLambda {
        try LocalLambda(bootstrap: bootstrap, handler: handler, environment: environment(aws: aws),
                        launcher: launcher, currentDirectory: taskRoot)
    }

    /// Every file and directory in the sandbox, relative to it.
    func files() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        return (enumerator?.allObjects as? [String] ?? []).sorted()
    }

    func remove() {
        if let paths = FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] {
            for path in paths {
                try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.appendingPathComponent(path).path)
            }
        }
        try? FileManager.default.removeItem(at: root)
    }

    /// Takes the write bits off every file and directory under `url`.
    static func makeReadOnly(_ url: URL) throws {
        let paths = (FileManager.default.enumerator(atPath: url.path)?.allObjects as? [String] ?? []).map { url.appendingPathComponent($0).path }
        for path in (paths + [url.path]).sorted().reversed() {
            let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0o444
            try FileManager.default.setAttributes([.posixPermissions: mode & ~0o222], ofItemAtPath: path)
        }
    }
}
