import Foundation
@testable import KubeLegoDNS
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A UDP socket on 127.0.0.1 that answers each request as `reply` says, on a thread of its own.
final class ScriptedUDPServer: Sendable {
    let port: Int
    private let fd: Int32
    private let stopped = Atomic<Bool>(false)
    let requests = Atomic<Int>(0)

    /// `reply` maps a request to the datagrams to send back, in order.
    init(reply: @escaping @Sendable ([UInt8]) -> [[UInt8]]) throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        guard withUnsafePointer(to: &address, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }) == 0 else {
            close(fd)
            throw DNSError(.network, "bind failed")
        }
        var length = size
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !stopped.load(ordering: .relaxed) {
                var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&entry, 1, 50) > 0 else { continue }
                var peer = sockaddr_storage()
                var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let count = withUnsafeMutablePointer(to: &peer) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, &buffer, buffer.count, 0, $0, &peerLength) }
                }
                guard count > 0 else { continue }
                requests.add(1, ordering: .relaxed)
                for datagram in reply(Array(buffer.prefix(count))) {
                    _ = withUnsafePointer(to: &peer) { pointer in
                        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, datagram, datagram.count, 0, $0, peerLength) }
                    }
                }
            }
        }
        thread.start()
    }

    func stop() { stopped.store(true, ordering: .relaxed) }

    deinit {
        stop()
        usleep(100_000)
        close(fd)
    }

    /// A NOERROR response to `request` with one TXT answer, under `id`.
    static func answer(_ request: [UInt8], id: UInt16, text: String) -> [UInt8] {
        guard var message = try? DNSMessage.decode(request), let question = message.questions.first else { return [] }
        message.id = id
        message.isResponse = true
        message.answers = [DNSRecord(name: question.name, type: .txt, ttl: 60, data: .text(text))]
        return (try? message.encode()) ?? []
    }
}

@Suite("DNS transport: IDs, timeouts, cancellation", .timeLimit(.minutes(1)))
struct TransportTests {
    func query() throws -> [UInt8] {
        try DNSMessage.query(id: 0x4242, name: DNSName("id.example.test"), type: .txt).encode()
    }

    @Test("a response with another ID is ignored and the matching one taken")
    func foreignIDIgnored() async throws {
        let server = try ScriptedUDPServer { request in
            [ScriptedUDPServer.answer(request, id: 0x4243, text: "spoofed"), ScriptedUDPServer.answer(request, id: 0x4242, text: "genuine")]
        }
        defer { server.stop() }
        let bytes = try await DNSTransport(timeout: .seconds(5)).exchange(try query(), with: DNSServer(host: "127.0.0.1", port: server.port))
        let response = try DNSMessage.decode(bytes)
        #expect(response.id == 0x4242 && response.answers.first?.data.joinedText == "genuine")
    }

    @Test("only foreign IDs: a timeout that says so, after the request was resent")
    func onlyForeignIDs() async throws {
        let server = try ScriptedUDPServer { request in [ScriptedUDPServer.answer(request, id: 0x0001, text: "spoofed")] }
        defer { server.stop() }
        var transport = DNSTransport(timeout: .milliseconds(700))
        transport.retransmitInterval = .milliseconds(200)
        do {
            _ = try await transport.exchange(try query(), with: DNSServer(host: "127.0.0.1", port: server.port))
            Issue.record("answered")
        } catch let error as DNSError {
            #expect(error.code == .timeout && error.reason.contains("another ID ignored") && error.reason.contains("127.0.0.1:\(server.port)"))
        }
        #expect(server.requests.load(ordering: .relaxed) >= 2)
    }

    @Test("cancelling the calling task ends the exchange promptly with .cancelled")
    func cancellation() async throws {
        let server = try ScriptedUDPServer { _ in [] }
        defer { server.stop() }
        let request = try query()
        let task = Task {
            try await DNSTransport(timeout: .seconds(30)).exchange(request, with: DNSServer(host: "127.0.0.1", port: server.port))
        }
        while server.requests.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(5)) }
        // Measured from the cancellation (not from the start: on a busy machine the first datagram may take a
        // while), against the 30 s timeout the exchange would otherwise run into.
        let started = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(throws: DNSError.self) { try result.get() }
        if case .failure(let error as DNSError) = result { #expect(error.code == .cancelled) }
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
