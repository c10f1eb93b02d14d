import Glibc

/// Runs `body` with a TCP port on 127.0.0.1 that refuses connections for as long as `body` runs.
///
/// The port is held by a socket that is bound but never listens, without SO_REUSEADDR: connecting to it is
/// refused, and no other test running in parallel can bind it meanwhile (a port merely closed could be taken).
public func withRefusedPort<T>(_ body: (Int) async throws -> T) async throws -> T {
    let socket = try RefusingSocket()
    defer { socket.close() }
    return try await body(socket.port)
}

private struct RefusingSocket {
    struct Failure: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call) failed: errno \(code)" }
    }

    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(call: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { general in
                Glibc.bind(descriptor, general, length) == 0 && getsockname(descriptor, general, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            Glibc.close(descriptor)
            throw Failure(call: "bind", code: code)
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Glibc.close(descriptor) }
}
