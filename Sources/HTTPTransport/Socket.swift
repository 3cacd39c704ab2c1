import Glibc

/// A blocking TCP socket: just what an HTTP/1.1 exchange on loopback needs.
/// The descriptor is closed when the value is deinitialised.
public final class Socket: @unchecked Sendable {
    public let descriptor: Int32

    init(descriptor: Int32) {
        self.descriptor = descriptor
        var on: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(descriptor) }

    /// Connects to `host:port`; `host` may be a name, an IPv4 address or an
    /// IPv6 address with or without brackets.
    public static func connect(host: String, port: Int) throws -> Socket {
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
                if Glibc.connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 {
                    return Socket(descriptor: fd)
                }
                lastError = errno
                close(fd)
            } else {
                lastError = errno
            }
            candidate = address.pointee.ai_next
        }
        throw HTTPTransportError(.connect, "\(host):\(port): \(String(cString: strerror(lastError)))")
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
            let got = recv(descriptor, buffer.baseAddress, buffer.count, 0)
            if got >= 0 { return got }
            if errno == EINTR { continue }
            throw HTTPTransportError(.io, "read: \(String(cString: strerror(errno)))")
        }
    }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw HTTPTransportError(.io, "write: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }
}
