#if canImport(Glibc)
import Glibc
#endif

/// Sends one DNS message and returns the response's bytes: over UDP, again over TCP when the UDP answer is
/// truncated (TC bit). A response whose ID differs from the request's is ignored (UDP: the wait goes on;
/// TCP: the next message on the stream is read). The wait is bounded by `timeout`; the UDP request is resent
/// every second while no answer came.
public struct DNSTransport: Sendable {
    /// How long one exchange may take in total.
    public var timeout: Duration
    /// How long to wait before resending a UDP request that got no answer.
    public var retransmitInterval: Duration = .seconds(1)

    /// Makes a transport with the given overall timeout per exchange.
    public init(timeout: Duration = .seconds(5)) {
        self.timeout = timeout
    }

    /// Exchanges `request` (whose first two bytes are its ID) with `server`. With `honourCancellation` false
    /// the exchange finishes (or times out) even when the calling task is cancelled: clean-up uses that.
    public func exchange(_ request: [UInt8], with server: DNSServer, honourCancellation: Bool = true) async throws(DNSError) -> [UInt8] {
        guard request.count >= 12 else { throw DNSError(.malformedMessage, "a request of \(request.count) bytes") }
        let id = UInt16(request[0]) << 8 | UInt16(request[1])
        let deadline = ContinuousClock.now + timeout
        let retransmit = retransmitInterval
        return try await ExchangeControl.run(honourCancellation: honourCancellation) { control in
            Result { () throws(DNSError) -> [UInt8] in
                let response = try Self.udp(request, id: id, server: server, deadline: deadline, retransmit: retransmit, control: control)
                guard response[2] & 0x02 != 0 else { return response }
                return try Self.tcp(request, id: id, server: server, deadline: deadline, control: control)
            }
        }
    }

    private static func udp(_ request: [UInt8], id: UInt16, server: DNSServer, deadline: ContinuousClock.Instant,
                            retransmit: Duration, control: ExchangeControl) throws(DNSError) -> [UInt8] {
        guard request.count <= 512 else {
            return try tcp(request, id: id, server: server, deadline: deadline, control: control)
        }
        let socket = try DNSSocket(server: server, tcp: false, deadline: deadline, control: control)
        var resendAt = ContinuousClock.now
        var ignored = 0
        while true {
            if ContinuousClock.now >= resendAt {
                try socket.send(request, deadline: deadline, control: control)
                resendAt = min(deadline, ContinuousClock.now + retransmit)
            }
            guard try socket.wait(for: Int16(POLLIN), deadline: resendAt, control: control) else {
                guard ContinuousClock.now < deadline else {
                    let note = ignored > 0 ? " (\(ignored) responses with another ID ignored)" : ""
                    throw DNSError(.timeout, "no answer from \(server) within the time allowed\(note)", server: server.description)
                }
                continue
            }
            guard let datagram = try socket.receive(maximum: 65535) else { continue }
            if datagram.count >= 12, UInt16(datagram[0]) << 8 | UInt16(datagram[1]) == id, datagram[2] & 0x80 != 0 {
                return datagram
            }
            ignored += 1
        }
    }

    private static func tcp(_ request: [UInt8], id: UInt16, server: DNSServer, deadline: ContinuousClock.Instant,
                            control: ExchangeControl) throws(DNSError) -> [UInt8] {
        guard request.count <= Int(UInt16.max) else { throw DNSError(.malformedMessage, "a request of \(request.count) bytes") }
        let socket = try DNSSocket(server: server, tcp: true, deadline: deadline, control: control)
        try socket.send([UInt8(request.count >> 8), UInt8(request.count & 0xFF)] + request, deadline: deadline, control: control)
        var buffer: [UInt8] = []
        while true {
            if buffer.count >= 2 {
                let length = Int(buffer[0]) << 8 | Int(buffer[1])
                if buffer.count >= 2 + length {
                    let message = Array(buffer[2..<(2 + length)])
                    buffer.removeFirst(2 + length)
                    if message.count >= 12, UInt16(message[0]) << 8 | UInt16(message[1]) == id { return message }
                    continue
                }
            }
            guard try socket.wait(for: Int16(POLLIN), deadline: deadline, control: control) else {
                throw DNSError(.timeout, "no answer from \(server) over TCP within the time allowed", server: server.description)
            }
            guard let chunk = try socket.receive(maximum: 65537) else { continue }
            guard !chunk.isEmpty else {
                throw DNSError(.network, "\(server) closed the TCP connection before answering", server: server.description)
            }
            buffer += chunk
        }
    }
}

extension Result where Failure == DNSError {
    /// Captures a typed-throwing body as a result.
    init(_ body: () throws(DNSError) -> Success) {
        do { self = .success(try body()) } catch { self = .failure(error) }
    }
}
