#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// One connected socket (UDP or TCP) to a DNS server, non-blocking, closed on deinit. Every wait is a
/// `poll` of at most 50 ms so the owning thread notices cancellation and deadlines promptly.
final class DNSSocket {
    private let fd: Int32
    let server: DNSServer

    /// Resolves `server` (getaddrinfo: blocking, hence only on an exchange thread) and connects to it.
    init(server: DNSServer, tcp: Bool, deadline: ContinuousClock.Instant, control: ExchangeControl) throws(DNSError) {
        self.server = server
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(tcp ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(server.host, String(server.port), &hints, &list)
        guard status == 0, let first = list else {
            let text = String(cString: gai_strerror(status))
            throw DNSError(.network, "cannot resolve \(server.host): \(text)", server: server.description)
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw DNSError(.network, "socket() failed: \(Self.errorText())", server: server.description) }
        self.fd = fd
        if connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else {
                throw DNSError(.network, "cannot connect to \(server): \(Self.errorText())", server: server.description)
            }
            guard try wait(for: Int16(POLLOUT), deadline: deadline, control: control) else {
                throw DNSError(.timeout, "no TCP connection to \(server) in time", server: server.description)
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else {
                throw DNSError(.network, "cannot connect to \(server): \(String(cString: strerror(error)))", server: server.description)
            }
        }
    }

    deinit { close(fd) }

    /// Waits until the socket is ready for `events` or `deadline` passes (false); throws on cancellation.
    func wait(for events: Int16, deadline: ContinuousClock.Instant, control: ExchangeControl) throws(DNSError) -> Bool {
        while true {
            if control.isCancelled { throw DNSError(.cancelled, "cancelled while talking to \(server)", server: server.description) }
            let now = ContinuousClock.now
            guard now < deadline else { return false }
            let remaining = deadline - now
            let slice = min(50, max(1, Int32(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)))
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, slice)
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR {
                throw DNSError(.network, "poll failed: \(Self.errorText())", server: server.description)
            }
        }
    }

    /// Sends all of `bytes` (one datagram for UDP).
    func send(_ bytes: [UInt8], deadline: ContinuousClock.Instant, control: ExchangeControl) throws(DNSError) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Glibc.send(fd, buffer.baseAddress.map { $0 + sent }, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count >= 0 {
                sent += count
                continue
            }
            guard errno == EAGAIN || errno == EINTR else {
                throw DNSError(.network, "cannot send to \(server): \(Self.errorText())", server: server.description)
            }
            guard try wait(for: Int16(POLLOUT), deadline: deadline, control: control) else {
                throw DNSError(.timeout, "\(server) did not accept the request in time", server: server.description)
            }
        }
    }

    /// Receives what is available, at most `maximum` bytes: nil when nothing is (EAGAIN), [] at end of stream.
    func receive(maximum: Int) throws(DNSError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: maximum)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, maximum, 0) }
        if count >= 0 { return Array(buffer.prefix(count)) }
        if errno == EAGAIN || errno == EINTR { return nil }
        throw DNSError(.network, "cannot receive from \(server): \(Self.errorText())", server: server.description)
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
