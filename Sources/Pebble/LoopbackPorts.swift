import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Picks free TCP ports for servers on this machine's loopback.
///
/// Ports come from below Linux's ephemeral range (32768-60999), where the kernel never puts the local end of an
/// outgoing connection: a port taken from the ephemeral range (bind to port 0) can be reused at any moment as the
/// local port of some connection, and a server restarted on it (kill -9 and start again, in the tests) then cannot
/// bind. Each candidate is checked by binding 0.0.0.0 to it; the sockets stay open until all are chosen, so the
/// ports differ. When no candidate is free, the kernel's choice (port 0) is taken.
///
/// A port is handed out once per process: a port chosen for a server that has not bound it yet (the sandbox's pod
/// port, which the controller binds only when it runs) is free again as far as the kernel knows, and tests running
/// in parallel in one process would otherwise pick it for something else.
public enum LoopbackPorts {
    private static let handedOut = Mutex<Set<Int>>([])

    /// `count` distinct free ports, none handed out before by this process.
    public static func free(_ count: Int) throws(PebbleError) -> [Int] {
        var sockets: [Int32] = []
        defer { sockets.forEach { close($0) } }
        var ports: [Int] = []
        for _ in 0..<count {
            var chosen: (fd: Int32, port: Int)?
            for _ in 0..<200 where chosen == nil {
                let candidate = Int.random(in: 20_000..<32_768)
                guard handedOut.withLock({ $0.insert(candidate).inserted }) else { continue }
                chosen = try bound(port: candidate)
            }
            if chosen == nil { chosen = try bound(port: 0) }
            guard let found = chosen else {
                throw PebbleError(.launch, "no free port on 0.0.0.0: errno \(errno)")
            }
            sockets.append(found.fd)
            ports.append(found.port)
        }
        return ports
    }

    /// A socket bound to 0.0.0.0:`port` (0: the kernel's choice) and the port, or nil when it is taken.
    private static func bound(port: Int) throws(PebbleError) -> (fd: Int32, port: Int)? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PebbleError(.launch, "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = INADDR_ANY
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            return nil
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            close(fd)
            throw PebbleError(.launch, "getsockname failed: errno \(errno)")
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}
