import CLibcurl
import FoundationEssentials
import Synchronization

/// The transport for every call that leaves the machine (AWS APIs, the
/// CloudFormation response PUT), over libcurl. libcurl is loaded on first use;
/// `preload()` lets start-up load it on a side thread while the runtime waits
/// for its first event.
public struct CurlTransport: HTTPTransport {
    public init() {}

    /// Loads libcurl in the background; later sends find it ready.
    public static func preload() {
        startThread { _ = clibcurl_load() }
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let cancelled = CancelFlag()
        return try await withTaskCancellationHandler {
            try await onOwnThread { try CurlTransfer(request: request, cancelled: cancelled).perform() }
        } onCancel: {
            cancelled.set()
        }
    }
}

/// Set when the awaiting task is cancelled; libcurl's progress callback polls
/// it and aborts the transfer.
final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .relaxed) }
    var isSet: Bool { flag.load(ordering: .relaxed) }
}

/// Easy handles are kept between transfers so that connections (and TLS
/// sessions) to the same endpoint are reused.
/// A handle is used by one transfer at a time, so it may cross threads.
enum CurlHandles {
    struct Handle: @unchecked Sendable { let curl: UnsafeMutableRawPointer }

    private static let idle = Mutex<[Handle]>([])

    static func take() -> UnsafeMutableRawPointer? {
        if let handle = idle.withLock({ $0.popLast() }) {
            clibcurl_easy_reset(handle.curl)
            return handle.curl
        }
        return clibcurl_easy_init()
    }

    static func give(_ curl: UnsafeMutableRawPointer) {
        let kept = idle.withLock { handles -> Bool in
            guard handles.count < 4 else { return false }
            handles.append(Handle(curl: curl))
            return true
        }
        if !kept { clibcurl_easy_cleanup(curl) }
    }
}
