import Foundation
import KubeLegoChallengeSolvers
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Testing

/// Starting, stopping and failing to start, over real sockets.
@Suite("HTTP-01 responder lifecycle")
struct ResponderLifecycleTests {
    /// True for a connection refused (ECONNREFUSED), directly or among the attempts NIO made.
    static func isConnectionRefused(_ error: any Error) -> Bool {
        if let error = error as? IOError { return error.errnoCode == ECONNREFUSED }
        if let error = error as? NIOConnectionError { return error.connectionErrors.contains { isConnectionRefused($0.error) } }
        return false
    }

    func makeResponder(port: Int = 0) -> HTTP01Responder {
        HTTP01Responder(host: "127.0.0.1", port: port, version: "v0-test", logger: Logger(label: "test.responder"))
    }

    @Test("cancelling run() stops the responder, closes idle connections and frees the port")
    func cancelStops() async throws {
        let responder = makeResponder()
        let task = Task { try await responder.run() }
        let address = try await responder.waitUntilListening()
        #expect(responder.listeningAddress == address)

        // An idle keep-alive connection must not keep the responder alive.
        let idle = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: address.port).get()
        try await idle.writeAndFlush(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))

        task.cancel()
        try await task.value
        try await idle.closeFuture.get()  // the server closed it

        await #expect(throws: SolverError.self) { try await responder.waitUntilListening() }
        #expect(responder.listeningAddress == nil)
        let refused = await #expect(throws: (any Error).self) {
            _ = try await RawHTTPExchange.send("GET / HTTP/1.1\r\n\r\n", port: address.port)
        }
        #expect(refused.map(Self.isConnectionRefused) == true, "nothing listens any more: \(String(describing: refused))")

        // The port is free: a new responder binds exactly it.
        let again = makeResponder(port: address.port)
        let secondTask = Task { try await again.run() }
        #expect(try await again.waitUntilListening().port == address.port)
        #expect(try await fetch("/", host: "x", port: address.port).body == "ok")
        secondTask.cancel()
        try await secondTask.value
    }

    @Test("a ServiceGroup's graceful shutdown stops the responder and closes a connection that was mid-request")
    func gracefulShutdown() async throws {
        let responder = makeResponder()
        let group = ServiceGroup(services: [responder], logger: Logger(label: "test.group"))
        let task = Task { try await group.run() }
        let address = try await responder.waitUntilListening()

        // Half a request head: the connection is busy, not idle, when shutdown begins.
        let busy = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: address.port).get()
        try await busy.writeAndFlush(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nHost: x\r\n"))

        await group.triggerGracefulShutdown()
        try await task.value
        try await busy.closeFuture.get()
        #expect(responder.listeningAddress == nil)
    }

    @Test("a port in use makes run() and waitUntilListening() throw listenFailed")
    func portInUse() async throws {
        try await withResponder { _, port in
            let second = makeResponder(port: port)
            await #expect {
                try await second.run()
            } throws: { error in
                (error as? SolverError)?.code == .listenFailed
            }
            await #expect {
                try await second.waitUntilListening()
            } throws: { error in
                (error as? SolverError)?.code == .listenFailed
            }
        }
    }

    @Test("run() runs once")
    func runsOnce() async throws {
        let responder = makeResponder()
        let task = Task { try await responder.run() }
        _ = try await responder.waitUntilListening()
        await #expect {
            try await responder.run()
        } throws: { error in
            (error as? SolverError)?.code == .alreadyRunning
        }
        task.cancel()
        try await task.value
    }

    @Test("a waiter for listening can be cancelled")
    func waiterCancellation() async throws {
        let responder = makeResponder()
        let waiter = Task { try await responder.waitUntilListening() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
    }

    @Test("the default instance id is 16 ASCII letters and differs between instances")
    func instanceIDs() {
        let ids = (0..<50).map { _ in makeResponder().instanceID }
        for id in ids {
            #expect(id.count == 16)
            #expect(id.allSatisfy { $0.isASCII && $0.isLetter })
        }
        #expect(Set(ids).count == ids.count)
    }
}
