import Glibc

/// A blocking TCP socket: just what an HTTP/1.1 exchange needs.
/// The descriptor is closed when the value is deinitialised.
public final class Socket: @unchecked Sendable {
    public let descriptor: Int32
    /// When set, a read or write still waiting at this instant throws a
    /// `.timeout` error; `nil` waits for ever (the Runtime API's long poll).
    /// Set it before the socket is shared with another thread.
    public var deadline: ContinuousClock.Instant?

    init(descriptor: Int32) {
        self.descriptor = descriptor
        var on: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(descriptor) }

    /// Connects to `host:port`; `host` may be a name, an IPv4 address or an
    /// IPv6 address with or without brackets. Gives up on an address still
    /// connecting at `deadline` (`nil`: the system's own limit); the name
    /// lookup itself is not bounded.
    public static func connect(host: String, port: Int, deadline: ContinuousClock.Instant? = nil) throws -> Socket {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(bare, String(port), &hints, &found)
        guard status == 0, let first = found else {
            throw HTTPTransportError(.connect, "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(first) }
        var lastError: Int32 = 0
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            let fd = socket(address.pointee.ai_family, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
            if fd >= 0 {
                let socket = Socket(descriptor: fd)
                socket.deadline = deadline
                do {
                    if try socket.connect(to: address.pointee) { return socket }
                    lastError = errno
                } catch let error as HTTPTransportError where error.kind == .timeout {
                    throw HTTPTransportError(.timeout, "connecting to \(host):\(port)")
                }
            } else {
                lastError = errno
            }
            candidate = address.pointee.ai_next
        }
        throw HTTPTransportError(.connect, "\(host):\(port): \(String(cString: strerror(lastError)))")
    }

    /// Connects to one address, within `deadline` when there is one: false
    /// with `errno` set when the connection is refused or fails.
    private func connect(to address: addrinfo) throws -> Bool {
        guard deadline != nil else { return Glibc.connect(descriptor, address.ai_addr, address.ai_addrlen) == 0 }
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(descriptor, F_SETFL, flags) }
        if Glibc.connect(descriptor, address.ai_addr, address.ai_addrlen) == 0 { return true }
        guard errno == EINPROGRESS else { return false }
        try wait(for: Int16(POLLOUT))
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &failure, &length)
        errno = failure
        return failure == 0
    }

    /// Returns once the socket is ready for `events` (or hung up: the read or
    /// write that follows reports it); throws `.timeout` at `deadline`.
    private func wait(for events: Int16) throws {
        guard let deadline else { return }
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw HTTPTransportError(.timeout, "no answer within the time allowed") }
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(min(left.milliseconds, Int(Int32.max))))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR {
                throw HTTPTransportError(.io, "poll: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Listens on 127.0.0.1 at `port` (0: a free port the system picks).
    public static func listen(port: Int = 0) throws -> (socket: Socket, port: Int) {
        let (socket, bound) = try bound(port: port)
        guard Glibc.listen(socket.descriptor, 128) == 0 else {
            throw HTTPTransportError(.io, "listen 127.0.0.1:\(bound): \(String(cString: strerror(errno)))")
        }
        return (socket, bound)
    }

    /// Binds 127.0.0.1 at `port` (0: a free one) without listening: the port
    /// is taken, and connections to it are refused.
    public static func bound(port: Int = 0) throws -> (socket: Socket, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HTTPTransportError(.io, "socket: \(String(cString: strerror(errno)))") }
        let listener = Socket(descriptor: fd)
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            throw HTTPTransportError(.io, "bind 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (listener, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// The next connection, or `nil` once the listener is shut down.
    public func accept() -> Socket? {
        while true {
            let fd = Glibc.accept(descriptor, nil, nil)
            if fd >= 0 { return Socket(descriptor: fd) }
            if errno == EINTR || errno == ECONNABORTED { continue }
            return nil
        }
    }

    /// Wakes a thread blocked in `accept` or `read` on this socket.
    public func shutdown() {
        _ = Glibc.shutdown(descriptor, Int32(SHUT_RDWR))
    }

    /// Reads what is there, up to `count` bytes; 0 means the peer closed.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            try wait(for: Int16(POLLIN))
            let got = recv(descriptor, buffer.baseAddress, buffer.count, 0)
            if got >= 0 { return got }
            if errno == EINTR { continue }
            throw HTTPTransportError(.io, "read: \(String(cString: strerror(errno)))")
        }
    }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            try wait(for: Int16(POLLOUT))
            // With a deadline, never block in send: what does not fit now
            // waits in poll, which knows the deadline.
            let flags = Int32(MSG_NOSIGNAL) | (deadline == nil ? 0 : Int32(MSG_DONTWAIT))
            let sent = bytes.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + offset, bytes.count - offset, flags)
            }
            if sent < 0 {
                if errno == EINTR || (deadline != nil && (errno == EAGAIN || errno == EWOULDBLOCK)) { continue }
                throw HTTPTransportError(.io, "write: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }
}
